// A recording engine on a real SQLite file, as the app and the headless recorder run it.
import { ArthasClient, type ClientOptions } from '../../../src/main/arthas/client';
import type { EngineOptions, EngineOutput } from '../../../src/main/arthas/session';
import { SessionEngine } from '../../../src/main/arthas/session';
import { openDatabase, type Db } from '../../../src/main/recorder/db';
import { RecordingReader } from '../../../src/main/recorder/recording-reader';
import { RecordingWriter } from '../../../src/main/recorder/recording-writer';
import { startRecording, type SessionRecorder } from '../../../src/main/recorder/session-recorder';
import { tempDir } from '../../support/temp-dir';

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
