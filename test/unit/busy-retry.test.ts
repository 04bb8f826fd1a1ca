// Arthas's transient "someone else is enhancing classes": a command is run again, as a user would,
// a bounded number of times; anything else (a success, another failure, a stop) ends the runs.
import { describe, expect, it } from 'vitest';
import { BUSY_RETRY_ATTEMPTS, refusedAsBusy, runAgainWhileBusy } from '../../src/main/arthas/busy-retry';

const busy = { state: 'failed', statusMessage: 'someone else is enhancing classes, pls. wait.' };

describe('running a command again while Arthas is busy enhancing', () => {
  it('knows the refusal by its state and message, nothing else', () => {
    expect(refusedAsBusy(busy)).toBe(true);
    expect(refusedAsBusy({ state: 'succeeded', statusMessage: busy.statusMessage })).toBe(false);
    expect(refusedAsBusy({ state: 'failed', statusMessage: 'Malformed OGNL expression' })).toBe(false);
    expect(refusedAsBusy(null)).toBe(false);
  });

  it('runs again until the command is not refused, telling each retry', async () => {
    const outcomes = [busy, busy, { state: 'succeeded' }];
    const retried: number[] = [];
    const last = await runAgainWhileBusy(async (n) => outcomes[n - 1]!, refusedAsBusy, { onRetry: (n) => retried.push(n) });
    expect(last).toEqual({ state: 'succeeded' });
    expect(retried).toEqual([1, 2]);
  }, 10_000);

  it(`gives up after ${BUSY_RETRY_ATTEMPTS} runs, or at once when told to stop, with the last outcome`, async () => {
    let runs = 0;
    expect(await runAgainWhileBusy(async () => (runs++, busy), refusedAsBusy)).toBe(busy);
    expect(runs).toBe(BUSY_RETRY_ATTEMPTS);
    runs = 0;
    await runAgainWhileBusy(async () => (runs++, busy), refusedAsBusy, { stopped: () => true });
    expect(runs).toBe(1);
  }, 20_000);
});
