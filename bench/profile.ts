// Profile figures for `npm run bench -- profile` (#39.7): a profile of 100,000 distinct stacks
// (generated, shaped like a service's: shared roots, deep Java stacks), read and drawn; a diff of
// two such profiles; a 50 MB profile stored into SQLite and read back byte for byte with the
// process's event-loop lag; and in Chromium the first paint of the 100,000-stack flame graph from a
// click on its row (the whole result read through the contract) and the frame intervals while the
// pointer hovers and zooms.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openDatabase } from '../src/main/recorder/db';
import { RecordingWriter, resultRow } from '../src/main/recorder/recording-writer';
import { parseCollapsed } from '../src/shared/profile/collapsed-stacks';
import { buildFlameTree, flameRects } from '../src/shared/profile/flame-tree';
import { hotMethods } from '../src/shared/profile/hot-methods';
import { changedMethods, diffProfiles } from '../src/shared/profile/profile-diff';
import { seededRandom } from '../test/simulator/math-game';
import { startHarness, uiPrerequisites } from '../test/e2e/harness';
import { startFrameClock, stopFrameClock } from './frame-clock';

/** Collapsed text of `stacks` distinct stacks: 40 thread roots, then frames drawn from a vocabulary with shared prefixes. */
export function syntheticProfile(stacks: number, seed: number, minBytes = 0): string {
  const rand = seededRandom(seed);
  const vocab = Array.from({ length: 4000 }, (_, i) => `com/acme/m${i % 37}/Svc${i % 211}.run${i % 13}`);
  const roots = Array.from({ length: 40 }, (_, i) => ['java/lang/Thread.run', `java/util/concurrent/ThreadPoolExecutor$Worker.run`, `com/acme/shop/Worker${i}.loop`]);
  const seen = new Set<string>();
  const lines: string[] = [];
  let bytes = 0;
  while (lines.length < stacks || bytes < minBytes) {
    const root = roots[Math.floor(rand() * rand() * roots.length)]!;
    // shared prefixes as in a service (few entry points, then wider), 12–40 frames deep
    const depth = 12 + Math.floor(rand() * 28);
    const frames = [...root];
    let at = Math.floor(rand() * 8);
    for (let d = 0; d < depth; d++) {
      // hot paths are hot: most stacks take the first few callees (a Zipf-like pick)
      at = (at * 31 + Math.floor(rand() ** 3 * (d < 10 ? 3 : 12))) % vocab.length;
      frames.push(vocab[at]!);
    }
    if (rand() < 0.3) frames.push('Unsafe_Park', 'futex_wait_queue_me_[k]');
    const key = frames.join(';');
    if (seen.has(key)) continue;
    seen.add(key);
    const line = `${key} ${10_000_000 * (1 + Math.floor(rand() * rand() * 40))}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function timed(f: () => void, rounds = 3): number[] {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return out;
}

export interface ProfileFigures {
  stacks: number;
  textMB: number;
  drawMs: number[];
  hotMethodsMs: number[];
  diffMs: number[];
  storeMB: number;
  storeMs: number;
  readMs: number;
  sameBytes: boolean;
  storeLagP99Ms: number;
  ui: { firstPaintMs: number[]; frameP50Ms: number; frameP95Ms: number; frames: number } | string;
}

export async function measureProfile(dir: { file(name: string): string }): Promise<ProfileFigures> {
  const a = syntheticProfile(100_000, 1);
  const b = syntheticProfile(100_000, 2);
  // what the view does before its first paint: read the text, merge the tree, lay out the rectangles of a 1,200 px wide canvas
  const drawMs = timed(() => flameRects(buildFlameTree(parseCollapsed(a)), undefined, 0.5 / 1200));
  const pa = parseCollapsed(a);
  const hotMethodsMs = timed(() => hotMethods(pa));
  const diffMs = timed(() => {
    const x = parseCollapsed(a);
    const y = parseCollapsed(b);
    const d = diffProfiles(x, y);
    changedMethods(x, y, 40);
    flameRects(d.root, undefined, 0.5 / 1200);
  });

  // 50 MB of collapsed stacks as one recorded result, stored and read back
  const big = syntheticProfile(0, 3, 50 * 1024 * 1024);
  const raw = JSON.stringify({ action: 'dumpCollapsed', actionArg: 'TOTAL', executeResult: big, jobId: 9, type: 'profiler' });
  const db = openDatabase(dir.file('profile.db'));
  const w = new RecordingWriter(db);
  const id = w.createRecording({ targetName: 'bench', targetUrl: 'http://127.0.0.1:8563/api', startedAt: Date.now() });
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  // the loop keeps turning meanwhile (what the main process's other work would see)
  const ticker = setInterval(() => undefined, 1);
  await new Promise((r) => setTimeout(r, 50));
  let t = performance.now();
  w.writeBatch(id, [resultRow(1, Date.now(), 'exec', { type: 'profiler', jobId: 9 }, raw)]);
  const storeMs = performance.now() - t;
  await new Promise((r) => setTimeout(r, 50));
  t = performance.now();
  const back = (db.prepare('SELECT raw FROM results WHERE session_id = ?').get(id) as { raw: string }).raw;
  const readMs = performance.now() - t;
  await new Promise((r) => setTimeout(r, 50));
  clearInterval(ticker);
  lag.disable();
  db.close();

  return {
    stacks: pa.counts.length,
    textMB: a.length / 1048576,
    drawMs,
    hotMethodsMs,
    diffMs,
    storeMB: raw.length / 1048576,
    storeMs,
    readMs,
    sameBytes: back === raw,
    storeLagP99Ms: lag.percentile(99) / 1e6,
    ui: await inChromium(a),
  };
}

async function inChromium(text: string): Promise<ProfileFigures['ui']> {
  const missing = uiPrerequisites();
  if (missing) return missing;
  const h = await startHarness([]);
  try {
    const w = new RecordingWriter(h.db);
    const at = 1_764_064_800_000;
    const id = w.createRecording({ targetName: 'bench', targetUrl: 'http://127.0.0.1:8563/api', startedAt: at });
    w.writeJob(id, { jobId: 1, command: 'profiler start --event itimer', state: 'succeeded', startedAt: at, endedAt: at });
    w.writeJob(id, { jobId: 2, command: 'profiler dumpCollapsed', state: 'succeeded', startedAt: at + 60_000, endedAt: at + 60_000 });
    const raw = JSON.stringify({ action: 'dumpCollapsed', actionArg: 'TOTAL', executeResult: text, jobId: 2, type: 'profiler' });
    w.writeBatch(id, [resultRow(1, at + 60_000, 'exec', { type: 'profiler', jobId: 2 }, raw)]);
    w.endRecording(id, 'closed', at + 61_000);
    const p = h.page;
    await p.setViewportSize({ width: 1400, height: 860 });
    await p.click('[data-test=nav-recordings]');
    await p.locator('[data-test=recording] [data-test=replay]').first().click();
    const row = p.locator('.replay [data-test=result-row][data-type=profiler]').first();
    await row.waitFor({ timeout: 60_000 });
    const firstPaintMs: number[] = [];
    // three opens: away to another row and back, each a new read of the whole result and a new draw
    for (let i = 0; i < 3; i++) {
      if (i) {
        await p.click('[data-test=nav-search]');
        await p.click('[data-test=nav-replay]');
      }
      const t0 = Date.now();
      await row.click();
      await p.waitForFunction(() => Number(document.querySelector('[data-test=flame-graph]')?.getAttribute('data-rects')) > 0, undefined, { timeout: 180_000 });
      await p.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      firstPaintMs.push(Date.now() - t0);
    }
    const box = (await p.locator('[data-test=flame-graph] canvas').boundingBox())!;
    await startFrameClock(p);
    // hover along three rows, then zoom into three frames and back
    for (const y of [1, 4, 9]) for (let i = 0; i <= 100; i++) await p.mouse.move(box.x + (box.width * i) / 100, box.y + y * 17 + 8);
    for (const [fx, y] of [
      [0.3, 2],
      [0.5, 5],
      [0.5, 8],
    ] as const) {
      await p.mouse.click(box.x + box.width * fx, box.y + y * 17 + 8);
      await p.waitForTimeout(100);
    }
    await p.click('[data-test=profile-reset]').catch(() => undefined);
    await p.waitForTimeout(300);
    const frames = await stopFrameClock(p);
    return { firstPaintMs, frameP50Ms: frames[Math.floor(frames.length / 2)]!, frameP95Ms: frames[Math.floor(frames.length * 0.95)]!, frames: frames.length };
  } finally {
    await h.close();
  }
}

export { median as profileMedian };
