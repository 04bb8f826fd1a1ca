// What the user chose to share (export, publish): some jobs, a time range, masking rules.
import type { MaskRule } from '../../../shared/recording/format';

export interface ShareChoice {
  jobs: number[];
  /** datetime-local text, this computer's time zone */
  from: string;
  to: string;
  /** one masking rule (a regular expression) a line */
  mask: string;
}

export const emptyChoice = (): ShareChoice => ({ jobs: [], from: '', to: '', mask: '' });

export function selectionOf(c: ShareChoice): { jobs?: number[]; from?: number; to?: number } {
  const out: { jobs?: number[]; from?: number; to?: number } = {};
  if (c.jobs.length) out.jobs = c.jobs;
  if (c.from) out.from = new Date(c.from).getTime();
  if (c.to) out.to = new Date(c.to).getTime() + 999;
  return out;
}

export function rulesOf(c: ShareChoice): MaskRule[] {
  return c.mask
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((pattern) => ({ pattern }));
}

/** true when the range ends before it starts */
export function rangeReversed(c: ShareChoice): boolean {
  const s = selectionOf(c);
  return s.from !== undefined && s.to !== undefined && s.from > s.to;
}
