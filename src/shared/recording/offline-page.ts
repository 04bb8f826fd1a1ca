// A recording as one self-contained .html file: opens offline in any browser and replays it (a
// timeline, the result list, the detail of a result, search within it). No network: a strict CSP
// allows only this page's own script and style, by hash. The recording travels as JSON data blocks
// that are never executed; the viewer puts every recorded text on the page as text, never as HTML.
import { escapeHtml } from '../diff/report-page';
import { HIDDEN } from '../display/invisible-chars';
import type { RecordingMeta, StoredEvent, StoredJob } from './types';

/** The recording's facts as its .arthasrec header has them (no credentials), and its id. */
export interface OfflineRecording extends RecordingMeta {
  id: number;
}

export interface OfflineMeta {
  recording: OfflineRecording;
  jobs: StoredJob[];
  events: Array<Pick<StoredEvent, 'at' | 'kind' | 'message'>>;
  /** matches the masking rules replaced */
  masked: number;
  rules: number;
  selection: { jobs?: number[]; from?: number; to?: number } | null;
  generator: string;
  exportedAt: number;
  results: number;
}

/** One result in the page: [pos, receivedAt, type, jobId, raw text]. */
export type OfflineRow = [number, number, string, number | null, string];

/** JSON safe inside a <script type="application/json"> block: no "<" can close it or open a comment. */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export const OFFLINE_STYLE = `
:root{--bg:#f6f7f9;--panel:#fff;--line:#d9dde3;--text:#1d2330;--muted:#5b6474;--accent:#2f6fde;--sel:#e8f0fe;--mark:#fde68a;--err:#b42318;--warn:#b54708;color-scheme:light dark}
@media (prefers-color-scheme: dark){:root{--bg:#0f141c;--panel:#161c26;--line:#2b3442;--text:#e4e8ef;--muted:#9aa4b2;--accent:#5b8def;--sel:#1f2d45;--mark:#7a5c00;--err:#f97066;--warn:#fdb022}}
*{box-sizing:border-box}html,body{height:100%;margin:0}
body{font:13px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--text);background:var(--bg);display:flex;flex-direction:column}
header{padding:8px 12px;background:var(--panel);border-bottom:1px solid var(--line)}
h1{font-size:15px;margin:0 0 2px}.muted{color:var(--muted)}.small{font-size:11px}
.bar{display:flex;gap:8px;align-items:center;padding:6px 12px;background:var(--panel);border-bottom:1px solid var(--line);flex-wrap:wrap}
button,input,select{font:inherit;color:var(--text);background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:2px 8px}
button{cursor:pointer}button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
#timeline{position:relative;flex:1;min-width:200px}#slider{width:100%}
#marks{position:relative;height:8px}#marks span{position:absolute;top:0;width:3px;height:8px;background:var(--warn)}#marks span.bookmark{background:var(--accent)}
main{flex:1;display:flex;min-height:0}
#list{flex:3;overflow:auto;position:relative;background:var(--panel);border-right:1px solid var(--line)}
#spacer{position:relative}
.r{position:absolute;left:0;right:0;height:22px;display:flex;gap:8px;align-items:center;padding:0 8px;white-space:nowrap;overflow:hidden;cursor:pointer;border-bottom:1px solid var(--line)}
.r.cur{background:var(--sel)}.r.hit .s{text-decoration:underline dotted var(--warn)}.r .p{width:56px;text-align:right;color:var(--muted)}.r .t{color:var(--muted)}
.r .y{font-weight:600;width:76px}.r .s{overflow:hidden;text-overflow:ellipsis;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
#detail{flex:2;overflow:auto;padding:8px 12px;min-width:0}
pre{margin:0;white-space:pre-wrap;word-break:break-word;font:12px ui-monospace,Menlo,Consolas,monospace}
mark{background:var(--mark);color:inherit}
  .grow{flex:1}
#events{max-height:90px;overflow:auto;padding:4px 12px;background:var(--panel);border-top:1px solid var(--line)}
`;

/** The viewer: plain browser script, no imports, DOM text only. */
export const OFFLINE_SCRIPT = `
(function () {
  'use strict';
  var meta = JSON.parse(document.getElementById('deck-meta').textContent);
  var all = JSON.parse(document.getElementById('deck-rows').textContent);
  function $(id) { return document.getElementById(id); }
  // characters a screen would not show as themselves (escapes, bidi overrides, zero-width) as marks, as in the app
  var HIDDEN = new RegExp(${JSON.stringify(HIDDEN.source)}, 'g');
  function reveal(s) { return s.replace(HIDDEN, function (c) { return '\u27e8U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') + '\u27e9'; }); }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = reveal(String(text)); return e; }
  function pad(n, w) { return String(n).padStart(w || 2, '0'); }
  function time(ms) { var d = new Date(ms); return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3); }
  function dateTime(ms) { return ms == null ? '' : new Date(ms).toLocaleString(); }
  var rec = meta.recording;
  document.title = (rec.name || rec.targetName) + ' - Arthas Deck recording';
  $('title').textContent = reveal('#' + rec.id + ' ' + (rec.name || rec.targetName));
  $('facts').textContent = reveal(rec.targetName + ' · ' + rec.targetUrl + (rec.arthasVersion ? ' · Arthas ' + rec.arthasVersion : '') + (rec.mainClass ? ' · ' + rec.mainClass : '') +
    ' · started ' + dateTime(rec.startedAt) + ' · ' + meta.results + ' results' + (meta.rules ? ' · ' + meta.masked + ' matches masked by ' + meta.rules + ' rules' : '') +
    (meta.selection ? ' · a selection of the recording' : '') + ' · exported ' + dateTime(meta.exportedAt) + ' by ' + meta.generator);
  var jobSel = $('job');
  meta.jobs.forEach(function (j) { var o = el('option', null, '#' + j.jobId + ' ' + j.command); o.value = String(j.jobId); jobSel.appendChild(o); });
  var view = all;
  var cur = 0;
  var hits = [];
  var hitSet = new Set();
  var hitAt = -1;
  var query = '';
  var ROW = 22;
  var list = $('list');
  var spacer = $('spacer');
  var slider = $('slider');
  function summary(raw) {
    var m = /"value":"((?:[^"\\\\]|\\\\.){0,200})/.exec(raw);
    var s = m ? m[1] : raw.slice(0, 200);
    return s.replace(/\\\\n/g, ' ').replace(/\\s+/g, ' ');
  }
  function render() {
    spacer.style.height = (view.length * ROW) + 'px';
    var top = list.scrollTop;
    var from = Math.max(0, Math.floor(top / ROW) - 5);
    var to = Math.min(view.length, from + Math.ceil(list.clientHeight / ROW) + 10);
    spacer.textContent = '';
    for (var i = from; i < to; i++) {
      var r = view[i];
      var d = el('div', 'r' + (i === cur ? ' cur' : '') + (hitSet.has(r) ? ' hit' : ''));
      d.style.top = (i * ROW) + 'px';
      d.setAttribute('data-i', String(i));
      d.setAttribute('data-test', 'offline-row');
      d.appendChild(el('span', 'p', r[0]));
      d.appendChild(el('span', 't', time(r[1])));
      d.appendChild(el('span', 'y', r[2]));
      d.appendChild(el('span', 's', summary(r[4])));
      spacer.appendChild(d);
    }
  }
  function marked(text) {
    var frag = document.createDocumentFragment();
    if (!query) { frag.appendChild(document.createTextNode(reveal(text))); return frag; }
    var low = text.toLowerCase();
    var at = 0;
    for (;;) {
      var k = low.indexOf(query, at);
      if (k < 0) break;
      frag.appendChild(document.createTextNode(reveal(text.slice(at, k))));
      frag.appendChild(el('mark', null, text.slice(k, k + query.length)));
      at = k + query.length;
    }
    frag.appendChild(document.createTextNode(reveal(text.slice(at))));
    return frag;
  }
  function detail() {
    var box = $('detail');
    box.textContent = '';
    var r = view[cur];
    if (!r) { box.appendChild(el('p', 'muted', 'No results.')); return; }
    var job = r[3] == null ? null : meta.jobs.find(function (j) { return j.jobId === r[3]; });
    box.appendChild(el('div', 'muted small', 'result ' + r[0] + ' · ' + r[2] + ' · ' + dateTime(r[1]) + (job ? ' · job #' + job.jobId + ' ' + job.command : '')));
    var pretty = r[4];
    try {
      var v = JSON.parse(r[4]);
      if (v && typeof v.value === 'string') { var pv = el('pre', 'value'); pv.appendChild(marked(v.value)); box.appendChild(pv); box.appendChild(el('hr')); }
      pretty = JSON.stringify(v, null, 2);
    } catch (e) { /* shown as it was recorded */ }
    var pre = el('pre');
    pre.setAttribute('data-test', 'offline-detail');
    pre.appendChild(marked(pretty));
    box.appendChild(pre);
  }
  function show(i, scroll) {
    cur = Math.max(0, Math.min(view.length - 1, i));
    slider.max = String(Math.max(0, view.length - 1));
    slider.value = String(cur);
    var r = view[cur];
    $('pos').textContent = r ? (r[0] + ' / ' + all[all.length - 1][0] + ' · ' + time(r[1])) : '';
    if (scroll) {
      var y = cur * ROW;
      if (y < list.scrollTop || y > list.scrollTop + list.clientHeight - ROW) list.scrollTop = Math.max(0, y - list.clientHeight / 2);
    }
    render();
    detail();
  }
  list.addEventListener('scroll', render);
  list.addEventListener('click', function (e) { var t = e.target.closest('.r'); if (t) { pause(); show(Number(t.getAttribute('data-i')), false); } });
  slider.addEventListener('input', function () { pause(); show(Number(slider.value), true); });
  jobSel.addEventListener('change', function () {
    var j = jobSel.value;
    view = j === '' ? all : all.filter(function (r) { return String(r[3]) === j; });
    runSearch();
    show(0, true);
  });
  // the timeline's markers: gaps, possible losses, bookmarks, the assistant's calls
  var first = all.length ? all[0][1] : rec.startedAt;
  var last = all.length ? all[all.length - 1][1] : rec.endedAt || first;
  var span = Math.max(1, last - first);
  meta.events.forEach(function (ev) {
    var m = el('span', ev.kind === 'bookmark' ? 'bookmark' : '');
    m.style.left = (Math.max(0, Math.min(1, (ev.at - first) / span)) * 100) + '%';
    m.title = time(ev.at) + ' ' + ev.kind + ': ' + ev.message;
    $('marks').appendChild(m);
    $('events').appendChild(el('div', 'small', time(ev.at) + ' · ' + ev.kind + ' · ' + ev.message));
  });
  if (!meta.events.length) $('events').appendChild(el('div', 'muted small', 'No events (gaps, possible losses, bookmarks) in this recording.'));
  // replay at the recorded pace, silences capped at a second
  var timer = null;
  var speed = 1;
  function pause() { if (timer) clearTimeout(timer); timer = null; $('play').textContent = 'Play'; }
  function step() {
    if (cur >= view.length - 1) { pause(); return; }
    var wait = Math.min(1000, Math.max(0, view[cur + 1][1] - view[cur][1])) / speed;
    timer = setTimeout(function () { show(cur + 1, true); step(); }, wait);
  }
  $('play').addEventListener('click', function () { if (timer) pause(); else { $('play').textContent = 'Pause'; step(); } });
  $('speed').addEventListener('change', function () { speed = Number($('speed').value) || 1; });
  // search within the recording: a case-insensitive substring of the result text
  function runSearch() {
    query = $('q').value.trim().toLowerCase();
    hits = [];
    if (query) for (var i = 0; i < view.length; i++) if (view[i][4].toLowerCase().indexOf(query) >= 0) hits.push(i);
    hitSet = new Set(hits.map(function (i) { return view[i]; }));
    hitAt = -1;
    $('hits').textContent = query ? hits.length + ' results match' : '';
  }
  function jump(d) {
    if (!hits.length) return;
    hitAt = (hitAt + d + hits.length) % hits.length;
    $('hits').textContent = (hitAt + 1) + ' of ' + hits.length + ' results';
    pause();
    show(hits[hitAt], true);
  }
  $('search').addEventListener('submit', function (e) { e.preventDefault(); runSearch(); jump(1); });
  $('next').addEventListener('click', function () { jump(1); });
  $('prev').addEventListener('click', function () { jump(-1); });
  show(0, false);
  document.body.setAttribute('data-ready', 'true');
})();
`;

/** The page around the data; `sha256` gives the base64 SHA-256 of a text (for the CSP). */
export function offlinePageParts(meta: OfflineMeta, sha256: (text: string) => string): { head: string; tail: string } {
  const csp = `default-src 'none'; script-src 'sha256-${sha256(OFFLINE_SCRIPT)}'; style-src 'sha256-${sha256(OFFLINE_STYLE)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = escapeHtml(`${meta.recording.name ?? meta.recording.targetName} - Arthas Deck recording`);
  const head = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${OFFLINE_STYLE}</style>
</head><body>
<header><h1 id="title"></h1><div id="facts" class="muted small"></div></header>
<div class="bar">
<button id="play" class="primary" data-test="offline-play">Play</button>
<select id="speed" aria-label="Speed"><option value="1">1×</option><option value="2">2×</option><option value="5">5×</option><option value="20">20×</option></select>
<div id="timeline"><input id="slider" type="range" min="0" max="0" value="0" aria-label="Timeline" data-test="offline-slider"><div id="marks"></div></div>
<span id="pos" class="muted small" data-test="offline-pos"></span>
</div>
<div class="bar">
<form id="search" role="search"><input id="q" placeholder="search in this recording" aria-label="Search in this recording" data-test="offline-q"> <button type="submit">Find</button></form>
<button id="prev" aria-label="Previous match">↑</button><button id="next" aria-label="Next match">↓</button>
<span id="hits" class="muted small" data-test="offline-hits"></span>
<span class="grow"></span>
<label class="muted small">job <select id="job" aria-label="Job"><option value="">all jobs</option></select></label>
</div>
<main><div id="list" tabindex="0" aria-label="Results"><div id="spacer"></div></div><div id="detail"></div></main>
<div id="events" aria-label="Events"></div>
<script type="application/json" id="deck-meta">${jsonForScriptBlock(meta)}</script>
<script type="application/json" id="deck-rows">`;
  const tail = `</script>
<script>${OFFLINE_SCRIPT}</script>
</body></html>
`;
  return { head, tail };
}
