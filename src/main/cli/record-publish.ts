// `record --publish <library> [--team T]`: the headless recorder ships what it records to a team
// library as it goes (library-shipper.ts). The local file stays the write-ahead copy: an outage of
// the library only delays shipping, and what was not shipped when the recorder stops can be sent
// later with `npm run library -- --ship`. The password comes from PGPASSWORD or ~/.pgpass, never
// from the command line (where other users of the host could read it).
import { LibraryConnection, LibraryError, libraryUrlWithoutPassword, parseLibraryUrl } from '../library/library-connection';
import { sourceOfDatabase } from '../library/library-shipper';
import { startShippingThread } from '../library/shipping-thread';
import type { Db } from '../recorder/db';

export interface LivePublishing {
  /** a few words for the progress line */
  progress(): string;
  /** ships what is left (through an outage, for a while); the final word, and whether everything went */
  stop(): Promise<{ ok: boolean; message: string }>;
}

export async function startLivePublishing(db: Db, dbFile: string, recordingId: number, url: string, team: string | undefined, say: (line: string) => void): Promise<LivePublishing> {
  const parsed = parseLibraryUrl(url);
  const lib = new LibraryConnection({ url });
  let chosen = team;
  try {
    const st = await lib.prepare();
    if (!st.writable) throw new LibraryError(st.reason ?? 'this library cannot be written', 'refused');
    if (chosen === undefined) {
      if (st.teams.length !== 1) throw new LibraryError(`name the team to publish to with --team (${st.user} is a member of ${st.teams.join(', ') || 'no team'})`, 'invalid');
      chosen = st.teams[0]!;
    } else lib.requireWritable(chosen);
    say(`publishing live to ${parsed.url} as ${st.user}, team ${chosen}`);
  } catch (e) {
    // only a library that cannot be reached now is waited for; a refusal (credentials, rights, team, schema) ends it here
    const kind = e instanceof LibraryError ? e.kind : 'failed';
    if (kind !== 'unreachable' || chosen === undefined) {
      await lib.close();
      throw new LibraryError(`cannot publish to ${libraryUrlWithoutPassword(url)}: ${(e as Error).message}`, kind);
    }
    // not reachable now: the recording goes on, shipping follows when the library answers
    say(`library ${parsed.url} not reachable now (${(e as Error).message}); recording goes on and shipping follows when it answers`);
  }
  // the recorder's connection checked the library; the shipping thread has its own
  await lib.close();
  // the local file's identity is written here, where the database is writable (the thread reads it)
  sourceOfDatabase(db);
  const thread = startShippingThread({ dbFile, recordingId, url, options: { team: chosen! } });
  await thread.ready;
  return {
    progress() {
      const s = thread.report();
      const lag = s.recentLagP99Ms;
      return `shipped ${s.results}${s.pending ? ` (${s.pending} waiting)` : ''}${lag !== null ? ` lag ${(lag / 1000).toFixed(1)} s` : ''}${s.failures ? ` library failures ${s.failures}` : ''}`;
    },
    async stop() {
      const { ok, report: s } = await thread.stop(30_000);
      const lag = s.lagP99Ms;
      if (ok) return { ok, message: `published live: ${s.results} results in library recording #${s.libraryId}${lag !== null ? `, shipping lag p99 ${(lag / 1000).toFixed(2)} s` : ''}` };
      return {
        ok,
        message: `not everything reached the library (${s.pending} results waiting; last error: ${s.lastError ?? 'none'}): it is all in ${dbFile}; send the rest later with\n  npm run library -- --ship ${parsed.url} --recording ${recordingId} --db ${dbFile} --team ${chosen}`,
      };
    },
  };
}
