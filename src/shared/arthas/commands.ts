// Arthas command names and their common options, for completion in the command bar.
export interface CommandSpec {
  name: string;
  summary: string;
  options: string[];
  /** a template inserted on completion */
  example?: string;
}

export const ARTHAS_COMMANDS: readonly CommandSpec[] = [
  { name: 'watch', summary: 'observe method params, return value and exceptions', options: ['-b', '-e', '-s', '-f', '-x', '-n', '-E', '-M', '--exclude-class-pattern'], example: 'watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2' },
  { name: 'trace', summary: 'method call path and the time of each step', options: ['-n', '-j', '-E', '--skipJDKMethod', '#cost>'], example: 'trace demo.MathGame run' },
  { name: 'stack', summary: 'the call stack of a method', options: ['-n', '-E'], example: 'stack demo.MathGame primeFactors' },
  { name: 'tt', summary: 'time tunnel: record calls to replay later', options: ['-t', '-l', '-i', '-p', '-n', '-w', '-x', '-d', '--delete-all', '-s'], example: 'tt -t demo.MathGame primeFactors' },
  { name: 'monitor', summary: 'call counts, failures and average rt per cycle', options: ['-c', '-b', '-n', '-E'], example: 'monitor -c 5 demo.MathGame primeFactors' },
  { name: 'thread', summary: 'threads and their stacks', options: ['-n', '-b', '-i', '--state', '--all'], example: 'thread -n 3' },
  { name: 'dashboard', summary: 'threads, memory, GC and runtime', options: ['-i', '-n'], example: 'dashboard -i 2000 -n 30' },
  { name: 'jvm', summary: 'JVM information', options: [] },
  { name: 'sysprop', summary: 'system properties', options: [] },
  { name: 'sysenv', summary: 'environment variables', options: [] },
  { name: 'vmoption', summary: 'VM diagnostic options', options: [] },
  { name: 'sc', summary: 'search loaded classes', options: ['-d', '-f', '-E', '-x', '-c', '--classLoaderClass'], example: 'sc demo.*' },
  { name: 'sm', summary: 'search methods of loaded classes', options: ['-d', '-E'], example: 'sm demo.MathGame' },
  { name: 'jad', summary: 'decompile a class', options: ['--source-only', '-c', '--lineNumber'], example: 'jad demo.MathGame' },
  { name: 'ognl', summary: 'evaluate an OGNL expression', options: ['-c', '-x', '--classLoaderClass'], example: "ognl '@java.lang.System@getProperty(\"java.version\")'" },
  { name: 'version', summary: 'the Arthas version', options: [] },
  { name: 'classloader', summary: 'class loaders', options: ['-t', '-l', '-c', '-a'] },
  { name: 'heapdump', summary: 'dump the heap', options: ['--live'] },
  { name: 'logger', summary: 'loggers and levels', options: ['-n', '-l', '-c'] },
  { name: 'memory', summary: 'memory pools', options: [] },
  { name: 'perfcounter', summary: 'JVM perf counters', options: ['-d'] },
  { name: 'getstatic', summary: 'a static field', options: ['-c', '-x'] },
  { name: 'profiler', summary: 'async-profiler', options: ['start', 'stop', 'status', '--event', '--duration', '--format'] },
  { name: 'vmtool', summary: 'get instances, force GC', options: ['--action', '--className', '--limit', '-x'] },
  { name: 'stop', summary: 'stop Arthas (all sessions)', options: [] },
];

/** Completions for what is typed so far: command names first, then options of the command. */
export function complete(input: string): Array<{ text: string; hint: string }> {
  const trimmed = input.replace(/^\s+/, '');
  const parts = trimmed.split(/\s+/);
  if (parts.length <= 1) {
    const p = (parts[0] ?? '').toLowerCase();
    return ARTHAS_COMMANDS.filter((c) => c.name.startsWith(p) && c.name !== p)
      .slice(0, 10)
      .map((c) => ({ text: `${c.name} `, hint: c.summary }));
  }
  const spec = ARTHAS_COMMANDS.find((c) => c.name === parts[0]!.toLowerCase());
  const last = parts[parts.length - 1]!;
  if (!spec || !last.startsWith('-')) return [];
  const head = trimmed.slice(0, trimmed.length - last.length);
  return spec.options.filter((o) => o.startsWith(last) && o !== last).map((o) => ({ text: `${head}${o} `, hint: spec.name }));
}
