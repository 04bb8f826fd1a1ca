// What a Java process runs, read from its command line (as jps -l shows it): the main class, or the
// jar given with -jar. Pure: the caller reads /proc/<pid>/cmdline (or another OS's equivalent).

/** Launcher options that take the next argument as their value. */
const WITH_VALUE = new Set(['-cp', '-classpath', '--class-path', '-p', '--module-path', '--upgrade-module-path', '--add-modules', '--add-opens', '--add-exports', '--add-reads', '--limit-modules', '--patch-module', '--enable-native-access']);

/** Where the main class (or -jar's jar, or -m's module) is in argv, or -1. */
function mainIndex(argv: readonly string[]): number {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-jar' || a === '-m' || a === '--module') return i + 1 < argv.length ? i + 1 : -1;
    if (WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return i;
  }
  return -1;
}

export function mainOfJavaCommand(argv: readonly string[]): string | null {
  const i = mainIndex(argv);
  return i < 0 ? null : argv[i]!;
}

/** The program's own arguments (after the main class or jar), as one line of at most `max` characters. */
export function argsOfJavaCommand(argv: readonly string[], max = 300): string {
  const i = mainIndex(argv);
  const line = i < 0 ? '' : argv.slice(i + 1).join(' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** True for a command line whose program is a Java launcher. */
export function isJavaCommand(argv: readonly string[]): boolean {
  const exe = (argv[0] ?? '').split(/[\\/]/).pop() ?? '';
  return /^java(w)?(\.exe)?$/i.test(exe);
}
