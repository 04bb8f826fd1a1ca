// Any other way in (kubectl port-forward, a bastion's own tool, ssh -N -L): a command the deck runs
// and watches. `{port}` in it becomes a free local port; the deck waits until that port accepts,
// records through it, starts the command again when it dies, and shows its stderr when it fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freeLocalPort } from '../net/free-port';

export class ForwardError extends Error {}

const BACKOFF = [500, 1000, 2000, 5000];


function accepts(port: number): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      res(true);
    });
    sock.once('error', () => res(false));
  });
}

export class ForwardingCommand {
  private child?: ChildProcess;
  private stopped = false;
  private attempt = 0;
  private stderr = '';
  localPort = 0;
  /** how many times the command was started (1 + restarts) */
  starts = 0;

  constructor(
    private readonly template: string,
    private readonly opts: { readyTimeoutMs?: number; onEvent?: (e: { kind: 'down' | 'up'; message: string }) => void } = {},
  ) {
    if (!template.includes('{port}')) throw new ForwardError('The forwarding command must contain {port}: the local port the deck connects to.');
  }

  get url(): string {
    return `http://127.0.0.1:${this.localPort}`;
  }

  /** Starts the command and resolves when the port accepts connections. */
  async start(): Promise<number> {
    this.localPort = await freeLocalPort();
    await this.launch();
    return this.localPort;
  }

  private command(): string {
    return this.template.replace(/\{port\}/g, String(this.localPort));
  }

  private async launch(): Promise<void> {
    this.stderr = '';
    this.starts++;
    // its own process group: stopping it stops what the shell started too (ssh, kubectl…)
    const child = spawn(this.command(), { shell: true, stdio: ['ignore', 'ignore', 'pipe'], detached: process.platform !== 'win32' });
    this.child = child;
    child.stderr!.on('data', (c: Buffer) => (this.stderr = (this.stderr + c.toString()).slice(-4000)));
    let exited = false;
    child.once('exit', (code, signal) => {
      exited = true;
      if (this.child === child) this.died(code, signal);
    });
    const end = Date.now() + (this.opts.readyTimeoutMs ?? 30_000);
    while (!(await accepts(this.localPort))) {
      if (exited) throw new ForwardError(`The forwarding command ended before port ${this.localPort} accepted connections. It said: ${this.stderr.trim() || '(nothing on stderr)'}`);
      if (Date.now() > end) {
        this.signal(child, 'SIGTERM');
        throw new ForwardError(`Port ${this.localPort} did not accept connections within ${Math.round((this.opts.readyTimeoutMs ?? 30_000) / 1000)} s of starting the forwarding command. It said: ${this.stderr.trim() || '(nothing on stderr)'}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    this.attempt = 0;
  }

  private died(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopped) return;
    const said = this.stderr.trim();
    this.opts.onEvent?.({ kind: 'down', message: `The forwarding command ended (${signal ?? `exit ${code}`})${said ? `: ${said.split('\n').pop()}` : ''}; starting it again.` });
    const delay = BACKOFF[Math.min(this.attempt++, BACKOFF.length - 1)]!;
    setTimeout(() => {
      if (this.stopped) return;
      this.launch().then(
        () => this.opts.onEvent?.({ kind: 'up', message: 'The forwarding command runs again.' }),
        () => undefined, // launch failures end in died() again while the child exits
      );
    }, delay);
  }

  private signal(child: ChildProcess | undefined, sig: NodeJS.Signals): void {
    if (!child?.pid || child.exitCode !== null) return;
    try {
      if (process.platform === 'win32') child.kill(sig);
      else process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  }

  stop(): void {
    this.stopped = true;
    this.signal(this.child, 'SIGTERM');
  }

  /** Kills the command as if it had died (tests, and a user's "restart"). */
  kill(): void {
    this.signal(this.child, 'SIGKILL');
  }
}
