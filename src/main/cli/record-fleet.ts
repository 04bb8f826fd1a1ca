// The headless recorder for several JVMs at once: several Arthas URLs (or a saved group) record one
// command into one fleet recording, through the same service the app uses (a session per member,
// each recorded losslessly). Stops at whichever comes first: Ctrl-C, --for, or every member's job ended.
import { DeckService } from '../api/deck-service';
import type { Db } from '../recorder/db';
import { cliProgress } from './progress-line';

export interface FleetRecordOptions {
  db: Db;
  dbFile: string;
  urls: string[];
  group?: string;
  command: string;
  seconds?: number;
  version: string;
}

/** Exit code: 0 when every member recorded, 3 when some member failed, 2 for a wrong group. */
export async function recordFleet(o: FleetRecordOptions): Promise<number> {
  const deck = new DeckService({ db: o.db, databasePath: o.dbFile, mode: 'serve', version: o.version, searchIndex: false });
  try {
    let run: { groupId?: number; targetIds?: number[] };
    if (o.group !== undefined) {
      const g = (await deck.call<'groups.list'>('groups.list', {})).find((x) => x.name === o.group);
      if (!g) {
        process.stderr.write(`record: no group "${o.group}" (groups are made in the app's Fleet view)\n`);
        return 2;
      }
      run = { groupId: g.id };
    } else {
      const ids: number[] = [];
      for (const url of o.urls) ids.push((await deck.call<'targets.save'>('targets.save', { name: new URL(url.includes('://') ? url : `http://${url}`).host, url })).id);
      run = { targetIds: ids };
    }
    const fleet = await deck.call<'fleets.run'>('fleets.run', { ...run, command: o.command });
    process.stderr.write(`recording fleet #${fleet.id} (${fleet.members.length} members) into ${o.dbFile}\n`);
    // members that failed at any point (a member can fail and its session end before the last look)
    const failed = new Map<string, string>();
    const noteFailed = (members: typeof fleet.members): void => {
      for (const m of members) if (m.state === 'failed' && !failed.has(m.member)) failed.set(m.member, m.error ?? '');
    };
    noteFailed(fleet.members);
    for (const [member, error] of failed) process.stderr.write(`  ${member}: failed: ${error}\n`);
    const progress = cliProgress(`fleet #${fleet.id}`);
    let reason = 'every member done';
    let tick: NodeJS.Timeout | undefined;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => ((reason = 'Ctrl-C'), resolve()));
      if (o.seconds !== undefined) timer = setTimeout(() => ((reason = `--for ${o.seconds}`), resolve()), o.seconds * 1000);
      tick = setInterval(async () => {
        const f = await deck.call<'fleets.get'>('fleets.get', { id: fleet.id });
        noteFailed(f.members);
        progress.count(f.members.map((m) => `${m.member} ${m.state} ${m.results}`).join(' · '));
        if (f.members.every((m) => m.state !== 'running' && m.state !== 'connecting')) resolve();
      }, 500);
    });
    clearInterval(tick);
    clearTimeout(timer);
    await deck.call('fleets.interrupt', { id: fleet.id }).catch(() => undefined);
    await deck.call('fleets.close', { id: fleet.id });
    progress.done();
    const f = await deck.call<'fleets.get'>('fleets.get', { id: fleet.id });
    noteFailed(f.members);
    const shown = f.members.map((m) => `${m.member} ${m.results} results${failed.has(m.member) ? ` (failed: ${failed.get(m.member)})` : ''}`);
    process.stderr.write(`stopped (${reason}): ${shown.join(', ')}\n`);
    return failed.size ? 3 : 0;
  } finally {
    await deck.shutdown();
  }
}
