// What the recorder stores and the UI reads back. Plain data, shared by main and renderer.
import type { EventKind, GapReason, ResultOrigin, TrackedJob } from '../session-events';

export type RecordingState = 'recording' | 'closed' | 'lost' | 'interrupted';

/** What describes a recording wherever it goes (the library, export file headers). */
export interface RecordingMeta {
  name: string | null;
  tags: string[];
  targetName: string;
  targetUrl: string;
  arthasSessionId: string | null;
  arthasVersion: string | null;
  pid: string | null;
  mainClass: string | null;
  startedAt: number;
  endedAt: number | null;
  state: RecordingState;
}

export interface RecordingSummary extends RecordingMeta {
  id: number;
  source: 'live' | 'import';
  resultCount: number;
  byteCount: number;
  commands: string[];
  recordingError: string | null;
  /** the fleet it is part of (a broadcast to a group, or several jobs on one JVM), and its member there */
  fleetId: number | null;
  fleetMember: string | null;
}

export interface StoredResult {
  /** 1-based position in its recording */
  pos: number;
  jobId: number | null;
  type: string;
  origin: ResultOrigin;
  receivedAt: number;
  serverTime: number | null;
  /** the result's JSON exactly as the server sent it */
  raw: string;
}

export interface StoredEvent {
  id: number;
  at: number;
  kind: EventKind;
  gapReason: GapReason | null;
  message: string;
  data: Record<string, unknown> | null;
}

export type StoredJob = TrackedJob;

export interface ResultPage {
  results: StoredResult[];
  /** more results exist before the first / after the last of this page */
  hasBefore: boolean;
  hasAfter: boolean;
}

export interface RecordingFilter {
  text?: string;
  state?: RecordingState;
  targetName?: string;
  from?: number;
  to?: number;
  limit?: number;
}
