// The desktop app's MCP endpoint over HTTP keeps its port and token across starts (the token sealed
// by the keychain), moves port only when the kept one is taken, and renews the token on request.
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeckService, type SecretBox } from '../../src/main/api/deck-service';
import { keychain, noKeychain } from '../support/keychain';
import { MCP_ENDPOINT_KEY, startKeptMcpEndpoint, type KeptMcpEndpoint, type KeptSettings } from '../../src/main/mcp/kept-mcp-endpoint';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { AppMcpEndpoint } from '../../src/main/mcp/app-mcp-endpoint';
import { startMcpHttp } from '../../src/main/mcp/mcp-http';
import { tempDir } from '../support/temp-dir';

/** An MCP initialize over HTTP: the status says whether the token was accepted. */
async function initializeStatus(url: string, token: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'test', version: '1' } } }),
  });
  await res.text();
  return res.status;
}

let dir: ReturnType<typeof tempDir>;
let db: Db;
let deck: DeckService;
let settings: KeptSettings;
const open: KeptMcpEndpoint[] = [];
beforeEach(() => {
  dir = tempDir();
  db = openDatabase(dir.file('deck.db'));
  deck = new DeckService({ db, databasePath: dir.file('deck.db'), mode: 'electron', version: 'test', searchIndex: false });
  settings = { get: (key) => deck.call('settings.get', { key }), set: async (key, value) => void (await deck.call('settings.set', { key, value })) };
});
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
  await deck.shutdown();
  db.close();
  dir.remove();
});
async function start(secrets: SecretBox): Promise<KeptMcpEndpoint> {
  const e = await startKeptMcpEndpoint(deck, { version: 'test', settings, secrets });
  open.push(e);
  return e;
}
async function restart(e: KeptMcpEndpoint, secrets: SecretBox): Promise<KeptMcpEndpoint> {
  await e.close();
  open.splice(open.indexOf(e), 1);
  return start(secrets);
}

describe('the MCP endpoint over HTTP is kept from one start to the next', () => {
  it('the same URL and token after a restart; the token is kept only sealed', async () => {
    const box = keychain();
    const first = await start(box);
    const { url, token } = first.info();
    expect(await initializeStatus(url, token)).toBe(200);
    const kept = (await settings.get(MCP_ENDPOINT_KEY)) as { port: number; sealedToken: string };
    expect(kept.port).toBe(Number(new URL(url).port));
    expect(JSON.stringify(kept)).not.toContain(token);
    expect(box.decrypt(Buffer.from(kept.sealedToken, 'base64'))).toBe(token);
    const second = await restart(first, box);
    expect(second.info()).toEqual({ url, token });
    expect(await initializeStatus(url, token)).toBe(200);
  });

  it('a new token on request: the old one is refused at once, the new one kept for the next start', async () => {
    const box = keychain();
    const e = await start(box);
    const old = e.info().token;
    const renewed = await e.renewToken();
    expect(renewed.token).not.toBe(old);
    expect(renewed.url).toBe(e.info().url);
    expect(await initializeStatus(renewed.url, old)).toBe(401);
    expect(await initializeStatus(renewed.url, renewed.token)).toBe(200);
    const again = await restart(e, box);
    expect(again.info().token).toBe(renewed.token);
  });

  it('the contract asks for a new token through mcp.newToken', async () => {
    const box = keychain();
    const e = await start(box);
    const d = new DeckService({ db, databasePath: dir.file('deck.db'), mode: 'electron', version: 'test', searchIndex: false, mcpEndpoint: () => e });
    const before = (await d.call<'app.info'>('app.info', {})).mcp!;
    const after = await d.call<'mcp.newToken'>('mcp.newToken', {});
    expect(after.token).not.toBe(before.token);
    expect((await d.call<'app.info'>('app.info', {})).mcp!.token).toBe(after.token);
    await expect(deck.call('mcp.newToken', {})).rejects.toThrow(/not served over HTTP/);
    await d.shutdown();
  });

  it('the kept port taken by another program: a new port, said as such; the token stays', async () => {
    const box = keychain();
    const first = await start(box);
    const { url, token } = first.info();
    const port = Number(new URL(url).port);
    await first.close();
    open.splice(0);
    const squatter = http.createServer((_q, r) => r.end('not the deck'));
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', () => r()));
    try {
      const moved = await start(box);
      const info = moved.info();
      expect(info.token).toBe(token);
      expect(Number(new URL(info.url).port)).not.toBe(port);
      expect(info.note).toBe(`Port ${port} was taken by another program: the endpoint moved to port ${new URL(info.url).port}.`);
      expect(await initializeStatus(info.url, token)).toBe(200);
      expect(((await settings.get(MCP_ENDPOINT_KEY)) as { port: number }).port).toBe(Number(new URL(info.url).port));
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });

  it('without a keychain the token is not kept (new at every start) and the panel is told why', async () => {
    const first = await start(noKeychain);
    const a = first.info();
    expect(a.note).toMatch(/No keychain/);
    expect((await settings.get(MCP_ENDPOINT_KEY)) as object).not.toHaveProperty('sealedToken');
    const second = await restart(first, noKeychain);
    const b = second.info();
    expect(b.url).toBe(a.url);
    expect(b.token).not.toBe(a.token);
  });

  it('a keychain that can no longer read the kept token (keychain changed): a new token, said as such', async () => {
    const first = await start(keychain());
    const old = first.info();
    const second = await restart(first, keychain());
    expect(second.info().url).toBe(old.url);
    expect(second.info().token).not.toBe(old.token);
    expect(second.info().note).toMatch(/could not be read back/);
  });
});

describe('the MCP endpoint never stops the app (#37.2)', () => {
  it('a listen error other than "taken" on the kept port (Windows reserves port ranges: EACCES) moves it to a fresh port, said in the panel', async () => {
    const first = await start(keychain());
    const keptPort = Number(new URL(first.info().url).port);
    await first.close();
    open.splice(open.indexOf(first), 1);
    // the kept port refused as a reserved one is, by the OS, on the first try only
    const e = await startKeptMcpEndpoint(deck, {
      version: 'test',
      settings,
      secrets: keychain(),
      start: async (d, o) => {
        if (o.port === keptPort) throw Object.assign(new Error(`listen EACCES: permission denied 127.0.0.1:${keptPort}`), { code: 'EACCES' });
        return startMcpHttp(d, o);
      },
    });
    open.push(e);
    expect(Number(new URL(e.info().url).port)).not.toBe(keptPort);
    expect(e.info().note).toMatch(new RegExp(`Port ${keptPort} could not be used \\(EACCES; Windows reserves`));
    expect(await initializeStatus(e.info().url, e.info().token)).toBe(200);
    expect(((await settings.get(MCP_ENDPOINT_KEY)) as { port: number }).port).toBe(Number(new URL(e.info().url).port));
  });

  it('a keychain that throws when asked to seal: the endpoint starts, the token is not kept, the panel says why', async () => {
    const throwing: SecretBox = { available: () => true, encrypt: () => { throw new Error('The user denied access to the keychain'); }, decrypt: () => '' };
    const e = await start(throwing);
    expect(await initializeStatus(e.info().url, e.info().token)).toBe(200);
    expect(e.info().note).toMatch(/The keychain refused to keep the token \(The user denied access to the keychain\)/);
    expect(JSON.stringify(await settings.get(MCP_ENDPOINT_KEY))).not.toContain(e.info().token);
  });

  it('a keychain whose availability check throws is none: the endpoint starts, a new token each start', async () => {
    const broken: SecretBox = { available: () => { throw new Error('no D-Bus session'); }, encrypt: () => Buffer.alloc(0), decrypt: () => '' };
    const e = await start(broken);
    expect(await initializeStatus(e.info().url, e.info().token)).toBe(200);
    expect(e.info().note).toMatch(/No keychain to keep the token in/);
  });

  it('an endpoint that cannot start at all is the Assistant panel\'s problem to show, and every other call still works', async () => {
    const mcp = new AppMcpEndpoint();
    const failing = async (): Promise<never> => { throw Object.assign(new Error('listen EACCES: permission denied 127.0.0.1:0'), { code: 'EACCES' }); };
    await mcp.start(deck, { version: 'test', settings, secrets: keychain(), start: failing });
    expect(mcp.endpoint).toBeUndefined();
    const withPanel = new DeckService({ db, databasePath: dir.file('deck.db'), mode: 'electron', version: 'test', searchIndex: false, mcpEndpoint: () => mcp.endpoint, mcpProblem: () => mcp.problem });
    try {
      const info = await withPanel.call<'app.info'>('app.info', {});
      expect(info.mcp).toBeUndefined();
      expect(info.mcpProblem).toMatch(/^The MCP endpoint over HTTP could not start: listen EACCES: permission denied 127\.0\.0\.1:0\. The rest of the app works/);
      expect(await withPanel.call<'targets.list'>('targets.list', {})).toEqual([]);
    } finally {
      await withPanel.shutdown();
    }
  });
});
