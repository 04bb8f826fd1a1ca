// The Pinia stores against the real contract implementation in-process (DeckService on a real
// SQLite file) and a real simulator: what the renderer's state does with what main sends.
import { createPinia, setActivePinia } from 'pinia';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import { setDeckClient } from '../../src/renderer/src/api';
import { useDiff } from '../../src/renderer/src/stores/diff';
import { useNotices } from '../../src/renderer/src/stores/notices';
import { useRecordings } from '../../src/renderer/src/stores/recordings';
import { useSearch } from '../../src/renderer/src/stores/search';
import { useTabs } from '../../src/renderer/src/stores/tabs';
import { useTargets } from '../../src/renderer/src/stores/targets';
import type { DeckClient, DeckEvent } from '../../src/shared/contract';
import { startSimulator, type ArthasSimulator } from '../simulator/server';
import { tempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const frames: Array<() => void> = [];
let frameCount = 0;
(globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame = (cb) => {
  frames.push(cb);
  return frames.length;
};
/** one animation frame: everything buffered since the last one is applied */
function frame(): void {
  frameCount++;
  for (const cb of frames.splice(0)) cb();
}

let dir: ReturnType<typeof tempDir>;
let db: Db;
let service: DeckService;
let sim: ArthasSimulator;
const sentEvents: DeckEvent[] = [];

beforeAll(async () => {
  dir = tempDir();
  db = openDatabase(dir.file('stores.db'));
  service = new DeckService({ db, databasePath: '', mode: 'serve', version: 'test', liveFlushMs: 5 });
  sim = await startSimulator({ callRate: 300, variant: 'v1' });
  const client: DeckClient = {
    // the same JSON round trip as a real transport: nothing shared by reference
    call: async (m, a) => JSON.parse(JSON.stringify((await service.call(m, JSON.parse(JSON.stringify(a)))) ?? null)),
    on: (l) =>
      service.onEvent((e) => {
        sentEvents.push(e);
        l(JSON.parse(JSON.stringify(e)) as DeckEvent);
      }),
  };
  setDeckClient(client);
});
afterAll(async () => {
  await service.shutdown();
  db.close();
  await sim.close();
  dir.remove();
});
beforeEach(() => setActivePinia(createPinia()));

describe('renderer stores', () => {
  it('targets: saves, lists, checks and reports a refused connection in words', async () => {
    const targets = useTargets();
    await targets.save({ name: 'sim', url: sim.url });
    expect(targets.list.map((t) => t.name)).toEqual(['sim']);
    expect(await targets.check({ id: targets.list[0]!.id })).toMatchObject({ ok: true });
    expect(await targets.check({ url: 'http://127.0.0.1:9' })).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('tabs: results are applied once per animation frame, in order, and the open tabs are remembered', async () => {
    const targets = useTargets();
    await targets.load();
    const tabs = useTabs();
    await tabs.init();
    const tab = (await tabs.openTab(targets.list[0]!.id))!;
    expect(tabs.activeId).toBe(tab.tabId);
    expect(await service.call('settings.get', { key: 'openTabs' })).toEqual([{ targetId: targets.list[0]!.id }]);
    await service.call('tabs.run', { tabId: tab.tabId, command: 'watch demo.MathGame primeFactors -n 300' });
    const framesBefore = frameCount;
    await waitFor(() => {
      frame();
      return tab.rows.filter((r) => r.type === 'watch').length === 300;
    }, '300 watch rows');
    const batchesSent = sentEvents.filter((e) => e.type === 'tab.results').length;
    const versions = tab.rowsVersion;
    // many results per update: fewer row updates than results, at most one per frame
    expect(versions).toBeLessThanOrEqual(frameCount - framesBefore + 1);
    expect(versions).toBeLessThan(300);
    expect(batchesSent).toBeGreaterThan(0);
    const positions = tab.rows.map((r) => r.pos!);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    await waitFor(() => tab.jobs.find((j) => j.state === 'succeeded'), 'the job to end');
    expect(tab.snapshot.state).toBe('ready');
  });

  it('tabs: a lost session is replaced by a new one on request, and automatically once asked to', async () => {
    const targets = useTargets();
    await targets.load();
    const tabs = useTabs();
    await tabs.init();
    const first = (await tabs.openTab(targets.list[0]!.id))!;
    sim.dropAllSessions();
    await waitFor(() => first.snapshot.state === 'lost', 'the lost state');
    await tabs.restart(first.tabId);
    const second = tabs.active!;
    expect(second.tabId).not.toBe(first.tabId);
    expect(second.snapshot.state).toBe('ready');
    expect(tabs.tabs.some((t) => t.tabId === first.tabId)).toBe(false);
    await tabs.setAutoNewSession(true);
    await tabs.closeTab(second.tabId);
    const third = (await tabs.openTab(targets.list[0]!.id))!;
    const before = third.snapshot.arthasSessionId;
    sim.dropAllSessions();
    await waitFor(() => third.snapshot.arthasSessionId !== before && third.snapshot.state === 'ready', 'a new session by itself');
    await tabs.setAutoNewSession(false);
    await tabs.closeTab(third.tabId);
  });

  it('tabs: a failure to open becomes a notice, not an exception', async () => {
    const targets = useTargets();
    await targets.save({ name: 'dead', url: 'http://127.0.0.1:9' });
    const tabs = useTabs();
    const notices = useNotices();
    expect(await tabs.openTab(targets.list.find((t) => t.name === 'dead')!.id)).toBeUndefined();
    expect(notices.items.at(-1)?.text).toMatch(/Could not open the session: Connection refused/);
  });

  it('recordings and diff: the recording is listed, and a watch run diffed against itself has no changes', async () => {
    const recs = useRecordings();
    await recs.load();
    const rec = recs.list.find((r) => r.targetName === 'sim' && r.commands.length > 0)!;
    expect(rec.commands).toContain('watch demo.MathGame primeFactors -n 300');
    // the full-text search finds the job's status text in it, and says where
    const search = useSearch();
    search.text = 'allow interrupt';
    search.recordingId = rec.id;
    await search.run();
    expect(search.hits.length).toBeGreaterThan(0);
    expect(search.hits[0]).toMatchObject({ recordingId: rec.id, type: 'input_status' });
    expect(search.hits[0]!.snippet.text.slice(search.hits[0]!.snippet.marks[0]![0], search.hits[0]!.snippet.marks[0]![1])).toBe('ALLOW_INTERRUPT');
    const jobs = await service.call('recordings.jobs', { id: rec.id });
    const diff = useDiff();
    diff.left = { recordingId: rec.id, jobId: (jobs as Array<{ jobId: number }>)[0]!.jobId };
    diff.right = diff.left;
    await diff.compute();
    expect(diff.result?.summary).toMatchObject({ changed: 0, same: 300, added: 0, removed: 0 });
  });
});
