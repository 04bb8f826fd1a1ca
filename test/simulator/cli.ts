// npm run sim -- [--port 8563] [--encoding 4.x|3.x] [--rate 1] [--variant v1|v2] [--seed 42]
//                 [--username u --password p] [--auth-local] [--consumer-idle-ms N] [--session-timeout-s N]
import { parseArgs } from 'node:util';
import { HELP_OPTION, listenFailure, parseCommandLine, portArg, usageError } from '../../src/main/cli/command-line';
import { MAX_CALL_RATE, startSimulator } from './server';

const USAGE = `usage: npm run sim -- [--port 8563] [--encoding 4.x|3.x] [--rate <calls/s, at most ${MAX_CALL_RATE}>] [--variant v1|v2] [--seed 42]
                     [--username <u> --password <p>] [--auth-local] [--consumer-idle-ms <ms>] [--session-timeout-s <s>]
  An Arthas HTTP API simulator (the math-game demo) on 127.0.0.1, held to a real Arthas 4.3.4's answers.`;

const { values } = parseCommandLine('sim', USAGE, () =>
  parseArgs({
    options: {
      ...HELP_OPTION,
  port: { type: 'string' },
  encoding: { type: 'string', default: '4.x' },
  rate: { type: 'string', default: '1' },
  variant: { type: 'string', default: 'v1' },
  seed: { type: 'string', default: '42' },
  username: { type: 'string' },
  password: { type: 'string' },
  'auth-local': { type: 'boolean', default: false },
  'consumer-idle-ms': { type: 'string' },
  'session-timeout-s': { type: 'string' },
    },
  }),
);

async function main(): Promise<void> {
  const port = portArg('sim', USAGE, values.port, 8563);
  if (!['3.x', '4.x'].includes(values.encoding!)) usageError('sim', USAGE, `--encoding is 4.x or 3.x, not "${values.encoding}"`);
  const rate = Number(values.rate);
  if (!(rate >= 0)) usageError('sim', USAGE, `--rate takes calls per second, not "${values.rate}"`);
  const encoding = values.encoding === '3.x' ? '3.x' : '4.x';
  let sim;
  try {
    sim = await startSimulator({
      port,
      encoding,
      callRate: rate,
      variant: values.variant === 'v2' ? 'v2' : 'v1',
      seed: Number(values.seed),
      auth: values.username ? { username: values.username, password: values.password ?? '' } : undefined,
      localConnectionNonAuth: !values['auth-local'],
      consumerIdleMs: values['consumer-idle-ms'] ? Number(values['consumer-idle-ms']) : undefined,
      sessionTimeoutMs: values['session-timeout-s'] ? Number(values['session-timeout-s']) * 1000 : undefined,
    });
  } catch (e) {
    const why = listenFailure(e, port);
    if (why) usageError('sim', USAGE, why);
    throw e;
  }
  console.log(`Arthas simulator (${encoding} encoding, ${sim.opts.callRate} calls/s) listening on ${sim.url}`);
  // a parent process (tests, bench) reads counters on demand
  process.on('message', (msg: unknown) => {
    const m = msg as { type?: string; rate?: number };
    if (m.type === 'stats') process.send?.({ type: 'stats', stats: sim.stats, dropped: sim.stats.dropped });
    if (m.type === 'rate' && typeof m.rate === 'number') sim.setCallRate(m.rate);
    if (m.type === 'drop-sessions') sim.dropAllSessions();
    if (m.type === 'busy-enhancing') sim.busyEnhancingOnce();
  });
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
