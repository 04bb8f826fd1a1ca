// A recording engine on a real SQLite file, as the app and the headless recorder run it.
import { ArthasClient, type ClientOptions } from '../../../src/main/arthas/client';
import type { EngineOutput } from '../../../src/main/arthas/engine-outbox';
import type { EngineOptions } from '../../../src/main/arthas/session';
import { SessionEngine } from '../../../src/main/arthas/session';
import { openDatabase, type Db } from '../../../src/main/recorder/db';
import { RecordingReader } from '../../../src/main/recorder/recording-reader';
import { RecordingWriter } from '../../../src/main/recorder/recording-writer';
import { startRecording, type SessionRecorder } from '../../../src/main/recorder/session-recorder';
import { refusedAsBusy, runAgainWhileBusy } from '../../../src/main/arthas/busy-retry';
import { tempDir } from '../../support/temp-dir';
import { waitFor } from '../../support/wait';

export interface RecordingRig {
  engine: SessionEngine;
  recorder: SessionRecorder;
  db: Db;
  reader: RecordingReader;
  out: EngineOutput[];
  /** stored results of the recording, parsed */
  stored(): Array<Record<string, unknown> & { type: string }>;
  close(): Promise<void>;
}

/**
 * Runs an enhancing command as a user would: when Arthas answers its transient "someone else is
 * enhancing classes" (right after another session's enhancement), it is run again (busy-retry.ts).
 * Resolves with the job id once its enhancer succeeded.
 */
export async function runEnhancing(rig: RecordingRig, command: string): Promise<number> {
  const outcome = await runAgainWhileBusy(
    async () => {
      const { jobId } = await rig.engine.run(command);
      // read from what the engine delivered, in its order: a job's results come before its end
      const seen = await waitFor(
        () => {
          let ended: { state: string; statusMessage?: string } | undefined;
          for (const o of rig.out) {
            if (o.type === 'batch' && o.batch.results.some((r) => r.result.type === 'enhancer' && r.result.jobId === jobId && r.result.success === true)) return { jobId, job: null };
            if (o.type === 'job' && o.job.jobId === jobId && o.job.endedAt !== undefined) ended = o.job;
          }
          return ended ? { jobId, job: ended } : undefined;
        },
        `${command} to be enhanced`,
        30_000,
      );
      // the refused job's ALLOW_INPUT comes after its status: the next run waits for it
      if (seen.job) await waitFor(() => rig.engine.snapshot.inputStatus === 'ALLOW_INPUT', 'the session to take input again', 10_000);
      return seen;
    },
    (s) => refusedAsBusy(s.job),
  );
  if (outcome.job) throw new Error(`${command} ended: ${outcome.job.state} ${outcome.job.statusMessage ?? ''}`);
  return outcome.jobId;
}

export async function startRig(client: Partial<ClientOptions> & { url: string }, engineOpts: EngineOptions = {}): Promise<RecordingRig> {
  const dir = tempDir('arthas-deck-real-');
  const db = openDatabase(dir.file('real.db'));
  const engine = new SessionEngine(new ArthasClient(client), engineOpts);
  const out: EngineOutput[] = [];
  engine.onOutput((o) => out.push(o));
  const recorder = await startRecording(new RecordingWriter(db), engine, { targetName: 'real', targetUrl: client.url });
  const reader = new RecordingReader(db);
  return {
    engine,
    recorder,
    db,
    reader,
    out,
    stored: () => (db.prepare('SELECT raw FROM results WHERE session_id = ? ORDER BY pos').all(recorder.recordingId) as Array<{ raw: string }>).map((r) => JSON.parse(r.raw) as Record<string, unknown> & { type: string }),
    close: async () => {
      await engine.stop().catch(() => undefined);
      recorder.close();
      db.close();
      dir.remove();
    },
  };
}
