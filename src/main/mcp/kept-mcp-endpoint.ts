// The desktop app's MCP endpoint over HTTP keeps its port and token from one start to the next, so
// an assistant set up once with the panel's URL and token keeps working after a restart. The token
// is kept only sealed by the keychain (safeStorage); without one it is new at every start and the
// panel says so. A new port only when the kept one is taken; a new token when the user asks.
import type { SecretBox } from '../api/service-context';
import type { DeckBackend } from './deck-mcp-server';
import { newMcpToken, startMcpHttp, type McpHttp } from './mcp-http';

/** where the endpoint is kept: the settings table (key mcp.endpoint) */
export interface KeptSettings {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export const MCP_ENDPOINT_KEY = 'mcp.endpoint';

interface Kept {
  port?: number;
  /** the token sealed by the keychain, base64 */
  sealedToken?: string;
}

/** What the panel shows: the URL, the token, and why either changed since the last start. */
export interface McpEndpointInfo {
  url: string;
  token: string;
  note?: string;
}

export interface KeptMcpEndpoint {
  info(): McpEndpointInfo;
  /** a new token, kept; the old one is refused from now on */
  renewToken(): Promise<McpEndpointInfo>;
  close(): Promise<void>;
}

function readKept(v: unknown): Kept {
  if (typeof v !== 'object' || v === null) return {};
  const o = v as Record<string, unknown>;
  return {
    port: Number.isInteger(o.port) && (o.port as number) > 0 && (o.port as number) < 65536 ? (o.port as number) : undefined,
    sealedToken: typeof o.sealedToken === 'string' ? o.sealedToken : undefined,
  };
}

function unseal(secrets: SecretBox | undefined, sealed: string | undefined): string | undefined {
  if (!sealed || !secrets?.available()) return undefined;
  try {
    return secrets.decrypt(Buffer.from(sealed, 'base64'));
  } catch {
    return undefined;
  }
}

export async function startKeptMcpEndpoint(deck: DeckBackend, opts: { version: string; settings: KeptSettings; secrets?: SecretBox }): Promise<KeptMcpEndpoint> {
  const kept = readKept(await opts.settings.get(MCP_ENDPOINT_KEY));
  const notes: string[] = [];
  const keychain = !!opts.secrets?.available();
  let token = unseal(opts.secrets, kept.sealedToken);
  if (!token) {
    if (!keychain) notes.push('No keychain to keep the token in: it is new at every start.');
    else if (kept.sealedToken) notes.push('The kept token could not be read back from the keychain: this is a new one.');
    token = newMcpToken();
  }
  let http: McpHttp;
  try {
    http = await startMcpHttp(deck, { version: opts.version, port: kept.port, token });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || kept.port === undefined) throw e;
    http = await startMcpHttp(deck, { version: opts.version, token });
    notes.push(`Port ${kept.port} was taken by another program: the endpoint moved to port ${http.port}.`);
  }
  const save = (): Promise<void> =>
    opts.settings.set(MCP_ENDPOINT_KEY, { port: http.port, ...(keychain ? { sealedToken: opts.secrets!.encrypt(http.token).toString('base64') } : {}) });
  await save();
  let note = notes.join(' ') || undefined;
  const info = (): McpEndpointInfo => ({ url: http.url, token: http.token, ...(note ? { note } : {}) });
  return {
    info,
    async renewToken() {
      http.renewToken();
      note = keychain ? undefined : 'No keychain to keep the token in: it is new at every start.';
      await save();
      return info();
    },
    close: () => http.close(),
  };
}
