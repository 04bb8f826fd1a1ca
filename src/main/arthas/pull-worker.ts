// The pull worker thread: every session's pull loop runs here, on an event loop of its own, so
// that nothing the main thread does (a SQLite commit waiting on the disk, the UI, a diff, the
// search indexer) delays the next pull_results. It only moves bytes: the main thread reads them.
import { parentPort } from 'node:worker_threads';
import { PullLoop, type PulledOutcome } from './pull-loop';
import type { PullWorkerReply, PullWorkerRequest } from './pull-worker-protocol';

/**
 * How long an answer that does not pause its loop may wait to be handed on with the ones after it.
 * Every message wakes the main thread; at 10,000 calls/s a loop gets ~500 answers a second, and one
 * message (and wake-up) each cost both threads more than reading the answers. The pulls never wait
 * for this: the next one is out before an answer is queued here. An answer that pauses its loop
 * (an error, an empty answer, the end of a job) goes at once with everything before it, since the
 * main thread decides what comes next.
 */
export const HAND_ON_EVERY_MS = 10;

const loops = new Map<number, PullLoop>();
if (!parentPort) throw new Error('pull-worker.ts runs as a worker thread');
const port = parentPort;

let waiting: Array<{ id: number; outcome: PulledOutcome }> = [];
let timer: NodeJS.Timeout | undefined;

function handOn(): void {
  clearTimeout(timer);
  timer = undefined;
  if (!waiting.length) return;
  const outcomes = waiting;
  waiting = [];
  port.postMessage({ outcomes } satisfies PullWorkerReply);
}

function deliver(id: number, outcome: PulledOutcome): void {
  waiting.push({ id, outcome });
  if (outcome.paused) handOn();
  else timer ??= setTimeout(handOn, HAND_ON_EVERY_MS);
}

// a fault here still hands on what was pulled: those results are no longer in Arthas's queue
process.on('uncaughtException', (e) => {
  handOn();
  throw e;
});

port.postMessage({ ready: true } satisfies PullWorkerReply);
port.on('message', (m: PullWorkerRequest) => {
  switch (m.op) {
    case 'open':
      loops.get(m.id)?.close();
      loops.set(m.id, new PullLoop(m.options, (outcome) => deliver(m.id, outcome)));
      return;
    case 'resume':
      loops.get(m.id)?.resume(m.target);
      return;
    case 'close':
      loops.get(m.id)?.close();
      loops.delete(m.id);
      // what the loop pulled before it closed goes first
      handOn();
      port.postMessage({ id: m.id, closed: true } satisfies PullWorkerReply);
      return;
  }
});
