// Search: the full-text index kept in step by the indexer, queries over every recording, and the
// building of the index for a database that has many results not indexed yet (an old database after
// migration 006, a large import), shown as a task that can be cancelled (building pauses; search
// still finds everything by scanning, more slowly, until it is resumed).
import type { SearchAnswer, SearchIndexStatus, SearchQuery } from '../../shared/search/search-types';
import { searchResults } from '../search/result-search';
import { SearchIndexer, type IndexerOptions } from '../search/search-indexer';
import type { ServiceContext } from './service-context';
import type { OpenTask, TaskRegistry } from './task-registry';

/** A backlog this large is shown as a task with progress and cancel; smaller ones are indexed quietly. */
export const BUILD_TASK_MIN = 20_000;

export class SearchService {
  readonly indexer: SearchIndexer;
  private build: OpenTask | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly tasks: TaskRegistry,
    opts: Omit<IndexerOptions, 'onProgress'> = {},
  ) {
    this.indexer = new SearchIndexer(ctx.db, { ...opts, onProgress: (p) => this.progress(p.done, p.pending) });
    ctx.writer.onResultsWritten = () => this.indexer.noteWrite();
  }

  start(): void {
    this.indexer.start();
  }

  stop(): void {
    this.indexer.stop();
    this.build?.done(false);
    this.build = null;
  }

  search(q: SearchQuery): SearchAnswer {
    return searchResults(this.ctx.db, this.indexer.indexedUpto(), q);
  }

  status(): SearchIndexStatus {
    return this.indexer.status();
  }

  /** Resumes building after a cancel. */
  resume(): void {
    this.indexer.resume();
  }

  /** New results arrived by a path other than the recorder (an import): index them soon. */
  nudge(): void {
    this.indexer.noteWrite();
  }

  private progress(done: number, pending: number): void {
    // a backlog left behind (an old database, a finished import) is shown; indexing that keeps up
    // with results still arriving (a recording, an import under way) is not a task of its own
    if (!this.build && pending > 0 && done + pending >= BUILD_TASK_MIN && !this.indexer.writesArriving) {
      this.build = this.tasks.open('index', () => {
        this.indexer.pause();
        this.build?.done(false);
        this.build = null;
        this.ctx.emit({ type: 'search.index', status: this.indexer.status() });
      });
    }
    if (!this.build) return;
    this.build.progress({ phase: 'indexing', done, total: done + pending, unit: 'results' });
    if (pending === 0) {
      this.build.done(true);
      this.build = null;
      this.ctx.emit({ type: 'search.index', status: this.indexer.status() });
    }
  }
}
