// The real desktop app, through Playwright's _electron. Runs where the Electron binary is installed
// (a normal `npm install` with internet access); elsewhere it is skipped, saying why.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { _electron as electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ArthasSimulator } from '../simulator/server';
import { tempDir } from '../support/temp-dir';

const ROOT = resolve(__dirname, '../..');
const electronDir = join(ROOT, 'node_modules/electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8')) : '';
const why = !binary || !existsSync(binary) ? 'the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD, or no internet at install time)' : !existsSync(join(ROOT, 'out/main/index.js')) ? 'the app is not built (npm run build)' : null;
if (why) console.warn(`Electron tests skipped: ${why}`);

describe.skipIf(!!why)('desktop app (Electron)', () => {
  let xvfb: ChildProcess | undefined;
  let sim: ArthasSimulator;
  const dir = tempDir('arthas-deck-electron-');
  beforeAll(async () => {
    const native = spawnSync(process.execPath, [join(ROOT, 'scripts/prepare-electron.mjs')], { stdio: 'inherit' });
    if (native.status !== 0) throw new Error('better-sqlite3 could not be built for Electron');
    if (process.platform === 'linux' && !process.env.DISPLAY) {
      xvfb = spawn('Xvfb', [':97', '-screen', '0', '1400x900x24'], { stdio: 'ignore' });
      process.env.DISPLAY = ':97';
      await new Promise((r) => setTimeout(r, 800));
    }
    sim = await startSimulator({ callRate: 20 });
  });
  afterAll(async () => {
    await sim?.close();
    xvfb?.kill();
    dir.remove();
  });

  it('opens a secure window whose renderer sees only the contract, and records a session', async () => {
    const app = await electron.launch({ executablePath: binary, args: [ROOT, '--no-sandbox'], env: { ...process.env, XDG_CONFIG_HOME: dir.path, ELECTRON_DISABLE_SECURITY_WARNINGS: '1' } });
    try {
      const win = await app.firstWindow();
      await win.waitForSelector('[data-test=add-target]');
      // contextIsolation + sandbox + no nodeIntegration: no Node in the page, only the contract
      expect(await win.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
      expect(await win.evaluate(() => Object.keys((window as unknown as { deck: object }).deck).sort())).toEqual(['call', 'importFile', 'on']);
      await win.click('[data-test=add-target]');
      await win.fill('[data-test=target-name]', 'sim');
      await win.fill('[data-test=target-url]', sim.url);
      await win.click('[data-test=target-save]');
      await win.click('[data-test=open-target]');
      await win.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors -n 5');
      await win.keyboard.press('Enter');
      await win.waitForSelector('[data-test=result-row][data-type=watch]');
      // window.open and navigation are refused
      const popup = await win.evaluate(() => window.open('https://example.com') === null);
      expect(popup).toBe(true);
      await win.screenshot({ path: join(ROOT, 'test-artifacts/electron-live.png') });
    } finally {
      await app.close();
    }
    // the app keeps its database where `npm run record` looks for it
    expect(existsSync(join(dir.path, 'Arthas Deck', 'recordings.db'))).toBe(true);
  }, 120_000);

  it('opens a recording given on the command line at launch (a double-click while the app was closed), by a relative path', async () => {
    const { exportRecording } = await import('../../src/main/recorder/arthasrec-export');
    const { openDatabase } = await import('../../src/main/recorder/db');
    const db = openDatabase(join(dir.path, 'Arthas Deck', 'recordings.db'));
    const id = (db.prepare('SELECT MAX(id) AS id FROM sessions').get() as { id: number }).id;
    const { results } = await exportRecording(db, id, join(dir.path, 'Shared Run.ARTHASREC'), {});
    expect(results, 'the earlier test recorded something to open').toBeGreaterThan(0);
    db.close();
    const app = await electron.launch({ executablePath: binary, args: [ROOT, '--no-sandbox', 'Shared Run.ARTHASREC'], cwd: dir.path, env: { ...process.env, XDG_CONFIG_HOME: dir.path, ELECTRON_DISABLE_SECURITY_WARNINGS: '1' } });
    try {
      const win = await app.firstWindow();
      await win.waitForSelector('[data-test=timeline]', { timeout: 20_000 });
      // the file's results are shown in its replay
      await expect.poll(() => win.locator('[data-test=result-row]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('--mcp-stdio serves MCP on standard input/output with no window, beside the open app, over the same database', async () => {
    const window = await electron.launch({ executablePath: binary, args: [ROOT, '--no-sandbox'], env: { ...process.env, XDG_CONFIG_HOME: dir.path, ELECTRON_DISABLE_SECURITY_WARNINGS: '1' } });
    const client = new Client({ name: 'deck-electron-test', version: '1.0.0' });
    try {
      await (await window.firstWindow()).waitForSelector('[data-test=add-target]');
      await client.connect(
        new StdioClientTransport({ command: binary, args: [ROOT, '--no-sandbox', '--mcp-stdio'], cwd: dir.path, env: { ...(process.env as Record<string, string>), XDG_CONFIG_HOME: dir.path }, stderr: 'pipe' }),
      );
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(expect.arrayContaining(['list_targets', 'run_command', 'list_recordings']));
      // the target the first test saved through the window is in the same database
      const answer = (await client.callTool({ name: 'list_targets', arguments: {} })) as { content: Array<{ text: string }> };
      expect(answer.content.map((c) => c.text).join('\n')).toContain('sim');
      // the window did not become a second one: the MCP process took no single-instance lock
      expect(window.windows()).toHaveLength(1);
    } finally {
      await client.close();
      await window.close();
    }
  }, 120_000);
});
