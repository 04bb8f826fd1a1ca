// The headless recorder with several URLs (and with --group): one command on every member, recorded
// into one fleet; a member that is down is reported and the exit code says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { openDatabase } from '../../src/main/recorder/db';
import { startSimProcess, type SimProcess } from '../support/sim-process';
import { exitOf, spawnTs } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

let sims: SimProcess[];
let dir: ReturnType<typeof tempDir>;
beforeAll(async () => {
  sims = await Promise.all([startSimProcess(['--rate', '200']), startSimProcess(['--rate', '200'])]);
  dir = tempDir();
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  dir.remove();
});

describe('headless recorder: a fleet', () => {
  it('several URLs: one fleet, every member recorded; a dead one reported with exit 3', async () => {
    const db = dir.file('fleet.db');
    const child = spawnTs('src/main/cli/record.ts', [sims[0]!.url, sims[1]!.url, 'http://127.0.0.1:9', '--exec', 'watch demo.MathGame primeFactors -n 60', '--db', db]);
    const { code } = await exitOf(child);
    const { stderr } = child.output();
    expect(code, stderr).toBe(3);
    expect(stderr).toMatch(/recording fleet #1 \(3 members\)/);
    expect(stderr).toMatch(/127\.0\.0\.1:9: failed: .*refused/i);
    const d = openDatabase(db);
    const deck = new DeckService({ db: d, databasePath: db, mode: 'serve', version: 't', searchIndex: false });
    const f = await deck.call<'fleets.get'>('fleets.get', { id: 1 });
    const watches = f.members.map((m) => (d.prepare(`SELECT COUNT(*) AS n FROM results WHERE session_id = ? AND type = 'watch'`).get(m.recordingId) as { n: number }).n);
    expect(watches).toEqual([60, 60, 0]);
    // the member that never connected is in the fleet's record, failed, with why
    expect(f.members[2]).toMatchObject({ state: 'failed', error: expect.stringMatching(/refused/i) });
    expect(f.endedAt).not.toBeNull();
    // a group saved in the app records the same way, by name
    await deck.call('groups.save', { name: 'pair', targetIds: f.members.filter((m) => m.state !== 'failed').map((m) => m.targetId!) });
    await deck.shutdown();
    d.close();
    const byGroup = spawnTs('src/main/cli/record.ts', ['--group', 'pair', '--exec', 'watch demo.MathGame primeFactors -n 20', '--db', db]);
    expect((await exitOf(byGroup)).code, byGroup.output().stderr).toBe(0);
    expect(byGroup.output().stderr).toMatch(/recording fleet #2 \(2 members\)/);
    const unknown = spawnTs('src/main/cli/record.ts', ['--group', 'nope', '--exec', 'version', '--db', db]);
    expect((await exitOf(unknown)).code).toBe(2);
    expect(unknown.output().stderr).toMatch(/no group "nope"/);
  }, 60_000);
});
