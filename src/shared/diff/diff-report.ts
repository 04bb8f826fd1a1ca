// The HTML report of a watch diff (a report page: no scripts, no external resources, all text escaped).
import type { DiffPair, SideStats, WatchDiff } from './watch-diff';
import { preview } from './value-tree';
import { formatMs } from '../display/quantities';
import { escapeHtml, percent as pct, reportPage } from './report-page';

const fmt = (n: number | null): string => formatMs(n);

function statsRow(label: string, s: SideStats): string {
  return `<tr><th>${escapeHtml(label)}</th><td>${s.calls}</td><td>${s.exceptions} (${pct(s.exceptionRate)})</td><td>${fmt(s.cost.p50)}</td><td>${fmt(s.cost.p90)}</td><td>${fmt(s.cost.p99)}</td><td>${escapeHtml(s.exceptionTypes.join(', ') || '–')}</td></tr>`;
}

function callText(c: DiffPair['left']): string {
  if (!c) return '';
  if (c.text !== null) return c.text;
  return c.parts.map((p) => `${p.label}: ${preview(p.node, 400)}`).join('\n');
}

function pairRow(p: DiffPair): string {
  const changes = p.lines
    ? `<pre>${p.lines.map((l) => `<span class="${l.op}">${l.op === 'add' ? '+' : l.op === 'del' ? '-' : ' '} ${escapeHtml(l.text)}</span>`).join('\n')}</pre>`
    : p.changes.map((c) => `<div class="chg ${c.change}"><code>${escapeHtml(c.path)}</code> ${c.left !== undefined ? `<del>${escapeHtml(c.left)}</del>` : ''} ${c.right !== undefined ? `<ins>${escapeHtml(c.right)}</ins>` : ''}</div>`).join('');
  return `<tr class="${p.status}"><td>${p.status}</td><td>${p.left?.pos ?? ''}</td><td>${p.right?.pos ?? ''}</td><td><pre>${escapeHtml(callText(p.left ?? p.right))}</pre></td><td>${changes}</td></tr>`;
}

const ACCESS_TEXT = { entry: 'method entry (watch -b)', exit: 'method exit', mixed: 'entry and exit' } as const;

export function renderDiffReport(d: WatchDiff, meta: { left: string; right: string; generatedAt: number }): string {
  const s = d.summary;
  const style = `tr.changed td:first-child{color:#b54708;font-weight:600}tr.added td:first-child{color:#067647}tr.removed td:first-child{color:#b42318}
del{background:#fee4e2;text-decoration:none;padding:0 2px}ins{background:#dcfae6;text-decoration:none;padding:0 2px}
span.add{background:#dcfae6;display:block}span.del{background:#fee4e2;display:block}.chg{margin:2px 0}`;
  return reportPage(
    'Watch diff',
    `<h1>Watch diff</h1>
<p>Before: ${escapeHtml(meta.left)}<br>After: ${escapeHtml(meta.right)}<br>Calls aligned by ${d.align === 'params' ? 'parameters' : 'order'}; generated ${escapeHtml(new Date(meta.generatedAt).toISOString())}.</p>
${d.accessMismatch ? `<p class="warn"><b>Read at different points:</b> before at ${ACCESS_TEXT[d.accessMismatch.left]}, after at ${ACCESS_TEXT[d.accessMismatch.right]}. A call read on entry (watch -b) has no return value, exception or cost yet: those are not comparable between the two.</p>` : ''}
<table><tr><th></th><th>calls</th><th>exceptions</th><th>cost p50</th><th>p90</th><th>p99</th><th>exception types</th></tr>
${statsRow('before', s.left)}
${statsRow('after', s.right)}</table>
<p><b>${s.changed}</b> changed, ${s.same} same, ${s.added} only after, ${s.removed} only before.${s.newExceptionTypes.length ? ` New exception types: <b>${escapeHtml(s.newExceptionTypes.join(', '))}</b>.` : ''}</p>
<table><tr><th>status</th><th>before #</th><th>after #</th><th>call</th><th>differences</th></tr>
${d.pairs.map(pairRow).join('\n')}
</table>${d.truncated ? '<p>Only the first pairs are listed.</p>' : ''}`,
    style,
  );
}
