// Arthas command names and their common options, for completion in the command bar.
import { COMMAND_TEXT_ZH_CN } from './commands-zh-CN';

export interface CommandSpec {
  name: string;
  summary: string;
  /** its common options, each with what it does (shown beside it in the completion list) */
  options: Readonly<Record<string, string>>;
  /** a template inserted on completion */
  example?: string;
}

export const ARTHAS_COMMANDS: readonly CommandSpec[] = [
  { name: 'watch', summary: 'observe method params, return value and exceptions', options: { '-b': 'read params before the method runs (on entry)', '-e': 'only calls that throw', '-s': 'only calls that return', '-f': 'when the method ends, returning or throwing (the default)', '-x': 'how deep objects are expanded (1 by default)', '-n': 'stop after this many calls', '-E': 'class and method names are regular expressions', '-M': 'largest result in bytes (10 MB by default)', '--exclude-class-pattern': 'classes not to watch' }, example: 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2' },
  { name: 'trace', summary: 'method call path and the time of each step', options: { '-n': 'stop after this many calls', '-j': 'skip JDK methods', '-E': 'class and method names are regular expressions', '--skipJDKMethod': 'skip JDK methods (true by default)', '#cost>': 'only calls slower than this, in ms: \'#cost > 10\'' }, example: 'trace demo.MathGame run' },
  { name: 'stack', summary: 'the call stack of a method', options: { '-n': 'stop after this many calls', '-E': 'class and method names are regular expressions' }, example: 'stack demo.MathGame primeFactors' },
  { name: 'tt', summary: 'time tunnel: record calls to replay later', options: { '-t': 'record calls (the time tunnel)', '-l': 'list the records', '-i': 'the record of this index', '-p': 'replay the record given by -i', '-n': 'stop after this many calls', '-w': 'an OGNL expression evaluated on a record', '-x': 'how deep objects are expanded', '-d': 'delete the record given by -i', '--delete-all': 'delete every record', '-s': 'search the records by an OGNL condition' }, example: 'tt -t demo.MathGame primeFactors' },
  { name: 'monitor', summary: 'call counts, failures and average rt per cycle', options: { '-c': 'cycle length in seconds (60 by default)', '-b': 'evaluate the condition before the call', '-n': 'stop after this many cycles', '-E': 'class and method names are regular expressions' }, example: 'monitor -c 5 demo.MathGame primeFactors' },
  { name: 'thread', summary: 'threads and their stacks', options: { '-n': 'the n busiest threads', '-b': 'the thread blocking others', '-i': 'sampling interval in ms (for -n)', '--state': 'threads in this state (RUNNABLE, BLOCKED, WAITING…)', '--all': 'every thread' }, example: 'thread -n 3' },
  { name: 'dashboard', summary: 'threads, memory, GC and runtime', options: { '-i': 'refresh interval in ms', '-n': 'how many refreshes' }, example: 'dashboard -i 2000 -n 30' },
  { name: 'jvm', summary: 'JVM information', options: {} },
  { name: 'sysprop', summary: 'system properties', options: {} },
  { name: 'sysenv', summary: 'environment variables', options: {} },
  { name: 'vmoption', summary: 'VM diagnostic options', options: {} },
  { name: 'sc', summary: 'search loaded classes', options: { '-d': 'details of each class', '-f': 'its fields (with -d)', '-E': 'class names are regular expressions', '-x': 'how deep static fields are expanded', '-c': 'the class loader, by hash', '--classLoaderClass': 'the class loader, by its class name' }, example: 'sc demo.*' },
  { name: 'sm', summary: 'search methods of loaded classes', options: { '-d': 'details of each method', '-E': 'class and method names are regular expressions' }, example: 'sm demo.MathGame' },
  { name: 'jad', summary: 'decompile a class', options: { '--source-only': 'the source alone, without class loader and location', '-c': 'the class loader, by hash', '--lineNumber': 'print line numbers (true by default)' }, example: 'jad demo.MathGame' },
  { name: 'ognl', summary: 'evaluate an OGNL expression', options: { '-c': 'the class loader, by hash', '-x': 'how deep the result is expanded (1 by default)', '--classLoaderClass': 'the class loader, by its class name' }, example: "ognl '@java.lang.System@getProperty(\"java.version\")'" },
  { name: 'version', summary: 'the Arthas version', options: {} },
  { name: 'classloader', summary: 'class loaders', options: { '-t': 'as a tree of parents', '-l': 'each loader with its hash and parent', '-c': 'the URLs of the loader with this hash', '-a': 'every class of every loader' } },
  { name: 'heapdump', summary: 'dump the heap', options: { '--live': 'only objects still reachable' } },
  { name: 'logger', summary: 'loggers and levels', options: { '-n': 'the logger of this name', '-l': 'set the level of the logger given by -n', '-c': 'the class loader, by hash' } },
  { name: 'memory', summary: 'memory pools', options: {} },
  { name: 'perfcounter', summary: 'JVM perf counters', options: { '-d': 'with variability and units' } },
  { name: 'getstatic', summary: 'a static field', options: { '-c': 'the class loader, by hash', '-x': 'how deep the value is expanded' } },
  { name: 'profiler', summary: 'async-profiler', options: { 'start': 'start sampling', 'stop': 'stop, and write the result', 'status': 'whether it runs', '--event': 'what to sample: cpu, alloc, lock, wall…', '--duration': 'run this many seconds, then stop', '--format': 'output format: html, jfr, collapsed…' } },
  { name: 'vmtool', summary: 'get instances, force GC', options: { '--action': 'getInstances or forceGc', '--className': 'the class whose instances to get', '--limit': 'at most this many instances', '-x': 'how deep instances are expanded' } },
  { name: 'stop', summary: 'stop Arthas (all sessions)', options: {} },
];

/** The language of the hints: the deck's own two. */
export type HintLanguage = 'en' | 'zh-CN';

function summaryOf(c: CommandSpec, language: HintLanguage): string {
  return language === 'zh-CN' ? COMMAND_TEXT_ZH_CN[c.name]?.summary ?? c.summary : c.summary;
}

function optionHint(c: CommandSpec, option: string, language: HintLanguage): string {
  return language === 'zh-CN' ? COMMAND_TEXT_ZH_CN[c.name]?.options[option] ?? c.options[option]! : c.options[option]!;
}

/** Completions for what is typed so far: command names first, then options of the command, each with
 *  what it does in the given language. */
export function complete(input: string, language: HintLanguage = 'en'): Array<{ text: string; hint: string }> {
  const trimmed = input.replace(/^\s+/, '');
  const parts = trimmed.split(/\s+/);
  if (parts.length <= 1) {
    const p = (parts[0] ?? '').toLowerCase();
    return ARTHAS_COMMANDS.filter((c) => c.name.startsWith(p) && c.name !== p)
      .slice(0, 10)
      .map((c) => ({ text: `${c.name} `, hint: summaryOf(c, language) }));
  }
  const spec = ARTHAS_COMMANDS.find((c) => c.name === parts[0]!.toLowerCase());
  const last = parts[parts.length - 1]!;
  if (!spec || !last.startsWith('-')) return [];
  const head = trimmed.slice(0, trimmed.length - last.length);
  return Object.entries(spec.options)
    .filter(([o]) => o.startsWith(last) && o !== last)
    .map(([o]) => ({ text: `${head}${o} `, hint: optionHint(spec, o, language) }));
}
