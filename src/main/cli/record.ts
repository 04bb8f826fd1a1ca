// The headless recorder: records one Arthas session into the app's database format.
//   npm run record -- <arthas-url> --exec "<command>" [--exec ...] [--for <seconds>] [--db <file>]
//                     [--user u --password p] [--join <sessionId> [--interrupt-owner-job] [--close-owner-session]]
//                     [--export <file.arthasrec>] [--give-up <seconds>]
import { ArthasClient } from '../arthas/client';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { TargetRoute } from '../../shared/contract';
import type { TrackedJob } from '../../shared/session-events';
import { refusedAsBusy, runAgainWhileBusy } from '../arthas/busy-retry';
import { openRoute, type OpenedRoute } from '../routes/target-route';
import { cliProgress } from './progress-line';
import { HostKeyError, SshTunnel } from '../ssh/ssh-tunnel';
import { HELP_OPTION, parseCommandLine } from './command-line';
import { ArthasError } from '../arthas/errors';
import { SessionEngine } from '../arthas/session';
import { TERMINATED_STATUS } from '../arthas/session-recovery';
import { displayUrl } from '../arthas/target-url';
import { openDatabase } from '../recorder/db';
import { defaultDatabasePath } from '../recorder/paths';
import { RecordingWriter, recoverInterrupted } from '../recorder/recording-writer';
import { SessionRecorder, startRecording } from '../recorder/session-recorder';
import { systemUserName } from '../api/deck-user';
import { LibraryError } from '../library/library-connection';
import { startLivePublishing, type LivePublishing } from './record-publish';

const USAGE = `usage: npm run record -- <arthas-url> | --attach <pid> [--arthas-home <dir>]
                         | <arthas-url> <arthas-url> ... | --group <name>   (a fleet: one --exec on every member)
                         [--ssh <user@host[:port]|alias> [--identity <key file>] [--accept-host-key SHA256:…]]
                         [--forward "<command with {port}>"]
                         --exec "<command>" [--exec "<command>" ...] [--for <seconds>]
                         [--db <file>] [--user <name> --password <password>] [--export <file.arthasrec|file.html>] [--give-up <seconds>]
                         [--join <sessionId> [--interrupt-owner-job] [--close-owner-session]]
                         [--publish <postgres://user@host/db> [--team <team>]] [--as <name>]
  Stops at whichever comes first: Ctrl-C, --for, the last command's end, or the target unreachable
  for --give-up seconds (default 30). With --join it observes someone else's session: stopping only
  stops pulling, unless --interrupt-owner-job / --close-owner-session say otherwise.
  --publish ships the recording live to a team library (the password from PGPASSWORD or ~/.pgpass);
  --as names who runs the commands (default: this user), sent to Arthas and kept with the recording.
  Exit codes: 2 usage, 3 unreachable, 4 credentials refused, 5 recorded but not all published.`;

/** For an unknown SSH host key: the flag that accepts it. */
function acceptHint(e: unknown): string {
  return e instanceof HostKeyError && e.verdict === 'unknown' ? `\nTo accept it: --accept-host-key ${e.fingerprint}` : '';
}

function fail(message: string, code: number): never {
  process.stderr.write(`record: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine('record', USAGE, () =>
    parseArgs({
      allowPositionals: true,
      options: {
        ...HELP_OPTION,
        exec: { type: 'string', multiple: true, default: [] },
      for: { type: 'string' },
      db: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      join: { type: 'string' },
      'interrupt-owner-job': { type: 'boolean', default: false },
      'close-owner-session': { type: 'boolean', default: false },
      'give-up': { type: 'string', default: '30' },
      attach: { type: 'string' },
      ssh: { type: 'string' },
      identity: { type: 'string' },
      'accept-host-key': { type: 'string' },
      forward: { type: 'string' },
      'arthas-home': { type: 'string' },
      export: { type: 'string' },
      group: { type: 'string' },
      publish: { type: 'string' },
      team: { type: 'string' },
      as: { type: 'string' },
      },
    }),
  );
  // several JVMs at once: several URLs, or a group saved in the app, into one fleet recording
  if (positionals.length > 1 || values.group !== undefined) {
    if (values.exec.length !== 1) fail(`a fleet records one command: give exactly one --exec\n${USAGE}`, 2);
    if (values.attach !== undefined || values.ssh !== undefined || values.forward !== undefined || values.join !== undefined || values.export !== undefined)
      fail(`several URLs or --group go without --attach, --ssh, --forward, --join and --export (save such targets in the app and group them)\n${USAGE}`, 2);
    // a fleet is not shipped live: said here, not found out later in an empty library
    if (values.publish !== undefined || values.team !== undefined)
      fail(`--publish ships one target's recording live; a fleet recording is published once it has ended, from the app (Recordings → Publish…)\n${USAGE}`, 2);
    const seconds = values.for !== undefined ? Number(values.for) : undefined;
    if (seconds !== undefined && !(seconds > 0)) fail(`--for takes a number of seconds, not "${values.for}"`, 2);
    const dbFile = values.db ?? defaultDatabasePath();
    const db = openDatabase(dbFile);
    const { recordFleet } = await import('./record-fleet');
    const code = await recordFleet({ db, dbFile, urls: positionals, group: values.group, command: values.exec[0]!, seconds, version: 'record' });
    db.close();
    process.exit(code);
  }
  // through SSH or a forwarding command the URL is Arthas's as seen from there (default 127.0.0.1:8563)
  if (values.ssh !== undefined && values.forward !== undefined) fail(`either --ssh or --forward, not both\n${USAGE}`, 2);
  if ((values.ssh !== undefined || values.forward !== undefined) && positionals.length === 0) positionals.push('http://127.0.0.1:8563');
  if (values.attach === undefined && positionals.length !== 1) fail(`one Arthas URL (or --attach <pid>) is needed\n${USAGE}`, 2);
  if (values.attach !== undefined && values.ssh === undefined && positionals.length) fail(`either an Arthas URL or --attach <pid>, not both\n${USAGE}`, 2);
  let targetUrl = positionals[0];
  if (values.attach !== undefined && values.ssh !== undefined) {
    // attach on the SSH host, through the same connection, then record through a tunnel to it
    const pid = Number(values.attach);
    if (!Number.isSafeInteger(pid) || pid <= 0) fail(`--attach takes a process id, not "${values.attach}"`, 2);
    const { attachRemote } = await import('../jvm/remote-jvms');
    const steps = cliProgress(`attach (JVM ${pid} on ${values.ssh})`);
    const ssh = new SshTunnel({ route: { destination: values.ssh, identityFile: values.identity }, remoteHost: '127.0.0.1', remotePort: 0, acceptFingerprint: values['accept-host-key'], onStep: (s) => steps.step(s) });
    try {
      await ssh.connectOnly();
      steps.step('loading the agent');
      const { port } = await attachRemote(ssh, pid, { arthasHome: values['arthas-home'] });
      steps.done();
      targetUrl = `http://127.0.0.1:${port}`;
      positionals.splice(0, positionals.length, targetUrl);
    } catch (e) {
      fail(`${(e as Error).message}${acceptHint(e)}`, 3);
    } finally {
      ssh.close();
    }
  } else if (values.attach !== undefined) {
    const pid = Number(values.attach);
    if (!Number.isSafeInteger(pid) || pid <= 0) fail(`--attach takes a process id, not "${values.attach}"`, 2);
    const { attachToJvm } = await import('../jvm/attach');
    try {
      const steps = cliProgress('attach');
      const r = await attachToJvm(pid, { arthasHome: values['arthas-home'], onStep: (s) => steps.step(s) });
      steps.done();
      process.stderr.write(`attach: ${r.reused ? 'using the Arthas already attached' : 'attached'}: Arthas ${r.version} on ${r.url}\n`);
      targetUrl = r.url;
    } catch (e) {
      fail((e as Error).message, 3);
    }
  }
  const seconds = values.for !== undefined ? Number(values.for) : undefined;
  if (seconds !== undefined && !(seconds > 0)) fail(`--for takes a number of seconds, not "${values.for}"`, 2);
  const giveUp = Number(values['give-up']);
  if (!(giveUp > 0)) fail(`--give-up takes a number of seconds, not "${values['give-up']}"`, 2);
  if (!values.join && (values['interrupt-owner-job'] || values['close-owner-session'])) fail('--interrupt-owner-job and --close-owner-session go with --join', 2);

  let route: OpenedRoute = { url: targetUrl!, close: () => undefined };
  if (values.ssh !== undefined || values.forward !== undefined) {
    const spec: TargetRoute = values.ssh !== undefined ? { kind: 'ssh', destination: values.ssh, identityFile: values.identity } : { kind: 'command', command: values.forward! };
    try {
      const steps = cliProgress(values.ssh !== undefined ? `ssh ${values.ssh}` : 'forward');
      route = await openRoute(spec, targetUrl!, {
        acceptHostKey: values['accept-host-key'],
        onStep: (s) => steps.step(s),
        onEvent: (e) => process.stderr.write(`${values.ssh !== undefined ? 'ssh' : 'forward'}: ${e.message}\n`),
      });
      // an Arthas just attached over SSH takes a moment to answer
      if (values.attach !== undefined) {
        steps.step('waiting for the HTTP API');
        await (await import('../jvm/arthas-launch')).waitForArthasApi(route.url, 30_000);
      }
      steps.done();
    } catch (e) {
      fail(`${(e as Error).message}${acceptHint(e)}`, 3);
    }
  }
  if (values.team !== undefined && values.publish === undefined) fail('--team goes with --publish', 2);
  const runBy = values.as?.trim() || systemUserName();
  let client: ArthasClient;
  try {
    client = new ArthasClient({ url: route.url, username: values.user, password: values.password, userId: runBy });
  } catch (e) {
    fail((e as Error).message, 2);
  }
  const dbFile = values.db ?? defaultDatabasePath();
  const db = openDatabase(dbFile);
  recoverInterrupted(db);
  const writer = new RecordingWriter(db);
  const engine = new SessionEngine(client, { joinSessionId: values.join });
  const url = displayUrl(client.apiUrl);
  const tty = process.stderr.isTTY;
  let jobEnded: ((job: TrackedJob) => void) | undefined;
  let lastError = '';
  /** the engine's word that Arthas was stopped from elsewhere (its job terminated, then its port closed) */
  let arthasStopped = '';
  let recorder: SessionRecorder;
  let giveUpTimer: NodeJS.Timeout | undefined;
  let finish: (reason: string, code?: number) => Promise<void> = async () => undefined;
  try {
    recorder = await startRecording(writer, engine, { targetName: client.apiUrl.host, targetUrl: url, name: values.exec.join(' ; ') || null, runBy }, (out) => {
      if (out.type === 'job' && out.job.endedAt) jobEnded?.(out.job);
      if (out.type === 'event' && out.event.kind === 'error') lastError = out.event.message;
      if (out.type === 'event' && out.event.data?.arthasStopped) arthasStopped = out.event.message;
      if (out.type === 'snapshot') {
        const s = out.snapshot;
        if (s.state === 'unreachable' && !giveUpTimer) {
          // unreachable is said after a while already; give up --give-up seconds after the outage began
          const since = s.unreachableSince ?? Date.now();
          giveUpTimer = setTimeout(() => void finish(`target unreachable for ${giveUp} s`, 3), Math.max(0, since + giveUp * 1000 - Date.now()));
        } else if (s.state !== 'unreachable' && giveUpTimer) {
          clearTimeout(giveUpTimer);
          giveUpTimer = undefined;
        }
        if (s.state === 'lost') void finish(arthasStopped || 'the session was lost', 3);
      }
      if (out.type === 'event' && !tty && ['gap', 'possible-loss', 'unreachable', 'outage-start', 'outage-end'].includes(out.event.kind)) {
        process.stderr.write(`${out.event.kind}: ${out.event.message}\n`);
      }
    });
  } catch (e) {
    db.close();
    route.close();
    const err = e as ArthasError;
    fail(`cannot record from ${url}: ${err.message}`, err instanceof ArthasError && err.kind === 'auth' ? 4 : 3);
  }
  const recordingId = recorder.recordingId;
  process.stderr.write(`recording ${url} into ${dbFile} as recording #${recordingId}\n`);
  let publishing: LivePublishing | undefined;
  if (values.publish !== undefined) {
    try {
      publishing = await startLivePublishing(db, dbFile, recordingId, values.publish, values.team, (line) => process.stderr.write(`${line}\n`));
    } catch (e) {
      await engine.stop({ reason: 'the library refused' });
      recorder.close();
      db.close();
      route.close();
      // exit 4 for credentials the library refused, as for Arthas's; any other refusal is the usage's 2
      fail((e as Error).message, e instanceof LibraryError && e.kind === 'credentials' ? 4 : 2);
    }
  }

  const started = Date.now();
  let stopping = false;
  // DECK_LAG_REPORT=file: this process's event-loop lag while it recorded, written there at the end (the bench reads it)
  const lag = process.env.DECK_LAG_REPORT ? monitorEventLoopDelay({ resolution: 1 }) : undefined;
  lag?.enable();
  const progressLine = (): string => {
    const secs = (Date.now() - started) / 1000;
    const st = engine.stats;
    return `results ${st.results}  rate ${(st.results / Math.max(secs, 0.001)).toFixed(0)}/s  gaps ${st.gaps}${st.missing ? ` (${st.missing} missing)` : ''}  possible losses ${st.possibleLosses}  state ${engine.snapshot.state}${publishing ? `  ${publishing.progress()}` : ''}  ${secs.toFixed(0)} s`;
  };
  const progress = setInterval(() => process.stderr.write(tty ? `\r${progressLine()}   ` : `${progressLine()}\n`), 1000);

  finish = async (reason: string, code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(progress);
    clearTimeout(giveUpTimer);
    // the owner interrupts a running job and keeps its last results; an observer leaves it running
    await engine.stop({ reason, interruptOwnerJob: values['interrupt-owner-job'], closeOwnerSession: values['close-owner-session'] });
    await new Promise((r) => setImmediate(r));
    recorder.close();
    if (values.export) {
      // a file named .html is the offline page anyone can open; anything else an .arthasrec file
      const exporter = /\.html?$/i.test(values.export) ? (await import('../recorder/html-export')).exportRecordingHtml : (await import('../recorder/arthasrec-export')).exportRecording;
      let shownAt = 0;
      const n = await exporter(db, recordingId, values.export, {}, {
        onProgress: (pr) => {
          if (Date.now() - shownAt < 1000 && pr.done !== pr.total) return;
          shownAt = Date.now();
          const line = `exporting ${pr.done.toLocaleString()}${pr.total !== null ? ` / ${pr.total.toLocaleString()}` : ''} results`;
          process.stderr.write(tty ? `\r${line}   ` : `${line}\n`);
        },
      });
      process.stderr.write(`${tty ? '\n' : ''}exported ${n.results} results to ${values.export}\n`);
    }
    // the rest of the recording to the library, before the file is closed
    const published = publishing ? await publishing.stop() : null;
    if (published) process.stderr.write(`${tty ? '\n' : ''}${published.message}\n`);
    db.close();
    route.close();
    if (lag) {
      lag.disable();
      writeFileSync(process.env.DECK_LAG_REPORT!, JSON.stringify({ p99Ms: lag.percentile(99) / 1e6, maxMs: lag.max / 1e6 }));
    }
    const st = engine.stats;
    process.stderr.write(
      `${tty ? '\n' : ''}stopped (${reason}): ${recorder.counts.stored} results stored of ${st.results} received, ${st.gaps} gaps${st.missing ? ` (${st.missing} results known missing)` : ''}, ${st.possibleLosses} possible losses${lastError ? `; ${lastError}` : ''}\n`,
    );
    process.exit(code || (lastError ? 1 : 0) || (published && !published.ok ? 5 : 0));
  };
  process.on('SIGINT', () => void finish('Ctrl-C'));
  process.on('SIGTERM', () => void finish('terminated'));
  if (seconds !== undefined) setTimeout(() => void finish(`--for ${seconds} s`), seconds * 1000);

  /** Runs a command to its end. Arthas's transient "someone else is enhancing classes" gets it run again, as a user would. */
  const runToEnd = async (command: string): Promise<void> => {
    await runAgainWhileBusy(
      async (): Promise<TrackedJob | null> => {
        const ended = new Promise<TrackedJob>((r) => (jobEnded = r));
        try {
          await engine.run(command);
        } catch (e) {
          process.stderr.write(`\ncommand not run: ${command}: ${(e as Error).message}\n`);
          return null;
        }
        const job = await ended;
        if (job.statusCode === TERMINATED_STATUS && !stopping) {
          // Arthas terminated the job: if Arthas itself is going away, the engine says so in a moment
          for (let i = 0; i < 30 && !stopping && engine.snapshot.state !== 'lost'; i++) await new Promise((r) => setTimeout(r, 100));
        }
        return job;
      },
      refusedAsBusy,
      { stopped: () => stopping, onRetry: () => process.stderr.write(`${tty ? '\n' : ''}Arthas was still enhancing classes (transient): running "${command}" again\n`) },
    );
  };
  // one after another; the recording stops when the last one ends, or at --for, whichever comes first
  for (const command of values.exec) {
    if (stopping) break;
    await runToEnd(command);
  }
  if (values.exec.length > 0 && !stopping) await finish('the last command ended');
}

void main();
