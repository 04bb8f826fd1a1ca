// Opens the way to a target's Arthas port: directly, through an SSH tunnel, or through a
// forwarding command. Every route ends in an address on 127.0.0.1 the client can use.
import type { SshStep, TargetRoute } from '../../shared/contract';
import { parseTargetUrl } from '../arthas/target-url';
import { ForwardingCommand } from '../forward/forwarding-command';
import { SshTunnel } from '../ssh/ssh-tunnel';

export interface OpenedRoute {
  /** the Arthas API address to use from this machine */
  url: string;
  close(): void;
}

export interface RouteOptions {
  acceptHostKey?: string;
  /** when no key or agent is used */
  sshPassword?: string;
  knownHostsFile?: string;
  sshConfigFile?: string;
  onEvent?: (e: { kind: 'down' | 'up'; message: string }) => void;
  /** the steps of an SSH route's first connection */
  onStep?: (s: SshStep) => void;
}

export async function openRoute(route: TargetRoute | null, arthasUrl: string, opts: RouteOptions = {}): Promise<OpenedRoute> {
  if (!route) return { url: arthasUrl, close: () => undefined };
  const api = parseTargetUrl(arthasUrl).apiUrl;
  if (route.kind === 'ssh') {
    const tunnel = new SshTunnel({
      route: { destination: route.destination, identityFile: route.identityFile, agent: route.agent, password: opts.sshPassword },
      remoteHost: api.hostname.replace(/^\[|\]$/g, ''),
      remotePort: Number(api.port || 80),
      acceptFingerprint: opts.acceptHostKey,
      knownHostsFile: opts.knownHostsFile,
      configFile: opts.sshConfigFile,
      onEvent: opts.onEvent,
      onStep: opts.onStep,
    });
    const port = await tunnel.open();
    return { url: `http://127.0.0.1:${port}${api.pathname}`, close: () => tunnel.close() };
  }
  const command = new ForwardingCommand(route.command, { onEvent: opts.onEvent });
  const port = await command.start();
  return { url: `http://127.0.0.1:${port}${api.pathname}`, close: () => command.stop() };
}
