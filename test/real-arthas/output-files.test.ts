// arthas-output/ of a real Arthas 4.3.4 (#39.6): a heap dump and a JFR recording written there are
// listed with the sizes the JVM's disk holds, downloaded byte for byte through the tab's route and,
// with no tab open, through the target's own; a cancelled download leaves nothing; names that climb
// out of arthas-output/ are refused before any request; a recording with no target says why.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeckArgs, DeckMethod, DeckResult } from '../../src/shared/contract';
import { downloadOutput, listOutput } from '../../src/main/output-files/output-fetch';
import { RecordingWriter } from '../../src/main/recorder/recording-writer';
import { jfrFileOf, outputNameOf } from '../../src/shared/arthas/output-files';
import { skipOrFail } from '../support/real-tier';
import { deckOnMathGameForSuite } from './support/deck-on-math-game';
import { realArthasUnavailable } from './support/real-jvm';

const why = realArthasUnavailable();
if (why) console.warn(`arthas-output tests skipped: ${why}`);

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(skipOrFail(why))('arthas-output/ of a real Arthas 4.3.4', () => {
  const suite = deckOnMathGameForSuite('arthas-deck-output-');
  /** the file on the JVM's own disk */
  const onJvm = (name: string): string => join(suite().target.jvm.cwd, 'arthas-output', name);
  const call = <M extends DeckMethod>(m: M, a: DeckArgs<M>, caller?: 'window'): Promise<DeckResult<M>> => suite().call(m, a, caller);
  const answerOf = async (command: string): Promise<Array<Record<string, unknown>>> => {
    const { db, tabId, recordingId } = suite();
    const { jobId } = await call('tabs.exec', { tabId, command });
    // the recorder writes off the call's path: the job's answer is whole once its status is stored
    for (const until = Date.now() + 20_000; ; ) {
      const rows = (db.prepare('SELECT raw FROM results WHERE session_id = ? AND job_id = ? ORDER BY pos').all(recordingId, jobId) as Array<{ raw: string }>).map((r) => JSON.parse(r.raw) as Record<string, unknown>);
      if (rows.some((r) => r.type === 'status') || Date.now() > until) return rows;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('before Arthas writes a file there, arthas-output/ lists nothing', async () => {
    const folder = join(suite().target.jvm.cwd, 'arthas-output');
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
    expect((await call('outputFiles.list', { recordingId: suite().recordingId })).entries).toEqual([]);
  });

  it('a heap dump named under arthas-output/: listed with the size on the JVM\'s disk, downloaded byte for byte with progress', async () => {
    const answer = await answerOf('heapdump --live arthas-output/deck-heap.hprof');
    const dump = answer.find((r) => r.type === 'heapdump')!;
    expect(dump).toMatchObject({ dumpFile: 'arthas-output/deck-heap.hprof', live: true });
    const name = outputNameOf(String(dump.dumpFile))!;
    expect(name).toBe('deck-heap.hprof');
    const { entries } = await call('outputFiles.list', { recordingId: suite().recordingId });
    const entry = entries.find((e) => e.name === name)!;
    expect(entry.size).toBe(statSync(onJvm(name)).size);
    expect(entry.folder).toBe(false);
    const progress: number[] = [];
    const off = suite().deck.onEvent((e) => e.type === 'task.progress' && e.progress.what === 'download' && progress.push(e.progress.done));
    const got = await call('outputFiles.download', { recordingId: suite().recordingId, name, path: suite().dir.file('heap.hprof'), taskId: 'dl-heap' });
    off();
    expect(got).toMatchObject({ bytes: entry.size, name: 'deck-heap.hprof' });
    expect(sha(suite().dir.file('heap.hprof'))).toBe(sha(onJvm(name)));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((d, i) => i === 0 || d >= progress[i - 1]!)).toBe(true);
  }, 60_000);

  it('a JFR recording stopped into arthas-output/: its file is found from the answer and downloaded whole', async () => {
    await answerOf('jfr start');
    await new Promise((r) => setTimeout(r, 1500));
    const stop = (await answerOf('jfr stop -r 1')).find((r) => r.type === 'jfr')!;
    const file = jfrFileOf(String(stop.jfrOutput))!;
    expect(file.startsWith(suite().target.jvm.cwd)).toBe(true);
    const name = outputNameOf(file)!;
    expect((await call('outputFiles.list', { recordingId: suite().recordingId })).entries.map((e) => e.name)).toContain(name);
    const got = await call('outputFiles.download', { recordingId: suite().recordingId, name, path: suite().dir.file('run.jfr') });
    expect(got!.bytes).toBe(statSync(file).size);
    expect(sha(suite().dir.file('run.jfr'))).toBe(sha(file));
  }, 60_000);

  it('a download cancelled part way leaves no file and no part file behind', async () => {
    const ac = new AbortController();
    const origin = { url: suite().target.arthas.url };
    const dest = suite().dir.file('cancelled.hprof');
    let seen = 0;
    await expect(
      downloadOutput(origin, 'deck-heap.hprof', dest, {
        signal: ac.signal,
        onProgress: (done) => {
          seen = done;
          ac.abort();
        },
      }),
    ).rejects.toThrow(/Cancelled/);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(statSync(onJvm('deck-heap.hprof')).size);
    expect(readdirSync(suite().dir.path).filter((f) => f.includes('cancelled'))).toEqual([]);
  }, 60_000);

  it('a file Arthas does not have: a clear message, nothing written', async () => {
    await expect(call('outputFiles.download', { recordingId: suite().recordingId, name: 'no-such.hprof', path: suite().dir.file('none.hprof') })).rejects.toThrow(/no-such.hprof is not in arthas-output\/ \(the server answered 404\)/);
    expect(existsSync(suite().dir.file('none.hprof'))).toBe(false);
  });

  it('names that climb out of arthas-output/ are refused before any request is made', async () => {
    for (const name of ['../deck.db', 'a/../../etc/passwd', '/etc/passwd', 'x\\..\\y', './x', 'a\u0000b']) {
      await expect(call('outputFiles.download', { recordingId: suite().recordingId, name, path: suite().dir.file('climb') }, 'window'), name).rejects.toThrow(/a name inside arthas-output/);
    }
    await expect(listOutput({ url: suite().target.arthas.url }, '../')).rejects.toThrow(/Not a file name inside arthas-output/);
  });

  it('with the tab closed, the target\'s own route lists and downloads', async () => {
    await call('tabs.close', { tabId: suite().tabId });
    const { entries } = await call('outputFiles.list', { recordingId: suite().recordingId });
    expect(entries.map((e) => e.name)).toContain('deck-heap.hprof');
    const got = await call('outputFiles.download', { recordingId: suite().recordingId, name: 'deck-heap.hprof', path: suite().dir.file('again.hprof') });
    expect(sha(suite().dir.file('again.hprof'))).toBe(sha(onJvm('deck-heap.hprof')));
    expect(got!.bytes).toBe(statSync(onJvm('deck-heap.hprof')).size);
  }, 60_000);

  it('an imported recording (no target of this desktop) says its files stay on their host', async () => {
    const w = new RecordingWriter(suite().db);
    const imported = w.createRecording({ targetName: 'elsewhere', targetUrl: 'http://10.0.0.9:8563/api', startedAt: 1000 });
    await expect(call('outputFiles.list', { recordingId: imported })).rejects.toThrow(/not one of your targets .* its files stay on its host/);
  });
});
