// The team library in Chromium, on a real PostgreSQL: a library added and connected, a recording
// (with hostile values in it) published from the Recordings view, then browsed, replayed, searched
// and audited from the library; a read-only member is told so and offered no publishing.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipOrFail } from '../support/real-tier';
import { postgresUnavailable, startTestPostgres, USER_PASSWORD, type TestPostgres } from '../support/postgres';
import { ARTIFACTS, addTarget, startHarness, uiPrerequisites, type Harness } from './harness';

const why = uiPrerequisites() ?? postgresUnavailable();
if (why) console.warn(`team library UI tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('team library in the UI (Chromium, real PostgreSQL)', () => {
  let h: Harness;
  let pgs: TestPostgres;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    pgs = await startTestPostgres();
    await pgs.addTeam('payments');
    await pgs.addUser('ann', ['payments']);
    await pgs.addUser('bob', ['payments'], { readOnly: true });
    h = await startHarness([{ callRate: 100 }]);
    await h.page.setViewportSize({ width: 1280, height: 720 });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
    await pgs?.close();
  });
  const url = (user: string): string => `postgres://${user}@127.0.0.1:${pgs.server.port}/deck`;

  async function addLibrary(name: string, user: string): Promise<void> {
    const p = h.page;
    await p.click('[data-test=manage-libraries]');
    await p.click('[data-test=library-add]');
    await p.fill('[data-test=library-name]', name);
    await p.fill('[data-test=library-url]', url(user));
    await p.fill('[data-test=library-password]', USER_PASSWORD);
    await p.fill('[data-test=library-team]', 'payments');
    await p.click('[data-test=library-save]');
    await p.waitForSelector(`[data-test=library]:has-text("${name}") [data-test=library-status]`);
  }

  it('records, publishes to the library, and reads it back there: list, replay (hostile values as text), search, who ran what', async () => {
    const p = h.page;
    await addTarget(p, 'orders', h.sims[0]!.url);
    await p.click('[data-test=open-target]');
    await p.waitForSelector('[data-test=tab] [data-state=ready]');
    // a job runs while the server sends hostile values (results reach a session through a job)
    await p.fill('[data-test=command-input]', 'watch demo.MathGame primeFactors "{params, returnObj}" -x 2 -n 30');
    await p.keyboard.press('Enter');
    h.sims[0]!.injectRaw('{"type":"message","jobId":0,"message":"<b>bold</b> \\u202eevil\\u202c <img src=x onerror=alert(1)>"}');
    await p.waitForSelector('[data-test=job-chip]:has-text("succeeded")', { timeout: 20_000 });
    await p.click('[data-test=nav-recordings]');
    await addLibrary('team', 'ann');
    expect(await p.locator('[data-test=library-status]').innerText()).toMatch(/connected as ann, team\(s\): payments · may publish/);
    await p.screenshot({ path: join(ARTIFACTS, 'library-dialog.png') });
    await p.click('[data-test=libraries-dialog] button:has-text("Close")');
    // publish the recording (the masking preview as for an export)
    await p.click('[data-test=recording] [data-test=publish]');
    await p.waitForSelector('[data-test=publish-dialog] [data-test=publish-team]:not([disabled])');
    expect(await p.locator('[data-test=publish-team]').inputValue()).toBe('payments');
    await p.screenshot({ path: join(ARTIFACTS, 'library-publish.png') });
    await p.click('[data-test=do-publish]');
    await p.waitForSelector('[role=status]:has-text("as library recording #"), .notice:has-text("as library recording #")', { timeout: 20_000 }).catch(() => undefined);
    // the library as the source of the list
    await p.selectOption('[data-test=rec-source]', { label: 'Library: team' });
    await p.waitForSelector('[data-test=library-facts]');
    expect(await p.locator('[data-test=library-banner]').innerText()).toMatch(/connected as ann/);
    expect(await p.locator('[data-test=library-facts]').first().innerText()).toMatch(/published by ann for team payments/);
    // a library recording is not renamed, tagged, exported or published again from here
    expect(await p.locator('[data-test=recording]').first().locator('[data-test=rename], [data-test=publish]').count()).toBe(0);
    await p.screenshot({ path: join(ARTIFACTS, 'library-recordings.png') });
    // replay from the library
    await p.click('[data-test=recording] [data-test=replay]');
    await p.waitForSelector('[data-test=replay-library]');
    const msg = p.locator('[data-test=result-row][data-type=message]', { hasText: 'evil' });
    await msg.first().waitFor({ timeout: 10_000 }).catch(async () => {
      await p.click('[data-test=to-latest]').catch(() => undefined);
      await msg.first().waitFor();
    });
    await msg.first().click();
    const detail = p.locator('.replay [data-test=result-detail]');
    expect(await detail.innerText()).toContain('<b>bold</b> ⟨U+202E⟩evil⟨U+202C⟩ <img src=x onerror=alert(1)>');
    expect(await detail.locator('b, img').count()).toBe(0);
    expect(await p.evaluate(() => document.title)).not.toMatch(/alert/);
    await p.screenshot({ path: join(ARTIFACTS, 'library-replay.png') });
    // who ran what
    await p.click('[data-test=nav-recordings]');
    await p.click('[data-test=audit-toggle]');
    await p.waitForSelector('[data-test=audit-row]');
    expect(await p.locator('[data-test=audit-row]').first().innerText()).toMatch(/watch demo\.MathGame primeFactors[\s\S]*succeeded/);
    await p.screenshot({ path: join(ARTIFACTS, 'library-audit.png') });
    // search the library
    await p.click('[data-test=nav-search]');
    await p.selectOption('[data-test=search-source]', { label: 'Library: team' });
    await p.fill('[data-test=search-text]', 'evil');
    await p.click('[data-test=search-go]');
    await p.waitForSelector('[data-test=search-hit]');
    expect(await p.locator('[data-test=search-hit]').first().innerText()).toContain('⟨U+202E⟩evil');
    await p.click('[data-test=search-hit]');
    await p.waitForSelector('[data-test=replay-library]');
    expect((p as unknown as { errors: string[] }).errors).toEqual([]);
  }, 120_000);

  it('a read-only member is told so: no publishing, no deleting', async () => {
    const p = h.page;
    await p.click('[data-test=nav-recordings]');
    await p.selectOption('[data-test=rec-source]', { label: 'This desktop' });
    await addLibrary('team-readonly', 'bob');
    expect(await p.locator('[data-test=library]:has-text("team-readonly") [data-test=library-status]').innerText()).toMatch(/connected as bob[\s\S]*read only[\s\S]*may read this library but not publish/);
    await p.click('[data-test=libraries-dialog] button:has-text("Close")');
    await p.selectOption('[data-test=rec-source]', { label: 'Library: team-readonly' });
    await p.waitForSelector('[data-test=library-banner]:has-text("read only")');
    await p.waitForSelector('[data-test=recording]');
    expect(await p.locator('[data-test=recording] [data-test=delete]').count()).toBe(0);
    await p.selectOption('[data-test=rec-source]', { label: 'This desktop' });
    await p.click('[data-test=recording] [data-test=publish]');
    await p.selectOption('[data-test=publish-library]', { label: 'team-readonly' });
    await p.waitForSelector('[data-test=publish-refused]');
    // the first library's answer may still arrive after the choice: the button settles disabled
    await expect.poll(() => p.locator('[data-test=do-publish]').isDisabled(), { timeout: 10_000 }).toBe(true);
    await p.waitForTimeout(500);
    expect(await p.locator('[data-test=do-publish]').isDisabled()).toBe(true);
  }, 60_000);
});
