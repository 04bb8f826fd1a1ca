// Profiles as the real Arthas 4.3.4 answers them (test/fixtures/arthas-4.3.4/profiles.json, captured
// by `npm run capture:arthas -- profiles`): collapsed stacks read, frames named and coloured by kind,
// the flame tree and its drawn rectangles summing to the text's counts, hot methods, units, and the
// profiler command lines the deck reads and writes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameKind, frameName, parseCollapsed, threadOf } from '../../src/shared/profile/collapsed-stacks';
import { buildFlameTree, flameRects, matchedTotal, stackOf } from '../../src/shared/profile/flame-tree';
import { hotMethods, neighboursOf } from '../../src/shared/profile/hot-methods';
import { compareProfiles } from '../../src/shared/profile/profile-compare';
import { formatCount, profileUnit, sampleInterval } from '../../src/shared/profile/profile-units';
import { endsProfiling, parseProfilerCommand, profilerStartCommand } from '../../src/shared/profile/profiler-command';

type Result = Record<string, unknown> & { type: string };
const captured = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/arthas-4.3.4/profiles.json'), 'utf8')) as { commands: Record<string, Result[]> };
const answer = (key: string): Result => captured.commands[key]!.find((r) => r.type === 'profiler' || (r.type === 'status' && r.statusCode !== 0))!;
const TOTAL = answer('4 profiler dumpCollapsed');
const SAMPLES = answer('5 profiler dumpCollapsed SAMPLES');
const THREADS = answer('9 profiler dumpCollapsed');

/** the counts of collapsed text, read here on their own: the last word of each line */
const countsOf = (text: string): number[] =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => Number(l.split(' ').pop()));
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('collapsed stacks from the real 4.3.4', () => {
  it('reads every line of a TOTAL dump: counts sum as the text says, none skipped', () => {
    expect(TOTAL).toMatchObject({ action: 'dumpCollapsed', actionArg: 'TOTAL' });
    const p = parseCollapsed(TOTAL.executeResult as string);
    expect(p.skipped).toBe(0);
    expect(p.stacks.length).toBe(countsOf(TOTAL.executeResult as string).length);
    expect(p.total).toBe(sum(countsOf(TOTAL.executeResult as string)));
    expect(p.total).toBeGreaterThan(0);
  });

  it('itimer counts by TOTAL are nanoseconds, whole 10 ms intervals: samples follow', () => {
    const p = parseCollapsed(TOTAL.executeResult as string);
    const unit = profileUnit('itimer', 'TOTAL');
    expect(unit).toBe('ns');
    expect(sampleInterval(unit, p.stacks.map((s) => s.count), null)).toBe(10_000_000);
    // SAMPLES counts samples, whatever the event
    expect(profileUnit('itimer', SAMPLES.actionArg as string)).toBe('samples');
    expect(profileUnit('alloc', 'TOTAL')).toBe('bytes');
    expect(profileUnit('lock', 'TOTAL')).toBe('ns');
    expect(sampleInterval('ns', [15_000_001], null)).toBeNull();
  });

  it('names frames as Java prints them and tells Java, JVM and native code apart', () => {
    const frames = new Set(parseCollapsed(TOTAL.executeResult as string).stacks.flatMap((s) => s.frames));
    expect(frames.has('java/lang/Thread.run')).toBe(true);
    expect(frameName('java/lang/Thread.run')).toBe('java.lang.Thread.run');
    expect(frameKind('java/lang/Thread.run')).toBe('java');
    expect(frameKind('Thread::call_run')).toBe('jvm');
    expect(frameName('Thread::call_run')).toBe('Thread::call_run');
    expect(frameKind('start_thread')).toBe('native');
    expect(frameKind('do_syscall_64_[k]')).toBe('kernel');
    expect(frameName('demo/MathGame.primeFactors_[j]')).toBe('demo.MathGame.primeFactors');
    // async-profiler's markers are no threads
    expect(frameKind('[break_stack_range]')).toBe('native');
  });

  it('with -t each stack starts with its thread, [name tid=N]', () => {
    const p = parseCollapsed(THREADS.executeResult as string);
    expect(p.stacks.length).toBeGreaterThan(0);
    for (const s of p.stacks) {
      const th = threadOf(s);
      expect(th, s.frames[0]).not.toBeNull();
      expect(th!.tid).toBeGreaterThan(0);
      expect(frameKind(s.frames[0]!)).toBe('thread');
    }
  });
});

describe('the flame tree and what it draws', () => {
  const profile = parseCollapsed(TOTAL.executeResult as string);

  it('the root holds every count; children sum to their parent minus its self', () => {
    for (const inverted of [false, true]) {
      const root = buildFlameTree(profile, inverted);
      expect(root.total).toBe(profile.total);
      const walk = (n: typeof root): number => {
        expect(sum(n.children.map((c) => c.total)) + n.self).toBe(n.total);
        return n.self + sum(n.children.map(walk));
      };
      expect(walk(root)).toBe(profile.total);
    }
  });

  it('the rectangles of the first row under the root span the width and sum to the total', () => {
    const root = buildFlameTree(profile);
    const rects = flameRects(root);
    const first = rects.filter((r) => r.depth === 1);
    expect(sum(first.map((r) => r.node.total))).toBe(profile.total);
    expect(sum(first.map((r) => r.width))).toBeCloseTo(1, 9);
    // zoomed to a frame: it spans the width, its ancestors above it
    const deep = rects.find((r) => r.depth === 3)!.node;
    const zoomed = flameRects(root, deep);
    expect(zoomed.find((r) => r.node === deep)).toMatchObject({ x: 0, width: 1 });
    expect(zoomed.filter((r) => r.depth < 3).map((r) => r.node)).toEqual([deep.parent, deep.parent!.parent, root]);
    expect(stackOf(deep)).toHaveLength(3);
    // frames narrower than asked are left out
    expect(flameRects(root, root, 0.5).every((r) => r.width >= 0.5)).toBe(true);
  });

  /** the tree merged stack by stack into plain objects, as one would by hand: what the on-demand tree must equal */
  interface Plain { frame: string; kind: string; total: number; self: number; children: Map<string, Plain> }
  const plainTree = (p: ReturnType<typeof parseCollapsed>, inverted: boolean): Plain => {
    const root: Plain = { frame: 'all', kind: 'thread', total: 0, self: 0, children: new Map() };
    for (const s of p.stacks) {
      root.total += s.count;
      let node = root;
      const frames = inverted ? [...s.frames].reverse() : s.frames;
      frames.forEach((f, i) => {
        let c = node.children.get(f);
        if (!c) node.children.set(f, (c = { frame: f, kind: frameKind(f, inverted ? i === 0 : i === frames.length - 1), total: 0, self: 0, children: new Map() }));
        c.total += s.count;
        node = c;
      });
      node.self += s.count;
    }
    return root;
  };
  const same = (n: ReturnType<typeof buildFlameTree>, plain: Plain, path: string): number => {
    expect({ frame: n.frame, kind: n.kind, total: n.total, self: n.self }, path).toEqual({ frame: plain.frame, kind: plain.kind, total: plain.total, self: plain.self });
    const names = [...plain.children.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(n.children.map((c) => c.frame), path).toEqual(names);
    let nodes = 1;
    n.children.forEach((c, i) => {
      expect(c.parent).toBe(n);
      expect(c.depth).toBe(n.depth + 1);
      nodes += same(c, plain.children.get(names[i]!)!, `${path};${c.frame}`);
    });
    return nodes;
  };

  it('the tree made as it is looked at equals the stacks merged one by one, frame for frame, both ways', () => {
    for (const text of [TOTAL.executeResult as string, THREADS.executeResult as string, 'a;b;a;b 5\na;c 2\na 1\nb;a;b 4\r\n\n  \nbad line\nx;y 7 \n']) {
      const p = parseCollapsed(text);
      for (const inverted of [false, true]) expect(same(buildFlameTree(p, inverted), plainTree(p, inverted), inverted ? 'inverted' : 'root')).toBeGreaterThan(3);
    }
    // what was not a `frames count` line is counted as skipped: "bad line" and the trailing space's
    expect(parseCollapsed('a;b 5\nbad line\nx;y 7 \n 3\n')).toMatchObject({ total: 5, skipped: 3 });
  });

  it('a search counts each matching stack once', () => {
    const netty = (f: string): boolean => frameName(f).includes('netty');
    const expected = sum(profile.stacks.filter((s) => s.frames.some(netty)).map((s) => s.count));
    expect(matchedTotal(profile, netty)).toBe(expected);
    expect(matchedTotal(profile, () => false)).toBe(0);
    expect(matchedTotal(profile, () => true)).toBe(profile.total);
  });
});

describe('hot methods', () => {
  const profile = parseCollapsed(TOTAL.executeResult as string);

  it('self counts sum to the total; a frame is counted once per stack however deep its recursion', () => {
    const methods = hotMethods(profile);
    expect(sum(methods.map((m) => m.self))).toBe(profile.total);
    for (const m of methods) expect(m.total).toBeGreaterThanOrEqual(m.self);
    expect(methods[0]!.self).toBeGreaterThanOrEqual(methods[1]!.self);
    const rec = parseCollapsed('a;b;a;b 5\na;c 2\n');
    expect(hotMethods(rec).find((m) => m.frame === 'a')).toEqual({ frame: 'a', self: 0, total: 7 });
    expect(hotMethods(rec).find((m) => m.frame === 'b')).toEqual({ frame: 'b', self: 5, total: 5 });
  });

  it("a method's callers and callees with the counts through each", () => {
    const p = parseCollapsed('main;work;parse 3\nmain;work;write 1\ntimer;work;parse 2\n');
    expect(neighboursOf(p, 'work')).toEqual({
      callers: [
        { frame: 'main', count: 4 },
        { frame: 'timer', count: 2 },
      ],
      callees: [
        { frame: 'parse', count: 5 },
        { frame: 'write', count: 1 },
      ],
    });
  });
});

describe('units and command lines', () => {
  it('a count reads in its unit', () => {
    expect(formatCount(230_000_000, 'ns')).toBe('230 ms');
    expect(formatCount(1_500_000_000, 'ns')).toBe('1.5 s');
    expect(formatCount(3 * 1024 * 1024, 'bytes')).toBe('3 MB');
    expect(formatCount(1, 'samples')).toBe('1 sample');
    expect(formatCount(12_345, 'samples')).toBe('12,345 samples');
  });

  it('reads a profiler command as Arthas does', () => {
    expect(parseProfilerCommand('profiler start')).toMatchObject({ action: 'start', event: 'cpu', durationS: null, threads: false });
    expect(parseProfilerCommand("profiler start -e wall -i 5000000 -d 30 -t --include 'demo/*' -X '*Unsafe.park*'")).toMatchObject({
      action: 'start',
      event: 'wall',
      intervalNs: 5_000_000,
      durationS: 30,
      threads: true,
      include: ['demo/*'],
      exclude: ['*Unsafe.park*'],
    });
    expect(parseProfilerCommand('profiler start --event=alloc --duration=10')).toMatchObject({ event: 'alloc', durationS: 10 });
    expect(parseProfilerCommand('profiler stop --format collapsed -f /tmp/x.txt')).toMatchObject({ action: 'stop', format: 'collapsed' });
    expect(parseProfilerCommand('watch demo.MathGame primeFactors')).toBeNull();
    expect(endsProfiling(parseProfilerCommand('profiler stop'))).toBe(true);
    expect(endsProfiling(parseProfilerCommand('profiler status'))).toBe(false);
  });

  it('writes the command of the panel\'s choices, read back the same', () => {
    const line = profilerStartCommand({ event: 'itimer', intervalNs: 1_000_000, durationS: 20, threads: true, include: 'demo/*', exclude: '' });
    expect(line).toBe('profiler start --event itimer --interval 1000000 --duration 20 --threads --include demo/*');
    expect(parseProfilerCommand(line)).toMatchObject({ action: 'start', event: 'itimer', intervalNs: 1_000_000, durationS: 20, threads: true, include: ['demo/*'] });
  });

  it('an event the JVM refuses comes back as Arthas words it', () => {
    expect(answer('12 profiler start --event no-such-event')).toMatchObject({ type: 'status', statusCode: 1, message: 'AsyncProfiler error: Unsupported event type' });
  });
});

describe('two profiles compared', () => {
  const before = parseCollapsed(TOTAL.executeResult as string);
  const after = parseCollapsed(SAMPLES.executeResult as string);

  it('the merged tree holds both profiles whole, each normalised to its total', async () => {
    const { diffProfiles, sharesOf } = await import('../../src/shared/profile/profile-diff');
    const d = diffProfiles(before, after);
    expect(d.totals).toEqual({ before: before.total, after: after.total });
    expect(d.root.before).toBe(before.total);
    expect(d.root.after).toBe(after.total);
    expect(d.root.total).toBeCloseTo(1e9, 0);
    // every node's counts are the sums of its children's and its own leaves', on both sides
    const walk = (n: typeof d.root): void => {
      const kids = n.children;
      expect(kids.reduce((s, c) => s + c.before, 0)).toBeLessThanOrEqual(n.before);
      expect(kids.reduce((s, c) => s + c.after, 0)).toBeLessThanOrEqual(n.after);
      kids.forEach(walk);
    };
    walk(d.root);
    expect(sharesOf(d.root, d.totals)).toEqual({ before: 1, after: 1, delta: 0 });
    // a profile against itself changes nothing anywhere
    const same = diffProfiles(before, before);
    const flat = (n: typeof d.root): number[] => [sharesOf(n, same.totals).delta, ...n.children.flatMap(flat)];
    expect(Math.max(...flat(same.root).map(Math.abs))).toBe(0);
  });

  it('a frame that doubled its share is the top change, hotter; one that vanished is colder', async () => {
    const { changedMethods, diffColour, diffProfiles, sharesOf } = await import('../../src/shared/profile/profile-diff');
    const a = parseCollapsed('main;parse 30\nmain;write 70\n');
    const b = parseCollapsed('main;parse 120\nmain;read 80\n');
    const changed = changedMethods(a, b);
    expect(changed[0]).toMatchObject({ frame: 'write', before: 0.7, after: 0, delta: -0.7 });
    expect(changed.find((m) => m.frame === 'parse')).toMatchObject({ before: 0.3, after: 0.6 });
    expect(changed.find((m) => m.frame === 'main')!.delta).toBe(0);
    const d = diffProfiles(a, b);
    const write = d.root.children[0]!.children.find((c) => c.frame === 'write')!;
    expect(sharesOf(write, d.totals)).toMatchObject({ before: 0.7, after: 0 });
    // still drawn: as wide as its mean share
    expect(write.total / d.root.total).toBeCloseTo(0.35, 9);
    expect(diffColour(0.3)).toBe('rgb(235, 100, 100)');
    expect(diffColour(-0.3)).toBe('rgb(100, 100, 235)');
    expect(diffColour(0)).toBe('rgb(235, 235, 235)');
  });
});

describe('profiles compared N ways (a fleet)', () => {
  it('shares per member of its own total, the median, the hottest member and by how much; the leaf leads its callers', () => {
    const healthy = parseCollapsed('main;work;compute 60\nmain;idle 40\n');
    const slow = parseCollapsed('main;work;compute 60\nmain;idle 40\nmain;work;lock 100\n');
    const c = compareProfiles([
      { label: 'a', profile: healthy },
      { label: 'b', profile: healthy },
      { label: 'c', profile: slow },
    ]);
    expect(c.members).toEqual([
      { label: 'a', total: 100, stacks: 2 },
      { label: 'b', total: 100, stacks: 2 },
      { label: 'c', total: 200, stacks: 3 },
    ]);
    const [first, second] = c.methods;
    // lock: 0, 0, half of c's total; work passes through it too (60 % → 80 %), but lock ran itself
    expect(first).toMatchObject({ frame: 'lock', shares: [0, 0, 0.5], selfShares: [0, 0, 0.5], median: 0, hottest: 2, spread: 0.5 });
    expect(second).toMatchObject({ frame: 'work', shares: [0.6, 0.6, 0.8], hottest: 2 });
    expect(second!.spread).toBeCloseTo(0.2, 12);
    // c spends less of its time idle: not hot there, a at most at the median
    const idle = c.methods.find((m) => m.frame === 'idle')!;
    expect(idle.shares).toEqual([0.4, 0.4, 0.2]);
    expect(idle.spread).toBe(0);
  });
});
