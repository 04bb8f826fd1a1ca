// What the desktop app was started to do, from its command line: open its window (the files given,
// if any, are recordings to open), or serve MCP over standard input/output with no window
// (`arthas-deck --mcp-stdio [--db FILE]`), so an installed app can be an assistant's MCP server
// without a checkout. Electron's own switches (--no-sandbox, …) and the app path that `electron .`
// passes may stand anywhere among the arguments.
import { isAbsolute, resolve } from 'node:path';

export type AppMode = { kind: 'window' } | { kind: 'mcp-stdio'; db?: string } | { kind: 'usage-error'; message: string };

export const MCP_STDIO_FLAG = '--mcp-stdio';

export const APP_USAGE = `usage: arthas-deck [recording.arthasrec …]
       arthas-deck --mcp-stdio [--db FILE]   MCP over standard input/output, no window (the app's database by default)`;

/**
 * Why --mcp-stdio is not offered on Windows: Electron replaces process.stdin there with a stream that
 * only ends (electron#21705), so no request of the assistant would ever be read.
 */
export const MCP_STDIO_ON_WINDOWS = `--mcp-stdio does not work in the Windows app: Electron gives it no standard input there (electron/electron#21705).
Use the MCP endpoint over HTTP instead: in the app, AI assistant (MCP) › "Serve MCP over HTTP on 127.0.0.1"; the panel shows the URL and token.
Or run \`npm run mcp\` from a checkout (Node.js), which reads standard input on Windows too.`;

/** The mode of a start; argv as process.argv (the executable first). */
export function appMode(argv: readonly string[], cwd: string, platform: NodeJS.Platform = process.platform): AppMode {
  const args = argv.slice(1);
  if (!args.includes(MCP_STDIO_FLAG)) return { kind: 'window' };
  if (platform === 'win32') return { kind: 'usage-error', message: MCP_STDIO_ON_WINDOWS };
  let db: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--db') {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('-')) return { kind: 'usage-error', message: `--db needs a file.\n${APP_USAGE}` };
      db = next;
      i++;
    } else if (a.startsWith('--db=')) {
      db = a.slice('--db='.length);
      if (!db) return { kind: 'usage-error', message: `--db needs a file.\n${APP_USAGE}` };
    }
  }
  return { kind: 'mcp-stdio', ...(db !== undefined ? { db: isAbsolute(db) ? db : resolve(cwd, db) } : {}) };
}
