// The command-line tools as a user meets them: --help, a wrong option, a port already taken.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, spawnTs } from '../support/run-cli';

let taken: Server;
let port: number;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
  port = (taken.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => taken.close(() => r())));

async function run(entry: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnTs(entry, args);
  const { code } = await exitOf(child);
  return { code, ...child.output() };
}

describe('command-line papercuts', () => {
  for (const [tool, entry] of [
    ['sim', 'test/simulator/cli.ts'],
    ['serve', 'src/main/cli/serve.ts'],
    ['record', 'src/main/cli/record.ts'],
  ] as const) {
    it(`${tool} --help prints its usage and exits 0; an unknown option is one line and the usage, exit 2`, async () => {
      const help = await run(entry, ['--help']);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^usage: npm run ${tool} -- `));
      const bad = await run(entry, ['--no-such-option']);
      expect(bad.code).toBe(2);
      expect(bad.stderr.split('\n')[0]!.startsWith(`${tool}: Unknown option '--no-such-option'`)).toBe(true);
      expect(bad.stderr).toContain(`usage: npm run ${tool}`);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    }, 30_000);
  }

  it('record of a fleet with --publish refuses at once (a fleet is not shipped live), exit 2, nothing recorded', async () => {
    const r = await run('src/main/cli/record.ts', ['http://127.0.0.1:1/api', 'http://127.0.0.1:2/api', '--exec', 'watch a.B c', '--publish', 'postgres://u@127.0.0.1:1/deck', '--db', ':memory:']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("record: --publish ships one target's recording live; a fleet recording is published once it has ended, from the app (Recordings → Publish…)");
  }, 30_000);

  for (const [tool, entry] of [
    ['sim', 'test/simulator/cli.ts'],
    ['serve', 'src/main/cli/serve.ts'],
  ] as const) {
    it(`${tool} on a port already taken says so in one line, exit 2, no stack trace`, async () => {
      const r = await run(entry, ['--port', String(port), ...(tool === 'serve' ? ['--db', ':memory:'] : [])]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`${tool}: port ${port} is already in use (another Arthas, simulator or deck?): choose another with --port`);
      expect(r.stderr).not.toMatch(/\n\s+at |EADDRINUSE/);
    }, 30_000);
  }
});
