// What a Java process runs, read from its command line (as jps -l shows it): the main class, or the
// jar given with -jar. Pure: the caller reads /proc/<pid>/cmdline (or another OS's equivalent).

/** Launcher options that take the next argument as their value. */
const WITH_VALUE = new Set(['-cp', '-classpath', '--class-path', '-p', '--module-path', '--upgrade-module-path', '--add-modules', '--add-opens', '--add-exports', '--add-reads', '--limit-modules', '--patch-module', '--enable-native-access']);

export function mainOfJavaCommand(argv: readonly string[]): string | null {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-jar') return argv[i + 1] ?? null;
    if (a === '-m' || a === '--module') return argv[i + 1] ?? null;
    if (WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a;
  }
  return null;
}

/** True for a command line whose program is a Java launcher. */
export function isJavaCommand(argv: readonly string[]): boolean {
  const exe = (argv[0] ?? '').split(/[\\/]/).pop() ?? '';
  return /^java(w)?(\.exe)?$/i.test(exe);
}
