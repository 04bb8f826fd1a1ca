import { describe, expect, it } from 'vitest';
import { LossDetector } from '../../src/main/arthas/loss-detector';
import type { ArthasResult } from '../../src/shared/arthas/protocol';

const watches = (n: number): ArthasResult[] => Array.from({ length: n }, () => ({ type: 'watch', jobId: 1 }));
const tt = (...indexes: number[]): ArthasResult => ({ type: 'tt', jobId: 7, timeFragmentList: indexes.map((index) => ({ index })) });

describe('what the answers tell about results the server dropped', () => {
  it('one full answer is no sign; two in a row open a possible-loss window that ends with the run', () => {
    const d = new LossDetector();
    expect(d.answer(watches(3), 1000)).toEqual([]);
    expect(d.answer(watches(20), 1100)).toEqual([]);
    expect(d.answer(watches(20), 1150)).toEqual([]);
    expect(d.answer(watches(20), 1200)).toEqual([]);
    // the window covers from the answer before the run to the last full answer
    expect(d.answer(watches(5), 1300)).toEqual([{ kind: 'possible-loss', from: 1000, to: 1200, answers: 3 }]);
    expect(d.answer(watches(20), 1400)).toEqual([]);
    expect(d.answer([], 3400)).toEqual([]);
  });

  it('full answers Arthas held while the JVM made the calls are no sign; quick ones, or ones not known to be both, are', () => {
    // 50 calls/s: each answer of 20 is filled as the calls happen, held ~400 ms, its times 380 ms apart
    const d = new LossDetector();
    d.answer(watches(3), 0, 0, 40);
    for (let t = 400; t <= 4000; t += 400) expect(d.answer(watches(20), t, 395, 380)).toEqual([]);
    expect(d.flush()).toEqual([]);
    // a backlog: answers come back at once (held ~0 ms) although their calls are 400 ms apart
    const b = new LossDetector();
    b.answer(watches(3), 0, 0, 40);
    b.answer(watches(20), 10, 1, 380);
    b.answer(watches(20), 20, 1, 380);
    expect(b.answer(watches(2), 30, 0, 10)).toEqual([{ kind: 'possible-loss', from: 0, to: 20, answers: 2 }]);
    // held, but calls microseconds apart (a slow event loop here made a quick answer look held): a sign
    const c = new LossDetector();
    c.answer(watches(20), 10, 300, 2);
    c.answer(watches(20), 20, 300, 2);
    expect(c.flush()).toEqual([{ kind: 'possible-loss', from: 10, to: 20, answers: 2 }]);
    // 100 calls/s: Arthas holds each pull ~190 ms while 20 calls happen ~10 ms apart: no sign
    const h = new LossDetector();
    h.answer(watches(3), 0, 0, 20);
    for (let t = 200; t <= 3000; t += 200) expect(h.answer(watches(20), t, 188, 190)).toEqual([]);
    expect(h.flush()).toEqual([]);
    // a fresh JVM's first enhancement: Arthas answers after 564 ms with 20 calls of a 29 ms burst (the
    // queue overflowed meanwhile, as seen on the real 4.3.4): a sign, although the pull was held
    const busy = new LossDetector();
    busy.answer(watches(20), 1500, 564, 29);
    busy.answer(watches(20), 1540, 30, 120);
    expect(busy.flush()).toEqual([{ kind: 'possible-loss', from: 1500, to: 1540, answers: 2 }]);
    // times unknown (no JVM time in the results): as before, a sign
    const u = new LossDetector();
    u.answer(watches(20), 10, 300);
    u.answer(watches(20), 20, 300);
    expect(u.flush()).toHaveLength(1);
  });

  it('a long run is reported each second, windows tiling the whole run', () => {
    const d = new LossDetector();
    d.answer(watches(1), 0);
    const found = [];
    for (let t = 100; t <= 2600; t += 100) found.push(...d.answer(watches(20), t));
    found.push(...d.flush());
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found[0]).toMatchObject({ from: 0 });
    for (let i = 1; i < found.length; i++) expect((found[i] as { from: number }).from).toBe((found[i - 1] as { to: number }).to);
    expect((found.at(-1) as { to: number }).to).toBe(2600);
  });

  it('counts tt records whose indexes jumped, per job', () => {
    const d = new LossDetector();
    expect(d.answer([tt(1000, 1001)], 1)).toEqual([]);
    expect(d.answer([tt(1002), tt(1006)], 2)).toEqual([{ kind: 'gap', jobId: 7, afterIndex: 1002, beforeIndex: 1006, missing: 3 }]);
    expect(d.answer([{ type: 'tt', jobId: 8, timeFragmentList: [{ index: 2000 }] }], 3)).toEqual([]);
  });
});
