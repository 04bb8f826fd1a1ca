// A fleet's members' profiles compared N ways (#39.4): two members profiled as math-game is (a real
// 4.3.4 dump of test/fixtures), a third whose JVM spends a fifth of its time in one more method; the
// comparison puts that method first with the third member hottest, each share as the member's own
// text counts it; a member with no profile is named; fewer than two profiles is a clear refusal.
import { describe, expect, it } from 'vitest';
import { DeckService } from '../../src/main/api/deck-service';
import { capturedDump, profiledFleet, slowerBy } from '../support/profiled-fleet';
import { tempDbForEach } from '../support/temp-db';

const temp = tempDbForEach();

/** the sum of the counts of the stacks that pass through `frame`, and the total, as the text says */
function shareIn(text: string, frame: string): number {
  let through = 0;
  let total = 0;
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const cut = line.lastIndexOf(' ');
    const n = Number(line.slice(cut + 1));
    total += n;
    if (line.slice(0, cut).split(';').includes(frame)) through += n;
  }
  return through / total;
}

const fleetOf = (members: Array<[string, string | null]>): number => profiledFleet(temp().db, members);

describe("a fleet's members' profiles compared", () => {
  it('the method that sets one member apart comes first, that member hottest, each share as its own text counts it', async () => {
    const a = capturedDump('4 profiler dumpCollapsed');
    // pod-2 profiled as pod-1 was (two healthy pods alike: a short real dump differs from another by chance)
    const b = a;
    // pod-3: what pod-1 did, and a fifth of its time in a lock of its own
    const slow = slowerBy(a, 'demo/Slow.lockedCheckout');
    const fleetId = fleetOf([['pod-1', a], ['pod-2', b], ['pod-3', slow], ['pod-4', null]]);
    const deck = new DeckService({ db: temp().db, databasePath: temp().dir.file('deck.db'), mode: 'serve', version: 'test', searchIndex: false });
    try {
      const c = await deck.call<'fleets.compareProfiles'>('fleets.compareProfiles', { id: fleetId });
      expect(c.members.map((m) => m.label)).toEqual(['pod-1', 'pod-2', 'pod-3']);
      expect(c.missing).toEqual(['pod-4']);
      const first = c.methods[0]!;
      expect(first.frame).toBe('demo/Slow.lockedCheckout');
      expect(c.members[first.hottest]!.label).toBe('pod-3');
      expect(first.shares[2]).toBeCloseTo(shareIn(slow, 'demo/Slow.lockedCheckout'), 12);
      expect(first.shares[0]).toBe(0);
      // every share is what the member's own text says
      for (const m of c.methods.slice(0, 10)) [a, b, slow].forEach((text, i) => expect(m.shares[i], `${m.frame} on member ${i + 1}`).toBeCloseTo(shareIn(text, m.frame), 12));
      expect(c.refs.map((r) => r.jobId)).toEqual([2, 2, 2]);
    } finally {
      await deck.shutdown();
    }
  });

  it('fewer than two members with a profile: a refusal that says how to get them', async () => {
    const fleetId = fleetOf([['pod-1', capturedDump('4 profiler dumpCollapsed')], ['pod-2', null]]);
    const deck = new DeckService({ db: temp().db, databasePath: temp().dir.file('deck.db'), mode: 'serve', version: 'test', searchIndex: false });
    try {
      await expect(deck.call('fleets.compareProfiles', { id: fleetId })).rejects.toThrow(/at least two members \(only pod-1 has one\): broadcast `profiler start --event itimer -d 10`/);
    } finally {
      await deck.shutdown();
    }
  });
});
