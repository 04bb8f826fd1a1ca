// Many profiles of one service compared N ways (a fleet's members profiled together: the one slow
// pod beside its healthy siblings): for each method, the share of each member's total it ran itself
// (self) and in stacks through it (total), the members' median, and which member is hottest there
// by how much: the methods that set one member apart come first.
import type { CollapsedProfile } from './collapsed-stacks';
import { hotMethods } from './hot-methods';

export interface MemberProfileFacts {
  label: string;
  total: number;
  stacks: number;
}

export interface ComparedMethod {
  frame: string;
  /** per member, in the members' order: share of its total in stacks through the method (0–1) */
  shares: number[];
  /** per member: share of its total the method ran itself */
  selfShares: number[];
  /** the members' median of `shares` */
  median: number;
  /** the member with the largest share, and its share less the median */
  hottest: number;
  spread: number;
}

export interface ProfileComparison {
  members: MemberProfileFacts[];
  methods: ComparedMethod[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The methods where one member stands out most (its total share above the members' median), `limit` of them. */
export function compareProfiles(profiles: ReadonlyArray<{ label: string; profile: CollapsedProfile }>, limit = 30): ProfileComparison {
  const n = profiles.length;
  const by = new Map<string, { shares: number[]; selfShares: number[] }>();
  profiles.forEach(({ profile }, i) => {
    const total = profile.total || 1;
    for (const m of hotMethods(profile)) {
      let row = by.get(m.frame);
      if (!row) by.set(m.frame, (row = { shares: new Array<number>(n).fill(0), selfShares: new Array<number>(n).fill(0) }));
      row.shares[i] = m.total / total;
      row.selfShares[i] = m.self / total;
    }
  });
  const methods: ComparedMethod[] = [];
  for (const [frame, { shares, selfShares }] of by) {
    const med = median(shares);
    let hottest = 0;
    for (let i = 1; i < n; i++) if (shares[i]! > shares[hottest]!) hottest = i;
    methods.push({ frame, shares, selfShares, median: med, hottest, spread: shares[hottest]! - med });
  }
  // a method's callers share its spread (the stacks through it pass through them): among equals, the
  // one that ran itself there (its self share at the hottest member) leads, the place to look
  methods.sort((a, b) => b.spread - a.spread || b.selfShares[b.hottest]! - a.selfShares[a.hottest]! || (a.frame < b.frame ? -1 : 1));
  return { members: profiles.map(({ label, profile }) => ({ label, total: profile.total, stacks: profile.counts.length })), methods: methods.slice(0, limit) };
}
