// Export of a recording (or a selection: jobs, time range) as one self-contained .html page that
// replays it offline with the app's views (src/shared/recording/offline-page.ts). The masking rules apply as for
// .arthasrec; no credentials are in it. Written as a stream, with progress and cancel.
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { jsonForScriptBlock, offlinePageParts, type OfflineMeta } from '../../shared/recording/offline-page';
import type { Db } from './db';
import { RecordingReader } from './recording-reader';
import { recordingMeta, type ExportOptions, type ExportSummary } from './arthasrec-export';
import { Masker } from './masking';
import { offlineViewer } from './offline-viewer';
import { countSelected, eventsInRange, isWhole, selectionConditions } from './selection';
import type { WorkControl } from './work-control';

/** More results than this make a page too heavy to open quickly: choose jobs or a time range. */
export const HTML_EXPORT_MAX_RESULTS = 250_000;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

export async function exportRecordingHtml(db: Db, recordingId: number, file: string, opts: ExportOptions = {}, work: WorkControl = {}): Promise<ExportSummary> {
  const reader = new RecordingReader(db);
  const rec = reader.get(recordingId);
  if (!rec) throw new Error(`No recording #${recordingId}.`);
  const mask = new Masker(opts.mask ?? []);
  const viewer = offlineViewer();
  const total = countSelected(db, [recordingId], opts);
  if (total > HTML_EXPORT_MAX_RESULTS) {
    throw new Error(`${total.toLocaleString('en')} results are too many for one HTML page (at most ${HTML_EXPORT_MAX_RESULTS.toLocaleString('en')}): choose jobs or a time range, or export an .arthasrec file.`);
  }
  const events = eventsInRange(reader, recordingId, opts).map((e) => ({ at: e.at, kind: e.kind, message: mask.text(e.message) }));
  const jobs = reader
    .jobs(recordingId)
    .filter((j) => !opts.jobs?.length || opts.jobs.includes(j.jobId))
    .map((j) => mask.job(j));
  const out = createWriteStream(file);
  const cancelled = async (): Promise<never> => {
    out.destroy();
    await new Promise((r) => setImmediate(r));
    rmSync(file, { force: true });
    throw new Error('Export cancelled: no file was written.');
  };
  // the body first (the masked count goes into the head), then head + body + tail
  const parts: string[] = [];
  let results = 0;
  work.onProgress?.({ phase: 'writing', done: 0, total, unit: 'results' });
  const c = selectionConditions(opts);
  for (const r of db.prepare(`SELECT pos, received_at, type, job_id, raw FROM results WHERE session_id = ?${c.and()} ORDER BY pos`).iterate(recordingId, ...c.args) as Iterable<{ pos: number; received_at: number; type: string; job_id: number | null; raw: string }>) {
    if (results % 5000 === 0 && results) {
      if (work.signal?.aborted) await cancelled();
      work.onProgress?.({ phase: 'writing', done: results, total, unit: 'results' });
      await new Promise((res) => setImmediate(res));
    }
    parts.push(jsonForScriptBlock([r.pos, r.received_at, r.type, r.job_id, mask.result(r.raw)]));
    results++;
  }
  const meta: OfflineMeta = {
    recording: { id: rec.id, ...mask.meta(recordingMeta(rec)) },
    jobs,
    events,
    masked: mask.masked,
    rules: mask.rules.length,
    selection: isWhole(opts) ? null : { jobs: opts.jobs, from: opts.from, to: opts.to },
    generator: opts.generator ?? 'Arthas Deck',
    exportedAt: Date.now(),
    results,
  };
  const { head, tail } = offlinePageParts(meta, sha256, viewer);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(head);
  await write('[');
  for (let i = 0; i < parts.length; i += 2000) {
    if (work.signal?.aborted) await cancelled();
    await write((i ? ',' : '') + parts.slice(i, i + 2000).join(','));
  }
  await write(']');
  await write(tail);
  out.end();
  await once(out, 'close');
  work.onProgress?.({ phase: 'writing', done: results, total, unit: 'results' });
  return { results, events: events.length, masked: mask.masked, bytes: statSync(file).size };
}
