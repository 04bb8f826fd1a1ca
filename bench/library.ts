// npm run bench -- library: the team library on a real PostgreSQL (started here, as in the tests).
// - publishing ÷ a raw COPY of the same rows into the same table, alternately, three rounds each;
// - headless recorders (child processes) at 500 results/s each shipping live: stored in the library
//   = delivered by the servers, shipping lag p99, each recorder's event-loop lag p99;
// - search over 1,000,000 library results as a team member (row-level security on);
// - a replay seek (time → position → the rows around it) in a 1,000,000-result library recording.
import { readFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { LibraryRecordings } from '../src/main/library/library-recordings';
import { publishRecording } from '../src/main/library/library-publisher';
import { RESULT_COLUMNS, resultLine } from '../src/main/library/library-rows';
import { searchLibrary } from '../src/main/library/library-search';
import { openDatabase } from '../src/main/recorder/db';
import { searchResults } from '../src/main/search/result-search';
import { SearchIndexer } from '../src/main/search/search-indexer';
import { RecordingWriter, resultRow } from '../src/main/recorder/recording-writer';
import { seededRandom } from '../test/simulator/math-game';
import { postgresUnavailable, startTestPostgres, USER_PASSWORD } from '../test/support/postgres';
import { exitOf, spawnTs } from '../test/support/run-cli';
import { startSimProcess } from '../test/support/sim-process';
import type { tempDir } from '../test/support/temp-dir';

export interface LibraryFigures {
  publish: { results: number; publishPerSec: number[]; rawCopyPerSec: number[]; ratios: number[] };
  /** produced: what each simulator's JVM produced; evicted: of those, what it dropped before a pull (losses) */
  live: { recorders: number; rate: number; seconds: number; produced: number[]; evicted: number[]; stored: number[]; shipLagP99Ms: number[]; lagP99Ms: number[]; controlLagP99Ms: number[]; exitCodes: number[]; cpuBusy: number; controlCpuBusy: number };
  /** emptyAnswers: queries that should hit and found nothing; differsFromLocal: queries whose answer over a shipped recording is not the desktop's over its own copy */
  search: { results: number; loadSeconds: number; queries: number; p50Ms: number; p95Ms: number; emptyAnswers: string[]; comparedQueries: number; differsFromLocal: string[] };
  seek: { seeks: number; p50Ms: number; p95Ms: number };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
/** the machine's CPU time so far (all cores): busy and total, to tell a slow recorder from a saturated machine */
const cpuTimes = (): { busy: number; total: number } =>
  cpus().reduce((a, c) => {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq;
    return { busy: a.busy + t, total: a.total + t + c.times.idle };
  }, { busy: 0, total: 0 });

export async function measureLibrary(dir: ReturnType<typeof tempDir>, samples: (n: number, seed: number) => string[]): Promise<LibraryFigures | string> {
  const why = postgresUnavailable();
  if (why) return why;
  const pgs = await startTestPostgres();
  try {
    await pgs.addTeam('bench');
    await pgs.addUser('publisher', ['bench']);
    const lib = await pgs.connect('publisher');

    // 1. publish ÷ raw COPY of the same rows, alternately
    const N = Number(process.env.BENCH_LIBRARY_PUBLISH ?? 200_000);
    const db = openDatabase(dir.file('library-publish.db'));
    const w = new RecordingWriter(db);
    const publishPerSec: number[] = [];
    const rawCopyPerSec: number[] = [];
    for (let round = 0; round < 3; round++) {
      const raws = samples(N, 100 + round);
      const id = w.createRecording({ targetName: `bench-${round}`, targetUrl: 'http://b/api', startedAt: 1_700_000_000_000 });
      db.transaction(() => {
        for (let i = 0; i < N; i += 20) w.writeBatch(id, raws.slice(i, i + 20).map((raw, k) => resultRow(i / 20, 1_700_000_000_000 + i + k, 'live', { type: 'watch', jobId: 1 }, raw)));
      })();
      w.endRecording(id, 'closed', 1_700_000_000_000 + N);
      let t = performance.now();
      const r = await publishRecording(db, lib, id, { team: 'bench' });
      publishPerSec.push(r.results / ((performance.now() - t) / 1000));
      // the same rows, as the library stores them, by a raw COPY (an administrator, no row-level security)
      const rows = db.prepare('SELECT pos, batch_seq, job_id, type, origin, received_at, server_time, raw FROM results WHERE session_id = ? ORDER BY pos').all(id) as Array<{ pos: number; batch_seq: number; job_id: number | null; type: string; origin: string; received_at: number; server_time: number | null; raw: string }>;
      const target = Number((await pgs.admin(`INSERT INTO deck.recordings (team, kind, target_name, target_url, started_at, state) VALUES ('bench', 'published', 'raw', 'u', 0, 'closed') RETURNING id`)).rows[0].id);
      const lines = rows.map((x) => resultLine(target, 'bench', { pos: x.pos, batch: x.batch_seq, jobId: x.job_id, type: x.type, origin: x.origin, receivedAt: x.received_at, serverTime: x.server_time, raw: x.raw }));
      const admin = await pgs.adminClient();
      try {
        t = performance.now();
        await admin.query('BEGIN');
        const { from } = await import('pg-copy-streams');
        const stream = admin.query(from(`COPY deck.results (${RESULT_COLUMNS.join(', ')}) FROM STDIN`));
        await new Promise<void>((res, rej) => {
          stream.on('finish', () => res());
          stream.on('error', rej);
          for (let i = 0; i < lines.length; i += 500) stream.write(`${lines.slice(i, i + 500).join('\n')}\n`);
          stream.end();
        });
        await admin.query('COMMIT');
        rawCopyPerSec.push(lines.length / ((performance.now() - t) / 1000));
      } finally {
        admin.release();
      }
    }
    db.close();
    const ratios = publishPerSec.map((p, i) => p / rawCopyPerSec[i]!);

    // 2. headless recorders shipping live; the same recorders without publishing as the control of their lag
    const RECORDERS = Number(process.env.BENCH_LIBRARY_RECORDERS ?? 10);
    const SECONDS = Number(process.env.BENCH_LIBRARY_SECONDS ?? 60);
    const RATE = 500;
    await pgs.addUser('jump', ['bench']);
    const url = `postgres://jump@127.0.0.1:${pgs.server.port}/deck`;
    const recorders = async (publish: boolean, tag: string): Promise<{ produced: number[]; evicted: number[]; codes: number[]; lag: number[]; stderr: string[]; cpuBusy: number }> => {
      const before = cpuTimes();
      const sims = await Promise.all(Array.from({ length: RECORDERS }, () => startSimProcess(['--rate', String(RATE)])));
      const children = sims.map((s, i) =>
        spawnTs(
          'src/main/cli/record.ts',
          [s.url, '--exec', 'watch demo.MathGame primeFactors "{params, returnObj}" -x 2 -n 100000000', '--for', String(SECONDS), '--db', dir.file(`rec-${tag}-${i}.db`), '--as', `${tag}-${i}`, ...(publish ? ['--publish', url] : [])],
          { PGPASSWORD: USER_PASSWORD, DECK_LAG_REPORT: dir.file(`lag-${tag}-${i}.json`) },
        ),
      );
      const exits = await Promise.all(children.map((c) => exitOf(c)));
      const after = cpuTimes();
      const stats = await Promise.all(sims.map((s) => s.stats()));
      await Promise.all(sims.map((s) => s.stop()));
      const lagOf = (i: number): number => (existsSync(dir.file(`lag-${tag}-${i}.json`)) ? (JSON.parse(readFileSync(dir.file(`lag-${tag}-${i}.json`), 'utf8')) as { p99Ms: number }).p99Ms : NaN);
      return { produced: stats.map((st) => st.sentByType.watch ?? 0), evicted: stats.map((st) => st.dropped), codes: exits.map((e) => e.code ?? -1), lag: sims.map((_, i) => lagOf(i)), stderr: children.map((c) => c.output().stderr), cpuBusy: (after.busy - before.busy) / (after.total - before.total) };
    };
    const control = await recorders(false, 'local');
    const live = await recorders(true, 'bench');
    const stored: number[] = [];
    for (let i = 0; i < RECORDERS; i++) {
      const n = await pgs.admin(`SELECT count(*) AS n FROM deck.results x JOIN deck.recordings r ON r.id = x.recording_id WHERE r.run_by = $1 AND x.type = 'watch'`, [`bench-${i}`]);
      stored.push(Number(n.rows[0].n));
    }
    const exits = live.codes;
    const shipLagP99Ms = live.stderr.map((e) => Number(/shipping lag p99 ([\d.]+) s/.exec(e)?.[1] ?? NaN) * 1000);
    const lagP99Ms = live.lag;
    const controlLagP99Ms = control.lag;

    // 3. search over 1,000,000 library results (a member: row-level security on)
    const BIG = Number(process.env.BENCH_BIG ?? 1_000_000);
    const bigId = Number((await pgs.admin(`INSERT INTO deck.recordings (team, kind, target_name, target_url, started_at, state) VALUES ('bench', 'published', 'big', 'u', 1700000000000, 'closed') RETURNING id`)).rows[0].id);
    const loadStart = performance.now();
    const admin = await pgs.adminClient();
    try {
      const { from } = await import('pg-copy-streams');
      await admin.query('BEGIN');
      const stream = admin.query(from(`COPY deck.results (${RESULT_COLUMNS.join(', ')}) FROM STDIN`));
      await new Promise<void>((res, rej) => {
        stream.on('finish', () => res());
        stream.on('error', rej);
        const write = (i: number): void => {
          for (; i < BIG; i += 2000) {
            const chunk = samples(Math.min(2000, BIG - i), 7 + i).map((raw, k) => resultLine(bigId, 'bench', { pos: i + k + 1, batch: Math.floor((i + k) / 20), jobId: 1, type: 'watch', origin: 'live', receivedAt: 1_700_000_000_000 + (i + k) * 5, serverTime: null, raw }));
            if (!stream.write(`${chunk.join('\n')}\n`)) {
              stream.once('drain', () => write(i + 2000));
              return;
            }
          }
          stream.end();
        };
        write(0);
      });
      await admin.query('UPDATE deck.recordings SET result_count = $2 WHERE id = $1', [bigId, BIG]);
      await admin.query('COMMIT');
      // as after any bulk load: vacuumed and analysed, so autovacuum does not run during the measurements
      await admin.query('VACUUM ANALYZE deck.results');
    } finally {
      admin.release();
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const queries = ['number is', 'IllegalArgumentException', 'demo.MathGame.primeFactors', '75414', 'need >= 2', 'IllegalArg', 'nothing-like-this', 'Integer', 'Illegal*'];
    const times: number[] = [];
    const emptyAnswers = new Set<string>();
    for (let k = 0; k < 10; k++)
      for (const text of queries) {
        const t = performance.now();
        const answer = await searchLibrary(lib, { text, limit: 50 });
        times.push(performance.now() - t);
        // every query but the one made to miss finds the generated results
        if (text !== 'nothing-like-this' && !answer.hits.length) emptyAnswers.add(text);
        if (text === 'nothing-like-this' && answer.hits.length) emptyAnswers.add(`${text} (found ${answer.hits.length})`);
      }
    for (let k = 0; k < 10; k++) {
      const t = performance.now();
      await searchLibrary(lib, { text: 'IllegalArgumentException', from: 1_700_000_000_000 + BIG * 2.5, to: 1_700_000_000_000 + BIG * 5, limit: 50 });
      times.push(performance.now() - t);
    }

    // the same queries over one shipped recording, in the library and on the desktop that recorded it: the same answers
    const differsFromLocal: string[] = [];
    const local = openDatabase(dir.file('rec-bench-0.db'));
    try {
      const indexer = new SearchIndexer(local);
      indexer.catchUp();
      const localId = (local.prepare('SELECT MAX(id) AS id FROM sessions').get() as { id: number }).id;
      const libId = Number((await pgs.admin(`SELECT id FROM deck.recordings WHERE run_by = 'bench-0' ORDER BY id DESC LIMIT 1`)).rows[0].id);
      for (const text of queries) {
        const mine = searchResults(local, indexer.indexedUpto(), { text, recordingId: localId, limit: 50 }).hits.map((h) => `${h.pos}:${h.type}`);
        const theirs = (await searchLibrary(lib, { text, recordingId: libId, limit: 50 })).hits.map((h) => `${h.pos}:${h.type}`);
        if (mine.join() !== theirs.join()) differsFromLocal.push(`${text} (${mine.length} here, ${theirs.length} in the library)`);
      }
    } finally {
      local.close();
    }

    // 4. a replay seek in that recording
    const reader = new LibraryRecordings(lib, 1);
    const seeks: number[] = [];
    const rand = seededRandom(9);
    for (let i = 0; i < 100; i++) {
      const at = 1_700_000_000_000 + rand() * BIG * 5;
      const t = performance.now();
      const pos = await reader.posAtTime(bigId, at);
      const [before, after] = await Promise.all([reader.page(bigId, { before: pos + 1, limit: 500 }), reader.page(bigId, { after: pos, limit: 500 })]);
      if (!before.results.length && !after.results.length) throw new Error('seek found nothing');
      seeks.push(performance.now() - t);
    }
    return {
      publish: { results: N, publishPerSec, rawCopyPerSec, ratios },
      live: { recorders: RECORDERS, rate: RATE, seconds: SECONDS, produced: live.produced, evicted: live.evicted, stored, shipLagP99Ms, lagP99Ms, controlLagP99Ms, exitCodes: exits, cpuBusy: live.cpuBusy, controlCpuBusy: control.cpuBusy },
      search: { results: BIG, loadSeconds, queries: times.length, p50Ms: median(times), p95Ms: pct(times, 0.95), emptyAnswers: [...emptyAnswers], comparedQueries: queries.length, differsFromLocal },
      seek: { seeks: seeks.length, p50Ms: median(seeks), p95Ms: pct(seeks, 0.95) },
    };
  } finally {
    await pgs.close();
  }
}
