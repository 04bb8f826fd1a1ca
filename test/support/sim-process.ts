import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { SimulatorStats } from '../simulator/server';

/** The simulator in a process of its own, as a JVM would be: its timers do not share our event loop. */
export interface SimProcess {
  url: string;
  child: ChildProcess;
  stats(): Promise<SimulatorStats>;
  send(msg: object): void;
  stop(): Promise<void>;
}

export async function startSimProcess(args: string[] = []): Promise<SimProcess> {
  const child = fork(resolve(__dirname, '../simulator/cli.ts'), ['--port', '0', ...args], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) res(m[1]!);
    });
    child.once('exit', (code) => rej(new Error(`simulator exited with ${code}: ${out}`)));
  });
  return {
    url,
    child,
    send: (msg) => child.send(msg),
    stats: () =>
      new Promise((res) => {
        const on = (m: unknown): void => {
          const msg = m as { type?: string; stats?: SimulatorStats };
          if (msg.type === 'stats' && msg.stats) {
            child.off('message', on);
            res(msg.stats);
          }
        };
        child.on('message', on);
        child.send({ type: 'stats' });
      }),
    stop: () =>
      new Promise((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}
