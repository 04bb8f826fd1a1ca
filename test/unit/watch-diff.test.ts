import { describe, expect, it } from 'vitest';
import { diffNodes, lineDiff } from '../../src/shared/diff/structural-diff';
import { fromJson, preview } from '../../src/shared/diff/value-tree';
import { accessSideOf, diffWatchRuns, expressionLabels, paramsWarningOf, watchCall } from '../../src/shared/diff/watch-diff';
import { loadCaptures } from '../simulator/captures';
import { mathGameCall, seededRandom } from '../simulator/math-game';
import { list, toJson, toJsonText, toObjectView } from '../simulator/object-view';

const LABELS = ['params', 'returnObj', 'throwExp'];

function run(variant: 'v1' | 'v2', n: number, encoding: '3.x' | '4.x', seed = 1) {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const c = mathGameCall(rand, variant);
    const v = list([c.params, c.returnObj, c.throwExp]);
    const value = encoding === '3.x' ? toJson(v) : toObjectView(v, 3);
    return watchCall({ pos: i + 1, raw: toJsonText({ type: 'watch', jobId: 1, ts: 1000 + i, cost: c.cost, value }) }, LABELS);
  });
}

describe('watch diff', () => {
  it('reads labels from the watch expression, with Arthas default otherwise', () => {
    expect(expressionLabels('watch demo.MathGame primeFactors "{params, returnObj, throwExp}" -x 2')).toEqual(LABELS);
    expect(expressionLabels('watch demo.MathGame primeFactors')).toEqual(['params', 'target', 'returnObj']);
  });

  for (const encoding of ['3.x', '4.x'] as const) {
    it(`finds exactly the calls whose return value changed (${encoding} values)`, () => {
      const before = run('v1', 300, encoding);
      const after = run('v2', 300, encoding);
      const d = diffWatchRuns(before, after);
      expect(d.summary.left.calls).toBe(300);
      // v2 reverses factor lists (a change only when there are 2+ distinct orders) and returns [] instead of throwing
      const expectedChanged = before.filter((c, i) => {
        const a = JSON.stringify(c.parts.map((p) => p.node));
        const b = JSON.stringify(after[i]!.parts.map((p) => p.node));
        return a !== b;
      }).length;
      expect(d.summary.changed).toBe(expectedChanged);
      expect(d.summary.changed).toBeGreaterThan(100);
      expect(d.summary.same + d.summary.changed).toBe(300);
      expect(d.summary.added + d.summary.removed).toBe(0);
      const exceptional = d.pairs.find((p) => p.left?.exception);
      expect(exceptional?.changes.map((c) => c.path)).toEqual(expect.arrayContaining(['throwExp']));
      expect(d.summary.left.exceptionRate).toBeGreaterThan(0.1);
      expect(d.summary.right.exceptionRate).toBe(0);
      expect(d.summary.left.cost.p50).not.toBeNull();
    });
  }

  it('aligns by params when the order differs, and lists calls only on one side', () => {
    const a = run('v1', 50, '3.x');
    const b = [...run('v1', 50, '3.x')].reverse().slice(5);
    const byParams = diffWatchRuns(a, b);
    expect(byParams.summary).toMatchObject({ same: 45, changed: 0, removed: 5, added: 0 });
    const byOrder = diffWatchRuns(a, b, { align: 'order' });
    expect(byOrder.summary.same).toBeLessThan(45);
    expect(diffWatchRuns(a, b, { onlyChanged: true }).pairs).toHaveLength(5);
  });

  it('reports new exception types', () => {
    const ok = watchCall({ pos: 1, raw: '{"type":"watch","cost":1,"value":[[1],[1],null]}' }, LABELS);
    const boom = watchCall({ pos: 1, raw: '{"type":"watch","cost":2,"value":[[1],null,{"@type":"java.lang.IllegalStateException","message":"no","stackTrace":[]}]}' }, LABELS);
    const d = diffWatchRuns([ok], [boom]);
    expect(d.summary.newExceptionTypes).toEqual(['java.lang.IllegalStateException']);
    expect(d.pairs[0]!.changes.map((c) => c.path)).toEqual(['returnObj', 'throwExp']);
  });

  it('falls back to a line diff for text that does not parse', () => {
    const a = watchCall({ pos: 1, raw: '{"type":"watch","value":"line one\\nline two"}' }, ['value']);
    const b = watchCall({ pos: 1, raw: '{"type":"watch","value":"line one\\nline 2"}' }, ['value']);
    const d = diffWatchRuns([a], [b], { align: 'order' });
    expect(d.pairs[0]!.lines).toEqual([
      { op: 'same', text: 'line one' },
      { op: 'del', text: 'line two' },
      { op: 'add', text: 'line 2' },
    ]);
    expect(lineDiff('a\nb', 'a\nb').every((l) => l.op === 'same')).toBe(true);
  });

  it('diffs nested objects by field and maps by key', () => {
    const d = diffNodes(fromJson({ a: 1, b: { c: [1, 2] }, gone: 1 }), fromJson({ a: 1, b: { c: [1, 3, 4] }, fresh: 2 }));
    expect(d.map((e) => [e.path, e.change])).toEqual([
      ['b.c[1]', 'changed'],
      ['b.c[2]', 'added'],
      ['gone', 'removed'],
      ['fresh', 'added'],
    ]);
  });

  /** a watch result as Arthas 4.3.4 sends it (the value as its object view text), params read where accessPoint says */
  function real(pos: number, param: number, accessPoint: string) {
    const value = `@ArrayList[\n    @Object[][\n        @Integer[${param}],\n    ],\n    @ArrayList[\n        @Integer[5],\n    ],\n    null,\n]`;
    return watchCall({ pos, raw: JSON.stringify({ accessPoint, className: 'demo.MathGame', cost: 0.135912, jobId: 5, methodName: 'primeFactors', ts: '2026-11-25 09:48:25.681096127', type: 'watch', value }) }, LABELS);
  }

  it('says when params cannot align calls: one value for most calls (read at exit), or all read at exit', () => {
    // primeFactors divides its argument down to 1 before it returns: at exit every call shows [1]
    const atExit = Array.from({ length: 8 }, (_, i) => real(i + 1, i < 6 ? 1 : 100 + i, 'AtExit'));
    const w = diffWatchRuns(atExit, atExit.slice(0, 7)).paramsWarning;
    expect(w).toMatchObject({ kind: 'alike', share: 0.75 });
    expect(w && 'params' in w ? w.params : '').toBe('[@Integer[1]]');
    // distinct params, but read at exit: may have changed, said so
    const distinct = Array.from({ length: 8 }, (_, i) => real(i + 1, 1000 + i, 'AtExit'));
    expect(paramsWarningOf(distinct, distinct)).toEqual({ kind: 'at-exit' });
    // watch -b reads them at entry: nothing to say; aligning by order says nothing either
    const atEnter = Array.from({ length: 8 }, (_, i) => real(i + 1, 1000 + i, 'AtEnter'));
    expect(diffWatchRuns(atEnter, atEnter).paramsWarning).toBeNull();
    expect(diffWatchRuns(atExit, atExit, { align: 'order' }).paramsWarning).toBeNull();
  });

  it('keeps a Java value\'s type in its preview (@Integer[-79939], not "-79939")', () => {
    const c = real(1, -79939, 'AtExceptionExit');
    expect(preview(c.parts.find((p) => p.label === 'params')!.node)).toBe('[@Integer[-79939]]');
    expect(preview(fromJson('text'))).toBe('"text"');
    expect(preview(fromJson(42))).toBe('42');
  });

  it('says when one run was read on entry (watch -b) and the other at exit: real 4.3.4 results, accessPoint as -b sends it', () => {
    const real = loadCaptures().commands['watch demo.MathGame primeFactors -n 2 -x 2']!.filter((r) => r.type === 'watch');
    const calls = (access?: string) => real.map((r, i) => watchCall({ pos: i + 1, raw: JSON.stringify(access ? { ...r, accessPoint: access } : r) }, ['params', 'target', 'returnObj']));
    expect(accessSideOf(calls())).toBe('exit');
    expect(diffWatchRuns(calls(), calls('AtEnter')).accessMismatch).toEqual({ left: 'exit', right: 'entry' });
    expect(diffWatchRuns(calls(), calls()).accessMismatch).toBeNull();
    // 3.x sent no access point: nothing is claimed
    const old = run('v1', 10, '3.x');
    expect(accessSideOf(old)).toBeNull();
    expect(diffWatchRuns(old, calls('AtEnter')).accessMismatch).toBeNull();
  });
});
