// The deck as an MCP server on standard input/output, for assistants that start a command: the
// checkout's `npm run mcp` and the installed app's `--mcp-stdio` mode run this. Standard output is
// the protocol: nothing else may be written there. The end of standard input ends the server.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createDeckMcpServer, type DeckBackend } from './deck-mcp-server';

/** Serves until standard input ends or a signal arrives; then onEnd (close sessions and the database). */
export async function serveMcpOverStdio(deck: DeckBackend, version: string, onEnd: () => void): Promise<void> {
  const server = createDeckMcpServer(deck, version);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  process.stdin.on('end', end);
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  await server.connect(new StdioServerTransport());
}
