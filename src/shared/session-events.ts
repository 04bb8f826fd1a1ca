// What a session engine tells the world: ordered batches of results and events about the session.
// Shared by the recorder, the UI contract and the recording file format.

import type { InputStatus } from './arthas/protocol';

export type SessionState = 'connecting' | 'ready' | 'running' | 'reconnecting' | 'lost' | 'closed';

/** live: pulled as it happened; history: a copy the server replays to a (re)joined consumer; exec: one-shot exec answer */
export type ResultOrigin = 'live' | 'history' | 'exec';

export type GapReason =
  | 'consumer-lost' // the server forgot our consumer; results in between are lost
  | 'session-lost' // the server forgot the session
  | 'network' // an outage: results may have been dropped while no pull was in flight
  | 'broken-answer' // an answer could not be read; the results in it are lost
  | 'server-interrupt'; // the server interrupted the job because every consumer was unhealthy

export type EventKind =
  | 'session-start'
  | 'session-join'
  | 'consumer-join'
  | 'gap'
  | 'outage-start'
  | 'outage-end'
  | 'reconnect'
  | 'state'
  | 'command'
  | 'interrupt'
  | 'error'
  | 'bookmark'
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
}
