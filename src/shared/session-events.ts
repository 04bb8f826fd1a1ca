// What a session engine tells the world: ordered batches of results and events about the session.
// Shared by the recorder, the UI contract and the recording file format.

import type { InputStatus } from './arthas/protocol';

export type SessionState = 'connecting' | 'ready' | 'running' | 'reconnecting' | 'unreachable' | 'lost' | 'closed';

/** live: pulled as it happened; history: a copy the server replays to a (re)joined consumer; exec: one-shot exec answer */
export type ResultOrigin = 'live' | 'history' | 'exec';

export type GapReason =
  | 'consumer-lost' // the server forgot our consumer; results in between are lost
  | 'session-lost' // the server forgot the session
  | 'network' // an outage: results may have been dropped while no pull was in flight
  | 'broken-answer' // an answer could not be read; the results in it are lost
  | 'server-interrupt' // the server interrupted the job because every consumer was unhealthy
  | 'server-drop'; // the results themselves show that some are missing (tt record indexes jumped): data.missing says how many

export type EventKind =
  | 'session-start'
  | 'session-join'
  | 'consumer-join'
  | 'gap'
  | 'outage-start'
  | 'outage-end'
  | 'possible-loss' // answers came full one after another: the server's queue of 50 may have dropped the oldest (data: from, to, answers)
  | 'unreachable' // no answer for a while: the JVM or Arthas may be gone (data: since)
  | 'reconnect'
  | 'state'
  | 'command'
  | 'interrupt'
  | 'error'
  | 'bookmark'
  | 'assistant' // an AI assistant's tool call or its answer (through the deck's MCP server)
  | 'session-end';

export interface SessionEvent {
  kind: EventKind;
  at: number;
  message: string;
  gapReason?: GapReason;
  data?: Record<string, unknown>;
}

export interface TrackedJob {
  jobId: number;
  command: string;
  state: 'scheduled' | 'running' | 'succeeded' | 'failed' | 'interrupted';
  statusCode?: number;
  statusMessage?: string;
  startedAt: number;
  endedAt?: number;
}

export interface SessionSnapshot {
  state: SessionState;
  arthasSessionId?: string;
  consumerId?: string;
  inputStatus: InputStatus;
  foregroundJobId?: number;
  version?: string;
  pid?: string;
  mainClass?: string;
  /** the JVM's zone as minutes east of UTC, inferred from the times it sends; null while unknown */
  jvmUtcOffsetMinutes?: number | null;
  /** when state is 'unreachable': since when no answer came (epoch ms) */
  unreachableSince?: number;
}

/** What Arthas says when another session's enhancement just ended: transient, running the command again works. */
export const BUSY_ENHANCING = /someone else is enhancing classes/i;
