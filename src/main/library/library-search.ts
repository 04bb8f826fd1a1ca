// Full-text search over a team library with PostgreSQL's own: a tsvector (GIN) of each result's
// words, split as the deck's local search splits them, answers word queries (a phrase, the last
// word a prefix when asked); pg_trgm answers CJK substrings; text without words is a capped scan.
// Every candidate is checked with the same matcher as local search, which also cuts the snippet:
// the same query finds the same results here and there. Row-level security keeps other teams out.
import type { SearchAnswer, SearchHit, SearchQuery } from '../../shared/search/search-types';
import { needsScan, pgTsQuery, queryMatcher, queryTokens, resultSearchText, snippetOf, wantsPrefix } from '../../shared/search/search-text';
import type { LibraryConnection } from './library-connection';

/** A hit's id: its recording and position in one number (positions stay below 2^31), newest recordings first. */
const POS_SPAN = 2 ** 31;
export const hitId = (recordingId: number, pos: number): number => recordingId * POS_SPAN + pos;
const fromHitId = (id: number): { recordingId: number; pos: number } => ({ recordingId: Math.floor(id / POS_SPAN), pos: id % POS_SPAN });

/** Rows a query without words may scan at most (as local search caps its scans). */
const SCAN_LIMIT = 200_000;
const CHECK_CHARS = 1_000_000;

interface Row {
  recording_id: number;
  pos: number;
  type: string;
  received_at: number;
  job_id: number | null;
  raw: string;
  name: string | null;
  target_name: string;
}

const like = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchLibrary(lib: LibraryConnection, q: SearchQuery): Promise<SearchAnswer> {
  const t0 = performance.now();
  const prefix = q.prefix ?? wantsPrefix(q.text);
  let answer = await searchPass(lib, q, prefix);
  // whole words found nowhere: perhaps the start of one was typed ("IllegalArg")
  if (!answer.hits.length && !prefix && q.before === undefined && !needsScan(q.text)) answer = await searchPass(lib, q, true);
  return { ...answer, tookMs: performance.now() - t0, commands: q.before === undefined ? await commandHits(lib, q) : [] };
}

async function searchPass(lib: LibraryConnection, q: SearchQuery, prefix: boolean): Promise<Omit<SearchAnswer, 'tookMs' | 'commands'>> {
  const limit = Math.max(1, Math.min(q.limit ?? 50, 500));
  const matcher = queryMatcher(q.text, prefix);
  if (!matcher) return { hits: [], more: false, indexedUpto: 0, scanned: 0, unsearched: 0, prefix };
  const args: unknown[] = [];
  const p = (v: unknown): string => {
    args.push(v);
    return `$${args.length}`;
  };
  const cond: string[] = [];
  const words = queryTokens(q.text);
  let scanned = 0;
  if (!needsScan(q.text)) cond.push(`r.tsv @@ to_tsquery('simple', ${p(pgTsQuery(q.text, prefix))})`);
  else if (words.length) cond.push(`r.words LIKE ${p(like(words.join(' ')))}`);
  else cond.push(`r.raw ILIKE ${p(like(q.text.trim()))}`);
  if (q.recordingId !== undefined) cond.push(`r.recording_id = ${p(q.recordingId)}`);
  if (q.fleetId !== undefined) cond.push(`rec.fleet_id = ${p(q.fleetId)}`);
  if (q.target) cond.push(`rec.target_name ILIKE ${p(like(q.target))}`);
  if (q.types?.length) cond.push(`r.type = ANY(${p(q.types)})`);
  if (q.from !== undefined) cond.push(`r.received_at >= ${p(q.from)}`);
  if (q.to !== undefined) cond.push(`r.received_at <= ${p(q.to)}`);
  let cursor = q.before !== undefined ? fromHitId(q.before) : null;
  const hits: SearchHit[] = [];
  const batch = Math.min(limit * 4, 1000);
  // candidates newest first, a batch at a time, each checked as local search checks it
  for (;;) {
    const page = [...cond];
    const pageArgs = [...args];
    if (cursor) {
      pageArgs.push(cursor.recordingId, cursor.pos);
      page.push(`(r.recording_id, r.pos) < ($${pageArgs.length - 1}, $${pageArgs.length})`);
    }
    pageArgs.push(batch);
    const rows = (
      await lib.pool.query<Row>(
        `SELECT r.recording_id, r.pos, r.type, r.received_at, r.job_id, r.raw, rec.name, rec.target_name
         FROM deck.results r JOIN deck.recordings rec ON rec.id = r.recording_id
         WHERE ${page.join(' AND ')} ORDER BY r.recording_id DESC, r.pos DESC LIMIT $${pageArgs.length}`,
        pageArgs,
      )
    ).rows;
    scanned += rows.length;
    for (const row of rows) {
      const text = resultSearchText(row.raw.length > CHECK_CHARS ? row.raw.slice(0, CHECK_CHARS) : row.raw);
      const snippet = snippetOf(text, matcher);
      if (!snippet && row.raw.length <= CHECK_CHARS) continue;
      hits.push({
        id: hitId(row.recording_id, row.pos),
        recordingId: row.recording_id,
        recordingName: row.name,
        targetName: row.target_name,
        pos: row.pos,
        type: row.type,
        receivedAt: row.received_at,
        jobId: row.job_id,
        snippet: snippet ?? { text: '(match beyond the first million characters)', marks: [] },
      });
      if (hits.length > limit) break;
    }
    if (hits.length > limit || rows.length < batch || scanned >= SCAN_LIMIT) break;
    const last = rows[rows.length - 1]!;
    cursor = { recordingId: last.recording_id, pos: last.pos };
  }
  const more = hits.length > limit;
  if (more) hits.length = limit;
  return { hits, more, indexedUpto: 0, scanned, unsearched: 0, prefix };
}

async function commandHits(lib: LibraryConnection, q: SearchQuery): Promise<SearchAnswer['commands']> {
  const args: unknown[] = [like(q.text.trim())];
  const cond = [`j.command ILIKE $1`];
  if (q.recordingId !== undefined) {
    args.push(q.recordingId);
    cond.push(`j.recording_id = $${args.length}`);
  }
  if (q.fleetId !== undefined) {
    args.push(q.fleetId);
    cond.push(`rec.fleet_id = $${args.length}`);
  }
  const r = await lib.pool.query<{ recording_id: number; job_id: number; command: string; name: string | null; target_name: string; started_at: number; pos: number | null }>(
    `SELECT j.recording_id, j.job_id, j.command, rec.name, rec.target_name, j.started_at,
       (SELECT min(pos) FROM deck.results x WHERE x.recording_id = j.recording_id AND x.job_id = j.job_id) AS pos
     FROM deck.jobs j JOIN deck.recordings rec ON rec.id = j.recording_id WHERE ${cond.join(' AND ')} ORDER BY j.started_at DESC LIMIT 20`,
    args,
  );
  return r.rows.map((c) => ({ recordingId: c.recording_id, jobId: c.job_id, command: c.command, recordingName: c.name, targetName: c.target_name, startedAt: c.started_at, pos: c.pos }));
}
