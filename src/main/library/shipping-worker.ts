// The thread a headless recorder ships from: its own read-only SQLite connection and its own
// library connection, so that reading rows, splitting their words and building COPY lines never
// take the recorder's event loop (its pulls and SQLite writes) from it.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { nearestRank } from '../../shared/charts/distribution';
import { openDatabase } from '../recorder/db';
import { LibraryConnection } from './library-connection';
import { LiveShipper } from './library-shipper';
import type { ShippingReply, ShippingReport, ShippingRequest } from './shipping-protocol';

const port = parentPort!;
let shipper: LiveShipper | null = null;
let close: (() => Promise<void>) | null = null;
let timer: NodeJS.Timeout | undefined;

/** p99 as the rest of the deck computes it (nearest rank) */
function p99(samples: readonly number[]): number | null {
  return samples.length ? nearestRank([...samples].sort((a, b) => a - b), 99) : null;
}

function report(full = false): ShippingReport {
  const s = shipper!.stats;
  return {
    libraryId: s.libraryId,
    results: s.results,
    events: s.events,
    failures: s.failures,
    lastError: s.lastError,
    pending: s.pending,
    recentLagP99Ms: p99(s.lagMs.slice(-2000)),
    lagP99Ms: full ? p99(s.lagMs) : null,
  };
}

const send = (m: ShippingReply): void => port.postMessage(m);

/**
 * On a machine short of CPU the recorder's pulls and writes come first: on Linux this thread (its
 * own id from /proc/thread-self; a nice value there is per thread) runs at nice 5, so it takes what
 * the recorder leaves. Elsewhere it runs as it is.
 */
function yieldToTheRecorder(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 5);
  } catch {
    // not Linux, or not allowed: shipping still works, only with the recorder's priority
  }
}

port.on('message', (m: ShippingRequest) => {
  if (m.op === 'start') {
    yieldToTheRecorder();
    try {
      const db = openDatabase(m.start.dbFile, { readonly: true });
      const lib = new LibraryConnection({ url: m.start.url });
      shipper = new LiveShipper(db, lib, m.start.recordingId, m.start.options);
      close = async () => {
        await lib.close();
        db.close();
      };
      shipper.start();
      timer = setInterval(() => send({ op: 'report', report: report() }), 500);
      send({ op: 'ready' });
    } catch (e) {
      send({ op: 'failed', message: (e as Error).message });
    }
    return;
  }
  void (async () => {
    clearInterval(timer);
    if (!shipper) {
      send({ op: 'stopped', ok: false, report: { libraryId: null, results: 0, events: 0, failures: 1, lastError: 'the shipping thread never started', pending: 0, recentLagP99Ms: null, lagP99Ms: null } });
      port.close();
      return;
    }
    const ok = await shipper.stop(m.waitMs);
    const last = report(true);
    await close?.();
    send({ op: 'stopped', ok, report: last });
    port.close();
  })();
});
