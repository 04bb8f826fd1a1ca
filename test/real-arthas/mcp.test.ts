// The deck as an MCP server, driven by the SDK's own client over stdio (npm run mcp) and over
// streamable HTTP, against a real Arthas (math-game).
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { startMcpHttp, type McpHttp } from '../../src/main/mcp/mcp-http';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { tempDir } from '../support/temp-dir';
import { realArthasUnavailable, startRealTarget, type RealTarget } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable();
if (why) console.warn(`MCP tests skipped: ${why}`);
const ROOT = resolve(__dirname, '../..');

type ToolAnswer = { content: Array<{ type: string; text: string }>; isError?: boolean };
const text = (a: unknown): string => (a as ToolAnswer).content.map((c) => c.text).join('\n');
const data = <T = Record<string, unknown>>(a: unknown): T => JSON.parse(text(a)) as T;

describe.skipIf(skipOrFail(why))('MCP: the deck for an AI assistant (real Arthas)', () => {
  let target: RealTarget;
  const dir = tempDir('arthas-deck-mcp-');
  const dbFile = dir.file('deck.db');
  beforeAll(async () => {
    target = await startRealTarget({ kind: 'math-game' });
    const db = openDatabase(dbFile);
    const deck = new DeckService({ db, databasePath: dbFile, mode: 'serve', version: 'test' });
    await deck.call('targets.save', { name: 'math-game', url: target.arthas.url });
    await deck.shutdown();
    db.close();
  }, 90_000);
  afterAll(async () => {
    await target?.close();
    dir.remove();
  });

  it('over stdio: runs watch -n 3 through the engine, reads the results, finds them by search, and the recording shows the calls as the assistant\'s', async () => {
    const client = new Client({ name: 'deck-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', resolve(ROOT, 'src/main/cli/mcp.ts'), '--db', dbFile], cwd: ROOT, stderr: 'pipe' }));
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(expect.arrayContaining(['list_targets', 'run_command', 'get_results', 'search_recordings', 'list_recordings', 'read_recording', 'compare_watch_runs']));
      const ran = data<{ recordingId: number; jobId: number; state: string; results: Array<{ type: string; result: { value?: string } }> }>(
        await client.callTool({ name: 'run_command', arguments: { target: 'math-game', command: 'watch demo.MathGame primeFactors -n 3', timeoutSeconds: 30 } }),
      );
      expect(ran.state).toBe('succeeded');
      expect(ran.results.filter((r) => r.type === 'watch')).toHaveLength(3);
      const page = data<{ results: Array<{ type: string }> }>(await client.callTool({ name: 'get_results', arguments: { recordingId: ran.recordingId, jobId: ran.jobId } }));
      expect(page.results.filter((r) => r.type === 'watch')).toHaveLength(3);
      const found = data<{ recordings: Array<{ id: number }> }>(await client.callTool({ name: 'search_recordings', arguments: { text: 'primeFactors' } }));
      expect(found.recordings.map((r) => r.id)).toContain(ran.recordingId);
      // a value inside a result (a parameter the JVM sent) finds that result through the full-text search
      const value = ran.results.find((r) => r.type === 'watch')!.result.value!;
      const number = (/@Integer\[-?(\d+)\]/.exec(value) ?? /(\d+)/.exec(value))![1]!;
      const byValue = data<{ results: Array<{ recordingId: number; type: string; match: string }> }>(
        await client.callTool({ name: 'search_recordings', arguments: { text: number, recordingId: ran.recordingId } }),
      );
      expect(byValue.results.length).toBeGreaterThan(0);
      expect(byValue.results[0]!.type).toBe('watch');
      expect(byValue.results[0]!.match).toContain(number);
      const rec = data<{ events: Array<{ kind: string; message: string }>; jobs: unknown[] }>(await client.callTool({ name: 'read_recording', arguments: { id: ran.recordingId } }));
      const assistant = rec.events.filter((e) => e.kind === 'assistant');
      expect(assistant.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^assistant: run_command watch demo\.MathGame primeFactors -n 3/), expect.stringMatching(/^assistant: answer to run_command: succeeded/)]));

      // a command that changes the JVM is refused, saying which setting allows it, and nothing runs
      const jobsBefore = rec.jobs.length;
      const refused = (await client.callTool({ name: 'run_command', arguments: { target: 'math-game', command: 'stop' } })) as ToolAnswer;
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/Refused: "stop" changes the JVM.*mcp\.allowJvmChanges/);
      const after = data<{ jobs: unknown[] }>(await client.callTool({ name: 'read_recording', arguments: { id: ran.recordingId } }));
      expect(after.jobs).toHaveLength(jobsBefore);

      // hostile arguments get an MCP error, and the server goes on
      await expect(client.callTool({ name: 'run_command', arguments: { target: 'math-game', command: 'x'.repeat(5000) } })).resolves.toMatchObject({ isError: true });
      await expect(client.callTool({ name: 'get_results', arguments: { recordingId: 'not a number' } })).resolves.toMatchObject({ isError: true });
      expect(data<{ targets: unknown[]; groups: unknown[] }>(await client.callTool({ name: 'list_targets', arguments: {} })).targets).toHaveLength(1);
      const resources = (await client.listResources()).resources.map((r) => r.uri);
      expect(resources).toContain(`arthas-deck://recordings/${ran.recordingId}`);
    } finally {
      await client.close();
    }
  }, 90_000);

  it('over streamable HTTP on 127.0.0.1 with a token: works with it, refused without', async () => {
    const db: Db = openDatabase(dbFile);
    const deck = new DeckService({ db, databasePath: dbFile, mode: 'serve', version: 'test' });
    const http: McpHttp = await startMcpHttp(deck, { version: 'test' });
    try {
      const wrong = new Client({ name: 'intruder', version: '1.0.0' });
      await expect(wrong.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: 'Bearer not-the-token' } } }))).rejects.toThrow(/401|token/);
      const client = new Client({ name: 'deck-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${http.token}` } } }));
      const ran = data<{ state: string; results: Array<{ type: string; result: { version?: string } }> }>(await client.callTool({ name: 'run_command', arguments: { target: 'math-game', command: 'version' } }));
      expect(ran.state).toBe('succeeded');
      expect(ran.results.find((r) => r.type === 'version')?.result.version).toBe(target.arthas.version);
      // the user's setting is the switch for commands that change the JVM
      const change = { name: 'run_command', arguments: { target: 'math-game', command: 'options json-format false' } };
      expect(((await client.callTool(change)) as ToolAnswer).isError).toBe(true);
      await deck.call('settings.set', { key: 'mcp.allowJvmChanges', value: true });
      expect(data<{ state: string }>(await client.callTool(change)).state).toBe('succeeded');
      await client.close();
    } finally {
      await http.close();
      await deck.shutdown();
      db.close();
    }
  }, 60_000);

  it('profile_target: refused until the user allows JVM changes; then profiles for N seconds, recorded, and answers the hottest methods as the recorded text counts them', async () => {
    const allowJvmChanges = (value: boolean): void => {
      const db = openDatabase(dbFile);
      try {
        db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run('mcp.allowJvmChanges', String(value));
      } finally {
        db.close();
      }
    };
    // an earlier test in this file may have allowed them: this one starts from the user's refusal
    allowJvmChanges(false);
    const client = new Client({ name: 'deck-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', resolve(ROOT, 'src/main/cli/mcp.ts'), '--db', dbFile], cwd: ROOT, stderr: 'pipe' }));
    try {
      const refused = (await client.callTool({ name: 'profile_target', arguments: { target: 'math-game', seconds: 1 } })) as ToolAnswer;
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/Refused: profiling starts a profiler.*mcp\.allowJvmChanges/);
      allowJvmChanges(true);
      const answer = data<{ recordingId: number; pos: number; unit: string; stacks: number; hottest: Array<{ method: string; self: string; selfShare: string }> }>(
        await client.callTool({ name: 'profile_target', arguments: { target: 'math-game', seconds: 3, top: 5 } }),
      );
      expect(answer.unit).toBe('ns');
      expect(answer.hottest.length).toBeGreaterThan(0);
      expect(answer.hottest.length).toBeLessThanOrEqual(5);
      // the answer is what the recording holds: the dump at that position, its hottest leaf first
      const check = openDatabase(dbFile);
      try {
        const row = check.prepare('SELECT raw FROM results WHERE session_id = ? AND pos = ?').get(answer.recordingId, answer.pos) as { raw: string };
        const dump = JSON.parse(row.raw) as { action: string; executeResult: string };
        expect(dump.action).toBe('dumpCollapsed');
        const self = new Map<string, number>();
        for (const line of dump.executeResult.split('\n').filter((l) => l.trim())) {
          const leaf = line.slice(0, line.lastIndexOf(' ')).split(';').at(-1)!.replace(/_\[[a-z0-9]\]$/, '').replace(/\//g, '.');
          self.set(leaf, (self.get(leaf) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
        }
        expect(answer.stacks).toBe(dump.executeResult.split('\n').filter((l) => l.trim()).length);
        expect(self.get(answer.hottest[0]!.method)).toBe(Math.max(...self.values()));
        const jobs = (check.prepare('SELECT command FROM jobs WHERE session_id = ? ORDER BY started_at').all(answer.recordingId) as Array<{ command: string }>).map((j) => j.command);
        expect(jobs).toEqual(expect.arrayContaining(['profiler start --event itimer', 'profiler dumpCollapsed', 'profiler stop']));
      } finally {
        check.close();
      }
    } finally {
      await client.close();
    }
  }, 120_000);
});
