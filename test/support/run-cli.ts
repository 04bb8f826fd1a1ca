import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/** Starts a TypeScript entry point of this project in a child process (through tsx). */
export function spawnTs(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess & { output: () => { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, entry), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return Object.assign(child, { output: () => ({ stdout, stderr }) });
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => r({ code, signal }));
  });
}
