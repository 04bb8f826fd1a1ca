// The table `npm run test:faults` prints: fault, expected outcome, what was observed, sent vs stored.
export interface FaultRow {
  fault: string;
  expected: string;
  observed: string;
  sent?: number | string;
  stored?: number | string;
}

export const FAULT_ROWS: FaultRow[] = [];

export function record(row: FaultRow): void {
  FAULT_ROWS.push(row);
}

export function table(rows: FaultRow[]): string {
  const cols: Array<keyof FaultRow> = ['fault', 'expected', 'observed', 'sent', 'stored'];
  const cell = (r: FaultRow, c: keyof FaultRow): string => String(r[c] ?? '–').replace(/\s+/g, ' ');
  const width = cols.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r, c).length))));
  const line = (vals: string[]): string => `| ${vals.map((v, i) => (v.length > width[i]! ? `${v.slice(0, width[i]! - 1)}…` : v.padEnd(width[i]!))).join(' | ')} |`;
  return [line(cols), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map((r) => line(cols.map((c) => cell(r, c))))].join('\n');
}
