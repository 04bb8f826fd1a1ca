// Which results a watch of RateGame.tick(n) missed, and whether the recording's loss events cover them.
import type { Db } from '../../../src/main/recorder/db';

export interface Missing {
  /** the argument n that never arrived */
  n: number;
  /** receive times of the results before and after it */
  after: number;
  before: number;
}

/** Arguments n of `watch deck.RateGame tick "params[0]"` results (@Long[n]) with their receive times, in n order. */
export function watchedArguments(db: Db, recordingId: number): Array<{ n: number; at: number }> {
  const rows = db.prepare("SELECT received_at, raw FROM results WHERE session_id = ? AND type = 'watch' AND origin <> 'history' ORDER BY pos").all(recordingId) as Array<{ received_at: number; raw: string }>;
  const out: Array<{ n: number; at: number }> = [];
  for (const r of rows) {
    const m = /@Long\[(\d+)\]/.exec((JSON.parse(r.raw) as { value: string }).value);
    if (m) out.push({ n: Number(m[1]), at: r.received_at });
  }
  return out.sort((a, b) => a.n - b.n);
}

export function missingArguments(seen: Array<{ n: number; at: number }>): Missing[] {
  const out: Missing[] = [];
  for (let i = 1; i < seen.length; i++) {
    for (let n = seen[i - 1]!.n + 1; n < seen[i]!.n; n++) out.push({ n, after: seen[i - 1]!.at, before: seen[i]!.at });
  }
  return out;
}

/** Loss windows the recording holds: possible-loss events (from..to) and gaps (at their time, a second either side). */
export function lossWindows(db: Db, recordingId: number): Array<{ from: number; to: number }> {
  const rows = db.prepare("SELECT at, kind, data FROM events WHERE session_id = ? AND kind IN ('possible-loss', 'gap')").all(recordingId) as Array<{ at: number; kind: string; data: string | null }>;
  return rows.map((r) => {
    const d = r.data ? (JSON.parse(r.data) as { from?: number; to?: number }) : {};
    return r.kind === 'possible-loss' && d.from !== undefined && d.to !== undefined ? { from: d.from, to: d.to } : { from: r.at - 1000, to: r.at + 1000 };
  });
}

export function uncovered(missing: Missing[], windows: Array<{ from: number; to: number }>): Missing[] {
  return missing.filter((m) => !windows.some((w) => w.from <= m.before && w.to >= m.after));
}
