// The app's service in this process (serve mode, a real SQLite file) with a real math-game saved as a
// target and open in a tab: for the tests of a describe block that drive the contract itself.
import { afterAll, beforeAll } from 'vitest';
import { DeckService } from '../../../src/main/api/deck-service';
import { openDatabase, type Db } from '../../../src/main/recorder/db';
import type { DeckArgs, DeckMethod, DeckResult } from '../../../src/shared/contract';
import { tempDir } from '../../support/temp-dir';
import { startRealTarget, type RealTarget } from './real-jvm';

export interface DeckOnMathGame {
  target: RealTarget;
  dir: ReturnType<typeof tempDir>;
  db: Db;
  deck: DeckService;
  tabId: string;
  recordingId: number;
  /** a contract call, typed; `caller: 'window'` as a window's call is checked */
  call<M extends DeckMethod>(m: M, a: DeckArgs<M>, caller?: 'window'): Promise<DeckResult<M>>;
}

/** Opened before the describe block's tests (its other beforeAll hooks run after), closed after them. */
export function deckOnMathGameForSuite(prefix: string): () => DeckOnMathGame {
  let ctx: DeckOnMathGame | undefined;
  const dir = tempDir(prefix);
  beforeAll(async () => {
    const target = await startRealTarget({ kind: 'math-game' });
    const db = openDatabase(dir.file('deck.db'));
    const deck = new DeckService({ db, databasePath: dir.file('deck.db'), mode: 'serve', version: 'test', searchIndex: false });
    const call = <M extends DeckMethod>(m: M, a: DeckArgs<M>, caller?: 'window'): Promise<DeckResult<M>> => deck.call<M>(m, a, caller);
    ctx = { target, dir, db, deck, tabId: '', recordingId: 0, call };
    const t = await call('targets.save', { name: 'math-game', url: target.arthas.url });
    const tab = await call('tabs.open', { targetId: t.id });
    ctx.tabId = tab.tabId;
    ctx.recordingId = tab.recordingId;
  }, 90_000);
  afterAll(async () => {
    await ctx?.deck.shutdown();
    ctx?.db.close();
    await ctx?.target.close();
    dir.remove();
  });
  return () => {
    if (!ctx) throw new Error('the deck and its math-game tab did not open (see the suite\'s setup)');
    return ctx;
  };
}
