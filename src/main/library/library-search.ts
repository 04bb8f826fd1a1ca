// Full-text search over a team library with PostgreSQL's own: a tsvector (GIN) of each result's
// words, split as the deck's local search splits them, answers word queries (a phrase, the last
// word a prefix when asked); pg_trgm answers CJK substrings; text without words is a capped scan.
// Every candidate is checked with the same matcher as local search, which also cuts the snippet:
// the same query finds the same results here and there. Candidates come from deck.find_results,
// which reads only the teams of the connected user (row-level security itself would keep the
// indexes from answering: see library-schema.ts).
import type { SearchAnswer, SearchHit, SearchQuery } from '../../shared/search/search-types';
import { needsScan, pgTsQuery, queryMatcher, queryTokens, resultSearchText, snippetOf, wantsPrefix } from '../../shared/search/search-text';
import { libraryText, type LibraryConnection } from './library-connection';

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
  libraryText(q.text, 'Search text');
  if (q.target) libraryText(q.target, 'A target name');
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
  const words = queryTokens(q.text);
  const tsq = !needsScan(q.text) ? pgTsQuery(q.text, prefix) : null;
  // words and CJK text: a substring of the words (needsScan: the text has CJK, so its rows have more than ASCII)
  const wordsLike = needsScan(q.text) && words.length ? like(words.join(' ')) : null;
  const rawLike = needsScan(q.text) && !words.length ? like(q.text.trim()) : null;
  let cursor = q.before !== undefined ? fromHitId(q.before) : null;
  let scanned = 0;
  const hits: SearchHit[] = [];
  const batch = Math.min(limit * 4, 1000);
  // candidates newest first, a batch at a time (deck.find_results: the teams' rows only), each checked as local search checks it
  for (;;) {
    const rows = (
      await lib.pool.query<Row>('SELECT * FROM deck.find_results($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)', [
        tsq,
        wordsLike,
        rawLike,
        q.recordingId ?? null,
        q.fleetId ?? null,
        q.target ? like(q.target) : null,
        q.types?.length ? q.types : null,
        // times are whole milliseconds there (a view may hand over a fraction)
        q.from !== undefined ? Math.ceil(q.from) : null,
        q.to !== undefined ? Math.floor(q.to) : null,
        cursor?.recordingId ?? null,
        cursor?.pos ?? null,
        batch,
      ])
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
