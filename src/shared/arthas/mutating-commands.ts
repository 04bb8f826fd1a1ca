// Arthas commands that change the JVM (or the files beside it), as opposed to looking at it. An AI
// assistant may run them only when the user allowed it in the app's settings.

/** Why the command changes the JVM, or null when it only observes. */
export function jvmChangeOf(commandLine: string): string | null {
  const words = commandLine.trim().split(/\s+/);
  const name = (words[0] ?? '').toLowerCase();
  const args = words.slice(1);
  const has = (...opts: string[]): boolean => args.some((a) => opts.includes(a));
  switch (name) {
    case 'stop':
    case 'shutdown':
      return 'it stops Arthas in the JVM';
    case 'reset':
      return 'it removes the enhancement of classes';
    case 'redefine':
    case 'retransform':
      return 'it replaces the bytecode of loaded classes';
    case 'mc':
      return 'it compiles classes in the JVM';
    case 'dump':
    case 'heapdump':
      return 'it writes files from the JVM to disk';
    case 'vmtool':
      return has('forceGc', 'interruptThread') || /--action\s*=?\s*(forceGc|interruptThread)/.test(commandLine) ? 'it forces a GC or interrupts a thread' : null;
    case 'tt':
      return has('-p', '--play', '--replay-times') ? 'it calls the recorded method again' : has('--delete', '--delete-all', '-d') ? 'it deletes time-tunnel records' : null;
    case 'logger':
      return has('--level', '-l') ? "it changes a logger's level" : null;
    case 'options':
      return args.length >= 2 ? 'it changes a global Arthas option' : null;
    case 'ognl':
      // an assignment (=, not ==, <=, >=, !=) or a call that may have effects is a change
      return /(^|[^=!<>])=($|[^=])/.test(args.join(' ')) ? 'the expression assigns a value' : null;
    case 'profiler':
    case 'jfr':
      return has('start', 'stop', 'resume') ? 'it starts or stops a profiler in the JVM' : null;
    default:
      return null;
  }
}
