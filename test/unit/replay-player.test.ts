import { describe, expect, it } from 'vitest';
import { ReplayPlayer, replayDelay, type Clock, type TimedItem } from '../../src/shared/replay/player';

/** A clock whose time moves only when the test says so. */
class FakeClock implements Clock {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.ids;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
    await new Promise((r) => setImmediate(r));
  }
}

const items: TimedItem[] = [
  { pos: 1, receivedAt: 1000 },
  { pos: 2, receivedAt: 1100 },
  { pos: 3, receivedAt: 1100 },
  { pos: 4, receivedAt: 1600 },
  { pos: 5, receivedAt: 61_600 }, // a minute of silence
  { pos: 6, receivedAt: 61_700 },
];
const source = { after: async (pos: number, limit: number) => items.filter((i) => i.pos > pos).slice(0, limit) };

function setup() {
  const clock = new FakeClock();
  const shown: Array<[number, number]> = [];
  let ended = false;
  const player = new ReplayPlayer(source, clock, (batch) => batch.forEach((b) => shown.push([b.pos, clock.t])), () => (ended = true), 2);
  return { clock, shown, player, ended: () => ended };
}

describe('replay player', () => {
  it('caps idle time and divides by speed', () => {
    expect(replayDelay(500, 1, 2000)).toBe(500);
    expect(replayDelay(60_000, 1, 2000)).toBe(2000);
    expect(replayDelay(500, 4, 2000)).toBe(125);
    expect(replayDelay(-5, 1, 2000)).toBe(0);
  });

  it('plays in order at the recorded pace, batches received together appear together, silences are shortened', async () => {
    const { clock, shown, player, ended } = setup();
    player.play();
    await clock.advance(10_000);
    expect(shown).toEqual([
      [1, 0],
      [2, 100],
      [3, 100],
      [4, 600],
      [5, 2600],
      [6, 2700],
    ]);
    expect(ended()).toBe(true);
    expect(player.playing).toBe(false);
  });

  it('plays faster at 4x and pauses where told', async () => {
    const { clock, shown, player } = setup();
    player.setSpeed(4);
    player.play();
    await clock.advance(30);
    expect(shown.map((s) => s[0])).toEqual([1, 2, 3]);
    player.pause();
    await clock.advance(10_000);
    expect(shown.map((s) => s[0])).toEqual([1, 2, 3]);
  });

  it('steps result by result and seeks to any position', async () => {
    const { clock, shown, player } = setup();
    expect(await player.step()).toBe(true);
    expect(await player.step()).toBe(true);
    expect(shown.map((s) => s[0])).toEqual([1, 2, 3]);
    player.seek(4, 1600);
    expect(await player.step()).toBe(true);
    expect(shown.map((s) => s[0])).toEqual([1, 2, 3, 5]);
    player.seek(0, null);
    player.play();
    await clock.advance(0);
    expect(shown.at(-1)![0]).toBe(1);
    expect(player.position).toBe(1);
  });
});
