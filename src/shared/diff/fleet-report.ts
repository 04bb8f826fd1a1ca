// The HTML report of a fleet comparison (a report page: no scripts, no external resources, all text escaped).
import { formatMs } from '../display/quantities';
import type { FleetComparison } from './fleet-compare';
import { escapeHtml, percent as pct, reportPage } from './report-page';

export function renderFleetReport(c: FleetComparison, meta: { title: string; command: string; generatedAt: number }): string {
  const rows = c.runs
    .map(
      (r, i) =>
        `<tr class="${c.outlierRuns.includes(i) ? 'outlier' : ''}"><th>${escapeHtml(r.label)}</th><td>${r.calls}</td><td>${r.exceptions} (${pct(r.exceptionRate)})</td><td>${formatMs(r.cost.p50)}</td><td>${formatMs(r.cost.p90)}</td><td>${formatMs(r.cost.p99)}</td><td>${escapeHtml(r.ownExceptionTypes.join(', ') || '–')}</td><td>${r.differsFromMajority} of ${r.comparedCalls}</td></tr>`,
    )
    .join('\n');
  const diffs = c.differences
    .map((d) => `<tr><td><pre>${escapeHtml(d.params)}</pre></td><td><pre>${escapeHtml(d.majority)}</pre> (${d.majorityRuns})</td><td>${d.outliers.map((o) => `<div><b>${escapeHtml(c.runs[o.run]!.label)}</b>: <pre>${escapeHtml(o.value)}</pre></div>`).join('')}</td></tr>`)
    .join('\n');
  return reportPage(
    'Fleet comparison',
    `<h1>${escapeHtml(meta.title)}</h1>
<p><code>${escapeHtml(meta.command)}</code> · generated ${escapeHtml(new Date(meta.generatedAt).toISOString())} by Arthas Deck</p>
<h2>Members</h2>
<table><tr><th>member</th><th>calls</th><th>exceptions</th><th>cost p50</th><th>p90</th><th>p99</th><th>exception types only it has</th><th>return values unlike the majority</th></tr>
${rows}
</table>
<h2>Calls where members disagree (${c.differencesTotal})</h2>
<table><tr><th>params</th><th>most members returned</th><th>the others</th></tr>
${diffs}
</table>`,
    'tr.outlier th{color:#b42318}',
  );
}
