// What every area of the service shares: the database, its reader and writer, the host's options,
// and the event stream to the renderer.
import type { DeckEvent } from '../../shared/contract';
import type { EngineOptions } from '../arthas/session';
import type { Db } from '../recorder/db';
import type { RecordingReader } from '../recorder/recording-reader';
import type { RecordingWriter } from '../recorder/recording-writer';

/** Encrypts saved passwords (Electron: safeStorage). Without one, passwords live in memory only. */
export interface SecretBox {
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export interface McpEndpointControl {
  info(): { url: string; token: string; note?: string };
  renewToken(): Promise<{ url: string; token: string; note?: string }>;
}

export interface FileDialogs {
  /** 'file': a file of a JVM's (arthas-output/), any type */
  save(defaultName: string, kind: 'recording' | 'report' | 'file' | 'cast'): Promise<string | null>;
  open(kind: 'recording'): Promise<string | null>;
}

export interface ServiceOptions {
  db: Db;
  databasePath: string;
  mode: 'electron' | 'serve';
  version: string;
  secrets?: SecretBox;
  dialogs?: FileDialogs;
  /** how long results are gathered before they go to the views, ms */
  liveFlushMs?: number;
  /** files the OS asked the desktop app to open, waiting for the renderer */
  openedFiles?: { take(): string[] };
  /** the paths a window's call may name (files main handed out); without it, none */
  paths?: { allows(path: string): boolean };
  /** where SSH host keys and config are read (default ~/.ssh/known_hosts and ~/.ssh/config) */
  ssh?: { knownHostsFile?: string; configFile?: string };
  /** the MCP endpoint the host serves over HTTP, if any (shown to the user with its token; a new token on request) */
  mcpEndpoint?: () => McpEndpointControl | undefined;
  /** why the MCP endpoint the user turned on is not there (it failed to start), for the Assistant panel */
  mcpProblem?: () => string | undefined;
  /** the search indexer's pacing; false: no background indexing (search scans what is not indexed) */
  searchIndex?: false | { sliceMs?: number; busyShare?: number; pollMs?: number };
  /** engine settings for every tab (tests shorten the unreachable delay) */
  engine?: Pick<EngineOptions, 'unreachableAfterMs' | 'drainTimeoutMs' | 'backoffMs'>;
}

export interface ServiceContext {
  opts: ServiceOptions;
  db: Db;
  reader: RecordingReader;
  writer: RecordingWriter;
  emit(e: DeckEvent): void;
}
