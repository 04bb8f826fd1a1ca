// Every argument from the renderer (IPC or WebSocket) is checked here before it reaches the service.
import type { DeckArgs, DeckMethod } from '../../shared/contract';
import { isOutputName } from '../../shared/arthas/output-files';

export class DeckError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'not-found' | 'failed' | string = 'failed',
  ) {
    super(message);
    this.name = 'DeckError';
  }
}

type Check = (v: unknown, name: string) => unknown;
const fail = (name: string, what: string): never => {
  throw new DeckError(`${name} must be ${what}`, 'invalid');
};

const int: Check = (v, n) => (Number.isSafeInteger(v) ? v : fail(n, 'an integer'));
const posInt: Check = (v, n) => (Number.isSafeInteger(v) && (v as number) > 0 ? v : fail(n, 'a positive integer'));
const num: Check = (v, n) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(n, 'a number'));
const bool: Check = (v, n) => (typeof v === 'boolean' ? v : fail(n, 'true or false'));
const str =
  (max: number, min = 0): Check =>
  (v, n) =>
    typeof v === 'string' && v.length <= max && v.length >= min ? v : fail(n, `a string of ${min ? `${min} to ` : 'at most '}${max} characters`);
const opt =
  (c: Check): Check =>
  (v, n) =>
    v === undefined ? undefined : c(v, n);
const nullable =
  (c: Check): Check =>
  (v, n) =>
    v === null ? null : c(v, n);
const oneOf =
  (...values: string[]): Check =>
  (v, n) =>
    typeof v === 'string' && values.includes(v) ? v : fail(n, `one of ${values.join(', ')}`);
const list =
  (c: Check, max: number): Check =>
  (v, n) =>
    Array.isArray(v) && v.length <= max ? v.map((x, i) => c(x, `${n}[${i}]`)) : fail(n, `a list of at most ${max}`);
const any: Check = (v) => v;

function obj(shape: Record<string, Check>): Check {
  return (v, n) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(n, 'an object');
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!(k in shape)) fail(`${n}.${k}`, 'absent (unknown field)');
    const out: Record<string, unknown> = {};
    for (const [k, c] of Object.entries(shape)) {
      const val = c(o[k], `${n}.${k}`);
      if (val !== undefined) out[k] = val;
    }
    return out;
  };
}

/** an SSH host-key fingerprint as OpenSSH prints it */
const fingerprintArg: Check = (v, n) => (typeof v === 'string' && /^SHA256:[A-Za-z0-9+/]{20,64}$/.test(v) ? v : fail(n, 'an SSH fingerprint (SHA256:…)'));
/** a small JSON object (an assistant's call and answer, summarised) */
const noteData: Check = (v, n) => (typeof v === 'object' && v !== null && !Array.isArray(v) && JSON.stringify(v).length <= 20_000 ? v : fail(n, 'a JSON object of at most 20,000 characters'));
/** a name the renderer gives long work, to follow and cancel it */
const taskId: Check = (v, n) => (typeof v === 'string' && /^[\w-]{1,64}$/.test(v) ? v : fail(n, 'a task id (letters, digits, - and _)'));
/** an SSH host for the JVM list and attach there */
const sshHost: Check = (v, n) => obj({ destination: str(300, 1), identityFile: opt(str(4096, 1)), acceptHostKey: opt(fingerprintArg) })(v, n);
/** how a target is reached: SSH (destination, optional key file) or a forwarding command with {port} */
const route: Check = (v, n) => {
  const r = v as Record<string, unknown> | null;
  if (typeof r !== 'object' || r === null) return fail(n, 'a route');
  if (r.kind === 'ssh') return obj({ kind: oneOf('ssh'), destination: str(300, 1), identityFile: opt(str(4096, 1)), agent: opt(bool) })(v, n);
  if (r.kind === 'command') {
    const c = obj({ kind: oneOf('command'), command: str(4000, 1) })(v, n) as { command: string };
    return c.command.includes('{port}') ? c : fail(`${n}.command`, 'a command containing {port}');
  }
  return fail(`${n}.kind`, 'ssh or command');
};

const id = obj({ id: posInt });
const tabId = str(64, 1);
const maskRules = list(obj({ pattern: str(1000, 1), flags: opt(str(8)), replacement: opt(str(100)) }), 50);
const library = opt(posInt);
const runRef = obj({ recordingId: posInt, jobId: int, library });
const diffOptions = opt(obj({ align: opt(oneOf('params', 'order')), onlyChanged: opt(bool), limit: opt(posInt) }));
const pathArg = opt(str(4096, 1));
/** a terminal's columns or rows */
const termSize: Check = (v, n) => (Number.isSafeInteger(v) && (v as number) >= 2 && (v as number) <= 1000 ? v : fail(n, 'a whole number from 2 to 1000'));
/** a path inside a target's arthas-output/: no way out of it */
const outputName: Check = (v, n) => (typeof v === 'string' && isOutputName(v) ? v : fail(n, 'a name inside arthas-output/ (no "..", no leading /)'));

/**
 * Every method of the contract with the check of its arguments: the compiler holds this table to
 * DeckRequests (a method without a check, or a check for no method, does not build), and the list of
 * methods the hosts accept is its keys. A method is added in the contract, here, and where it runs.
 */
const SCHEMAS: Record<DeckMethod, Check> = {
  'app.info': obj({}),
  'app.takeOpenedFiles': obj({}),
  'jvms.list': obj({ ssh: opt(sshHost) }),
  'jvms.attach': obj({ pid: posInt, arthasHome: opt(str(4096, 1)), ssh: opt(sshHost), taskId: opt(taskId) }),
  'targets.list': obj({}),
  'targets.save': obj({ id: opt(posInt), name: str(200, 1), url: str(2048, 1), username: opt(nullable(str(200))), password: opt(nullable(str(1000))), route: opt(nullable(route)), sshPassword: opt(nullable(str(1000))) }),
  'targets.remove': id,
  'targets.check': obj({ id: opt(posInt), url: opt(str(2048, 1)), username: opt(nullable(str(200))), password: opt(nullable(str(1000))), route: opt(nullable(route)), acceptHostKey: opt(fingerprintArg) }),
  'tabs.list': obj({}),
  'tabs.open': obj({ targetId: posInt, joinSessionId: opt(str(200, 1)), autoNewSession: opt(bool), acceptHostKey: opt(fingerprintArg), taskId: opt(taskId) }),
  'tabs.close': obj({ tabId }),
  'tabs.run': obj({ tabId, command: str(10_000, 1) }),
  'tabs.exec': obj({ tabId, command: str(10_000, 1), execTimeout: opt(posInt) }),
  'tabs.complete': obj({ tabId, input: str(2000) }),
  'tabs.interrupt': obj({ tabId, ownerConfirmed: opt(bool) }),
  'tabs.note': obj({ tabId, message: str(10_000, 1), data: opt(noteData) }),
  'tabs.bookmark': obj({ tabId, note: str(2000) }),
  'history.list': obj({ targetId: posInt }),
  'recordings.list': obj({ library, text: opt(str(500)), state: opt(oneOf('recording', 'closed', 'lost', 'interrupted')), targetName: opt(str(200)), from: opt(num), to: opt(num), limit: opt(posInt) }),
  'recordings.get': obj({ id: posInt, library }),
  'recordings.page': obj({ id: posInt, library, after: opt(int), before: opt(int), limit: opt(posInt), jobId: opt(int), types: opt(list(str(100, 1), 50)) }),
  'recordings.result': obj({ id: posInt, library, pos: posInt }),
  'recordings.jobs': obj({ id: posInt, library }),
  'recordings.events': obj({ id: posInt, library }),
  'recordings.stats': obj({ id: posInt, library }),
  'recordings.costSeries': obj({ id: posInt, library, jobId: int }),
  'recordings.posAtTime': obj({ id: posInt, library, at: num }),
  'recordings.rename': obj({ id: posInt, name: str(200) }),
  'recordings.tag': obj({ id: posInt, tags: list(str(50, 1), 20) }),
  'recordings.delete': id,
  'recordings.bookmark': obj({ id: posInt, at: num, note: str(2000) }),
  'recordings.previewMask': obj({ id: posInt, mask: maskRules, jobs: opt(list(int, 1000)), from: opt(num), to: opt(num) }),
  'recordings.export': obj({ recordingId: posInt, jobs: opt(list(int, 1000)), from: opt(num), to: opt(num), mask: opt(maskRules), path: pathArg, taskId: opt(taskId), format: opt(oneOf('arthasrec', 'html', 'cast')) }),
  'recordings.import': obj({ path: pathArg, taskId: opt(taskId) }),
  'tasks.cancel': obj({ taskId }),
  'search.results': obj({
    text: str(500, 1),
    prefix: opt(bool),
    recordingId: opt(posInt),
    fleetId: opt(posInt),
    target: opt(str(200)),
    types: opt(list(str(100, 1), 50)),
    from: opt(num),
    to: opt(num),
    limit: opt(posInt),
    before: opt(posInt),
    library,
  }),
  'search.status': obj({}),
  'search.build': obj({}),
  'diff.watch': obj({ left: runRef, right: runRef, options: diffOptions, taskId: opt(taskId) }),
  'diff.exportHtml': obj({ left: runRef, right: runRef, options: diffOptions, path: pathArg }),
  'groups.list': obj({}),
  'groups.save': obj({ id: opt(posInt), name: str(200, 1), targetIds: list(posInt, 500) }),
  'groups.remove': id,
  'fleets.run': obj({ groupId: opt(posInt), targetIds: opt(list(posInt, 500)), command: str(10_000, 1), name: opt(str(200)) }),
  'fleets.addJob': obj({ tabId, command: str(10_000, 1) }),
  'fleets.list': obj({ limit: opt(posInt) }),
  'fleets.get': id,
  'fleets.interrupt': id,
  'fleets.close': id,
  'fleets.page': obj({
    id: posInt,
    since: opt(list(obj({ recordingId: posInt, pos: int }), 500)),
    limit: opt(posInt),
    members: opt(list(str(300, 1), 500)),
  }),
  'fleets.compare': obj({ id: posInt, taskId: opt(taskId) }),
  'fleets.compareProfiles': obj({ id: posInt, limit: opt(posInt) }),
  'fleets.export': obj({ id: posInt, path: pathArg, taskId: opt(taskId), mask: opt(maskRules) }),
  'fleets.exportHtml': obj({ id: posInt, path: pathArg }),
  'mcp.newToken': obj({}),
  'libraries.list': obj({}),
  'libraries.save': obj({ id: opt(posInt), name: str(200, 1), url: str(2048, 1), team: opt(nullable(str(41))), password: opt(nullable(str(1000))) }),
  'libraries.remove': id,
  'libraries.connect': id,
  'libraries.publish': obj({ libraryId: posInt, recordingId: opt(posInt), fleetId: opt(posInt), team: opt(str(41, 1)), jobs: opt(list(int, 1000)), from: opt(num), to: opt(num), mask: opt(maskRules), taskId: opt(taskId) }),
  'libraries.audit': obj({ id: posInt, text: opt(str(500)), runBy: opt(str(200)), from: opt(num), to: opt(num), limit: opt(posInt) }),
  'libraries.deleteRecording': obj({ id: posInt, recordingId: posInt }),
  'terminals.open': obj({ tabId, cols: termSize, rows: termSize }),
  'terminals.list': obj({}),
  'terminals.input': obj({ terminalId: str(200, 1), data: str(64 * 1024, 1) }),
  'terminals.resize': obj({ terminalId: str(200, 1), cols: termSize, rows: termSize }),
  'terminals.drawn': obj({ terminalId: str(200, 1), chars: int }),
  'terminals.close': obj({ terminalId: str(200, 1) }),
  'outputFiles.list': obj({ recordingId: posInt, folder: opt(outputName) }),
  'outputFiles.download': obj({ recordingId: posInt, name: outputName, path: pathArg, taskId: opt(taskId) }),
  'settings.get': obj({ key: str(100, 1) }),
  'settings.set': obj({ key: str(100, 1), value: any }),
};

/** The methods main answers: every other name is refused before anything runs. */
export const DECK_METHODS = Object.freeze(Object.keys(SCHEMAS)) as readonly DeckMethod[];

export function isDeckMethod(m: unknown): m is DeckMethod {
  return typeof m === 'string' && Object.prototype.hasOwnProperty.call(SCHEMAS, m);
}

/** Returns the arguments, checked and stripped to the contract's shape, or throws DeckError('invalid'). */
export function validateArgs<M extends DeckMethod>(method: unknown, args: unknown): { method: M; args: DeckArgs<M> } {
  if (!isDeckMethod(method)) throw new DeckError(`Unknown method: ${String(method).slice(0, 80)}`, 'invalid');
  const checked = SCHEMAS[method](args ?? {}, method);
  return { method: method as M, args: checked as DeckArgs<M> };
}
