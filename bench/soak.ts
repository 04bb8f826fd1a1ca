// `npm run bench -- soak` (#38.1): a night of recording, shortened. A real Arthas 4.3.4 on RateGame at
// 2,000 calls/s watched for BENCH_SOAK_MIN minutes (20 by default) by the app's own service in this
// process (its main process) with the live tab open in Chromium. Scored against the JVM's own call
// count: stored ÷ calls; each process's memory sampled every minute after a full GC (main: this
// process's heap and RSS; the renderer: its JS heap, through the DevTools protocol); the main
// process's event-loop lag p99 per minute; how far the search index trails at the end; bytes on
// disk per result; search and seek at the end over everything recorded; the live tab's frame
// intervals at the end against its start.
import { statSync, existsSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CDPSession } from 'playwright-core';
import { addTarget, startHarness, uiPrerequisites } from '../test/e2e/harness';
import { lossWindows, missingArguments, uncovered, watchedArguments } from '../test/real-arthas/support/coverage';
import { realArthasUnavailable, startRealTarget } from '../test/real-arthas/support/real-jvm';
import { startFrameClock, stopFrameClock } from './frame-clock';

const WATCH = 'watch deck.RateGame tick "params[0]" -x 1 -n 100000000';

export interface SoakMinute {
  minute: number;
  calls: number;
  lagP99Ms: number;
  mainHeapMB: number;
  mainRssMB: number;
  rendererHeapMB: number;
}

export interface SoakFigures {
  minutes: number;
  rate: number;
  calls: number;
  stored: number;
  kept: number;
  /** calls that never arrived, and of those the ones outside every loss the recording marked */
  missed: number;
  unmarked: number;
  perMinute: SoakMinute[];
  /** time from the end of the calls until the search index held every result, ms */
  indexTrailMs: number;
  bytesPerResult: number;
  searchP95Ms: number;
  /** recorded calls a search for did not find */
  searchMisses: string[];
  seekP95Ms: number;
  frameP95StartMs: number;
  frameP95EndMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function rendererHeapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize / 1048576;
}

async function frameP95(page: import('playwright-core').Page, ms: number): Promise<number> {
  await startFrameClock(page);
  await sleep(ms);
  const frames = await stopFrameClock(page);
  return pct(frames, 0.95);
}

export async function measureSoak(): Promise<SoakFigures | string> {
  const missing = realArthasUnavailable() ?? uiPrerequisites();
  if (missing) return missing;
  const minutes = Number(process.env.BENCH_SOAK_MIN ?? 20);
  const rate = Number(process.env.BENCH_SOAK_RATE ?? 2000);
  const target = await startRealTarget({ kind: 'rate-game', rate: 0 });
  const h = await startHarness([]);
  try {
    const p = h.page;
    await p.setViewportSize({ width: 1280, height: 800 });
    await addTarget(p, 'rate-game', target.arthas.url);
    await p.click('[data-test=target]:has-text("rate-game") [data-test=open-target]');
    await p.waitForSelector('[data-test=tab] [data-state=ready]', { timeout: 30_000 });
    const recordingId = (h.db.prepare("SELECT MAX(id) AS id FROM sessions WHERE source = 'live'").get() as { id: number }).id;
    await p.fill('[data-test=command-input]', WATCH);
    await p.keyboard.press('Enter');
    target.jvm.setRate(50);
    await p.waitForSelector('[data-test=result-row][data-type=watch]', { timeout: 60_000 });
    target.jvm.setRate(rate);
    // a first stretch not counted: the JIT compiles the watch advice and the pull path
    await sleep(15_000);
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('HeapProfiler.enable');
    const frameP95StartMs = await frameP95(p, 5000);
    const from = await target.jvm.calls();
    const perMinute: SoakMinute[] = [];
    for (let m = 1; m <= minutes; m++) {
      const lag = monitorEventLoopDelay({ resolution: 1 });
      lag.enable();
      await sleep(60_000);
      lag.disable();
      gc();
      const mem = process.memoryUsage();
      const row: SoakMinute = { minute: m, calls: (await target.jvm.calls()) - from, lagP99Ms: lag.percentile(99) / 1e6, mainHeapMB: mem.heapUsed / 1048576, mainRssMB: mem.rss / 1048576, rendererHeapMB: await rendererHeapMB(cdp) };
      perMinute.push(row);
      process.stderr.write(`soak minute ${m}/${minutes}: ${row.calls.toLocaleString()} calls, lag p99 ${row.lagP99Ms.toFixed(1)} ms, main heap ${row.mainHeapMB.toFixed(0)} MB (RSS ${row.mainRssMB.toFixed(0)}), renderer heap ${row.rendererHeapMB.toFixed(0)} MB\n`);
    }
    const frameP95EndMs = await frameP95(p, 5000);
    const to = await target.jvm.calls();
    target.jvm.setRate(0);
    const ended = Date.now();
    // what was pulled reaches the disk, then the index
    await sleep(3000);
    for (;;) {
      const s = await h.service.call<'search.status'>('search.status', {});
      if (s.pending === 0) break;
      await sleep(200);
    }
    const indexTrailMs = Date.now() - ended;
    const seen = watchedArguments(h.db, recordingId);
    const stored = new Set(seen.filter((s) => s.n >= from && s.n < to).map((s) => s.n)).size;
    // the calls that never arrived, and those no "possible loss" the recording marked covers
    const missed = missingArguments(seen.filter((s) => s.n >= from - 1 && s.n <= to)).filter((m) => m.n >= from && m.n < to);
    const unmarked = uncovered(missed, lossWindows(h.db, recordingId)).length;
    const results = (h.db.prepare('SELECT COUNT(*) AS n FROM results WHERE session_id = ?').get(recordingId) as { n: number }).n;
    const bytes = [h.dbPath, `${h.dbPath}-wal`].filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
    const searches: number[] = [];
    const storedArgs = new Set(seen.map((s) => s.n));
    // calls spread over the run that were recorded: a search for each finds it
    const asked = Array.from({ length: 20 }, (_, i) => from + Math.floor(((to - from) * (i + 0.5)) / 20)).map((n) => {
      for (let k = n; k < to; k++) if (storedArgs.has(k)) return k;
      return n;
    });
    const searchMisses: string[] = [];
    for (const n of asked) {
      const t = performance.now();
      const answer = await h.service.call<'search.results'>('search.results', { text: `@Long[${n}]`, limit: 50 });
      searches.push(performance.now() - t);
      if (!answer.hits.length) searchMisses.push(String(n));
    }
    const first = seen[0]?.at ?? ended;
    const seeks: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const pos = await h.service.call<'recordings.posAtTime'>('recordings.posAtTime', { id: recordingId, at: first + ((ended - first) * i) / 20 });
      await h.service.call<'recordings.page'>('recordings.page', { id: recordingId, after: Math.max(0, pos - 500), limit: 1000 });
      seeks.push(performance.now() - t);
    }
    return {
      minutes,
      rate,
      calls: to - from,
      stored,
      kept: stored / Math.max(1, to - from),
      missed: missed.length,
      unmarked,
      perMinute,
      indexTrailMs,
      bytesPerResult: bytes / Math.max(1, results),
      searchP95Ms: pct(searches, 0.95),
      searchMisses,
      seekP95Ms: pct(seeks, 0.95),
      frameP95StartMs,
      frameP95EndMs,
    };
  } finally {
    await h.close();
    await target.close();
  }
}

/** The soak's rows: growth counts from the sample at minute 5 (or the middle of a shorter soak). */
export function soakRows(f: SoakFigures, row: (what: string, value: string, target: string, ok: boolean | null) => void): void {
  const at = `soak: real Arthas, ${f.rate.toLocaleString()} calls/s for ${f.minutes} min, live tab open in Chromium`;
  row(`${at}: stored ÷ the JVM's calls`, `${f.kept.toFixed(4)} (${f.stored.toLocaleString()} of ${f.calls.toLocaleString()})`, '≥ 0.999', f.kept >= 0.999);
  row('  … calls missed, and of those outside any loss the recording marked', `${f.missed.toLocaleString()}, ${f.unmarked.toLocaleString()} unmarked`, '0 unmarked', f.unmarked === 0);
  const base = f.perMinute[Math.min(f.perMinute.length, 5) - 1] ?? f.perMinute[0];
  const last = f.perMinute.at(-1);
  if (base && last) {
    const grow = (a: number, b: number): string => `${a.toFixed(0)} → ${b.toFixed(0)} MB (${(((b - a) / a) * 100).toFixed(1)}%)`;
    row(`  … main process heap after GC, minute ${base.minute} → ${last.minute}`, grow(base.mainHeapMB, last.mainHeapMB), '≤ +5%', last.mainHeapMB <= base.mainHeapMB * 1.05);
    row(`  … main process RSS after GC, minute ${base.minute} → ${last.minute}`, grow(base.mainRssMB, last.mainRssMB), '≤ +5%', last.mainRssMB <= base.mainRssMB * 1.05);
    row(`  … renderer JS heap after GC, minute ${base.minute} → ${last.minute}`, grow(base.rendererHeapMB, last.rendererHeapMB), '≤ +5%', last.rendererHeapMB <= base.rendererHeapMB * 1.05);
  }
  const lags = f.perMinute.map((m) => m.lagP99Ms);
  const over = f.perMinute.filter((m) => m.lagP99Ms >= 16).length;
  row('  … main-process event-loop lag p99 per minute', `worst ${Math.max(...lags).toFixed(1)} ms, median ${pct(lags, 0.5).toFixed(1)} ms; ${over} of ${lags.length} minutes at 16 ms or more`, '< 16 ms every minute', over === 0);
  row('  … the search index trails the recording at the end by', `${(f.indexTrailMs / 1000).toFixed(1)} s`, '< 10 s', f.indexTrailMs < 10_000);
  row('  … bytes on disk per result (database and its WAL)', f.bytesPerResult.toFixed(0), '', null);
  row('  … search p95 at the end over everything recorded', `${f.searchP95Ms.toFixed(1)} ms`, '< 100 ms', f.searchP95Ms < 100);
  row('  … recorded calls a search did not find (20 asked)', f.searchMisses.length ? f.searchMisses.join(', ') : 'none', 'none', f.searchMisses.length === 0);
  row('  … replay seek p95 at the end (time → position → 1,000 rows)', `${f.seekP95Ms.toFixed(1)} ms`, '< 100 ms', f.seekP95Ms < 100);
  row('  … the live tab\'s frame interval p95, start → end', `${f.frameP95StartMs.toFixed(1)} → ${f.frameP95EndMs.toFixed(1)} ms`, 'end ≤ start × 1.2', f.frameP95EndMs <= f.frameP95StartMs * 1.2);
}
