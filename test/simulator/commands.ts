// What each simulated Arthas command produces. A job emits results through its context and ends
// with `status` (the server then adds input_status ALLOW_INPUT).
import { mathGameCall } from './math-game';
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

function tsNow(enc: Encoding): number | string {
  if (enc === '3.x') return Date.now();
  const d = new Date();
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function encodeValue(v: JavaValue, enc: Encoding, expand: number): unknown {
  return enc === '3.x' ? toJson(v) : toObjectView(v, expand);
}

const MATH_GAME = 'demo.MathGame';

function enhancer(ctx: JobContext): void {
  ctx.emit({ type: 'enhancer', jobId: ctx.jobId, success: true, effect: { listenerId: ctx.jobId, cost: 12 + Math.floor(ctx.rand() * 20), classCount: 1, methodCount: 1 } });
}

function noMatch(ctx: JobContext, cls: string, method: string): void {
  ctx.emit({ type: 'enhancer', jobId: ctx.jobId, success: false, effect: { listenerId: 0, cost: 3, classCount: 0, methodCount: 0 } });
  ctx.end(-1, `No class or method is affected, try:\n1. Execute \`sm CLASS_NAME METHOD_NAME\` to make sure the method you are tracing actually exists (it might be in your parent class).\n2. Execute \`options unsafe true\`, if you want to enhance the classes under the \`java.*\` package.\n(class ${cls}, method ${method})`);
}

/** Repeats a per-call result generator at ctx.callRate, honouring -n. */
function perCall(ctx: JobContext, limit: number | undefined, make: () => SimResult): void {
  let sent = 0;
  let carry = 0;
  let last = Date.now();
  ctx.every(10, () => {
    const now = Date.now();
    carry += (ctx.callRate * (now - last)) / 1000;
    last = now;
    while (carry >= 1) {
      carry -= 1;
      ctx.emit(make());
      sent++;
      if (limit !== undefined && sent >= limit) {
        ctx.end(0);
        return;
      }
    }
  });
}

/** Starts the job for a command line. */
export function startCommand(line: string, ctx: JobContext): void {
  const args = tokenize(line.trim());
  const name = (args.shift() ?? '').toLowerCase();
  const pos = positional(args);
  const limit = option(args, '-n') !== undefined ? Math.max(1, Number(option(args, '-n')) || 1) : undefined;
  const expand = Number(option(args, '-x') ?? 1) || 1;
  switch (name) {
    case 'watch': {
      const [cls = '', method = ''] = pos;
      if (cls !== MATH_GAME || method !== 'primeFactors') return noMatch(ctx, cls, method);
      enhancer(ctx);
      const accessPoint = args.includes('-b') ? 'AtEnter' : args.includes('-e') ? 'AtExceptionExit' : 'AtExit';
      perCall(ctx, limit, () => {
        const call = mathGameCall(ctx.rand, ctx.variant);
        const value: JavaValue = { kind: 'list', items: [call.params, call.returnObj, call.throwExp] };
        const r: SimResult = { type: 'watch', jobId: ctx.jobId, ts: tsNow(ctx.encoding), cost: call.cost, value: encodeValue(value, ctx.encoding, expand), sizeLimit: 10485760, expand };
        if (ctx.encoding === '4.x') Object.assign(r, { className: MATH_GAME, methodName: method, accessPoint });
        return r;
      });
      return;
    }
    case 'trace': {
      const [cls = '', method = ''] = pos;
      if (cls !== MATH_GAME || !['run', 'primeFactors'].includes(method)) return noMatch(ctx, cls, method);
      enhancer(ctx);
      perCall(ctx, limit, () => {
        const a = Math.round(ctx.rand() * 1e6) / 1e6;
        const b = Math.round(ctx.rand() * 1e6) / 1e6;
        return {
          type: 'trace',
          jobId: ctx.jobId,
          nodeCount: 4,
          root: {
            type: 'thread', threadName: 'main', threadId: 1, daemon: false, priority: 5, classloader: 'sun.misc.Launcher$AppClassLoader@70dea4e', timestamp: tsNow(ctx.encoding),
            children: [
              {
                type: 'method', className: MATH_GAME, methodName: method, lineNumber: -1, cost: a + b, totalCost: a + b, times: 1, minCost: a + b, maxCost: a + b,
                children: [
                  { type: 'method', className: MATH_GAME, methodName: 'primeFactors', lineNumber: 24, cost: a, totalCost: a, times: 1, minCost: a, maxCost: a, invoking: true, children: [] },
                  { type: 'method', className: MATH_GAME, methodName: 'print', lineNumber: 25, cost: b, totalCost: b, times: 1, minCost: b, maxCost: b, invoking: true, children: [] },
                ],
              },
            ],
          },
        };
      });
      return;
    }
    case 'stack': {
      const [cls = '', method = ''] = pos;
      if (cls !== MATH_GAME) return noMatch(ctx, cls, method);
      enhancer(ctx);
      perCall(ctx, limit, () => ({
        type: 'stack', jobId: ctx.jobId, ts: tsNow(ctx.encoding), cost: 0.05, threadName: 'main', threadId: '0x1', daemon: false, priority: 5, classloader: 'sun.misc.Launcher$AppClassLoader@70dea4e',
        stackTrace: [
          { className: MATH_GAME, methodName: method, fileName: 'MathGame.java', lineNumber: 46 },
          { className: MATH_GAME, methodName: 'run', fileName: 'MathGame.java', lineNumber: 24 },
          { className: MATH_GAME, methodName: 'main', fileName: 'MathGame.java', lineNumber: 16 },
        ],
      }));
      return;
    }
    case 'tt': {
      if (!args.includes('-t')) {
        ctx.emit({ type: 'tt', jobId: ctx.jobId, timeFragmentList: [] });
        return ctx.end(0);
      }
      const [cls = '', method = ''] = pos;
      if (cls !== MATH_GAME) return noMatch(ctx, cls, method);
      enhancer(ctx);
      let index = 1000;
      perCall(ctx, limit, () => {
        const call = mathGameCall(ctx.rand, ctx.variant);
        return {
          type: 'tt', jobId: ctx.jobId, first: index === 1000,
          timeFragmentList: [{
            index: index++, timestamp: tsNow(ctx.encoding), cost: call.cost, isReturn: call.throwExp === null, isThrow: call.throwExp !== null,
            object: '0x4e515669', className: MATH_GAME, methodName: method,
            params: encodeValue(call.params, ctx.encoding, 1), returnObj: encodeValue(call.returnObj, ctx.encoding, 1), throwExp: encodeValue(call.throwExp, ctx.encoding, 1),
          }],
        };
      });
      return;
    }
    case 'monitor': {
      const [cls = '', method = ''] = pos;
      if (cls !== MATH_GAME) return noMatch(ctx, cls, method);
      enhancer(ctx);
      const cycle = Math.max(1, Number(option(args, '-c') ?? 60)) * 1000;
      let sent = 0;
      ctx.every(cycle, () => {
        const total = Math.max(1, Math.round((ctx.callRate * cycle) / 1000));
        const failed = Math.round(total * (0.2 + ctx.rand() * 0.3));
        ctx.emit({ type: 'monitor', jobId: ctx.jobId, monitorDataList: [{ className: MATH_GAME, methodName: method, total, success: total - failed, failed, rt: Math.round(ctx.rand() * 1000) / 1000, failedRate: failed / total, timestamp: tsNow(ctx.encoding) }] });
        if (limit !== undefined && ++sent >= limit) ctx.end(0);
      });
      return;
    }
    case 'thread': {
      const threads = ['main', 'Reference Handler', 'Finalizer', 'Signal Dispatcher', 'arthas-timer', 'arthas-NettyHttpTelnetBootstrap-3-1', 'Attach Listener'].map((n, i) => ({
        id: i + 1, name: n, group: i === 0 ? 'main' : 'system', priority: i === 0 ? 5 : 10, state: i % 3 === 0 ? 'RUNNABLE' : 'WAITING', cpu: Math.round(ctx.rand() * 1000) / 100, deltaTime: Math.floor(ctx.rand() * 10), time: Math.floor(ctx.rand() * 5000), interrupted: false, daemon: i > 0,
      }));
      if (pos[0] && /^\d+$/.test(pos[0])) {
        ctx.emit({ type: 'thread', jobId: ctx.jobId, threadInfo: { threadId: Number(pos[0]), threadName: 'main', threadState: 'TIMED_WAITING', stackTrace: [{ className: 'java.lang.Thread', methodName: 'sleep', lineNumber: -2 }] } });
      } else if (args.includes('-n')) {
        ctx.emit({ type: 'thread', jobId: ctx.jobId, busyThreads: threads.slice(0, limit ?? 3).map((t) => ({ ...t, stackTrace: [{ className: MATH_GAME, methodName: 'primeFactors', lineNumber: 46 }] })) });
      } else {
        ctx.emit({ type: 'thread', jobId: ctx.jobId, threadStats: threads, threadStateCount: { RUNNABLE: 3, WAITING: 4 } });
      }
      return ctx.end(0);
    }
    case 'dashboard': {
      const interval = Math.max(100, Number(option(args, '-i') ?? 5000));
      let sent = 0;
      let heapUsed = 40_000_000;
      const tick = (): void => {
        heapUsed = Math.max(10_000_000, heapUsed + Math.round((ctx.rand() - 0.4) * 8_000_000));
        ctx.emit({
          type: 'dashboard', jobId: ctx.jobId,
          threads: [{ id: 1, name: 'main', group: 'main', priority: 5, state: 'TIMED_WAITING', cpu: 0.5, deltaTime: 0, time: 120, interrupted: false, daemon: false }],
          memoryInfo: {
            heap: [{ name: 'heap', used: heapUsed, total: 256_000_000, max: 4_000_000_000 }, { name: 'g1_eden_space', used: Math.round(heapUsed / 2), total: 100_000_000, max: -1 }],
            nonheap: [{ name: 'nonheap', used: 30_000_000, total: 35_000_000, max: -1 }],
            buffer_pool: [{ name: 'direct', used: 16384, total: 16384, max: 0 }],
          },
          gcInfos: [{ name: 'g1_young_generation', collectionCount: 5 + sent, collectionTime: 40 + sent * 3 }, { name: 'g1_old_generation', collectionCount: 0, collectionTime: 0 }],
          runtimeInfo: { osName: 'Linux', osVersion: '6.1', javaVersion: '17.0.15', javaHome: '/usr/lib/jvm/java-17', systemLoadAverage: ctx.rand() * 2, processors: 2, uptime: 1000 + sent * interval / 1000, timestamp: Date.now() },
        });
        if (limit !== undefined && ++sent >= limit) ctx.end(0);
        else if (limit === undefined) sent++;
      };
      tick();
      ctx.every(interval, tick);
      return;
    }
    case 'jvm':
      ctx.emit({ type: 'jvm', jobId: ctx.jobId, jvmInfo: { RUNTIME: [{ name: 'MACHINE-NAME', value: `${ctx.pid}@sim-host` }, { name: 'JVM-START-TIME', value: '2026-11-24 10:00:00' }, { name: 'INPUT-ARGUMENTS', value: ['-Xmx4g', '-XX:+UseG1GC'] }], 'CLASS-LOADING': [{ name: 'LOADED-CLASS-COUNT', value: 4321 }], THREAD: [{ name: 'COUNT', value: 12 }, { name: 'PEAK-COUNT', value: 14 }] } });
      return ctx.end(0);
    case 'sysprop':
      ctx.emit({ type: 'sysprop', jobId: ctx.jobId, props: { 'java.version': '17.0.15', 'java.vendor': 'Debian', 'os.name': 'Linux', 'user.dir': '/opt/demo', 'file.encoding': 'UTF-8', 'java.class.path': 'math-game.jar' } });
      return ctx.end(0);
    case 'sc':
    case 'sm': {
      const pattern = pos[0] ?? '*';
      const all = ['demo.MathGame', 'demo.MathGame$1', 'demo.Util'];
      const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      const classNames = all.filter((c) => re.test(c));
      if (name === 'sm') ctx.emit({ type: 'sm', jobId: ctx.jobId, methodInfo: classNames.length ? { declaringClass: MATH_GAME, methodName: 'primeFactors', descriptor: '(I)Ljava/util/List;', modifier: 'public' } : null });
      else if (args.includes('-d') && classNames.length) ctx.emit({ type: 'sc', jobId: ctx.jobId, classInfo: { name: classNames[0], classloader: ['sun.misc.Launcher$AppClassLoader@70dea4e'], codeSource: '/opt/demo/math-game.jar', isInterface: false, modifier: 'public' } });
      else ctx.emit({ type: 'sc', jobId: ctx.jobId, classNames, detailed: false, withField: false });
      ctx.emit({ type: 'row_affect', jobId: ctx.jobId, rowCount: classNames.length });
      return ctx.end(0);
    }
    case 'jad':
      if (pos[0] !== MATH_GAME) {
        ctx.emit({ type: 'message', jobId: ctx.jobId, message: `No class found for: ${pos[0] ?? ''}` });
        return ctx.end(-1, `Found class: 0.`);
      }
      ctx.emit({
        type: 'jad', jobId: ctx.jobId, location: '/opt/demo/math-game.jar', classInfo: { name: MATH_GAME, classLoaderHash: '70dea4e' },
        source: 'package demo;\n\nimport java.util.ArrayList;\nimport java.util.List;\nimport java.util.Random;\n\npublic class MathGame {\n    private static Random random = new Random();\n\n    public static void main(String[] args) throws InterruptedException {\n        MathGame game = new MathGame();\n        while (true) {\n            game.run();\n            TimeUnit.SECONDS.sleep(1);\n        }\n    }\n\n    public List<Integer> primeFactors(int number) {\n        if (number < 2) {\n            throw new IllegalArgumentException("number is: " + number + ", need >= 2");\n        }\n        return new ArrayList<Integer>();\n    }\n}\n',
        mappings: { 19: 46 },
      });
      return ctx.end(0);
    case 'version':
      ctx.emit({ type: 'version', jobId: ctx.jobId, version: ctx.version });
      return ctx.end(0);
    case 'ognl': {
      const expr = pos[0] ?? '';
      const v: JavaValue = /java\.version/.test(expr) ? { kind: 'string', value: '17.0.15' } : /maxLong|9223372036854775807/.test(expr) ? { kind: 'long', value: 9223372036854775807n } : { kind: 'int', value: ctx.pid };
      const value = encodeValue(v, ctx.encoding, 1);
      ctx.emit({ type: 'ognl', jobId: ctx.jobId, value: ctx.encoding === '3.x' ? JSON.parse(toJsonText(value)) : value, ...(ctx.encoding === '3.x' && v?.kind === 'long' ? { $rawValue: v.value.toString() } : {}) });
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
      ctx.end(-1, `${name}: command not found`);
  }
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
