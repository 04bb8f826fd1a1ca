// The headless recorder: records one Arthas session into the app's database format.
//   npm run record -- <arthas-url> --exec "<command>" [--exec ...] [--for <seconds>] [--db <file>]
//                     [--user u --password p] [--join <sessionId>] [--export <file.arthasrec>]
import { parseArgs } from 'node:util';
import { ArthasClient } from '../arthas/client';
import { ArthasError } from '../arthas/errors';
import { SessionEngine } from '../arthas/session';
import { displayUrl } from '../arthas/target-url';
import { openDatabase } from '../recorder/db';
import { defaultDatabasePath } from '../recorder/paths';
import { RecordingWriter, recoverInterrupted } from '../recorder/recording-writer';
import { SessionRecorder, startRecording } from '../recorder/session-recorder';

const USAGE = `usage: npm run record -- <arthas-url> --exec "<command>" [--exec "<command>" ...] [--for <seconds>]
                         [--db <file>] [--user <name> --password <password>] [--join <sessionId>] [--export <file>]`;

function fail(message: string, code: number): never {
  process.stderr.write(`record: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        exec: { type: 'string', multiple: true, default: [] },
        for: { type: 'string' },
        db: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        join: { type: 'string' },
        export: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length !== 1) fail(`one Arthas URL is needed\n${USAGE}`, 2);
  const seconds = values.for !== undefined ? Number(values.for) : undefined;
  if (seconds !== undefined && !(seconds > 0)) fail(`--for takes a number of seconds, not "${values.for}"`, 2);

  let client: ArthasClient;
  try {
    client = new ArthasClient({ url: positionals[0]!, username: values.user, password: values.password });
  } catch (e) {
    fail((e as Error).message, 2);
  }
  const dbFile = values.db ?? defaultDatabasePath();
  const db = openDatabase(dbFile);
  recoverInterrupted(db);
  const writer = new RecordingWriter(db);
  const engine = new SessionEngine(client, { joinSessionId: values.join });
  const url = displayUrl(client.apiUrl);
  let jobEnded: (() => void) | undefined;
  let lastError = '';
  let recorder: SessionRecorder;
  try {
    recorder = await startRecording(writer, engine, { targetName: client.apiUrl.host, targetUrl: url, name: values.exec.join(' ; ') || null }, (out) => {
      if (out.type === 'job' && out.job.endedAt) jobEnded?.();
      if (out.type === 'event' && out.event.kind === 'error') lastError = out.event.message;
    });
  } catch (e) {
    db.close();
    const err = e as ArthasError;
    fail(`cannot record from ${url}: ${err.message}`, err instanceof ArthasError && err.kind === 'auth' ? 4 : 3);
  }
  const recordingId = recorder.recordingId;
  process.stderr.write(`recording ${url} into ${dbFile} as recording #${recordingId}\n`);

  const started = Date.now();
  let stopping = false;
  const tty = process.stderr.isTTY;
  const progress = setInterval(() => {
    const secs = (Date.now() - started) / 1000;
    const line = `results ${engine.stats.results}  rate ${(engine.stats.results / Math.max(secs, 0.001)).toFixed(0)}/s  gaps ${engine.stats.gaps}  state ${engine.snapshot.state}  ${secs.toFixed(0)} s`;
    process.stderr.write(tty ? `\r${line}   ` : `${line}\n`);
  }, 1000);

  const finish = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(progress);
    if (engine.snapshot.foregroundJobId !== undefined) await engine.interrupt().catch(() => undefined);
    await engine.stop(reason);
    await new Promise((r) => setImmediate(r));
    recorder.close();
    if (values.export) {
      const { exportRecording } = await import('../recorder/share');
      const n = await exportRecording(db, recordingId, values.export, {});
      process.stderr.write(`${tty ? '\n' : ''}exported ${n.results} results to ${values.export}\n`);
    }
    db.close();
    process.stderr.write(`${tty ? '\n' : ''}stopped (${reason}): ${recorder.counts.stored} results stored, ${engine.stats.gaps} gaps${lastError ? `; ${lastError}` : ''}\n`);
    process.exit(lastError ? 1 : 0);
  };
  process.on('SIGINT', () => void finish('Ctrl-C'));
  process.on('SIGTERM', () => void finish('terminated'));
  if (seconds !== undefined) setTimeout(() => void finish(`--for ${seconds} s`), seconds * 1000);

  for (const [i, command] of values.exec.entries()) {
    if (stopping) break;
    const ended = new Promise<void>((r) => (jobEnded = r));
    try {
      await engine.run(command);
    } catch (e) {
      process.stderr.write(`\ncommand not run: ${command}: ${(e as Error).message}\n`);
      continue;
    }
    if (i < values.exec.length - 1) await ended;
  }
  if (seconds === undefined && values.exec.length > 0) {
    // no --for: stop when the last command ends
    await new Promise<void>((r) => (jobEnded = r));
    await finish('the last command ended');
  }
}

void main();
