// What each simulated Arthas command produces. A job emits results through its context and ends
// with `status` (the server then adds input_status ALLOW_INPUT).
import { capturedResults } from './captures';
import { mathGameCall, type MathGameState } from './math-game';
import type { JavaValue } from './object-view';
import { toJson, toJsonText, toObjectView } from './object-view';
import type { SimResult } from './consumer';

export type Encoding = '3.x' | '4.x';

export interface JobContext {
  jobId: number;
  encoding: Encoding;
  rand: () => number;
  variant: 'v1' | 'v2';
  /** watch/trace/stack/tt calls per second */
  callRate: number;
  emit(r: SimResult): void;
  /** ends the job: a status result then the input status */
  end(statusCode?: number, message?: string): void;
  /** runs fn every ms until the job ends */
  every(ms: number, fn: () => void): void;
  pid: number;
  version: string;
  /** the JVM's zone, minutes east of UTC: 4.x times are local text without an offset */
  utcOffsetMinutes: number;
  /** the demo's instance, shared by the JVM's calls */
  game: MathGameState;
  /** tt record indexes: 1000, 1001, … per JVM */
  nextTtIndex(): number;
  /** true once after the test asked for "someone else is enhancing classes" */
  takeBusyEnhancing(): boolean;
}

/** Splits a command line like a shell: quotes group, backslash escapes. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function positional(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^-[a-zA-Z]$/.test(a) && ['-n', '-x', '-c', '-i', '-b', '-d'].includes(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}

/** The simulated JVM's clock: its local time zone, as minutes east of UTC. */
export function jvmLocalText(ms: number, utcOffsetMinutes: number, fractionDigits: 3 | 9, subMsNanos = 0): string {
  const d = new Date(ms + utcOffsetMinutes * 60_000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const base = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
  return fractionDigits === 3 ? base : `${base}${p(subMsNanos % 1_000_000, 6)}`;
}

/** A result's time: 3.x epoch ms; 4.x the JVM's local date-time text with nanoseconds, no offset. */
function tsNow(ctx: JobContext): number | string {
  if (ctx.encoding === '3.x') return Date.now();
  return jvmLocalText(Date.now(), ctx.utcOffsetMinutes, 9, Number(process.hrtime.bigint() % 1_000_000n));
}

function encodeValue(v: JavaValue, enc: Encoding, expand: number): unknown {
  return enc === '3.x' ? toJson(v) : toObjectView(v, expand);
}

const MATH_GAME = 'demo.MathGame';
const APP_LOADER = 'jdk.internal.loader.ClassLoaders$AppClassLoader@30946e09';

let listenerSeq = 0;
function enhancer(ctx: JobContext): void {
  ctx.emit({ effect: { classCount: 1, cost: 12 + Math.floor(ctx.rand() * 20), listenerId: ++listenerSeq, methodCount: 1 }, jobId: ctx.jobId, success: true, type: 'enhancer' });
}

/** The real 4.3.4 text, with its ANSI colour codes. */
const NO_MATCH_MESSAGE =
  'No class or method is affected, try:\n1. Execute `\u001b[32msm CLASS_NAME METHOD_NAME\u001b[m` to make sure the method you are tracing actually exists (it might be in your parent class).\n2. Execute `\u001b[32moptions unsafe true\u001b[m`, if you want to enhance the classes under the `\u001b[32mjava.*\u001b[m` package.\n3. Execute `\u001b[32mreset CLASS_NAME\u001b[m` and try again, your method body might be too large.\n4. Match the constructor, use `<init>`, for example: `watch demo.MathGame <init>`\n5. Check arthas log: \u001b[32marthas.log\u001b[m\n6. Visit \u001b[32mhttps://github.com/alibaba/arthas/issues/47\u001b[m for more details.\n7. If the class is not loaded yet, try to use `--lazy` or `-L` option to enable lazy mode.';

function noMatch(ctx: JobContext): void {
  ctx.emit({ effect: { classCount: 0, cost: 6, listenerId: ++listenerSeq, methodCount: 0 }, jobId: ctx.jobId, message: 'No class or method is affected', success: false, type: 'enhancer' });
  ctx.end(-1, NO_MATCH_MESSAGE);
}

/** What Arthas 4.x says when another session's enhancement has just ended (transient). */
export const BUSY_ENHANCING_MESSAGE = 'someone else is enhancing classes, pls. wait.';

function busyEnhancing(ctx: JobContext): void {
  // EnhancerModel(null, false, msg): the effect is null, so the server leaves it out
  ctx.emit({ jobId: ctx.jobId, message: BUSY_ENHANCING_MESSAGE, success: false, type: 'enhancer' });
  ctx.end(-1, BUSY_ENHANCING_MESSAGE);
}

/** Repeats a per-call result generator at ctx.callRate, honouring -n; make() may return null (call filtered out). */
function perCall(ctx: JobContext, limit: number | undefined, make: () => SimResult | null): void {
  let sent = 0;
  let carry = 0;
  let last = Date.now();
  ctx.every(10, () => {
    const now = Date.now();
    carry += (ctx.callRate * (now - last)) / 1000;
    last = now;
    while (carry >= 1) {
      carry -= 1;
      const r = make();
      if (!r) continue;
      ctx.emit(r);
      sent++;
      if (limit !== undefined && sent >= limit) {
        ctx.end(0);
        return;
      }
    }
  });
}

/** The watch expression's parts, as Arthas's default `{params, target, returnObj}`. */
function watchExpression(args: string[]): string[] {
  const expr = args.find((a) => /^\{.*\}$/.test(a.trim()));
  return expr ? expr.trim().slice(1, -1).split(',').map((x) => x.trim()).filter(Boolean) : ['params', 'target', 'returnObj'];
}

function methodNode(method: string, lineNumber: number, costNs: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  // keys in the order the real server sends them (alphabetical); a leaf has no `children`
  return { ...('children' in extra ? { children: extra.children } : {}), className: MATH_GAME, cost: costNs, invoking: lineNumber > 0, lineNumber, ...('mark' in extra ? { mark: extra.mark } : {}), maxCost: costNs, methodName: method, minCost: costNs, ...('throw' in extra ? { throw: extra.throw } : {}), times: 1, totalCost: costNs, type: 'method' };
}

/** A result captured from the real Arthas, for the job at hand (commands whose output the workload does not change). */
function captured(ctx: JobContext, command: string): void {
  const results = capturedResults(command);
  for (const r of results) ctx.emit({ ...r, jobId: ctx.jobId });
  ctx.end(0);
}

/** Starts the job for a command line. */
export function startCommand(line: string, ctx: JobContext): void {
  const args = tokenize(line.trim());
  const name = (args.shift() ?? '').toLowerCase();
  const pos = positional(args);
  // Arthas's enhancing commands stop after -n results, 100 unless told (numberOfLimit = 100)
  const enhancingDefault = ['watch', 'trace', 'stack', 'tt', 'monitor'].includes(name) ? 100 : undefined;
  const limit = option(args, '-n') !== undefined ? Math.max(1, Number(option(args, '-n')) || 1) : enhancingDefault;
  const expand = Number(option(args, '-x') ?? 1) || 1;
  const [cls = '', method = ''] = pos;
  const enhancing = ['watch', 'trace', 'stack', 'tt', 'monitor'].includes(name) && !(name === 'tt' && !args.includes('-t'));
  if (enhancing && ctx.takeBusyEnhancing()) return busyEnhancing(ctx);
  switch (name) {
    case 'watch': {
      if (cls !== MATH_GAME || method !== 'primeFactors') return noMatch(ctx);
      enhancer(ctx);
      const parts = watchExpression(args);
      const only = args.includes('-e') ? 'exception' : args.includes('-s') ? 'success' : null;
      const before = args.includes('-b');
      perCall(ctx, limit, () => {
        const call = mathGameCall(ctx.rand, ctx.variant, ctx.game);
        const threw = call.throwExp !== null;
        if ((only === 'exception' && !threw) || (only === 'success' && threw)) return null;
        const pick: Record<string, JavaValue> = { params: call.params, target: call.target, returnObj: before ? null : call.returnObj, throwExp: before ? null : call.throwExp };
        const values = parts.map((p) => pick[p] ?? null);
        const value: JavaValue = values.length === 1 ? values[0]! : { kind: 'list', items: values };
        const accessPoint = before ? 'AtEnter' : threw ? 'AtExceptionExit' : 'AtExit';
        if (ctx.encoding === '3.x') return { type: 'watch', jobId: ctx.jobId, ts: tsNow(ctx), cost: call.cost, value: encodeValue(value, ctx.encoding, expand), sizeLimit: 10485760, expand };
        return { accessPoint, className: MATH_GAME, cost: call.cost, jobId: ctx.jobId, methodName: method, ts: tsNow(ctx), type: 'watch', value: encodeValue(value, ctx.encoding, expand) };
      });
      return;
    }
    case 'trace': {
      if (cls !== MATH_GAME || !['run', 'primeFactors'].includes(method)) return noMatch(ctx);
      enhancer(ctx);
      perCall(ctx, limit, () => {
        const call = mathGameCall(ctx.rand, ctx.variant, ctx.game);
        const threw = call.throwExp !== null;
        // trace costs are nanoseconds, as whole numbers
        const factors = Math.round(call.cost * 1e6);
        const print = threw ? 0 : 100_000 + Math.floor(ctx.rand() * 400_000);
        const run = factors + print + 50_000 + Math.floor(ctx.rand() * 200_000);
        const children = [methodNode('primeFactors', 24, factors, threw ? { mark: 'throws Exception', throw: true } : {})];
        if (!threw) children.push(methodNode('print', 25, print));
        return {
          jobId: ctx.jobId,
          nodeCount: 1 + children.length,
          root: { children: [methodNode(method, -1, run, { children })], classloader: APP_LOADER, daemon: false, priority: 5, threadId: 1, threadName: 'main', timestamp: tsNow(ctx), type: 'thread' },
          type: 'trace',
        };
      });
      return;
    }
    case 'stack': {
      if (cls !== MATH_GAME) return noMatch(ctx);
      enhancer(ctx);
      perCall(ctx, limit, () => ({
        classloader: APP_LOADER, cost: 0, daemon: false, jobId: ctx.jobId, priority: 5,
        stackTrace: [
          { fileName: 'MathGame.java', lineNumber: 61, className: MATH_GAME, methodName: method },
          { fileName: 'MathGame.java', lineNumber: 24, className: MATH_GAME, methodName: 'run' },
          { lineNumber: 16, className: MATH_GAME, methodName: 'main' },
        ],
        threadId: '1', threadName: 'main', ts: tsNow(ctx), type: 'stack',
      }));
      return;
    }
    case 'tt': {
      if (!args.includes('-t')) {
        ctx.emit({ type: 'tt', jobId: ctx.jobId, timeFragmentList: [] });
        return ctx.end(0);
      }
      if (cls !== MATH_GAME) return noMatch(ctx);
      enhancer(ctx);
      let first = true;
      perCall(ctx, limit, () => {
        const call = mathGameCall(ctx.rand, ctx.variant, ctx.game);
        const threw = call.throwExp !== null;
        const index = ctx.nextTtIndex();
        const wasFirst = first;
        first = false;
        if (ctx.encoding === '3.x') {
          return {
            type: 'tt', jobId: ctx.jobId, first: wasFirst,
            timeFragmentList: [{ index, timestamp: tsNow(ctx), cost: call.cost, isReturn: !threw, isThrow: threw, object: '0x446ffefe', className: MATH_GAME, methodName: method, params: encodeValue(call.params, ctx.encoding, 1), returnObj: encodeValue(call.returnObj, ctx.encoding, 1), throwExp: encodeValue(call.throwExp, ctx.encoding, 1) }],
          };
        }
        return {
          first: wasFirst, jobId: ctx.jobId,
          timeFragmentList: [{
            className: MATH_GAME, cost: call.cost, index, methodName: method, object: '0x446ffefe', params: [{ expand: 1, object: call.n }],
            return: !threw, returnObj: toObjectView(call.returnObj, 1), throw: threw, throwExp: toObjectView(call.throwExp, 1), timestamp: tsNow(ctx),
          }],
          type: 'tt',
        };
      });
      return;
    }
    case 'monitor': {
      if (cls !== MATH_GAME) return noMatch(ctx);
      enhancer(ctx);
      const cycle = Math.max(1, Number(option(args, '-c') ?? 60)) * 1000;
      let sent = 0;
      ctx.every(cycle, () => {
        // as MonitorData: counts of the cycle and `cost`, the summed time of its calls in ms
        let total = 0;
        let failed = 0;
        let cost = 0;
        const calls = Math.max(1, Math.round((ctx.callRate * cycle) / 1000));
        for (let i = 0; i < calls; i++) {
          const call = mathGameCall(ctx.rand, ctx.variant, ctx.game);
          total++;
          if (call.throwExp !== null) failed++;
          cost += call.cost;
        }
        ctx.emit({ jobId: ctx.jobId, monitorDataList: [{ className: MATH_GAME, cost: Math.round(cost * 1e6) / 1e6, failed, methodName: method, success: total - failed, timestamp: tsNow(ctx), total }], type: 'monitor' });
        if (limit !== undefined && ++sent >= limit) ctx.end(0);
      });
      return;
    }
    case 'thread':
      if (pos[0] && /^\d+$/.test(pos[0])) return captured(ctx, 'thread 1');
      return captured(ctx, args.includes('-n') ? 'thread -n 3' : 'thread');
    case 'dashboard': {
      const interval = Math.max(100, Number(option(args, '-i') ?? 5000));
      let sent = 0;
      const template = capturedResults('dashboard -n 1')[0]!;
      let heapUsed = 40_000_000;
      const tick = (): void => {
        heapUsed = Math.max(10_000_000, heapUsed + Math.round((ctx.rand() - 0.4) * 8_000_000));
        const r = structuredClone(template) as unknown as { memoryInfo: { heap: Array<{ used: number }> }; runtimeInfo: { timestamp: number; uptime: number }; gcInfos: Array<{ collectionCount: number }> };
        r.memoryInfo.heap[0]!.used = heapUsed;
        r.runtimeInfo.timestamp = Date.now();
        r.runtimeInfo.uptime += Math.round((sent * interval) / 1000);
        r.gcInfos[0]!.collectionCount += sent;
        ctx.emit({ ...(r as unknown as SimResult), jobId: ctx.jobId });
        if (limit !== undefined && ++sent >= limit) ctx.end(0, `Process ends after ${limit} time(s).`);
        else if (limit === undefined) sent++;
      };
      tick();
      ctx.every(interval, tick);
      return;
    }
    case 'jvm':
      return captured(ctx, 'jvm');
    case 'sysprop':
      return captured(ctx, 'sysprop');
    case 'sc': {
      const pattern = pos[0] ?? '*';
      const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      const matches = re.test(MATH_GAME);
      if (args.includes('-d') && matches) return captured(ctx, 'sc -d demo.MathGame');
      ctx.emit({ classNames: matches ? [MATH_GAME] : [], detailed: false, jobId: ctx.jobId, segment: 0, type: 'sc', withField: false });
      ctx.emit({ jobId: ctx.jobId, rowCount: matches ? 1 : 0, type: 'row_affect' });
      return ctx.end(0);
    }
    case 'sm':
      if (pos[0] !== MATH_GAME) {
        ctx.emit({ jobId: ctx.jobId, rowCount: 0, type: 'row_affect' });
        return ctx.end(0);
      }
      return captured(ctx, 'sm demo.MathGame');
    case 'jad':
      if (pos[0] !== MATH_GAME) {
        ctx.emit({ type: 'message', jobId: ctx.jobId, message: `No class found for: ${pos[0] ?? ''}` });
        return ctx.end(-1, `Found class: 0.`);
      }
      return captured(ctx, 'jad demo.MathGame');
    case 'version':
      ctx.emit({ jobId: ctx.jobId, type: 'version', version: ctx.version });
      return ctx.end(0);
    case 'ognl': {
      const expr = pos[0] ?? '';
      const v: JavaValue = /java\.version/.test(expr) ? { kind: 'string', value: '17.0.15' } : /maxLong|MAX_VALUE|9223372036854775807/.test(expr) ? { kind: 'long', value: 9223372036854775807n } : { kind: 'int', value: ctx.pid };
      const value = encodeValue(v, ctx.encoding, 1);
      ctx.emit({ jobId: ctx.jobId, type: 'ognl', value: ctx.encoding === '3.x' ? JSON.parse(toJsonText(value)) : value, ...(ctx.encoding === '3.x' && v?.kind === 'long' ? { $rawValue: v.value.toString() } : {}) });
      return ctx.end(0);
    }
    case 'echo':
      // not an Arthas command: the simulator's way to send chosen text (hostile-input tests)
      ctx.emit({ type: 'message', jobId: ctx.jobId, message: args.join(' ') });
      return ctx.end(0);
    case 'sleep': {
      // a job that does nothing for -n seconds (or until interrupted): for exec timeouts
      const ms = Number(pos[0] ?? 3600) * 1000;
      ctx.every(ms, () => ctx.end(0));
      return;
    }
    default:
      // unknown commands never get here: the server refuses them as Arthas does
      ctx.end(-1, `${name}: command not found`);
  }
}

/** Commands the simulator knows; any other is refused at async_exec/exec as Arthas refuses it. */
export const KNOWN_COMMANDS = new Set(['watch', 'trace', 'stack', 'tt', 'monitor', 'thread', 'dashboard', 'jvm', 'sysprop', 'sc', 'sm', 'jad', 'version', 'ognl', 'echo', 'sleep']);

export function commandName(line: string): string {
  return (tokenize(line.trim())[0] ?? '').toLowerCase();
}

/** Re-serialises a result whose values must stay exact (bigints) for the wire. */
export function resultToWire(r: SimResult): string {
  // a result injected by a test as exact JSON text (hostile or extreme values)
  if (typeof r.$raw === 'string') return r.$raw;
  if ('$rawValue' in r) {
    const { $rawValue, ...rest } = r;
    return JSON.stringify({ ...rest, value: 0 }).replace('"value":0', `"value":${String($rawValue)}`);
  }
  return toJsonText(r);
}
