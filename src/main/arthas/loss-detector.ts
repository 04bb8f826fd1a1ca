// What the answers themselves tell about results the server dropped. Arthas keeps 50 results per
// consumer and drops the oldest silently; no answer says so. Two signs remain:
// - answers that come full (20 results) one after another at once: the queue was filling faster than
//   it was pulled, so it may have overflowed ("possible loss", with the time window it covers). A full
//   answer Arthas held a while, whose results the JVM timed over a while too, is no sign: Arthas
//   returns a pull at once when 20 results are queued, so a held one was filled as calls happened,
//   from a queue of fewer than 20 (at 10 to 100 calls/s every answer is full that way, with nothing
//   lost). All three are asked: held, the calls spread in JVM time, and spread over the hold (a
//   busy server holds a pull while a burst fills the queue at once);
// - tt records are numbered 1000, 1001, … per JVM: a jump within a job is a counted gap.
// Pure: feed it each answer in order.
import type { ArthasResult } from '../../shared/arthas/protocol';
import { PULL_BATCH_LIMIT } from '../../shared/arthas/protocol';

export type LossFinding =
  | { kind: 'possible-loss'; from: number; to: number; answers: number }
  | { kind: 'gap'; jobId: number; afterIndex: number; beforeIndex: number; missing: number };

/** A window of full answers is reported at the latest after this long, so long bursts show as they go. */
const WINDOW_MS = 1000;
/**
 * A full answer held at least this long by the server may have been filled as calls happened.
 * Arthas's pollResults takes what is queued and then waits for more (in steps of 100 ms) until it has
 * 20: at 100 calls/s it holds each pull ~190 ms. Measured in the pull thread, from the request's
 * send to the answer's last byte, less the quickest round trip seen (the network's share).
 */
export const HELD_ANSWER_MS = 100;
/** ... whose results' own times (the JVM's) span at least this long (20 calls at 200/s or fewer) ... */
export const LIVE_SPAN_MS = 100;
/**
 * ... and span at least this share of the hold: the results came in while Arthas held the pull. A
 * server too busy to answer (a fresh JVM after its first enhancement, the machine loaded) holds a
 * pull for long while a burst of calls fills the queue in a few milliseconds: that is a sign.
 */
export const SPAN_SHARE_OF_HOLD = 0.5;

export class LossDetector {
  private lastAnswerAt: number | null = null;
  /** receive time of the answer before the current run of full answers */
  private runFrom: number | null = null;
  private runLength = 0;
  private window: { from: number; to: number; answers: number } | null = null;
  private readonly ttIndex = new Map<number, number>();

  /**
   * One answer's live results (history copies are no sign of anything), received at `at`. When known:
   * heldMs, how long the server held the pull (its round trip less the quickest one seen), and spanMs,
   * how far apart the JVM's times of its results are.
   */
  answer(results: readonly ArthasResult[], at: number, heldMs?: number, spanMs?: number): LossFinding[] {
    const out: LossFinding[] = [];
    const filledAsCallsHappened = heldMs !== undefined && spanMs !== undefined && heldMs >= HELD_ANSWER_MS && spanMs >= LIVE_SPAN_MS && spanMs >= heldMs * SPAN_SHARE_OF_HOLD;
    const full = results.length >= PULL_BATCH_LIMIT && !filledAsCallsHappened;
    if (full) {
      if (this.runLength === 0) this.runFrom = this.lastAnswerAt ?? at;
      this.runLength++;
      if (this.runLength >= 2) {
        if (this.window) {
          this.window.to = at;
          this.window.answers++;
        } else this.window = { from: this.runFrom!, to: at, answers: this.runLength };
        if (this.window.to - this.window.from >= WINDOW_MS) {
          out.push({ kind: 'possible-loss', ...this.window });
          this.window = null;
          // the next window starts where this one ended
          this.runFrom = at;
          this.runLength = 1;
        }
      }
    } else {
      out.push(...this.flush());
      this.runLength = 0;
    }
    this.lastAnswerAt = at;
    for (const r of results) {
      if (r.type !== 'tt' || typeof r.jobId !== 'number') continue;
      const list = Array.isArray(r.timeFragmentList) ? (r.timeFragmentList as unknown[]) : r.timeFragment ? [r.timeFragment] : [];
      for (const f of list) {
        const index = (f as { index?: unknown } | null)?.index;
        if (typeof index !== 'number' || !Number.isSafeInteger(index)) continue;
        const last = this.ttIndex.get(r.jobId);
        if (last !== undefined && index > last + 1) out.push({ kind: 'gap', jobId: r.jobId, afterIndex: last, beforeIndex: index, missing: index - last - 1 });
        if (last === undefined || index > last) this.ttIndex.set(r.jobId, index);
      }
    }
    return out;
  }

  /** Closes an open window of full answers (the run ended, or the session stops). */
  flush(): LossFinding[] {
    if (!this.window) return [];
    const w = this.window;
    this.window = null;
    return [{ kind: 'possible-loss', ...w }];
  }
}
