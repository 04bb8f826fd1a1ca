// The pull worker thread: every session's pull loop runs here, on an event loop of its own, so
// that nothing the main thread does (a SQLite commit waiting on the disk, the UI, a diff, the
// search indexer) delays the next pull_results. It only moves bytes: the main thread reads them.
import { parentPort } from 'node:worker_threads';
import { PullLoop } from './pull-loop';
import type { PullWorkerReply, PullWorkerRequest } from './pull-worker-protocol';

const loops = new Map<number, PullLoop>();
const port = parentPort;
if (!port) throw new Error('pull-worker.ts runs as a worker thread');

port.postMessage({ ready: true } satisfies PullWorkerReply);
port.on('message', (m: PullWorkerRequest) => {
  switch (m.op) {
    case 'open':
      loops.get(m.id)?.close();
      loops.set(m.id, new PullLoop(m.options, (outcome) => port.postMessage({ id: m.id, outcome } satisfies PullWorkerReply)));
      return;
    case 'resume':
      loops.get(m.id)?.resume(m.target);
      return;
    case 'close':
      loops.get(m.id)?.close();
      loops.delete(m.id);
      port.postMessage({ id: m.id, closed: true } satisfies PullWorkerReply);
      return;
  }
});
