// How an argument from the renderer (IPC or WebSocket) is checked before it reaches the service:
// the checks each area's method table (methods/) builds its methods' arguments from, and the error
// every refusal is.
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

export type Check = (v: unknown, name: string) => unknown;
export const fail = (name: string, what: string): never => {
  throw new DeckError(`${name} must be ${what}`, 'invalid');
};

export const int: Check = (v, n) => (Number.isSafeInteger(v) ? v : fail(n, 'an integer'));
export const posInt: Check = (v, n) => (Number.isSafeInteger(v) && (v as number) > 0 ? v : fail(n, 'a positive integer'));
export const num: Check = (v, n) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(n, 'a number'));
export const bool: Check = (v, n) => (typeof v === 'boolean' ? v : fail(n, 'true or false'));
export const str =
  (max: number, min = 0): Check =>
  (v, n) =>
    typeof v === 'string' && v.length <= max && v.length >= min ? v : fail(n, `a string of ${min ? `${min} to ` : 'at most '}${max} characters`);
export const opt =
  (c: Check): Check =>
  (v, n) =>
    v === undefined ? undefined : c(v, n);
export const nullable =
  (c: Check): Check =>
  (v, n) =>
    v === null ? null : c(v, n);
export const oneOf =
  (...values: string[]): Check =>
  (v, n) =>
    typeof v === 'string' && values.includes(v) ? v : fail(n, `one of ${values.join(', ')}`);
export const list =
  (c: Check, max: number): Check =>
  (v, n) =>
    Array.isArray(v) && v.length <= max ? v.map((x, i) => c(x, `${n}[${i}]`)) : fail(n, `a list of at most ${max}`);
export const any: Check = (v) => v;

export function obj(shape: Record<string, Check>): Check {
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
export const fingerprintArg: Check = (v, n) => (typeof v === 'string' && /^SHA256:[A-Za-z0-9+/]{20,64}$/.test(v) ? v : fail(n, 'an SSH fingerprint (SHA256:…)'));
/** a small JSON object (an assistant's call and answer, summarised) */
export const noteData: Check = (v, n) => (typeof v === 'object' && v !== null && !Array.isArray(v) && JSON.stringify(v).length <= 20_000 ? v : fail(n, 'a JSON object of at most 20,000 characters'));
/** a name the renderer gives long work, to follow and cancel it */
export const taskId: Check = (v, n) => (typeof v === 'string' && /^[\w-]{1,64}$/.test(v) ? v : fail(n, 'a task id (letters, digits, - and _)'));
/** an SSH host for the JVM list and attach there */
export const sshHost: Check = (v, n) => obj({ destination: str(300, 1), identityFile: opt(str(4096, 1)), acceptHostKey: opt(fingerprintArg) })(v, n);
/** how a target is reached: SSH (destination, optional key file) or a forwarding command with {port} */
export const route: Check = (v, n) => {
  const r = v as Record<string, unknown> | null;
  if (typeof r !== 'object' || r === null) return fail(n, 'a route');
  if (r.kind === 'ssh') return obj({ kind: oneOf('ssh'), destination: str(300, 1), identityFile: opt(str(4096, 1)), agent: opt(bool) })(v, n);
  if (r.kind === 'command') {
    const c = obj({ kind: oneOf('command'), command: str(4000, 1) })(v, n) as { command: string };
    return c.command.includes('{port}') ? c : fail(`${n}.command`, 'a command containing {port}');
  }
  return fail(`${n}.kind`, 'ssh or command');
};

/** a call naming one thing by its id */
export const byId = obj({ id: posInt });
export const tabId = str(64, 1);
export const maskRules = list(obj({ pattern: str(1000, 1), flags: opt(str(8)), replacement: opt(str(100)) }), 50);
export const library = opt(posInt);
export const runRef = obj({ recordingId: posInt, jobId: int, library });
export const diffOptions = opt(obj({ align: opt(oneOf('params', 'order')), onlyChanged: opt(bool), limit: opt(posInt) }));
export const pathArg = opt(str(4096, 1));
/** a terminal's columns or rows */
export const termSize: Check = (v, n) => (Number.isSafeInteger(v) && (v as number) >= 2 && (v as number) <= 1000 ? v : fail(n, 'a whole number from 2 to 1000'));
/** a path inside a target's arthas-output/: no way out of it */
export const outputName: Check = (v, n) => (typeof v === 'string' && isOutputName(v) ? v : fail(n, 'a name inside arthas-output/ (no "..", no leading /)'));
