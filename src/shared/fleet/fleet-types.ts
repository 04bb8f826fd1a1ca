// The fleet part of the contract: groups of targets, one command broadcast to all of them (or several
// jobs on one JVM), the members' sessions tied together as one recording set.

export interface GroupInfo {
  id: number;
  name: string;
  members: Array<{ targetId: number; name: string; url: string }>;
}

export type FleetMemberState = 'connecting' | 'running' | 'done' | 'failed' | 'closed';

export interface FleetMember {
  /** the member's name: its target's, or "job N" for several jobs on one JVM */
  member: string;
  targetId: number | null;
  recordingId: number | null;
  /** the live tab recording it, while the fleet runs */
  tabId: string | null;
  jobId: number | null;
  state: FleetMemberState;
  /** why it failed (down, credentials refused, the command refused) */
  error: string | null;
  results: number;
  /** events of its recording: gaps (results known lost) and possible-loss windows */
  gaps: number;
  possibleLosses: number;
}

export interface FleetInfo {
  id: number;
  name: string;
  command: string;
  groupId: number | null;
  startedAt: number;
  endedAt: number | null;
  members: FleetMember[];
  /** the fleet's sessions are still open */
  live: boolean;
}

/** A result of a fleet, in the merged order: by the JVM's time where known, else when received. */
export interface FleetResult {
  recordingId: number;
  member: string;
  pos: number;
  at: number;
  type: string;
  jobId: number | null;
  raw: string | null;
  /** a result too large for a view: its size (the full text stays stored) */
  bytes?: number;
}

/** Where a page of merged results ends: each member's last position in it (the next page starts after). */
export type FleetCursor = Array<{ recordingId: number; pos: number }>;
