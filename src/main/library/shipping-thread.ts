// A recorder's live shipping, run in a thread of its own (shipping-worker.ts): the recorder's event
// loop keeps its pulls and writes; the thread reads what was committed and ships it.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ShippingReply, ShippingReport, ShippingRequest, ShippingStart } from './shipping-protocol';

export interface ShippingThread {
  /** resolves once the thread runs and ships (starting one takes a moment: it is awaited before the recorder's commands) */
  ready: Promise<void>;
  /** the latest report (every half second) */
  report(): ShippingReport;
  /** ships what is left (through an outage for up to waitMs), then ends the thread */
  stop(waitMs: number): Promise<{ ok: boolean; report: ShippingReport }>;
}

/** The thread's entry: its source through tsx, as the headless recorder itself runs (`npm run record`). */
function bootstrap(): string {
  return `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'shipping-worker.ts'))});`;
}

export function startShippingThread(start: ShippingStart): ShippingThread {
  const worker = new Worker(bootstrap(), { eval: true, name: 'arthas-deck shipping' });
  let latest: ShippingReport = { libraryId: null, results: 0, events: 0, failures: 0, lastError: null, pending: 0, recentLagP99Ms: null, lagP99Ms: null };
  let stopped: ((r: { ok: boolean; report: ShippingReport }) => void) | null = null;
  let failure: string | null = null;
  let isReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  const ended = new Promise<{ ok: boolean; report: ShippingReport }>((resolve) => {
    stopped = resolve;
  });
  worker.on('message', (m: ShippingReply) => {
    if (m.op === 'ready') isReady();
    else if (m.op === 'report') latest = m.report;
    else if (m.op === 'stopped') {
      latest = m.report;
      stopped?.({ ok: m.ok, report: m.report });
    } else {
      failure = m.message;
      latest = { ...latest, lastError: m.message };
      isReady();
    }
  });
  // a thread that died: what it shipped is in the library, the rest is in the local file
  const gone = (why: string): void => {
    isReady();
    stopped?.({ ok: false, report: { ...latest, lastError: failure ?? why } });
  };
  worker.on('error', (e) => gone(e.message));
  worker.on('exit', (code) => gone(`the shipping thread ended (${code})`));
  worker.postMessage({ op: 'start', start } satisfies ShippingRequest);
  return {
    ready,
    report: () => latest,
    async stop(waitMs) {
      worker.postMessage({ op: 'stop', waitMs } satisfies ShippingRequest);
      const r = await ended;
      await worker.terminate();
      return r;
    },
  };
}
