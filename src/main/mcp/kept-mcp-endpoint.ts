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

/** Whether the keychain can be used: one that throws when asked is none (it is said so, the app starts). */
function keychainUsable(secrets: SecretBox | undefined): boolean {
  try {
    return !!secrets?.available();
  } catch {
    return false;
  }
}

function unseal(secrets: SecretBox | undefined, sealed: string | undefined): string | undefined {
  if (!sealed || !secrets || !keychainUsable(secrets)) return undefined;
  try {
    return secrets.decrypt(Buffer.from(sealed, 'base64'));
  } catch {
    return undefined;
  }
}

export interface KeptEndpointOptions {
  version: string;
  settings: KeptSettings;
  secrets?: SecretBox;
  /** how the server is started (the tests make a listen fail as a reserved port does) */
  start?: typeof startMcpHttp;
}

export async function startKeptMcpEndpoint(deck: DeckBackend, opts: KeptEndpointOptions): Promise<KeptMcpEndpoint> {
  const start = opts.start ?? startMcpHttp;
  const kept = readKept(await opts.settings.get(MCP_ENDPOINT_KEY));
  const notes: string[] = [];
  let keychain = keychainUsable(opts.secrets);
  let token = unseal(opts.secrets, kept.sealedToken);
  if (!token) {
    if (!keychain) notes.push('No keychain to keep the token in: it is new at every start.');
    else if (kept.sealedToken) notes.push('The kept token could not be read back from the keychain: this is a new one.');
    token = newMcpToken();
  }
  let http: McpHttp;
  try {
    http = await start(deck, { version: opts.version, port: kept.port, token });
  } catch (e) {
    // any listen error on the kept port (taken: EADDRINUSE; reserved by Windows for Hyper-V, WSL2 or
    // Docker at this boot: EACCES) moves the endpoint to a fresh port, said in the panel
    if (kept.port === undefined) throw e;
    http = await start(deck, { version: opts.version, token });
    const code = (e as NodeJS.ErrnoException).code;
    notes.push(
      code === 'EADDRINUSE'
        ? `Port ${kept.port} was taken by another program: the endpoint moved to port ${http.port}.`
        : `Port ${kept.port} could not be used (${code ?? (e as Error).message}; Windows reserves ranges of ports at each boot for Hyper-V, WSL2 and Docker): the endpoint moved to port ${http.port}.`,
    );
  }
  const sealed = (): { sealedToken?: string } => {
    if (!keychain) return {};
    try {
      return { sealedToken: opts.secrets!.encrypt(http.token).toString('base64') };
    } catch (e) {
      keychain = false;
      notes.push(`The keychain refused to keep the token (${(e as Error).message}): it is new at every start.`);
      note = notes.join(' ');
      return {};
    }
  };
  const save = (): Promise<void> => opts.settings.set(MCP_ENDPOINT_KEY, { port: http.port, ...sealed() });
  let note: string | undefined;
  await save();
  note = notes.join(' ') || undefined;
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
