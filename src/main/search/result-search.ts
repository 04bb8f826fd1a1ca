// Full-text search over every recording: the FTS5 index for what the indexer has reached, a scan
// for the newest rows it has not, one matcher (shared with the views) to check each hit and cut its
// snippet. Newest first, paged by result id.
import type { SearchAnswer, SearchHit, SearchQuery } from '../../shared/search/search-types';
import { ftsQuery, needsScan, queryMatcher, queryTokens, resultSearchText, snippetOf, wantsPrefix } from '../../shared/search/search-text';
import type { Db } from '../recorder/db';
import { SqlConditions, containing } from '../recorder/sql-conditions';

/** Rows a single answer scans at most outside the index (the not-yet-indexed tail, or a CJK query). */
export const SCAN_LIMIT = 200_000;
/** Results bigger than this are checked on their first part only (a 50 MB result must not stall search). */
const CHECK_CHARS = 1_000_000;

interface Row {
  id: number;
  recordingId: number;
  pos: number;
  type: string;
  receivedAt: number;
  jobId: number | null;
  raw: string;
  recordingName: string | null;
  targetName: string;
}

const COLS = `r.id, r.session_id AS recordingId, r.pos, r.type, r.received_at AS receivedAt, r.job_id AS jobId, r.raw, s.name AS recordingName, s.target_name AS targetName`;

/** Which recordings a query looks in (recording, fleet, target); `session` names the session id column. */
function scope(q: SearchQuery, session: string): SqlConditions {
  return new SqlConditions().eq(session, q.recordingId).eq('s.fleet_id', q.fleetId).containsAny(['s.target_name'], q.target);
}

function filters(q: SearchQuery): SqlConditions {
  return scope(q, 'r.session_id').in('r.type', q.types).atLeast('r.received_at', q.from).atMost('r.received_at', q.to);
}

export function searchResults(db: Db, indexedUpto: number, q: SearchQuery): SearchAnswer {
  const t0 = performance.now();
  const prefix = q.prefix ?? wantsPrefix(q.text);
  const first = searchPass(db, indexedUpto, q, prefix);
  // whole words found nowhere: perhaps the start of one was typed ("IllegalArg")
  const answer = !first.hits.length && !prefix && q.before === undefined && !needsScan(q.text) ? searchPass(db, indexedUpto, q, true) : first;
  return { ...answer, tookMs: performance.now() - t0, commands: q.before === undefined ? commandHits(db, q) : [] };
}

function searchPass(db: Db, indexedUpto: number, q: SearchQuery, prefix: boolean): Omit<SearchAnswer, 'tookMs' | 'commands'> {
  const limit = Math.max(1, Math.min(q.limit ?? 50, 500));
  const matcher = queryMatcher(q.text, prefix);
  const f = filters(q);
  const before = q.before ?? Number.MAX_SAFE_INTEGER;
  const hits: SearchHit[] = [];
  let scanned = 0;
  let unsearched = 0;
  const take = (row: Row): void => {
    const text = resultSearchText(row.raw.length > CHECK_CHARS ? row.raw.slice(0, CHECK_CHARS) : row.raw);
    const snippet = snippetOf(text, matcher);
    // the index matched words; the check wants them in order as typed. A cut result keeps its hit.
    if (!snippet && row.raw.length <= CHECK_CHARS) return;
    const { raw: _raw, ...rest } = row;
    hits.push({ ...rest, snippet: snippet ?? { text: '(match beyond the first million characters)', marks: [] } });
  };
  const scan = (fromId: number, toId: number): void => {
    // newest first, prefiltered in SQL by the longest word (LIKE: case-insensitive for ASCII), checked by the matcher
    const words = queryTokens(q.text);
    const longest = needsScan(q.text) ? q.text.trim() : words.reduce((a, b) => (b.length > a.length ? b : a), '');
    const like = containing(longest);
    const stmt = db.prepare(
      `SELECT ${COLS} FROM results r JOIN sessions s ON s.id = r.session_id WHERE r.id > ? AND r.id < ? AND r.raw LIKE ? ESCAPE '\\'${f.and()} ORDER BY r.id DESC`,
    );
    const maxId = (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM results').get() as { n: number }).n;
    const hi = Math.min(toId - 1, maxId);
    if (hi <= fromId) return;
    const lo = Math.max(fromId, hi - SCAN_LIMIT);
    if (lo > fromId) unsearched += lo - fromId;
    scanned += hi - lo;
    for (const row of stmt.iterate(lo, hi + 1, like, ...f.args) as Iterable<Row>) {
      take(row);
      if (hits.length > limit) break;
    }
  };
  if (!matcher) return { hits: [], more: false, indexedUpto, scanned: 0, unsearched: 0, prefix };
  if (needsScan(q.text)) {
    scan(0, before);
  } else {
    // the tail the indexer has not reached yet
    if (before > indexedUpto + 1) scan(indexedUpto, before);
    if (hits.length <= limit) {
      const stmt = db.prepare(
        `SELECT ${COLS} FROM result_text f JOIN results r ON r.id = f.rowid JOIN sessions s ON s.id = r.session_id
         WHERE result_text MATCH ? AND f.rowid < ? AND f.rowid <= ?${f.and()} ORDER BY f.rowid DESC`,
      );
      for (const row of stmt.iterate(ftsQuery(q.text, prefix), before, indexedUpto, ...f.args) as Iterable<Row>) {
        take(row);
        if (hits.length > limit) break;
      }
    }
  }
  const more = hits.length > limit;
  if (more) hits.length = limit;
  return { hits, more, indexedUpto, scanned, unsearched, prefix };
}

/** Jobs whose command line contains the text: a command is found like a result. */
function commandHits(db: Db, q: SearchQuery): SearchAnswer['commands'] {
  const like = containing(q.text.trim());
  const scoped = scope(q, 'j.session_id');
  return db
    .prepare(
      `SELECT j.session_id AS recordingId, j.job_id AS jobId, j.command, s.name AS recordingName, s.target_name AS targetName, j.started_at AS startedAt,
        (SELECT MIN(pos) FROM results r WHERE r.session_id = j.session_id AND r.job_id = j.job_id) AS pos
       FROM jobs j JOIN sessions s ON s.id = j.session_id WHERE j.command LIKE ? ESCAPE '\\'${scoped.and()}
       ORDER BY j.started_at DESC LIMIT 20`,
    )
    .all(like, ...scoped.args) as SearchAnswer['commands'];
}
