// The whole API between the renderer and the main process. Change it here first, then both sides.
// Transport: Electron IPC (preload) or a WebSocket on 127.0.0.1 (serve mode, browser tests).
import type { RecordingFilter, RecordingSummary, ResultPage, StoredEvent, StoredJob } from './recording/types';
import type { OutputEntry } from './arthas/output-files';
import type { ProfileComparison } from './profile/profile-compare';
import type { MaskRule } from './recording/format';
import type { ResultOrigin, SessionEvent, SessionSnapshot, TrackedJob } from './session-events';
import type { DiffOptions, WatchDiff } from './diff/watch-diff';
import type { SearchAnswer, SearchIndexStatus, SearchQuery } from './search/search-types';
import type { CostSeries } from './charts/cost-series';
import type { FleetComparison } from './diff/fleet-compare';
import type { FleetCursor, FleetInfo, FleetResult, GroupInfo } from './fleet/fleet-types';
import type { AuditQuery, AuditRow, LibraryInfo, LibraryInput, LibraryStatusInfo, PublishRequest, PublishResult } from './library/library-types';

/** The most points a cost-over-time chart gets (the newest calls). */
export const COST_SERIES_LIMIT = 200_000;

/** How the deck reaches a target's Arthas port: directly, through SSH, or through a command it runs. */
export type TargetRoute =
  /** url is the Arthas address as seen from the SSH host; destination is user@host[:port] or a ~/.ssh/config alias */
  | { kind: 'ssh'; destination: string; identityFile?: string; agent?: boolean }
  /** e.g. `kubectl -n NS port-forward pod/P {port}:8563`: {port} is a free local port */
  | { kind: 'command'; command: string };

/** The error kind of an SSH host key seen for the first time: the user may accept its fingerprint. */
export const HOST_KEY_UNKNOWN = 'host-key-unknown';
/** The SHA256 fingerprint a host-key message names. */
export function fingerprintIn(message: string): string | null {
  return /(SHA256:[A-Za-z0-9+/]+)/.exec(message)?.[1] ?? null;
}

/** Where an assistant reaches the desktop app's MCP server over HTTP; note: why the port or token changed */
export interface McpEndpoint {
  url: string;
  token: string;
  note?: string;
}

export interface TargetInfo {
  id: number;
  name: string;
  /** never with credentials */
  url: string;
  username: string | null;
  hasPassword: boolean;
  hasSshPassword: boolean;
  route: TargetRoute | null;
}

export interface TargetInput {
  id?: number;
  name: string;
  url: string;
  username?: string | null;
  /** undefined: keep the saved one; null or '': forget it */
  password?: string | null;
  /** undefined: keep; null: direct */
  route?: TargetRoute | null;
  /** the SSH password, when no key or agent is used; undefined: keep the saved one; null or '': forget it */
  sshPassword?: string | null;
}

export interface ConnectionCheck {
  ok: boolean;
  /** refused / timeout / unreachable / not-arthas / auth / bad-url / api */
  kind?: string;
  message: string;
  version?: string;
}

/** A Java process of this machine, as local discovery sees it. */
export interface LocalJvm {
  pid: number;
  /** main class, or the jar given with -jar */
  main: string;
  user: string;
  /** this user may attach to it (same user, or root) */
  attachable: boolean;
  /** the JVM's own java binary, where it can be read */
  javaBinary?: string;
  /** the program's arguments (after the main class or jar), as one line */
  args?: string;
  /** the Java version of that binary (its JDK's release file), e.g. 17.0.15 */
  javaVersion?: string;
  /** it runs as the user the deck runs as */
  mine?: boolean;
  /** a saved target already points at the Arthas attached to it */
  target?: string;
  /** an Arthas already attached, answering its HTTP API on 127.0.0.1 */
  arthas?: { port: number; version: string };
}

/** An SSH host to list or attach JVMs on: user@host[:port] or a ~/.ssh/config alias. */
export interface SshHostArg {
  destination: string;
  identityFile?: string;
  /** the fingerprint of an unknown host key the user accepted */
  acceptHostKey?: string;
}

export type AttachStep = 'finding the JVM' | 'loading the agent' | 'waiting for the HTTP API';
export const ATTACH_STEPS: readonly AttachStep[] = ['finding the JVM', 'loading the agent', 'waiting for the HTTP API'];
/** The steps of opening an SSH route (each hop of a ProxyJump chain connects and checks its key). */
export type SshStep = 'connecting' | 'checking the host key' | 'forwarding the port';
export const SSH_STEPS: readonly SshStep[] = ['connecting', 'checking the host key', 'forwarding the port'];

export interface TabInfo {
  tabId: string;
  targetId: number;
  targetName: string;
  recordingId: number;
  observer: boolean;
  snapshot: SessionSnapshot;
  jobs: TrackedJob[];
  recordingError: string | null;
  /** the fleet this tab records for (a broadcast, or another job on the same JVM) */
  fleetId?: number | null;
}

/** Arthas's own terminal beside a tab (the web console's /ws through the tab's route), recorded on its own. */
export interface TerminalInfo {
  terminalId: string;
  tabId: string;
  targetName: string;
  /** the terminal's own recording (its frames, what was typed, resizes) */
  recordingId: number;
  state: 'connecting' | 'open' | 'unreachable' | 'closed';
  /** when it came to this state */
  since: number;
  message: string;
  recordingError: string | null;
}

/** A result on its way to a view. Very large results come as a preview; the full text stays in the database. */
export interface LiveResult {
  /** position in the recording, null when it could not be stored */
  pos: number | null;
  type: string;
  jobId: number | null;
  origin: ResultOrigin;
  receivedAt: number;
  /** the raw JSON, or null when truncated */
  raw: string | null;
  truncated?: { bytes: number; preview: string };
}

/** Results larger than this go to views as a preview only. */
export const LIVE_RESULT_LIMIT = 512 * 1024;

export interface ExportRequest {
  recordingId: number;
  jobs?: number[];
  from?: number;
  to?: number;
  mask?: MaskRule[];
  /** a path chosen by the user; the desktop app asks with a dialog when missing */
  path?: string;
  /** names the work for its progress events and tasks.cancel */
  taskId?: string;
  /** an .arthasrec file (default), one self-contained .html page that replays it offline, or (a terminal's recording) an asciicast v2 .cast file asciinema plays */
  format?: 'arthasrec' | 'html' | 'cast';
}

/** How far long work got (import, export): done of total in its unit, since startedAt. */
export interface TaskProgress {
  taskId: string;
  what: 'import' | 'export' | 'index' | 'attach' | 'connect' | 'diff' | 'compare' | 'publish' | 'download';
  /** what it is doing now: a phase of work, or the step of an attach or a connection */
  phase: 'checking' | 'writing' | 'indexing' | 'comparing' | AttachStep | SshStep;
  /** what the work is about, for the user (a JVM, a target) */
  subject?: string;
  done: number;
  total: number | null;
  unit: 'results' | 'bytes' | 'steps';
  startedAt: number;
}

export interface WatchRunRef {
  recordingId: number;
  jobId: number;
  /** the recording is in this team library (not on this desktop) */
  library?: number;
}

/** Every request: its argument and its answer. */
export interface DeckRequests {
  /** mcp: the MCP endpoint this app serves over HTTP, when the user turned it on (setting mcp.http) */
  /** passwordsEncrypted: a real system keychain keeps saved passwords; false: they stay in memory only */
  /** mcpProblem: the endpoint the user turned on could not start (why, in words) */
  'app.info': { args: Record<string, never>; result: { version: string; platform: string; databasePath: string; mode: 'electron' | 'serve'; mcp?: McpEndpoint; mcpProblem?: string; passwordsEncrypted: boolean } };
  /** a new token for the MCP endpoint over HTTP (the old one is refused from now on); kept for the next start */
  'mcp.newToken': { args: Record<string, never>; result: McpEndpoint };
  /** recordings the OS asked the app to open before the renderer listened (double-click while closed) */
  'app.takeOpenedFiles': { args: Record<string, never>; result: string[] };
  'targets.list': { args: Record<string, never>; result: TargetInfo[] };
  'targets.save': { args: TargetInput; result: TargetInfo };
  'targets.remove': { args: { id: number }; result: void };
  'targets.check': { args: { id?: number; url?: string; username?: string | null; password?: string | null; route?: TargetRoute | null; acceptHostKey?: string }; result: ConnectionCheck };
  /** the Java processes of this machine (jps-like, works with a JRE) */
  /** ssh: the JVMs of that SSH host instead, listed through the connection */
  'jvms.list': { args: { ssh?: SshHostArg }; result: LocalJvm[] };
  /** attaches Arthas to a JVM (or uses the one attached) and saves it as a target, ready to open; ssh: on that host */
  'jvms.attach': { args: { pid: number; arthasHome?: string; ssh?: SshHostArg; taskId?: string }; result: { target: TargetInfo; version: string; reused: boolean } };
  'tabs.list': { args: Record<string, never>; result: TabInfo[] };
  /** acceptHostKey: the fingerprint of an unknown SSH host key the user accepted */
  'tabs.open': { args: { targetId: number; joinSessionId?: string; autoNewSession?: boolean; acceptHostKey?: string; taskId?: string }; result: TabInfo };
  'tabs.close': { args: { tabId: string }; result: void };
  'tabs.run': { args: { tabId: string; command: string }; result: { jobId: number } };
  'tabs.exec': { args: { tabId: string; command: string; execTimeout?: number }; result: { jobId: number; state: string } };
  /** Tab in the command bar past names and options: classes (sc) and methods (sm) the target has, asked outside the tab's session */
  'tabs.complete': { args: { tabId: string; input: string }; result: Array<{ text: string; hint: string }> };
  /** an observer tab's job is the owner's: interrupting it needs ownerConfirmed (the user said yes) */
  'tabs.interrupt': { args: { tabId: string; ownerConfirmed?: boolean }; result: void };
  'tabs.bookmark': { args: { tabId: string; note: string }; result: void };
  /** an AI assistant's tool call or answer, written into the tab's recording as the assistant's */
  'tabs.note': { args: { tabId: string; message: string; data?: Record<string, unknown> }; result: void };
  'history.list': { args: { targetId: number }; result: string[] };
  'recordings.list': { args: RecordingFilter; result: RecordingSummary[] };
  /** every recordings.* call answers an id that does not exist with a not-found error ("No recording #N.") */
  /** the reads of a recording take `library` to read one of that team library instead of this desktop's */
  'recordings.get': { args: { id: number; library?: number }; result: RecordingSummary };
  'recordings.page': { args: { id: number; library?: number; after?: number; before?: number; limit?: number; jobId?: number; types?: string[] }; result: { page: ResultPage; results: LiveResult[] } };
  'recordings.result': { args: { id: number; library?: number; pos: number }; result: string | null };
  'recordings.jobs': { args: { id: number; library?: number }; result: StoredJob[] };
  'recordings.events': { args: { id: number; library?: number }; result: StoredEvent[] };
  'recordings.stats': { args: { id: number; library?: number }; result: { byType: Record<string, number>; byJob: Record<number, number>; first: number | null; last: number | null; lastPos: number } };
  /** a watch job's cost over time, exceptions marked (at most COST_SERIES_LIMIT points, the newest) */
  'recordings.costSeries': { args: { id: number; library?: number; jobId: number }; result: CostSeries };
  'recordings.posAtTime': { args: { id: number; library?: number; at: number }; result: number };
  'recordings.rename': { args: { id: number; name: string }; result: void };
  'recordings.tag': { args: { id: number; tags: string[] }; result: void };
  'recordings.delete': { args: { id: number }; result: void };
  'recordings.bookmark': { args: { id: number; at: number; note: string }; result: void };
  'recordings.previewMask': { args: { id: number; mask: MaskRule[]; jobs?: number[]; from?: number; to?: number }; result: { results: number; matches: number; elsewhere: number } };
  /** in a browser (serve mode) the file is offered as a download: `download` names it for GET /download/<id> */
  'recordings.export': { args: ExportRequest; result: { path: string; results: number; masked: number; bytes: number; download?: string; name: string } | null };
  /** a fleet file imports as a fleet (fleetId) of recordings, the first one's id given */
  'recordings.import': { args: { path?: string; taskId?: string }; result: { recordingId: number; results: number; fleetId?: number } | null };
  /** stops long work (import, export) named by its taskId: nothing of it is kept */
  'tasks.cancel': { args: { taskId: string }; result: void };
  /** full-text search over every recording (newest first, paged by `before`) */
  'search.results': { args: SearchQuery; result: SearchAnswer };
  'search.status': { args: Record<string, never>; result: SearchIndexStatus };
  /** resumes building the index after its task was cancelled */
  'search.build': { args: Record<string, never>; result: void };
  'diff.watch': { args: { left: WatchRunRef; right: WatchRunRef; options?: Partial<DiffOptions>; taskId?: string }; result: WatchDiff };
  'diff.exportHtml': { args: { left: WatchRunRef; right: WatchRunRef; options?: Partial<DiffOptions>; path?: string }; result: { path: string; download?: string; name: string } | null };
  'groups.list': { args: Record<string, never>; result: GroupInfo[] };
  'groups.save': { args: { id?: number; name: string; targetIds: number[] }; result: GroupInfo };
  'groups.remove': { args: { id: number }; result: void };
  /** one command on every member of a group (or on the targets given), each in its own recorded session */
  'fleets.run': { args: { groupId?: number; targetIds?: number[]; command: string; name?: string }; result: FleetInfo };
  /** another job on the JVM of a tab, in a session of its own: the tab's fleet (made if needed) gains a member */
  'fleets.addJob': { args: { tabId: string; command: string }; result: FleetInfo };
  'fleets.list': { args: { limit?: number }; result: FleetInfo[] };
  'fleets.get': { args: { id: number }; result: FleetInfo };
  'fleets.interrupt': { args: { id: number }; result: void };
  'fleets.close': { args: { id: number }; result: void };
  /**
   * the members' results merged on one timeline, oldest first; optionally some members only.
   * `since`: what came after each member's position (a page's `next`, or, live, the last one seen)
   */
  'fleets.page': { args: { id: number; since?: FleetCursor; limit?: number; members?: string[] }; result: { results: FleetResult[]; next: FleetCursor | null } };
  /** the members' watch runs compared: N-way diff (the first watch job of each member, or jobs named) */
  'fleets.compare': { args: { id: number; taskId?: string }; result: FleetComparison };
  /** the members' newest profiles compared N ways: the methods where one member stands out first; refs: each compared member's profile (recording, job) */
  'fleets.compareProfiles': { args: { id: number; limit?: number }; result: ProfileComparison & { refs: Array<{ recordingId: number; jobId: number }>; missing: string[] } };
  /** the fleet as one .arthasrec file (every member's recording; masking rules as for a recording) */
  'fleets.export': { args: { id: number; path?: string; taskId?: string; mask?: MaskRule[] }; result: { path: string; results: number; masked: number; bytes: number; download?: string; name: string } | null };
  'fleets.exportHtml': { args: { id: number; path?: string }; result: { path: string; download?: string; name: string } | null };
  /** team libraries (PostgreSQL) this desktop knows; a password is kept by the keychain */
  'libraries.list': { args: Record<string, never>; result: LibraryInfo[] };
  'libraries.save': { args: LibraryInput; result: LibraryInfo };
  'libraries.remove': { args: { id: number }; result: void };
  /** connects (making or migrating the schema when this user may) and says who is connected and what they may do */
  'libraries.connect': { args: { id: number }; result: LibraryStatusInfo };
  /** a recording (or a selection, masked) or a whole fleet into the library, with progress and cancel; one copy of the same content */
  'libraries.publish': { args: PublishRequest; result: PublishResult };
  /** who ran what, on which JVM, when, and what came back, across the teams this user is in */
  'libraries.audit': { args: AuditQuery & { id: number }; result: AuditRow[] };
  /** removes a recording from the library (a publisher of its team) */
  'libraries.deleteRecording': { args: { id: number; recordingId: number }; result: void };
  /** opens Arthas's own terminal beside a tab, through its route; recorded as a recording of its own */
  'terminals.open': { args: { tabId: string; cols: number; rows: number }; result: TerminalInfo };
  /** the terminals open now (a window that reloads picks them up again) */
  'terminals.list': { args: Record<string, never>; result: TerminalInfo[] };
  /** keystrokes as the terminal sends them (false: not connected now, nothing was sent) */
  'terminals.input': { args: { terminalId: string; data: string }; result: boolean };
  'terminals.resize': { args: { terminalId: string; cols: number; rows: number }; result: void };
  /** the window drew this much of the output (flow control: main reads on while the window keeps up) */
  'terminals.drawn': { args: { terminalId: string; chars: number }; result: void };
  'terminals.close': { args: { terminalId: string }; result: void };
  /** the files in arthas-output/ of the recording's JVM (its open tab's route, else its target's): none before Arthas writes one */
  'outputFiles.list': { args: { recordingId: number; folder?: string }; result: { entries: OutputEntry[] } };
  /** one of them to disk: the save dialog's choice (serve mode: a download), progress in bytes, tasks.cancel stops it and keeps nothing */
  'outputFiles.download': { args: { recordingId: number; name: string; path?: string; taskId?: string }; result: { path: string; name: string; bytes: number; download?: string } | null };
  'settings.get': { args: { key: string }; result: unknown };
  'settings.set': { args: { key: string; value: unknown }; result: void };
}

export type DeckMethod = keyof DeckRequests;
export type DeckArgs<M extends DeckMethod> = DeckRequests[M]['args'];
export type DeckResult<M extends DeckMethod> = DeckRequests[M]['result'];

/** What main pushes to the renderer. */
export type DeckEvent =
  | { type: 'tab.results'; tabId: string; recordingId: number; results: LiveResult[] }
  | { type: 'tab.snapshot'; tabId: string; snapshot: SessionSnapshot }
  | { type: 'tab.job'; tabId: string; job: TrackedJob }
  | { type: 'tab.event'; tabId: string; event: SessionEvent }
  | { type: 'tab.closed'; tabId: string }
  /** a terminal's output, already recorded */
  | { type: 'terminal.output'; terminalId: string; data: string }
  | { type: 'terminal.state'; terminal: TerminalInfo }
  | { type: 'recordings.changed' }
  | { type: 'task.progress'; progress: TaskProgress }
  | { type: 'task.done'; taskId: string; ok: boolean }
  | { type: 'search.index'; status: SearchIndexStatus }
  | { type: 'fleet.changed'; fleet: FleetInfo }
  /** a tab main opened by itself (a fleet's member): the views add it */
  | { type: 'tabs.opened'; tab: TabInfo }
  | { type: 'app.openFile'; path: string }
  /** a recording of a team library appeared, grew or ended (its team's NOTIFY) */
  | { type: 'library.changed'; libraryId: number; recordingId: number };

/** The failure shape both transports carry: the message is meant for the user. */
export interface DeckErrorShape {
  message: string;
  kind?: string;
}

/** The client side of the contract, as the renderer sees it. */
export interface DeckClient {
  call<M extends DeckMethod>(method: M, args: DeckArgs<M>): Promise<DeckResult<M>>;
  on(listener: (event: DeckEvent) => void): () => void;
  /** a file chosen in the page (file picker, drop): imported whatever the transport (a path, or an upload) */
  importFile?(file: File, taskId?: string): Promise<{ recordingId: number; results: number } | null>;
  /** where the browser fetches a file an export offered as a download */
  downloadUrl?(id: string): string;
  /** a transport that can drop and come back tells its state (serve mode's WebSocket) */
  onConnection?(listener: (state: ConnectionState) => void): () => void;
}

/** A connection to main that can drop and come back (serve mode's WebSocket). */
export type ConnectionState = 'connected' | 'disconnected' | 'reconnected';
