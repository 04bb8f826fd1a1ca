// A fleet of real JVMs with the real Arthas 4.3.4: three RateGame JVMs (one built to return other
// values), a group, one watch broadcast to all; every call each JVM sent is stored; the comparison
// names the odd one out; a JVM killed midway is marked while the others keep recording; and the MCP
// server runs a command on the whole group, each member's answer its own; a broadcast after it runs on
// (the assistant's idle tabs must not hold Arthas's worker threads).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { startMcpHttp } from '../../src/main/mcp/mcp-http';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import type { FleetInfo } from '../../src/shared/fleet/fleet-types';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import { realArthasUnavailable, startRealTarget, warmUpEnhancement, type RealTarget } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable();
if (why) console.warn(`real-Arthas fleet tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('fleet of real JVMs (real Arthas 4.3.4)', () => {
  const dir = tempDir('arthas-deck-fleet-');
  let jvms: RealTarget[] = [];
  let db: Db;
  let deck: DeckService;
  let groupId: number;
  beforeAll(async () => {
    jvms = await Promise.all([
      startRealTarget({ kind: 'rate-game', rate: 100 }),
      startRealTarget({ kind: 'rate-game', rate: 100 }),
      startRealTarget({ kind: 'rate-game', rate: 100, jvmArgs: ['-Ddeck.factor=3'] }),
    ]);
    // each JVM's first enhancement once, so the broadcast counts a steady stream (see warmUpEnhancement)
    for (const j of jvms) await warmUpEnhancement(j.arthas.url, 'deck.RateGame tick');
    db = openDatabase(dir.file('fleet.db'));
    deck = new DeckService({ db, databasePath: '', mode: 'serve', version: 'test', searchIndex: false, engine: { unreachableAfterMs: 2000, backoffMs: [200, 400] } });
    const ids: number[] = [];
    for (const [i, j] of jvms.entries()) ids.push((await deck.call<'targets.save'>('targets.save', { name: i === 2 ? 'rate-odd' : `rate-${i + 1}`, url: j.arthas.url })).id);
    groupId = (await deck.call<'groups.save'>('groups.save', { name: 'rates', targetIds: ids })).id;
  }, 180_000);
  afterAll(async () => {
    await deck?.shutdown();
    db?.close();
    await Promise.all(jvms.map((j) => j.close()));
    dir.remove();
  });
  const get = (id: number): Promise<FleetInfo> => deck.call<'fleets.get'>('fleets.get', { id });

  it('broadcast: each member stores what its JVM sent; the comparison names the JVM that returns other values', async () => {
    const f = await deck.call<'fleets.run'>('fleets.run', { groupId, command: 'watch deck.RateGame tick "{params, returnObj}" -x 2 -n 300' });
    expect(f.members.map((m) => m.state)).toEqual(['running', 'running', 'running']);
    await waitFor(async () => (await get(f.id)).members.every((m) => m.state === 'done'), 'all members done', 60_000);
    for (const m of (await get(f.id)).members) {
      const n = (db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND type = 'watch'`).get(m.recordingId) as { n: number }).n;
      expect(n, m.member).toBe(300);
      expect(m.gaps).toBe(0);
    }
    const cmp = await deck.call<'fleets.compare'>('fleets.compare', { id: f.id });
    expect(cmp.runs.map((r) => r.calls)).toEqual([300, 300, 300]);
    expect(cmp.outlierRuns.map((i) => cmp.runs[i]!.label)).toEqual(['rate-odd']);
    // every call all three saw (the same tick(n): the JVMs started apart, so only some n are shared) is a
    // disagreement of the odd one (two against one); the other two never are
    const ns = (await get(f.id)).members.map(
      (m) => new Set((db.prepare(`SELECT raw FROM results WHERE session_id = ? AND type = 'watch'`).all(m.recordingId) as Array<{ raw: string }>).map((r) => /@Long\[(\d+)\]/.exec(String(JSON.parse(r.raw).value))![1])),
    );
    const sharedByAll = [...ns[0]!].filter((n) => ns[1]!.has(n) && ns[2]!.has(n)).length;
    expect(sharedByAll, 'ticks all three JVMs were watched at').toBeGreaterThan(0);
    expect(cmp.runs[2]!.differsFromMajority).toBe(sharedByAll);
    expect(cmp.runs[0]!.differsFromMajority).toBe(0);
    expect(cmp.runs[1]!.differsFromMajority).toBe(0);
    // one timeline by the JVMs' own time
    const page = await deck.call<'fleets.page'>('fleets.page', { id: f.id, limit: 5000 });
    const at = page.results.map((r) => r.at);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    await deck.call('fleets.close', { id: f.id });
  }, 120_000);

  it('a JVM killed mid-broadcast is marked; the others keep recording', async () => {
    const f = await deck.call<'fleets.run'>('fleets.run', { groupId, command: 'watch deck.RateGame tick returnObj -n 100000000' });
    await waitFor(async () => (await get(f.id)).members.every((m) => m.results > 30), 'results from every member', 30_000);
    await jvms[1]!.jvm.kill();
    await waitFor(async () => (await get(f.id)).members.find((m) => m.member === 'rate-2')!.state === 'failed', 'the killed JVM marked', 30_000);
    const before = (await get(f.id)).members.map((m) => m.results);
    await waitFor(async () => {
      const now = (await get(f.id)).members;
      return now[0]!.results > before[0]! + 50 && now[2]!.results > before[2]! + 50;
    }, 'the others still recording', 30_000);
    await deck.call('fleets.interrupt', { id: f.id });
    await deck.call('fleets.close', { id: f.id });
  }, 120_000);
  type MemberAnswer = { target: string; state?: string; statusMessage?: string; error?: string; results?: Array<{ type: string }> };
  /** The assistant (an MCP client over HTTP) runs `watch … -n 3` on the whole group: one answer per member. */
  async function assistantRunsOnGroup(): Promise<MemberAnswer[]> {
    const http = await startMcpHttp(deck, { version: 'test' });
    const client = new Client({ name: 'deck-test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${http.token}` } } }));
      const listed = JSON.parse(((await client.callTool({ name: 'list_targets', arguments: {} })) as { content: Array<{ text: string }> }).content[0]!.text) as { groups: Array<{ name: string; members: Array<{ name: string }> }> };
      expect(listed.groups.map((g) => [g.name, g.members.length])).toEqual([['rates', 3]]);
      const answer = (await client.callTool({ name: 'run_command', arguments: { group: 'rates', command: 'watch deck.RateGame tick returnObj -n 3', timeoutSeconds: 30 } })) as { content: Array<{ text: string }> };
      return (JSON.parse(answer.content[0]!.text) as { group: string; members: MemberAnswer[] }).members;
    } finally {
      await client.close();
      await http.close();
    }
  }

  it('the assistant runs a command on the group over MCP: one answer per member, a member whose JVM is gone answers its error', async () => {
    // rate-2's JVM is gone (killed by the test before, or here when this test runs alone)
    await jvms[1]!.jvm.kill();
    const byMember = await assistantRunsOnGroup();
    expect(byMember.map((m) => [m.target, m.state ?? 'error', (m.results ?? []).filter((r) => r.type === 'watch').length])).toEqual([
      ['rate-1', 'succeeded', 3],
      ['rate-2', 'error', 0],
      ['rate-odd', 'succeeded', 3],
    ]);
    expect(byMember[1]!.error).toBeTruthy();
  }, 120_000);

  it("after the assistant's run, a new broadcast's watch runs on: the assistant's idle tabs hold none of Arthas's worker threads", async () => {
    // the assistant's run leaves a tab per member open and idle
    const ran = await assistantRunsOnGroup();
    expect(ran.filter((m) => m.state === 'succeeded').map((m) => m.target)).toEqual(expect.arrayContaining(['rate-1', 'rate-odd']));
    const f = await deck.call<'fleets.run'>('fleets.run', { groupId, command: 'watch deck.RateGame tick returnObj -n 100000000' });
    // rate-2's JVM may be gone (the tests before kill it): the others are watched
    const alive = (m: { member: string }): boolean => m.member !== 'rate-2';
    await waitFor(async () => (await get(f.id)).members.filter(alive).every((m) => m.results > 300), 'the live members past 300 results each', 30_000);
    const now = (await get(f.id)).members.filter(alive);
    expect(now.map((m) => [m.member, m.state])).toEqual([
      ['rate-1', 'running'],
      ['rate-odd', 'running'],
    ]);
    for (const m of now) {
      const unhealthy = db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND type = 'message' AND raw LIKE '%unhealthy%'`).get(m.recordingId) as { n: number };
      expect(unhealthy.n, m.member).toBe(0);
    }
    await deck.call('fleets.interrupt', { id: f.id });
    await deck.call('fleets.close', { id: f.id });
  }, 120_000);
});
