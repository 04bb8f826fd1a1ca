// A recording as one self-contained .html file: opens offline in any browser and replays it with the
// app's own views (the timeline, the result list, every result view, search within it), carried in
// the page as one built script (src/renderer/offline). No network: a strict CSP allows only this
// page's own script and style, by hash. The recording travels as JSON data blocks that are never
// executed; the views put every recorded text on the page as text, never as HTML.
import { escapeHtml } from '../diff/report-page';
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

/** Text safe inside a <script> or <style> element: nothing in it can close the element. */
function inlineSafe(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

/**
 * The page around the data; `sha256` gives the base64 SHA-256 of a text (for the CSP), `viewer` the
 * built viewer (the app's replay views, src/renderer/offline), carried inline.
 */
export function offlinePageParts(meta: OfflineMeta, sha256: (text: string) => string, viewer: { script: string; style: string }): { head: string; tail: string } {
  const script = inlineSafe(viewer.script, 'script');
  const style = inlineSafe(viewer.style, 'style');
  const csp = `default-src 'none'; script-src 'sha256-${sha256(script)}'; style-src 'sha256-${sha256(style)}'; img-src data:; base-uri 'none'; form-action 'none'; object-src 'none'`;
  const title = escapeHtml(`${meta.recording.name ?? meta.recording.targetName} - Arthas Deck recording`);
  const head = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${style}</style>
</head><body>
<div id="app"></div>
<script type="application/json" id="deck-meta">${jsonForScriptBlock(meta)}</script>
<script type="application/json" id="deck-rows">`;
  const tail = `</script>
<script>${script}</script>
</body></html>
`;
  return { head, tail };
}
