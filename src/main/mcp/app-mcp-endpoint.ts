// The desktop app's MCP endpoint over HTTP, started on its own beside the window: whatever goes wrong
// with it (a listen error on every port tried, a keychain that throws, settings it cannot read) is
// kept as the problem the Assistant panel shows, and the app runs on without it.
import type { DeckBackend } from './deck-mcp-server';
import { startKeptMcpEndpoint, type KeptEndpointOptions, type KeptMcpEndpoint } from './kept-mcp-endpoint';

export class AppMcpEndpoint {
  endpoint?: KeptMcpEndpoint;
  /** why there is no endpoint although the user turned it on, in words for the panel */
  problem?: string;

  async start(deck: DeckBackend, opts: KeptEndpointOptions): Promise<void> {
    try {
      this.endpoint = await startKeptMcpEndpoint(deck, opts);
      this.problem = undefined;
    } catch (e) {
      this.problem = `The MCP endpoint over HTTP could not start: ${(e as Error).message ?? String(e)}. The rest of the app works; turn it off and on again, or restart, to try again.`;
    }
  }

  async close(): Promise<void> {
    await this.endpoint?.close().catch(() => undefined);
  }
}
