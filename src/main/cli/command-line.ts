// What every command-line tool of the project does with its arguments: --help prints the usage and
// exits 0; a wrong argument or a port that cannot be had prints one line saying why, the usage, and
// exits 2. No stack traces for things a user typed.

export function usageError(tool: string, usage: string, reason: string): never {
  process.stderr.write(`${tool}: ${reason}\n${usage}\n`);
  process.exit(2);
}

/** Runs the tool's parseArgs (whose options include help) with --help and readable errors. */
export function parseCommandLine<R extends { values: { help?: boolean } }>(tool: string, usage: string, parse: () => R): R {
  let parsed: R;
  try {
    parsed = parse();
  } catch (e) {
    usageError(tool, usage, (e as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed;
}

/** The --help option every tool has. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** A port as typed: 0–65535, or the reason it is not one. */
export function portArg(tool: string, usage: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) usageError(tool, usage, `--port takes a port number (0–65535), not "${value}"`);
  return n;
}

/** Why a server could not listen, in one line (EADDRINUSE, EACCES…), or null for other errors. */
export function listenFailure(e: unknown, port: number): string | null {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') return `port ${port} is already in use (another Arthas, simulator or deck?): choose another with --port`;
  if (code === 'EACCES') return `port ${port} needs privileges this user does not have: choose one above 1023 with --port`;
  if (code === 'EADDRNOTAVAIL') return `this machine has no such address to listen on (port ${port})`;
  return null;
}
