// A target reached through SSH: the deck opens the connection itself (ssh2), checks the host key
// against known_hosts, honours ~/.ssh/config (HostName, User, Port, IdentityFile, ProxyJump), and
// serves a local port on 127.0.0.1 whose connections are forwarded to the Arthas port as seen from
// the SSH host. A dropped connection is reopened with backoff; the engine sees an outage meanwhile.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { Client, type ConnectConfig } from 'ssh2';
import { checkHostKey, fingerprint, rememberHostKey } from './known-hosts';
import { parseSshDestination, resolveSshConfig } from './ssh-config';
import type { SshStep } from '../../shared/contract';

export interface SshRoute {
  /** user@host[:port], or a Host alias of ~/.ssh/config */
  destination: string;
  identityFile?: string;
  password?: string;
  /** use the SSH agent (SSH_AUTH_SOCK) when there is one (default true) */
  agent?: boolean;
}

export interface TunnelOptions {
  route: SshRoute;
  /** the Arthas HTTP address as seen from the SSH host */
  remoteHost: string;
  remotePort: number;
  knownHostsFile?: string;
  configFile?: string;
  /** the fingerprint of an unknown host key the user accepted: it is remembered in known_hosts */
  acceptFingerprint?: string;
  readyTimeoutMs?: number;
  onEvent?: (e: { kind: 'down' | 'up'; message: string }) => void;
  /** the steps of the first connection, for a progress display */
  onStep?: (s: SshStep) => void;
}

export class HostKeyError extends Error {
  constructor(
    readonly verdict: 'unknown' | 'changed',
    readonly host: string,
    readonly port: number,
    readonly fingerprint: string,
  ) {
    super(
      verdict === 'unknown'
        ? `The SSH host ${host}:${port} is not known yet. Its key fingerprint is ${fingerprint}. Accept it only if it is the one the host's owner gives you.`
        : `The SSH host key of ${host}:${port} has CHANGED (now ${fingerprint}). This may be an attack: the connection is refused. If the host was reinstalled, remove its old line from known_hosts.`,
    );
  }
}

export class SshError extends Error {}

const BACKOFF = [500, 1000, 2000, 5000];

export class SshTunnel {
  private server?: Server;
  private conn?: Client;
  private jumps: Client[] = [];
  private up = false;
  private closing = false;
  private waiters: Array<(ok: boolean) => void> = [];
  private attempt = 0;
  localPort = 0;

  constructor(private readonly opts: TunnelOptions) {}

  /** Connects (the host key checked), then listens on 127.0.0.1; resolves with the local port. */
  async open(): Promise<number> {
    await this.connect();
    this.opts.onStep?.('forwarding the port');
    this.server = createServer((sock) => void this.forward(sock));
    await new Promise<void>((res, rej) => {
      this.server!.once('error', rej);
      this.server!.listen(0, '127.0.0.1', () => res());
    });
    this.localPort = (this.server.address() as { port: number }).port;
    return this.localPort;
  }

  /** Connects without serving a local port (for commands only: remote JVM list and attach). */
  async connectOnly(): Promise<void> {
    await this.connect();
  }

  /** Runs a command on the SSH host; its output and exit code. */
  exec(command: string, timeoutMs = 60_000): Promise<{ stdout: string; stderr: string; code: number }> {
    if (!this.conn || !this.up) return Promise.reject(new SshError('The SSH connection is not open.'));
    return new Promise((resolve, reject) => {
      this.conn!.exec(command, (err, stream) => {
        if (err) return reject(new SshError(`Could not run a command over SSH: ${err.message}`));
        let stdout = '';
        let stderr = '';
        const timer = setTimeout(() => {
          stream.close();
          reject(new SshError(`The command over SSH did not finish within ${Math.round(timeoutMs / 1000)} s.`));
        }, timeoutMs);
        stream.on('data', (c: Buffer) => (stdout += c.toString()));
        stream.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        stream.on('close', (code: number | null) => {
          clearTimeout(timer);
          resolve({ stdout, stderr, code: code ?? -1 });
        });
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.localPort}`;
  }

  close(): void {
    this.closing = true;
    this.server?.close();
    this.dropConnections();
    for (const w of this.waiters.splice(0)) w(false);
  }

  private dropConnections(): void {
    this.conn?.end();
    for (const j of this.jumps) j.end();
    this.jumps = [];
    this.up = false;
  }

  private async forward(sock: Socket): Promise<void> {
    sock.on('error', () => undefined);
    if (!this.up && !(await this.whenUp(10_000))) return void sock.destroy();
    this.conn!.forwardOut('127.0.0.1', sock.remotePort ?? 0, this.opts.remoteHost, this.opts.remotePort, (err, stream) => {
      if (err) return void sock.destroy();
      stream.on('error', () => sock.destroy());
      sock.pipe(stream).pipe(sock);
    });
  }

  private whenUp(ms: number): Promise<boolean> {
    return new Promise((res) => {
      const t = setTimeout(() => res(false), ms);
      this.waiters.push((ok) => {
        clearTimeout(t);
        res(ok);
      });
    });
  }

  private knownHosts(): string {
    return this.opts.knownHostsFile ?? join(homedir(), '.ssh', 'known_hosts');
  }

  /** One hop: resolved through ~/.ssh/config, over `sock` when it is behind a jump host. */
  private hop(destination: string, sock?: Duplex): Promise<Client> {
    const d = parseSshDestination(destination);
    const configFile = this.opts.configFile ?? join(homedir(), '.ssh', 'config');
    const cfg = resolveSshConfig(existsSync(configFile) ? readFileSync(configFile, 'utf8') : '', d.host);
    const host = cfg.hostName;
    const port = d.port ?? cfg.port ?? 22;
    const username = d.user ?? cfg.user ?? userInfo().username;
    const route = this.opts.route;
    const keyFiles = [route.identityFile, ...cfg.identityFiles, ...['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(homedir(), '.ssh', f))].filter((f): f is string => !!f && existsSync(f));
    const config: ConnectConfig = {
      host,
      port,
      username,
      sock: sock as ConnectConfig['sock'],
      readyTimeout: this.opts.readyTimeoutMs ?? 15_000,
      keepaliveInterval: 5000,
      keepaliveCountMax: 3,
      privateKey: keyFiles[0] ? readFileSync(keyFiles[0]) : undefined,
      password: route.password,
      agent: route.agent !== false ? process.env.SSH_AUTH_SOCK : undefined,
    };
    let refused: HostKeyError | undefined;
    config.hostVerifier = (key: Buffer) => {
      this.opts.onStep?.('checking the host key');
      const file = this.knownHosts();
      const verdict = checkHostKey(existsSync(file) ? readFileSync(file, 'utf8') : '', host, port, key);
      if (verdict === 'known') return true;
      const fp = fingerprint(key);
      if (verdict === 'unknown' && this.opts.acceptFingerprint === fp) {
        rememberHostKey(file, host, port, key);
        return true;
      }
      refused = new HostKeyError(verdict, host, port, fp);
      return false;
    };
    return new Promise((resolve, reject) => {
      const c = new Client();
      c.once('ready', () => resolve(c));
      c.once('error', (e: Error & { level?: string }) => {
        if (refused) return reject(refused);
        if (e.level === 'client-authentication') return reject(new SshError(`SSH ${username}@${host}:${port} refused every credential offered (key${keyFiles.length ? ` ${keyFiles[0]}` : 's: none found'}${config.agent ? ', agent' : ''}${config.password ? ', password' : ''}).`));
        reject(new SshError(`SSH to ${username}@${host}:${port} failed: ${e.message}`));
      });
      this.opts.onStep?.('connecting');
      c.connect(config);
    });
  }

  private async connect(): Promise<void> {
    const first = parseSshDestination(this.opts.route.destination);
    const configFile = this.opts.configFile ?? join(homedir(), '.ssh', 'config');
    const cfg = resolveSshConfig(existsSync(configFile) ? readFileSync(configFile, 'utf8') : '', first.host);
    // ProxyJump: each hop reached through the one before it
    const chain = [...(cfg.proxyJump ?? []), this.opts.route.destination];
    let sock: Duplex | undefined;
    const jumps: Client[] = [];
    try {
      for (let i = 0; i < chain.length; i++) {
        const c = await this.hop(chain[i]!, sock);
        if (i === chain.length - 1) {
          this.conn = c;
          break;
        }
        jumps.push(c);
        const next = parseSshDestination(chain[i + 1]!);
        const nextCfg = resolveSshConfig(existsSync(configFile) ? readFileSync(configFile, 'utf8') : '', next.host);
        sock = await new Promise<Duplex>((res, rej) => c.forwardOut('127.0.0.1', 0, nextCfg.hostName, next.port ?? nextCfg.port ?? 22, (err, s) => (err ? rej(new SshError(`The jump host could not reach ${chain[i + 1]}: ${err.message}`)) : res(s))));
      }
    } catch (e) {
      for (const j of jumps) j.end();
      throw e;
    }
    this.jumps = jumps;
    this.up = true;
    this.attempt = 0;
    for (const w of this.waiters.splice(0)) w(true);
    this.conn!.once('close', () => this.lost());
  }

  private lost(): void {
    this.up = false;
    if (this.closing) return;
    this.opts.onEvent?.({ kind: 'down', message: `The SSH connection to ${this.opts.route.destination} dropped; reconnecting.` });
    const delay = BACKOFF[Math.min(this.attempt++, BACKOFF.length - 1)]!;
    setTimeout(() => {
      if (this.closing) return;
      this.dropConnections();
      this.connect().then(
        () => this.opts.onEvent?.({ kind: 'up', message: `The SSH connection to ${this.opts.route.destination} is back.` }),
        () => this.lost(),
      );
    }, delay);
  }
}
