// The messages between the main thread and the pull worker (pull-worker.ts).
import type { PullLoopOptions, PullTarget, PulledOutcome } from './pull-loop';

export type PullWorkerRequest =
  | { op: 'open'; id: number; options: PullLoopOptions }
  | { op: 'resume'; id: number; target: PullTarget }
  | { op: 'close'; id: number };

export type PullWorkerReply =
  /** what the loops pulled since the last message, in the order it happened */
  | { outcomes: Array<{ id: number; outcome: PulledOutcome }> }
  /** the loop is closed: nothing more comes for this id (everything before this message is delivered) */
  | { id: number; closed: true }
  /** the worker runs */
  | { ready: true };
