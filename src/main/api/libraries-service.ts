// Team libraries: the PostgreSQL databases this desktop knows (their passwords kept by the keychain
// like the targets' ones), a connection to each when it is first used, the teams' changes heard
// through the library's channel (a teammate's live recording growing shows at once), publishing with progress and
// cancel, the audit, and the recordings of a library as a source the views read like this desktop's.
import type { DeckArgs, DeckResult } from '../../shared/contract';
import type { LibraryInfo, LibraryStatusInfo } from '../../shared/library/library-types';
import { auditLibrary } from '../library/library-audit';
import { searchLibrary } from '../library/library-search';
import { LibraryChanges } from '../library/library-changes';
import { LibraryConnection, LibraryError, connectError, parseLibraryUrl, withPassword } from '../library/library-connection';
import { PublishCancelled, publishFleet, publishRecording } from '../library/library-publisher';
import { LibraryRecordings } from '../library/library-recordings';
import { validTeamName } from '../library/library-schema';
import { LocalRecordings, type RecordingSource } from '../recorder/recording-source';
import { SecretStore } from './secret-store';
import type { ServiceContext } from './service-context';
import type { TaskRegistry } from './task-registry';
import { DeckError } from './validate';

interface LibraryRow {
  id: number;
  name: string;
  url: string;
  team: string | null;
  password_enc: Buffer | null;
}

interface Open {
  conn: LibraryConnection;
  recordings: LibraryRecordings;
  /** what changes in it, heard as it happens */
  changes?: LibraryChanges;
  /** the listener being started (it settles either way) */
  listening?: Promise<void>;
}

export class LibrariesService {
  private readonly secrets: SecretStore;
  private readonly open = new Map<number, Open>();
  readonly local: LocalRecordings;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly tasks: TaskRegistry,
  ) {
    this.secrets = new SecretStore(ctx);
    this.local = new LocalRecordings(ctx.db, ctx.reader);
  }

  private row(id: number): LibraryRow {
    const r = this.ctx.db.prepare('SELECT id, name, url, team, password_enc FROM libraries WHERE id = ?').get(id) as LibraryRow | undefined;
    if (!r) throw new DeckError(`No library #${id}.`, 'not-found');
    return r;
  }

  private info(r: LibraryRow): LibraryInfo {
    return { id: r.id, name: r.name, url: r.url, team: r.team, hasPassword: r.password_enc !== null || this.secrets.inMemory(`library:${r.id}`) };
  }

  list(): LibraryInfo[] {
    return (this.ctx.db.prepare('SELECT id, name, url, team, password_enc FROM libraries ORDER BY name').all() as LibraryRow[]).map((r) => this.info(r));
  }

  async save(a: DeckArgs<'libraries.save'>): Promise<LibraryInfo> {
    let parsed;
    try {
      parsed = parseLibraryUrl(a.url);
    } catch (e) {
      throw new DeckError((e as Error).message, 'invalid');
    }
    const team = a.team?.trim() || null;
    if (team !== null && !validTeamName(team)) throw new DeckError(`A team name is lower-case letters, digits and _ (got "${team}").`, 'invalid');
    let id = a.id;
    try {
      if (id !== undefined) {
        this.row(id);
        this.ctx.db.prepare('UPDATE libraries SET name = ?, url = ?, team = ? WHERE id = ?').run(a.name.trim(), parsed.url, team, id);
      } else {
        id = Number(this.ctx.db.prepare('INSERT INTO libraries (name, url, team, created_at) VALUES (?, ?, ?, ?)').run(a.name.trim(), parsed.url, team, Date.now()).lastInsertRowid);
      }
    } catch (e) {
      if (/UNIQUE/.test((e as Error).message)) throw new DeckError(`A library named "${a.name.trim()}" exists already.`, 'invalid');
      throw e;
    }
    // a password typed in the URL is kept like one typed apart, and the URL is kept without it
    const password = a.password !== undefined ? a.password : parsed.password;
    if (password !== undefined && password !== null) this.ctx.db.prepare('UPDATE libraries SET password_enc = ? WHERE id = ?').run(this.secrets.seal(`library:${id}`, password), id);
    else if (password === null) this.ctx.db.prepare('UPDATE libraries SET password_enc = ? WHERE id = ?').run(this.secrets.seal(`library:${id}`, null), id);
    // the next use connects with what was saved
    await this.close(id);
    return this.info(this.row(id));
  }

  async remove(id: number): Promise<void> {
    this.row(id);
    await this.close(id);
    this.ctx.db.prepare('DELETE FROM libraries WHERE id = ?').run(id);
  }

  /** The open connection to a library, made (and its schema prepared) on first use. */
  private async connection(id: number): Promise<Open> {
    const have = this.open.get(id);
    if (have) return have;
    const r = this.row(id);
    const password = this.secrets.open(`library:${id}`, r.password_enc, `The saved password of the library "${r.name}"`, "the library's settings");
    const conn = new LibraryConnection({ url: r.url, password });
    try {
      await conn.prepare();
    } catch (e) {
      await conn.close();
      throw new DeckError((e as Error).message, 'failed');
    }
    const opened: Open = { conn, recordings: new LibraryRecordings(conn, id) };
    this.open.set(id, opened);
    // listening needs a connection of its own and a first read: the caller (a list, a publish) does not wait for it
    opened.listening = this.listen(id, opened, r.url, password);
    return opened;
  }

  /** Hears the library's changes: a recording of the user's teams that grows or ends is told to the views. */
  private async listen(id: number, opened: Open, url: string, password: string | undefined): Promise<void> {
    if (!opened.conn.status?.teams.length) return;
    try {
      opened.changes = await LibraryChanges.start({
        connectionString: withPassword(url, password),
        lib: opened.conn,
        onChanged: (ids) => ids.forEach((recordingId) => this.ctx.emit({ type: 'library.changed', libraryId: id, recordingId })),
      });
    } catch {
      // without notifications the views still read the library when asked
    }
  }

  async connect(id: number): Promise<LibraryStatusInfo> {
    // connecting again reads the status anew (a team granted meanwhile, a migrated schema)
    await this.close(id);
    return { ...(await this.connection(id)).conn.status! };
  }

  /** Where a recording is read from: this desktop, or a library. */
  async source(library: number | undefined): Promise<RecordingSource> {
    return library === undefined ? this.local : (await this.connection(library)).recordings;
  }

  async publish(a: DeckArgs<'libraries.publish'>): Promise<DeckResult<'libraries.publish'>> {
    if ((a.recordingId === undefined) === (a.fleetId === undefined)) throw new DeckError('Publish either a recording or a fleet.', 'invalid');
    const { conn } = await this.connection(a.libraryId);
    const status = conn.status!;
    const team = a.team ?? this.row(a.libraryId).team ?? (status.teams.length === 1 ? status.teams[0] : undefined);
    if (!team) throw new DeckError(`Choose the team to publish to (${status.user} is a member of ${status.teams.join(', ') || 'no team'}).`, 'invalid');
    try {
      conn.requireWritable(team);
    } catch (e) {
      throw new DeckError((e as Error).message, 'invalid');
    }
    const opts = { team, jobs: a.jobs, from: a.from, to: a.to, mask: a.mask };
    try {
      const r = await this.tasks.run(a.taskId, 'publish', (work) =>
        a.recordingId !== undefined ? publishRecording(this.ctx.db, conn, this.exists(a.recordingId), opts, work) : publishFleet(this.ctx.db, conn, a.fleetId!, opts, work),
      );
      return { libraryRecordingId: r.libraryId, results: r.results, masked: r.masked, deduplicated: r.deduplicated };
    } catch (e) {
      if (e instanceof PublishCancelled) throw new DeckError(e.message, 'cancelled');
      // a refusal or a lost connection said as such; anything else as what PostgreSQL said
      const err = connectError(e as Error, conn.url);
      throw new DeckError(err.kind === 'failed' ? `Publishing failed: ${(e as Error).message}` : err.message, 'failed');
    }
  }

  private exists(id: number): number {
    if (!this.ctx.db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(id)) throw new DeckError(`No recording #${id}.`, 'not-found');
    return id;
  }

  async search(q: DeckArgs<'search.results'>): Promise<DeckResult<'search.results'>> {
    const { library, ...rest } = q;
    return searchLibrary((await this.connection(library!)).conn, rest).catch(asDeckError);
  }

  async audit(a: DeckArgs<'libraries.audit'>): Promise<DeckResult<'libraries.audit'>> {
    const { id, ...q } = a;
    return auditLibrary((await this.connection(id)).conn, q).catch(asDeckError);
  }

  async deleteRecording(a: DeckArgs<'libraries.deleteRecording'>): Promise<void> {
    const { recordings } = await this.connection(a.id);
    await recordings.delete(a.recordingId).catch(asDeckError);
  }

  private async close(id: number): Promise<void> {
    const o = this.open.get(id);
    if (!o) return;
    this.open.delete(id);
    await o.listening;
    await o.changes?.close();
    await o.conn.close();
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.close(id);
  }
}

/** A library's refusal as the contract's error (its kind kept); anything else as it is. */
function asDeckError(e: unknown): never {
  if (e instanceof LibraryError) throw new DeckError(e.message, e.kind === 'not-found' || e.kind === 'invalid' ? e.kind : e.kind === 'refused' ? 'invalid' : 'failed');
  throw e;
}
