// Wire types of the Arthas HTTP API (POST /api). Pure types and constants: no Node, DOM or Electron.
import { jvmTimeToEpochMs } from './jvm-time';

export const ACTIONS = [
  'init_session',
  'join_session',
  'pull_results',
  'async_exec',
  'exec',
  'interrupt_job',
  'close_session',
  'session_info',
] as const;
export type Action = (typeof ACTIONS)[number];

export type ApiState = 'SCHEDULED' | 'SUCCEEDED' | 'INTERRUPTED' | 'FAILED' | 'REFUSED';
export const API_STATES: readonly ApiState[] = ['SCHEDULED', 'SUCCEEDED', 'INTERRUPTED', 'FAILED', 'REFUSED'];

export interface ApiRequest {
  action: string;
  command?: string;
  sessionId?: string;
  consumerId?: string;
  requestId?: string;
  /** milliseconds; the server accepts a number or a numeric string */
  execTimeout?: number | string;
  userId?: string;
}

export interface ApiResponse<B = unknown> {
  state: ApiState;
  message?: string;
  sessionId?: string;
  consumerId?: string;
  requestId?: string;
  body?: B;
}

export type JobStatus = 'READY' | 'RUNNING' | 'STOPPED' | 'TERMINATED';

export interface AsyncExecBody {
  command: string;
  jobId: number;
  jobStatus: JobStatus;
}

export interface ExecBody {
  command: string;
  jobId: number;
  jobStatus: JobStatus;
  timeExpired: boolean;
  timeout?: number;
  results: ArthasResult[];
}

export interface InterruptBody {
  jobId: number;
  jobStatus: JobStatus;
}

export interface SessionInfoBody {
  pid: number | string;
  createTime: number | string;
  lastAccessTime: number | string;
}

export type InputStatus = 'ALLOW_INPUT' | 'ALLOW_INTERRUPT' | 'DISABLED';

/** Every result carries a type and (usually) a jobId. Fields beyond these depend on the type. */
export interface ArthasResult {
  type: string;
  jobId?: number;
  [field: string]: unknown;
}

export interface InputStatusResult extends ArthasResult {
  type: 'input_status';
  inputStatus: InputStatus;
}
export interface CommandResult extends ArthasResult {
  type: 'command';
  command: string;
  state: ApiState;
  message?: string;
}
export interface StatusResult extends ArthasResult {
  type: 'status';
  statusCode: number;
  message?: string;
}
export interface MessageResult extends ArthasResult {
  type: 'message';
  message: string;
}
export interface WelcomeResult extends ArthasResult {
  type: 'welcome';
  pid?: string | number;
  time?: string;
  version?: string;
  wiki?: string;
  tutorials?: string;
  mainClass?: string;
}
export interface WatchResult extends ArthasResult {
  type: 'watch';
  /** epoch ms (3.x) or a date-time string (4.x) */
  ts: number | string;
  cost: number;
  /** JSON value (3.x) or object-view text (4.x) */
  value: unknown;
  sizeLimit?: number;
  expand?: number;
  className?: string;
  methodName?: string;
  accessPoint?: string;
}

/** The answer to exec is SUCCEEDED, or INTERRUPTED after execTimeout with this message. */
export const EXEC_TIMEOUT_MESSAGE = 'The job is exceeded time limit, force interrupt';
export const UNHEALTHY_INTERRUPT_MESSAGE = 'all consumers are unhealthy, current job was interrupted.';
/** Arthas answers a pull with at most this many results (ResultConsumerImpl). */
export const PULL_BATCH_LIMIT = 20;
/** Each consumer's queue holds this many results; when full, the oldest is dropped silently. */
export const CONSUMER_QUEUE_SIZE = 50;

export const INACTIVE_CONSUMER_MESSAGE = 'consumer is inactive for a while, please refresh the page.';

export function isInputStatus(r: ArthasResult): r is InputStatusResult {
  return r.type === 'input_status' && typeof r.inputStatus === 'string';
}
export function isCommandResult(r: ArthasResult): r is CommandResult {
  return r.type === 'command' && typeof r.command === 'string';
}
export function isStatusResult(r: ArthasResult): r is StatusResult {
  return r.type === 'status' && typeof r.statusCode === 'number';
}
export function isWelcome(r: ArthasResult): r is WelcomeResult {
  return r.type === 'welcome';
}

/** The JVM's time text (or 3.x epoch ms) a result carries: watch/stack `ts`, welcome `time`, the timestamp of a trace's thread, a tt record, a monitor cycle. */
export function jvmTimeOf(r: ArthasResult): unknown {
  if (r.ts !== undefined) return r.ts;
  if (r.type === 'welcome') return r.time;
  const first = (v: unknown): Record<string, unknown> | undefined => (Array.isArray(v) && typeof v[0] === 'object' && v[0] !== null ? (v[0] as Record<string, unknown>) : undefined);
  if (r.type === 'trace' && typeof r.root === 'object' && r.root !== null) return (r.root as Record<string, unknown>).timestamp;
  if (r.type === 'tt') return (first(r.timeFragmentList) ?? (r.timeFragment as Record<string, unknown> | undefined))?.timestamp;
  if (r.type === 'monitor') return first(r.monitorDataList)?.timestamp;
  return undefined;
}

/** Server time of a result in epoch ms, when it says one; 4.x local text needs the JVM's UTC offset. */
export function serverTimeOf(r: ArthasResult, utcOffsetMinutes: number | null | undefined): number | null {
  return jvmTimeToEpochMs(jvmTimeOf(r), utcOffsetMinutes);
}
