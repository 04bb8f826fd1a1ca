// A real tier (real Arthas and JVMs, Chromium, OpenSSH, a built renderer) skips, saying why, when a
// part is missing on a developer's machine; in CI (CI=true) or with DECK_REQUIRE_REAL=1 it never
// skips: the missing part fails the run. The Electron tier is not one of these (its binary cannot be
// downloaded everywhere).
export function requireReal(): boolean {
  return process.env.CI === 'true' || process.env.DECK_REQUIRE_REAL === '1';
}

/** For describe.skipIf: true (skip) when `why` names a missing part, unless the run requires the real tiers (then it throws). */
export function skipOrFail(why: string | null | undefined): boolean {
  if (!why) return false;
  if (requireReal()) throw new Error(`This run requires the real test tiers (CI=true or DECK_REQUIRE_REAL=1), and a part is missing: ${why}`);
  return true;
}
