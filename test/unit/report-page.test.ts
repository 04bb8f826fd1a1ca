// The HTML reports (watch diff, fleet comparison) are one kind of page: no script, no resource from
// anywhere, a CSP that allows only their own style, and recorded text always escaped.
import { describe, expect, it } from 'vitest';
import { renderDiffReport } from '../../src/shared/diff/diff-report';
import { compareFleet } from '../../src/shared/diff/fleet-compare';
import { renderFleetReport } from '../../src/shared/diff/fleet-report';
import { reportPage } from '../../src/shared/diff/report-page';
import { diffWatchRuns, watchCall } from '../../src/shared/diff/watch-diff';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const LABELS = ['params', 'returnObj', 'throwExp'];
function call(pos: number, n: number, ret: string, exc: string | null = null): ReturnType<typeof watchCall> {
  const value = `@ArrayList[\n    @Object[][\n        @Integer[${n}],\n    ],\n    @String[${ret}],\n    ${exc ? `${exc}: boom\n\tat demo.X.y(X.java:1)\n` : 'null'},\n]`;
  return watchCall({ pos, raw: JSON.stringify({ type: 'watch', jobId: 1, ts: '2026-11-25 10:00:00.000', cost: 1.5 + pos, value, accessPoint: exc ? 'AtExceptionExit' : 'AtExit' }) }, LABELS);
}

/** What a report page must be, whatever its body. */
function expectSafePage(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  // no element that runs or fetches anything (recorded text shows as &lt;img …, never as a tag)
  expect(html).not.toMatch(/<(script|img|iframe|link|object|embed)\b/i);
  expect(html.match(/<style>/g)).toHaveLength(1);
}

describe('HTML reports', () => {
  it('a watch diff: its numbers, the changed call, hostile values as text', () => {
    const d = diffWatchRuns([call(1, 1, 'a'), call(2, 2, 'b')], [call(1, 1, 'a'), call(2, 2, HOSTILE, 'java.lang.IllegalStateException')]);
    const html = renderDiffReport(d, { left: `run <1>`, right: 'run 2', generatedAt: Date.UTC(2026, 11, 3) });
    expectSafePage(html);
    expect(html).toContain('<title>Watch diff — Arthas Deck</title>');
    expect(html).toContain('Before: run &lt;1&gt;');
    expect(html).toContain('<b>1</b> changed, 1 same');
    expect(html).toContain('New exception types: <b>java.lang.IllegalStateException</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // the style of the diff's own marks comes with the base style
    expect(html).toContain('tr.changed td:first-child');
    expect(html).toContain('border-collapse:collapse');
  });

  it('a fleet comparison: every member, the odd one out marked, hostile labels and values as text', () => {
    const same = (): ReturnType<typeof call>[] => [call(1, 1, 'x'), call(2, 2, 'y')];
    const cmp = compareFleet([
      { label: 'a', calls: same() },
      { label: 'b', calls: same() },
      { label: `odd ${HOSTILE}`, calls: [call(1, 1, 'x'), call(2, 2, HOSTILE)] },
    ]);
    const html = renderFleetReport(cmp, { title: `Fleet <g>`, command: 'watch demo.X y "{params}"', generatedAt: 0 });
    expectSafePage(html);
    expect(html).toContain('<h1>Fleet &lt;g&gt;</h1>');
    expect(html).toContain('<tr class="outlier"><th>odd &lt;script&gt;');
    expect(html).toContain('Calls where members disagree (1)');
    expect(html).toContain('tr.outlier th{color:#b42318}');
  });

  it('the page itself escapes its title and adds nothing but the given style', () => {
    const html = reportPage('<T>', '<p>body</p>');
    expectSafePage(html);
    expect(html).toContain('<title>&lt;T&gt; — Arthas Deck</title>');
    expect(html).toContain('<p>body</p>');
  });
});
