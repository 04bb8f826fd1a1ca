// Fleets against several simulators and a real SQLite file: a group, one command broadcast to every
// member (a dead member marked, the rest recording), a member killed midway, the merged timeline,
// the N-way comparison with the member whose return values differ, interrupt and close on all, and a
// second job on one JVM in a session of its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import type { FleetInfo } from '../../src/shared/fleet/fleet-types';
import { startSimulator, type ArthasSimulator } from '../simulator/server';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

let dir: ReturnType<typeof tempDir>;
let db: Db;
let deck: DeckService;
let sims: ArthasSimulator[];
const WATCH = 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2 -n 30';

beforeEach(async () => {
  dir = tempDir();
  db = openDatabase(dir.file('fleet.db'));
  deck = new DeckService({ db, databasePath: '', mode: 'serve', version: 't', liveFlushMs: 5, searchIndex: false, engine: { unreachableAfterMs: 1500, backoffMs: [100, 200] } });
  // the same workload (seed) on each; the third returns other values (v2)
  sims = await Promise.all([startSimulator({ callRate: 200, seed: 7 }), startSimulator({ callRate: 200, seed: 7 }), startSimulator({ callRate: 200, seed: 7, variant: 'v2' })]);
});
afterEach(async () => {
  await deck.shutdown();
  db.close();
  await Promise.all(sims.map((s) => s.close().catch(() => undefined)));
  dir.remove();
});

async function targets(): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, s] of sims.entries()) ids.push((await deck.call<'targets.save'>('targets.save', { name: `orders-${i + 1}`, url: s.url })).id);
  ids.push((await deck.call<'targets.save'>('targets.save', { name: 'orders-dead', url: 'http://127.0.0.1:9' })).id);
  return ids;
}
const get = (id: number): Promise<FleetInfo> => deck.call<'fleets.get'>('fleets.get', { id });

describe('fleets', () => {
  it('groups: saved, listed, edited, names unique, unknown targets refused', async () => {
    const ids = await targets();
    const g = await deck.call<'groups.save'>('groups.save', { name: 'orders', targetIds: ids.slice(0, 2) });
    expect(g.members.map((m) => m.name)).toEqual(['orders-1', 'orders-2']);
    const edited = await deck.call<'groups.save'>('groups.save', { id: g.id, name: 'orders', targetIds: ids });
    expect(edited.members).toHaveLength(4);
    await expect(deck.call('groups.save', { name: 'orders', targetIds: [] })).rejects.toThrow(/exists already/);
    await expect(deck.call('groups.save', { name: 'x', targetIds: [9999] })).rejects.toThrow(/No target #9999/);
    expect((await deck.call<'groups.list'>('groups.list', {})).map((x) => x.name)).toEqual(['orders']);
    await deck.call('groups.remove', { id: g.id });
    expect(await deck.call('groups.list', {})).toEqual([]);
  });

  it('broadcasts to every member: a dead member is marked, the others record everything their JVM sent; merged and compared', async () => {
    const ids = await targets();
    const g = await deck.call<'groups.save'>('groups.save', { name: 'orders', targetIds: ids });
    const f = await deck.call<'fleets.run'>('fleets.run', { groupId: g.id, command: WATCH });
    const byName = new Map(f.members.map((m) => [m.member, m]));
    expect(byName.get('orders-dead')).toMatchObject({ state: 'failed', error: expect.stringMatching(/refused/i) });
    for (const n of ['orders-1', 'orders-2', 'orders-3']) expect(byName.get(n)!.state).toBe('running');
    await waitFor(async () => (await get(f.id)).members.filter((m) => m.state === 'done').length === 3, 'three members done', 20_000);
    const done = await get(f.id);
    // stored = delivered, per member
    for (const [i, s] of sims.entries()) {
      const m = done.members.find((x) => x.member === `orders-${i + 1}`)!;
      const stored = (db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND type = 'watch'`).get(m.recordingId) as { n: number }).n;
      expect(stored).toBe(s.sent('watch'));
      expect(stored).toBe(30);
    }
    // one timeline: ordered by time, each result tagged with its member; filterable by member
    const page = await deck.call<'fleets.page'>('fleets.page', { id: f.id, limit: 5000 });
    const at = page.results.map((r) => r.at);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(new Set(page.results.map((r) => r.member))).toEqual(new Set(['orders-1', 'orders-2', 'orders-3']));
    // each member's results in its own order: its command before its watch hits (the JVM times them earlier than the command's receipt)
    for (const member of ['orders-1', 'orders-2', 'orders-3']) {
      const own = page.results.filter((r) => r.member === member);
      expect(own.map((r) => r.pos), member).toEqual(own.map((r) => r.pos).sort((a, b) => a - b));
      expect(own.findIndex((r) => r.type === 'command')).toBeLessThan(own.findIndex((r) => r.type === 'watch'));
    }
    const only2 = await deck.call<'fleets.page'>('fleets.page', { id: f.id, members: ['orders-2'], limit: 5000 });
    expect(only2.results.every((r) => r.member === 'orders-2')).toBe(true);
    expect(only2.results.filter((r) => r.type === 'watch')).toHaveLength(30);
    // paging by cursor covers everything once, each page in time order
    let cursor = undefined as undefined | Array<{ recordingId: number; pos: number }>;
    const paged: string[] = [];
    for (;;) {
      const p = await deck.call<'fleets.page'>('fleets.page', { id: f.id, limit: 7, ...(cursor ? { since: cursor } : {}) });
      const pageAt = p.results.map((r) => r.at);
      expect(pageAt).toEqual([...pageAt].sort((a, b) => a - b));
      paged.push(...p.results.map((r) => `${r.recordingId}:${r.pos}`));
      if (!p.next) break;
      cursor = p.next;
    }
    expect(paged).toHaveLength(page.results.length);
    expect(new Set(paged)).toEqual(new Set(page.results.map((r) => `${r.recordingId}:${r.pos}`)));
    // N-way: the v2 member returns other values for the same parameters
    const cmp = await deck.call<'fleets.compare'>('fleets.compare', { id: f.id });
    expect(cmp.runs.map((r) => [r.label, r.calls])).toEqual([
      ['orders-1', 30],
      ['orders-2', 30],
      ['orders-3', 30],
    ]);
    expect(cmp.outlierRuns).toEqual([2]);
    expect(cmp.runs[2]!.differsFromMajority).toBeGreaterThan(0);
    expect(cmp.runs[0]!.differsFromMajority).toBe(0);
    expect(cmp.differences[0]!.majorityRuns).toBe(2);
    expect(cmp.differences[0]!.outliers.map((o) => o.run)).toEqual([2]);
    await deck.call('fleets.close', { id: f.id });
    const ended = await get(f.id);
    expect(ended.live).toBe(false);
    // read back from its recordings, the down member is still there, failed, with why
    expect(ended.members.find((m) => m.member === 'orders-dead')).toMatchObject({ state: 'failed', results: 0, error: expect.stringMatching(/refused/i) });
    expect((await deck.call<'fleets.list'>('fleets.list', {})).map((x) => x.id)).toEqual([f.id]);
  }, 60_000);

  it("a member whose first run Arthas refused as busy (and the deck ran again) is compared by the run that recorded", async () => {
    const ids = await targets();
    const g = await deck.call<'groups.save'>('groups.save', { name: 'orders', targetIds: ids.slice(0, 3) });
    // the third JVM answers its first enhancing command "someone else is enhancing classes"
    sims[2]!.busyEnhancingOnce();
    const f = await deck.call<'fleets.run'>('fleets.run', { groupId: g.id, command: WATCH });
    await waitFor(async () => (await get(f.id)).members.every((m) => m.state === 'done'), 'all members done', 20_000);
    const third = (await get(f.id)).members.find((m) => m.member === 'orders-3')!;
    const watches = (await deck.call<'recordings.jobs'>('recordings.jobs', { id: third.recordingId! })).filter((j) => j.command.startsWith('watch'));
    expect(watches.length).toBe(2);
    expect(watches[0]!.statusMessage).toMatch(/enhancing classes/);
    const cmp = await deck.call<'fleets.compare'>('fleets.compare', { id: f.id });
    expect(cmp.runs.map((r) => r.calls)).toEqual([30, 30, 30]);
    expect(cmp.outlierRuns.map((i) => cmp.runs[i]!.label)).toEqual(['orders-3']);
  });

  it('a member killed midway is marked; the others keep recording; interrupt acts on all', async () => {
    const ids = await targets();
    const f = await deck.call<'fleets.run'>('fleets.run', { targetIds: ids.slice(0, 3), command: 'watch demo.MathGame primeFactors -n 100000000' });
    await waitFor(async () => (await get(f.id)).members.every((m) => m.results > 20), 'results from every member', 15_000);
    await sims[1]!.close();
    await waitFor(async () => (await get(f.id)).members.find((m) => m.member === 'orders-2')!.state === 'failed', 'the killed member marked', 15_000);
    const before = (await get(f.id)).members.filter((m) => m.member !== 'orders-2').map((m) => m.results);
    await waitFor(async () => (await get(f.id)).members.filter((m) => m.member !== 'orders-2').every((m, i) => m.results > before[i]! + 20), 'the others still recording', 15_000);
    await deck.call('fleets.interrupt', { id: f.id });
    await waitFor(async () => (await get(f.id)).members.filter((m) => m.member !== 'orders-2').every((m) => m.state === 'done'), 'interrupted', 15_000);
    await deck.call('fleets.close', { id: f.id });
  }, 60_000);

  it('a second job on one JVM runs in a session of its own, beside the first; each ends on its own', async () => {
    const [t1] = await targets();
    const tab = await deck.call<'tabs.open'>('tabs.open', { targetId: t1! });
    await deck.call('tabs.run', { tabId: tab.tabId, command: 'watch demo.MathGame primeFactors -n 100000000' });
    const f = await deck.call<'fleets.addJob'>('fleets.addJob', { tabId: tab.tabId, command: 'trace demo.MathGame run -n 100000000' });
    expect(f.members.map((m) => [m.member, m.state])).toEqual([
      ['job 1', 'running'],
      ['job 2', 'running'],
    ]);
    const second = f.members[1]!;
    await waitFor(async () => (db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND type = 'trace'`).get(second.recordingId) as { n: number }).n > 3, 'traces from the second session');
    // the first job goes on while the second is interrupted
    await deck.call('tabs.interrupt', { tabId: second.tabId! });
    await waitFor(async () => (await get(f.id)).members[1]!.state === 'done', 'the second job ended');
    expect((await get(f.id)).members[0]!.state).toBe('running');
    const watches = (): number => (db.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND type = 'watch'`).get(tab.recordingId) as { n: number }).n;
    const w0 = watches();
    await waitFor(() => watches() > w0 + 10, 'the first job still recording');
    const recs = await deck.call<'recordings.list'>('recordings.list', {});
    expect(recs.filter((r) => r.fleetId === f.id).map((r) => r.fleetMember).sort()).toEqual(['job 1', 'job 2']);
    await deck.call('fleets.close', { id: f.id });
  }, 60_000);

  it('a broadcast to a JVM already open in a tab opens a tab named apart (the target and the group), not a second one of the same name', async () => {
    const ids = await targets();
    const open = await deck.call<'tabs.open'>('tabs.open', { targetId: ids[0]! });
    expect(open.targetName).toBe('orders-1');
    const g = await deck.call<'groups.save'>('groups.save', { name: 'checkout', targetIds: ids.slice(0, 2) });
    const f = await deck.call<'fleets.run'>('fleets.run', { groupId: g.id, command: 'watch demo.MathGame primeFactors -n 3' });
    const names = (await deck.call<'tabs.list'>('tabs.list', {})).map((t) => t.targetName);
    expect(names.sort()).toEqual(['orders-1', 'orders-1 · checkout', 'orders-2 · checkout']);
    expect(new Set(names).size).toBe(names.length);
    await deck.call('fleets.close', { id: f.id });
  });
});
