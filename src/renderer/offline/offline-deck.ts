// The contract inside a shared page (an offline .html export): the recording travels in the page's
// JSON data blocks, and the app's own replay views read it through the calls they make in the app
// (recordings.get, page, jobs, events, stats, posAtTime, result, costSeries). Anything else (a
// bookmark, a live target) is not in a shared page and says so.
import { addToSeries, emptySeries } from '../../shared/charts/cost-series';
import { COST_SERIES_LIMIT, LIVE_RESULT_LIMIT, type DeckArgs, type DeckClient, type DeckMethod, type DeckResult, type LiveResult } from '../../shared/contract';
import type { OfflineMeta, OfflineRow } from '../../shared/recording/offline-page';
import type { RecordingSummary, StoredEvent } from '../../shared/recording/types';
import { DeckCallError } from '../src/api';

/** A result as the views take it: very large ones as a preview, as main sends them. */
function live(r: OfflineRow): LiveResult {
  const [pos, receivedAt, type, jobId, raw] = r;
  const base = { pos, type, jobId, origin: 'live' as const, receivedAt };
  return raw.length <= LIVE_RESULT_LIMIT ? { ...base, raw } : { ...base, raw: null, truncated: { bytes: raw.length, preview: raw.slice(0, 4096) } };
}

export function offlineDeck(meta: OfflineMeta, rows: readonly OfflineRow[]): DeckClient {
  const byPos = new Map(rows.map((r) => [r[0], r]));
  const rec = meta.recording;
  const summary: RecordingSummary = {
    ...rec,
    source: 'import',
    resultCount: rows.length,
    byteCount: rows.reduce((a, r) => a + r[4].length, 0),
    commands: meta.jobs.map((j) => j.command),
    recordingError: null,
    fleetId: null,
    fleetMember: null,
  };
  const events: StoredEvent[] = meta.events.map((e, i) => ({ id: i + 1, at: e.at, kind: e.kind, gapReason: null, message: e.message, data: null }));
  const select = (jobId?: number, types?: string[]): readonly OfflineRow[] => (jobId === undefined && !types?.length ? rows : rows.filter((r) => (jobId === undefined || r[3] === jobId) && (!types?.length || types.includes(r[2]))));

  const handlers: { [M in DeckMethod]?: (a: DeckArgs<M>) => DeckResult<M> } = {
    'recordings.get': () => summary,
    'recordings.jobs': () => meta.jobs,
    'recordings.events': () => events,
    'recordings.result': (a) => byPos.get(a.pos)?.[4] ?? null,
    'recordings.stats': () => {
      const byType: Record<string, number> = {};
      const byJob: Record<number, number> = {};
      for (const r of rows) {
        byType[r[2]] = (byType[r[2]] ?? 0) + 1;
        if (r[3] !== null) byJob[r[3]] = (byJob[r[3]] ?? 0) + 1;
      }
      return { byType, byJob, first: rows[0]?.[1] ?? null, last: rows[rows.length - 1]?.[1] ?? null, lastPos: rows[rows.length - 1]?.[0] ?? 0 };
    },
    // as the desktop pages: after (exclusive) forwards, or before (exclusive) backwards, at most 5000
    'recordings.page': (a) => {
      const limit = Math.max(1, Math.min(a.limit ?? 200, 5000));
      const of = select(a.jobId, a.types);
      let from: number;
      let to: number;
      if (a.before !== undefined) {
        to = of.findIndex((r) => r[0] >= a.before!);
        if (to < 0) to = of.length;
        from = Math.max(0, to - limit);
      } else {
        from = of.findIndex((r) => r[0] > (a.after ?? 0));
        if (from < 0) from = of.length;
        to = Math.min(of.length, from + limit);
      }
      return { page: { results: [], hasBefore: from > 0, hasAfter: to < of.length }, results: of.slice(from, to).map(live) };
    },
    'recordings.posAtTime': (a) => {
      let pos = 0;
      for (const r of rows) if (r[1] <= a.at) pos = r[0];
      return pos;
    },
    'recordings.costSeries': (a) => {
      const s = emptySeries();
      const watch = select(a.jobId, ['watch']);
      for (const r of watch.slice(Math.max(0, watch.length - COST_SERIES_LIMIT))) addToSeries(s, { pos: r[0], at: r[1], raw: r[4] });
      return s;
    },
    // the page keeps no settings: a divider dragged stays until the page is closed
    'settings.get': () => null,
    'settings.set': () => undefined,
  };

  return {
    async call<M extends DeckMethod>(method: M, args: DeckArgs<M>): Promise<DeckResult<M>> {
      const h = handlers[method] as ((a: DeckArgs<M>) => DeckResult<M>) | undefined;
      if (!h) throw new DeckCallError('A shared page only replays its recording: open it in Arthas Deck (Import) to do more.', 'invalid');
      return h(args);
    },
    on: () => () => undefined,
  };
}
