// Keeps the full-text index (result_text, migration 006) in step with the results table, off the
// recording path: the recorder only inserts rows; this indexes them afterwards in short slices.
// While results are being written it takes at most a share of the event loop (ingest first), and
// when the database is quiet it catches up at full speed. Search covers the rows not indexed yet by
// scanning them, so nothing recorded is ever missing from an answer.
import { resultSearchText } from '../../shared/search/search-text';
import type { Db } from '../recorder/db';

export interface IndexerOptions {
  /** longest slice of indexing work before yielding, ms */
  sliceMs?: number;
  /** share of the time indexing may take while results are being written (0..1) */
  busyShare?: number;
  /** how often a quiet indexer looks for rows other processes wrote (the headless recorder), ms */
  pollMs?: number;
  /** rows per write transaction */
  chunk?: number;
  /** told after each slice while there is work left, and once when it is done */
  onProgress?(p: { indexedUpto: number; done: number; pending: number }): void;
}

export class SearchIndexer {
  private readonly st;
  private readonly sliceMs: number;
  private readonly busyShare: number;
  private readonly pollMs: number;
  private readonly chunk: number;
  private lastWriteAt = 0;
  /** the largest result id seen: when it grows, someone is writing (an import, another process) */
  private lastMaxId = -1;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private running = false;
  private paused = false;
  /** rows indexed since the indexer last became busy (for progress) */
  private doneInRun = 0;

  constructor(
    private readonly db: Db,
    private readonly opts: IndexerOptions = {},
  ) {
    this.sliceMs = opts.sliceMs ?? 3;
    this.busyShare = opts.busyShare ?? 0.1;
    this.pollMs = opts.pollMs ?? 2000;
    this.chunk = opts.chunk ?? 100;
    this.st = {
      upto: db.prepare('SELECT indexed_upto AS upto FROM search_index_state WHERE id = 1'),
      setUpto: db.prepare('UPDATE search_index_state SET indexed_upto = ? WHERE id = 1'),
      rows: db.prepare('SELECT id, raw FROM results WHERE id > ? ORDER BY id LIMIT ?'),
      insert: db.prepare('INSERT OR REPLACE INTO result_text (rowid, body) VALUES (?, ?)'),
      // a bounded step of segment merging (automerge is off: see migration 006)
      merge: db.prepare("INSERT INTO result_text (result_text, rank) VALUES ('merge', 32)"),
      // ids are dense but for deletions (a count would take long on a large database): cheap enough to ask often
      maxId: db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM results'),
      pendingEstimate: db.prepare('SELECT MAX(0, COALESCE(MAX(id), 0) - ?) AS n FROM results'),
    };
  }

  /** The id up to which results are indexed (larger ones are found by scanning). */
  indexedUpto(): number {
    return (this.st.upto.get() as { upto: number }).upto;
  }

  status(): { indexedUpto: number; pending: number; paused: boolean } {
    const indexedUpto = this.indexedUpto();
    return { indexedUpto, pending: (this.st.pendingEstimate.get(indexedUpto) as { n: number }).n, paused: this.paused };
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  /** The recorder wrote results: index them soon, yielding to further writes. */
  noteWrite(): void {
    this.lastWriteAt = Date.now();
    if (this.running && !this.paused && !this.timer && !this.immediate) this.schedule(0);
  }

  /** Stops building until resume (search still finds everything, by scanning what is not indexed). */
  pause(): void {
    this.paused = true;
    this.clear();
  }

  resume(): void {
    this.paused = false;
    if (this.running) this.schedule(0);
  }

  /** Results were written in the last moments (the recorder, an import, another process). */
  get writesArriving(): boolean {
    return Date.now() - this.lastWriteAt < 250;
  }

  /** Indexes everything now, synchronously (tests, tools): returns how many rows it indexed. */
  catchUp(): number {
    let n = 0;
    for (let k = this.indexChunk(); k > 0; k = this.indexChunk()) {
      n += k;
      if (n % 5000 < this.chunk) this.st.merge.run();
    }
    this.db.prepare("INSERT INTO result_text (result_text) VALUES ('optimize')").run();
    return n;
  }

  /** One transaction: the next rows past the mark, and the mark moved past them. */
  private indexChunk(): number {
    return this.db.transaction(() => {
      const upto = this.indexedUpto();
      const rows = this.st.rows.all(upto, this.chunk) as Array<{ id: number; raw: string }>;
      for (const r of rows) this.st.insert.run(r.id, resultSearchText(r.raw));
      if (rows.length) this.st.setUpto.run(rows[rows.length - 1]!.id);
      return rows.length;
    }).immediate();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  private schedule(delayMs: number): void {
    this.clear();
    if (!this.running || this.paused) return;
    if (delayMs <= 0) this.immediate = setImmediate(() => this.slice());
    else {
      this.timer = setTimeout(() => this.slice(), delayMs);
      this.timer.unref?.();
    }
  }

  private slice(): void {
    this.timer = null;
    this.immediate = null;
    if (!this.running || this.paused) return;
    const maxId = (this.st.maxId.get() as { n: number }).n;
    if (this.lastMaxId >= 0 && maxId > this.lastMaxId) this.lastWriteAt = Date.now();
    this.lastMaxId = maxId;
    const t0 = performance.now();
    let indexed = 0;
    let last = -1;
    try {
      while (performance.now() - t0 < this.sliceMs) {
        last = this.indexChunk();
        indexed += last;
        if (last < this.chunk) break;
      }
      // keep the index's segments few (queries stay fast), a little at a time
      if (indexed) this.st.merge.run();
    } catch {
      // a busy database (another process writing) or a closed one: try again later
      this.schedule(this.pollMs);
      return;
    }
    const spent = performance.now() - t0;
    const more = last === this.chunk;
    if (indexed) {
      this.doneInRun += indexed;
      if (this.opts.onProgress) {
        const upto = this.indexedUpto();
        this.opts.onProgress({ indexedUpto: upto, done: this.doneInRun, pending: more ? (this.st.pendingEstimate.get(upto) as { n: number }).n : 0 });
      }
    }
    if (!more) {
      this.doneInRun = 0;
      this.schedule(this.pollMs);
    } else if (Date.now() - this.lastWriteAt < 250 || (this.st.maxId.get() as { n: number }).n > maxId) {
      // results are arriving: index in the gaps, at most busyShare of the time
      this.schedule(Math.max(1, (spent * (1 - this.busyShare)) / this.busyShare));
    } else this.schedule(0);
  }
}
