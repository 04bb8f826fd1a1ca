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
  /** a recording of Arthas's own terminal (its results are its frames) */
  terminal?: boolean;
  source: 'live' | 'import';
  resultCount: number;
  byteCount: number;
  commands: string[];
  recordingError: string | null;
  /** the fleet it is part of (a broadcast to a group, or several jobs on one JVM), and its member there */
  fleetId: number | null;
  fleetMember: string | null;
  /** who ran its commands (the deck's user, sent to Arthas as userId), when known */
  runBy?: string | null;
  /** a recording of a team library: where it is and who put it there */
  library?: LibraryFacts;
}

/** What a team library knows of one of its recordings. */
export interface LibraryFacts {
  /** the library it is in (this desktop's id for that library) */
  libraryId: number;
  team: string;
  /** 'published' by a person; 'capture': shipped live by a headless recorder (its team's retention applies) */
  kind: 'published' | 'capture';
  publishedBy: string;
  publishedAt: number;
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
  /** read from this team library instead of this desktop's recordings */
  library?: number;
  text?: string;
  state?: RecordingState;
  targetName?: string;
  from?: number;
  to?: number;
  limit?: number;
}
