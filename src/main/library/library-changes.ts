// What changed in a team library, heard as it happens. Every writer NOTIFYs the one channel
// (library-rows.ts) with nothing in it; on a notification this reads, under row-level security,
// which of the user's recordings changed since it last looked (updated_at, which writers stamp
// with clock_timestamp() just before they commit). A notification tells a listener nothing, and a
// fake one (anyone may NOTIFY any channel) costs one re-read of the listener's own rows: at most one
// re-read is in flight, and the notifications heard meanwhile make one more, never a queue.
import pg from 'pg';
import type { LibraryConnection } from './library-connection';
import { LIBRARY_CHANNEL } from './library-rows';

/**
 * How far back a re-read looks before the newest change it has seen: a transaction that stamped
 * its rows before the last re-read may commit after it. Writers stamp right before COMMIT, so this
 * only has to cover that moment and clocks apart.
 */
const LOOK_BACK_MS = 60_000;

export interface LibraryChangesOptions {
  /** the connection string with its password, for the LISTEN connection of its own */
  connectionString: string;
  /** the library's pool, where re-reads run */
  lib: LibraryConnection;
  /** recordings of the user's teams that grew, ended or appeared */
  onChanged: (recordingIds: number[]) => void;
}

export class LibraryChanges {
  private readonly client: pg.Client;
  /** each recording's last change seen (ms), to tell what is new in a re-read */
  private readonly seen = new Map<number, number>();
  private newest = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** re-reads done (the tests read it) */
  reads = 0;

  private constructor(private readonly opts: LibraryChangesOptions) {
    this.client = new pg.Client({ connectionString: opts.connectionString, application_name: 'arthas-deck (listen)' });
    this.client.on('error', () => undefined);
    this.client.on('notification', () => this.heard());
  }

  /** Listens from now on; what changed before is not told. Throws when it cannot connect. */
  static async start(opts: LibraryChangesOptions): Promise<LibraryChanges> {
    const changes = new LibraryChanges(opts);
    try {
      await changes.client.connect();
      await changes.read(false);
      await changes.client.query(`LISTEN ${LIBRARY_CHANNEL}`);
    } catch (e) {
      await changes.close();
      throw e;
    }
    return changes;
  }

  private heard(): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        await this.read(true).catch(() => undefined);
      } while (this.again && !this.closed);
      this.reading = null;
    })();
  }

  /** Reads the changes since the newest one seen; tells them when `tell`. */
  private async read(tell: boolean): Promise<void> {
    this.reads++;
    const since = this.newest ? new Date(this.newest - LOOK_BACK_MS) : new Date(0);
    const rows = await this.opts.lib.pool.query<{ id: number; at: number }>(
      'SELECT id, (extract(epoch FROM updated_at) * 1000)::float8 AS at FROM deck.recordings WHERE updated_at > $1',
      [since],
    );
    const changed: number[] = [];
    for (const r of rows.rows) {
      if (this.seen.get(r.id) === r.at) continue;
      this.seen.set(r.id, r.at);
      this.newest = Math.max(this.newest, r.at);
      changed.push(r.id);
    }
    // what fell out of the look-back window can be forgotten
    for (const [id, at] of this.seen) if (at < this.newest - 2 * LOOK_BACK_MS) this.seen.delete(id);
    if (tell && changed.length && !this.closed) this.opts.onChanged(changed);
  }

  /** Waits for a re-read in flight (tests). */
  async settled(): Promise<void> {
    while (this.reading) await this.reading;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }
}
