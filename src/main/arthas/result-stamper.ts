// One place that stamps a received result for the recording: its origin (a join's history copy,
// live, or a one-shot exec) and its server time in epoch ms, with the JVM's zone inferred from the
// first fresh time it sends (4.x sends local time text without an offset).
import { inferUtcOffsetMinutes } from '../../shared/arthas/jvm-time';
import { isInputStatus, jvmTimeOf, serverTimeOf } from '../../shared/arthas/protocol';
import type { ResultOrigin } from '../../shared/session-events';
import type { ReceivedResult } from './client';

export type StampedResult = ReceivedResult & { origin: ResultOrigin; serverTime: number | null };

export class ResultStamper {
  /** after a join, results up to the first input_status are the server's history copy */
  historyPhase = false;
  jvmUtcOffsetMinutes: number | null = null;

  /**
   * Stamps the results of one answer received at `receivedAt`, in order. A pull's results are
   * live unless they are a join's history copy; an exec's are 'exec'.
   */
  stamp(results: readonly ReceivedResult[], receivedAt: number, from: 'pull' | 'exec'): StampedResult[] {
    return results.map((rr, i) => {
      let origin: ResultOrigin = from === 'exec' ? 'exec' : 'live';
      if (from === 'pull' && this.historyPhase) {
        const r = rr.result;
        // a DISABLED first in the queue opens the copy; any other input status closes it
        if (isInputStatus(r) && !(r.inputStatus === 'DISABLED' && i === 0)) this.historyPhase = false;
        origin = 'history';
      }
      if (this.jvmUtcOffsetMinutes === null && origin !== 'history') {
        // the JVM's zone, from a time it sent just now (a history copy may be hours old)
        const t = jvmTimeOf(rr.result);
        if (typeof t === 'string') this.jvmUtcOffsetMinutes = inferUtcOffsetMinutes(t, receivedAt);
      }
      return { result: rr.result, raw: rr.raw, origin, serverTime: serverTimeOf(rr.result, this.jvmUtcOffsetMinutes) };
    });
  }
}
