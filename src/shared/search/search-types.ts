// The search part of the contract: what is asked, what comes back.
import type { Snippet } from './search-text';

export interface SearchQuery {
  /**
   * words, matched as a phrase in any case (a trailing * makes the last one a prefix; a query whose
   * words are found nowhere is tried again that way), or text with CJK or without words (a substring)
   */
  text: string;
  /** the last word may be the start of a longer one (the answer says when it was used) */
  prefix?: boolean;
  recordingId?: number;
  /** every recording of a fleet */
  fleetId?: number;
  /** part of the target's name */
  target?: string;
  /** result types (watch, trace, …) */
  types?: string[];
  /** received between from and to, ms since the epoch */
  from?: number;
  to?: number;
  limit?: number;
  /** the next page: hits older than this result id */
  before?: number;
  /** search this team library instead of this desktop's recordings */
  library?: number;
}

export interface SearchHit {
  /** the result's id in the database (for paging) */
  id: number;
  recordingId: number;
  recordingName: string | null;
  targetName: string;
  pos: number;
  type: string;
  receivedAt: number;
  jobId: number | null;
  snippet: Snippet;
}

export interface SearchAnswer {
  hits: SearchHit[];
  /** more hits past the last one: ask again with before = its id */
  more: boolean;
  /** results up to this id were answered by the index; newer ones by a scan */
  indexedUpto: number;
  /** results scanned outside the index for this answer */
  scanned: number;
  /** results this answer could not look at (the index is being built and the scan was capped) */
  unsearched: number;
  tookMs: number;
  /** the last word was taken as a prefix (asked for, or because the whole words were found nowhere) */
  prefix: boolean;
  /** jobs whose command line contains the text (first page only) */
  commands: Array<{ recordingId: number; jobId: number; command: string; recordingName: string | null; targetName: string; startedAt: number; pos: number | null }>;
}

export interface SearchIndexStatus {
  indexedUpto: number;
  /** results not in the index yet */
  pending: number;
  paused: boolean;
}
