// Captures what a real Arthas answers, as fixtures the simulator is held to
// (test/fixtures/arthas-<version>/captures.json). Run: npm run capture:arthas (`-- views`: the views'
// answers only; `-- profiles`: a profiling session, profiles.json; `-- toolbox`: jfr, heapdump and
// vmtool with the /arthas-output/ listing after them, toolbox.json)
// It starts math-game, attaches the real Arthas, runs each command in a session of its own and
// keeps every result and the API answers (errors included) exactly as parsed from the wire.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApiRequest, ArthasResult } from '../../src/shared/arthas/protocol';
import { ArthasClient } from '../../src/main/arthas/client';
import { ArthasError } from '../../src/main/arthas/errors';
import { realArthasUnavailable, startRealTarget } from './support/real-jvm';

/** The commands whose results the simulator must produce field for field. */
export const CAPTURED_COMMANDS = [
  'watch demo.MathGame primeFactors -n 2 -x 2',
  'watch demo.MathGame primeFactors "{params,returnObj,throwExp}" -e -n 1 -x 2',
  'trace demo.MathGame run -n 1',
  'stack demo.MathGame primeFactors -n 1',
  'tt -t demo.MathGame primeFactors -n 2',
  'monitor -c 1 demo.MathGame primeFactors -n 2',
  'thread',
  'thread -n 3',
  'thread 1',
  'dashboard -n 1',
  'jvm',
  'sysprop',
  'sc demo.*',
  'sc -d demo.MathGame',
  'sm demo.MathGame',
  'jad demo.MathGame',
  'version',
  'ognl @java.lang.Long@MAX_VALUE',
  'watch no.SuchClass foo -n 1',
  'watch demo.MathGame primeFactors --no-such-option',
] as const;

/**
 * Answers each result view is held to (test/fixtures/arthas-<version>/views.json): what a reader
 * opens; the simulator does not produce them.
 */
export const VIEW_COMMANDS = [
  'sm demo.MathGame',
  'sm -d demo.MathGame primeFactors',
  'sc -d demo.MathGame',
  'jad demo.MathGame',
  'vmtool --action getInstances --className demo.MathGame --limit 2',
  'classloader',
  'classloader -t',
  'classloader -l',
  'logger',
  'sysenv',
  'vmoption',
  'perfcounter',
  'memory',
  'getstatic demo.MathGame random',
  'mbean',
  'mbean java.lang:type=Threading',
  'options',
] as const;

/**
 * A profiling session as a user runs it (test/fixtures/arthas-<version>/profiles.json), in order:
 * the profiler is the JVM's one, so each step follows the one before; a number is a pause in ms.
 */
export const PROFILE_STEPS: Array<string | number> = [
  'profiler start --event itimer',
  3000,
  'profiler status',
  'profiler getSamples',
  'profiler dumpCollapsed',
  'profiler dumpCollapsed SAMPLES',
  'profiler stop --format collapsed',
  'profiler start --event itimer -t',
  2000,
  'profiler dumpCollapsed',
  'profiler stop --format collapsed',
  'profiler status',
  'profiler start --event no-such-event',
];

/**
 * The JVM's toolbox as a user reaches for it (test/fixtures/arthas-<version>/toolbox.json), in order:
 * a recording, heap dumps into arthas-output/ (the JVM's working directory) and elsewhere, instances.
 */
export const TOOLBOX_STEPS: Array<string | number> = [
  'jfr start',
  1500,
  'jfr status',
  'jfr stop',
  'jfr stop -r 1',
  'heapdump --live arthas-output/deck-heap.hprof',
  'heapdump',
  'vmtool --action getInstances --className demo.MathGame --limit 2',
  'vmtool --action getInstances --className java.lang.String --limit 3',
  'vmtool --action getInstances --className demo.MathGame --express instances.length',
  'vmtool --action getInstances --className no.Such',
  'vmtool --action forceGc',
  // the default heap dump went to the OS temp dir of the JVM's host: this one removes it again
  'ognl \'#f = new java.io.File(@java.lang.System@getProperty("java.io.tmpdir")).listFiles(), #f.{? #this.getName().startsWith("heapdump")}.{#this.delete()}\'',
];

const PERF_OPENS = [
  '--add-opens=java.base/jdk.internal.perf=ALL-UNNAMED',
  '--add-exports=java.base/jdk.internal.perf=ALL-UNNAMED',
  '--add-opens=java.management/sun.management.counter.perf=ALL-UNNAMED',
  '--add-opens=java.management/sun.management.counter=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
];

/** sysenv's variables a fixture keeps: the capturing machine's others (tokens, paths of its tools) stay out of the repository */
const ENV_KEPT = new Set(['HOME', 'LANG', 'PATH', 'PWD', 'SHELL', 'TERM']);

/** A result as committed: sysenv keeps only ENV_KEPT. */
function committed(r: ArthasResult): ArthasResult {
  if (r.type !== 'sysenv' || !r.env || typeof r.env !== 'object') return r;
  return { ...r, env: Object.fromEntries(Object.entries(r.env as Record<string, string>).filter(([k]) => ENV_KEPT.has(k))) };
}

export interface Captures {
  arthasVersion: string;
  capturedAt: string;
  /** results of each command, from its `command` result to its ALLOW_INPUT */
  commands: Record<string, ArthasResult[]>;
  /** the first answers of a session and the answers to API misuse */
  api: Record<string, unknown>;
}

async function raw(client: ArthasClient, req: ApiRequest): Promise<unknown> {
  try {
    return (await client.call(req)).response;
  } catch (e) {
    if (e instanceof ArthasError && e.kind === 'api') return { state: e.state, message: e.serverMessage };
    throw e;
  }
}

async function pullUntilInput(client: ArthasClient, sessionId: string, consumerId: string, jobId: number): Promise<ArthasResult[]> {
  const out: ArthasResult[] = [];
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const a = await client.pullResults(sessionId, consumerId);
    for (const r of a.results) {
      out.push(r.result);
      if (r.result.type === 'input_status' && r.result.inputStatus === 'ALLOW_INPUT' && out.some((x) => x.jobId === jobId && x.type === 'status')) return out;
    }
  }
  throw new Error(`job ${jobId} did not end within 30 s`);
}

async function main(): Promise<void> {
  const why = realArthasUnavailable();
  if (why) throw new Error(why);
  // the options Arthas's perfcounter asks for on Java 9+, and java.util opened for getstatic's Random
  const target = await startRealTarget({ kind: 'math-game', jvmArgs: PERF_OPENS });
  const client = new ArthasClient({ url: target.arthas.url, pullTimeoutMs: 20_000 });
  const captures: Captures = { arthasVersion: target.arthas.version, capturedAt: new Date().toISOString(), commands: {}, api: {} };
  const views: Captures = { ...captures, commands: {}, api: {} };
  // `-- views`: only the views' answers (the simulator's fixture, and the tests holding its literal values, stay as they are)
  const only = process.argv.includes('views');
  const profilesOnly = process.argv.includes('profiles');
  const toolboxOnly = process.argv.includes('toolbox');
  const profiles: Captures = { ...captures, commands: {}, api: {} };
  /** a command in a session of its own: its results from its `command` result to its ALLOW_INPUT */
  const capture = async (command: string): Promise<ArthasResult[]> => {
    const s = await client.initSession();
    await client.pullResults(s.sessionId, s.consumerId); // the welcome
    const body = await client.asyncExec(s.sessionId, command);
    const results = await pullUntilInput(client, s.sessionId, s.consumerId, body.jobId);
    await client.closeSession(s.sessionId);
    process.stderr.write(`captured ${command}: ${results.length} results\n`);
    return results.filter((r) => r.jobId === body.jobId || r.type === 'input_status').map(committed);
  };
  try {
    const init = (await client.call({ action: 'init_session' })).response;
    captures.api.init_session = init;
    const { sessionId, consumerId } = init as { sessionId: string; consumerId: string };
    captures.api.first_pull = (await client.call({ action: 'pull_results', sessionId, consumerId })).response;
    captures.api.empty_pull = (await client.call({ action: 'pull_results', sessionId, consumerId }, 20_000)).response;
    captures.api.session_info = await raw(client, { action: 'session_info', sessionId });
    captures.api.interrupt_without_job = await raw(client, { action: 'interrupt_job', sessionId });
    captures.api.unknown_action = await raw(client, { action: 'no_such_action' });
    captures.api.no_action = await raw(client, {} as ApiRequest);
    captures.api.session_not_found = await raw(client, { action: 'pull_results', sessionId: 'no-such-session', consumerId: 'x' });
    captures.api.consumer_not_found = await raw(client, { action: 'pull_results', sessionId, consumerId: 'no-such-consumer' });
    captures.api.no_session_id = await raw(client, { action: 'async_exec', command: 'version' });
    captures.api.unknown_command = await raw(client, { action: 'async_exec', sessionId, command: 'nosuchcmd' });
    const watch = (await client.call({ action: 'async_exec', sessionId, command: 'watch demo.MathGame primeFactors' })).response;
    captures.api.async_exec = watch;
    captures.api.another_job_running = await raw(client, { action: 'async_exec', sessionId, command: 'version' });
    await new Promise((r) => setTimeout(r, 2500));
    captures.api.interrupt_job = await raw(client, { action: 'interrupt_job', sessionId });
    const jobId = (watch as { body: { jobId: number } }).body.jobId;
    captures.api.after_interrupt = await pullUntilInput(client, sessionId, consumerId, jobId);
    const join = (await client.call({ action: 'join_session', sessionId })).response as { consumerId: string };
    captures.api.join_session = join;
    captures.api.join_first_pull = (await client.call({ action: 'pull_results', sessionId, consumerId: join.consumerId })).response;
    captures.api.exec_version = (await client.call({ action: 'exec', command: 'version' })).response;

    if (profilesOnly) {
      // each step keyed by its place, as one command runs more than once
      for (const [i, step] of PROFILE_STEPS.entries()) {
        if (typeof step === 'number') await new Promise((r) => setTimeout(r, step));
        else profiles.commands[`${i} ${step}`] = await capture(step);
      }
    }
    if (toolboxOnly) {
      for (const [i, step] of TOOLBOX_STEPS.entries()) {
        if (typeof step === 'number') await new Promise((r) => setTimeout(r, step));
        else profiles.commands[`${i} ${step}`] = await capture(step);
      }
      // what the HTTP port serves of arthas-output/ after them: the listing, as text
      const listing = await fetch(new URL('/arthas-output/', target.arthas.url));
      profiles.api.output_listing = { status: listing.status, contentType: listing.headers.get('content-type'), text: await listing.text() };
      const missing = await fetch(new URL('/arthas-output/no-such-file', target.arthas.url));
      profiles.api.output_missing = { status: missing.status, text: await missing.text() };
    }
    for (const command of only || profilesOnly || toolboxOnly ? [] : CAPTURED_COMMANDS) captures.commands[command] = await capture(command);
    for (const command of profilesOnly || toolboxOnly ? [] : VIEW_COMMANDS) views.commands[command] = await capture(command);
    captures.api.close_session = await raw(client, { action: 'close_session', sessionId });
  } finally {
    client.close();
    await target.close();
  }
  const dir = resolve(__dirname, `../fixtures/arthas-${captures.arthasVersion}`);
  mkdirSync(dir, { recursive: true });
  if (profilesOnly || toolboxOnly) {
    const file = resolve(dir, profilesOnly ? 'profiles.json' : 'toolbox.json');
    writeFileSync(file, `${JSON.stringify(profiles, null, 1)}\n`);
    process.stderr.write(`wrote ${file}\n`);
    return;
  }
  if (!only) writeFileSync(resolve(dir, 'captures.json'), `${JSON.stringify(captures, null, 1)}\n`);
  writeFileSync(resolve(dir, 'views.json'), `${JSON.stringify(views, null, 1)}\n`);
  process.stderr.write(`wrote ${only ? '' : `${resolve(dir, 'captures.json')} and `}${resolve(dir, 'views.json')}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`capture failed: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
