// Every view of a real answer at 1024x640 with the targets sidebar open, in English and 简体中文:
// nothing is pushed out of the detail sideways where it could wrap (the trace tree wraps a long line
// under itself, as a narrow terminal would), the result's own content comes before any chart, and a
// screenshot of each (test-artifacts/small-*-1024x640-*.png), looked at.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACTS, uiPrerequisites, type Harness } from '../e2e/harness';
import { skipOrFail } from '../support/real-tier';
import { realArthasUnavailable } from './support/real-jvm';
import { mathGameTabForSuite, open, rawOfSelected, run } from './support/ui-steps';

const why = realArthasUnavailable() ?? uiPrerequisites();
if (why) console.warn(`real-Arthas small-screen tests skipped: ${why}`);

const DETAIL = '[data-test=result-detail]';

/** What of the detail reaches past its pane on the right: '' when nothing, else the outermost such element and by how much. */
function overhang(p: Page): Promise<string> {
  return p.locator(DETAIL).evaluate((el) => {
    const body = el.closest('.detail')?.querySelector('.body') ?? el;
    if (body.scrollWidth <= body.clientWidth) return '';
    const right = body.getBoundingClientRect().left + body.clientWidth;
    // the outermost element past the edge that is not inside a box scrolling on its own
    const culprit = [...body.querySelectorAll('*')].find((e) => e.getBoundingClientRect().right > right + 1);
    const name = culprit ? `${culprit.tagName.toLowerCase()}.${[...culprit.classList].join('.')}` : '?';
    return `${body.scrollWidth - body.clientWidth} px, first by ${name}`;
  });
}

const VIEWS: Array<[string, string, string]> = [
  ['watch demo.MathGame primeFactors "{params,returnObj,throwExp}" -n 1 -x 2', 'watch', 'watch'],
  ['monitor -c 1 demo.MathGame primeFactors -n 1', 'monitor', 'monitor'],
  ['tt -t demo.MathGame primeFactors -n 1', 'tt', 'tt'],
  ['stack demo.MathGame primeFactors -n 1', 'stack', 'stack'],
  ['sm demo.MathGame', 'sm', 'sm'],
  ['sc -d demo.MathGame', 'sc', 'sc-d'],
  ['memory', 'memory', 'memory'],
];

describe.skipIf(skipOrFail(why))('every view of a real Arthas 4.3.4 at 1024x640, both languages (Chromium)', () => {
  const tabOf = mathGameTabForSuite({ width: 1024, height: 640 });
  let h: Harness;
  beforeEach(() => {
    h = tabOf();
  });

  it('trace: a long line wraps under itself inside the pane, in both languages; nothing of it is cut', async () => {
    const p = h.page;
    await run(p, 'trace demo.MathGame run -n 1');
    await open(p, 'trace');
    const raw = await rawOfSelected(h, p, 'trace');
    const thread = raw.root as { threadName: string };
    for (const locale of ['en', 'zh-CN']) {
      await p.selectOption('[data-test=pref-locale]', locale);
      await p.waitForFunction((l) => document.documentElement.lang === l, locale);
      expect(await overhang(p), `the trace detail scrolls sideways in ${locale}`).toBe('');
      // the thread line (ts=…;thread_name=main;id=…;TCCL=…) is longer than the pane: it takes two lines
      // or more, each within the pane, its text whole
      const line = p.locator(`${DETAIL} [data-test=trace-line]`).first();
      const box = (await line.boundingBox())!;
      const lineHeight = await line.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 16);
      expect(box.height, 'the thread line wraps').toBeGreaterThan(lineHeight * 1.5);
      const pane = (await p.locator(DETAIL).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(pane.x + pane.width + 1);
      expect(await line.innerText()).toContain(`thread_name=${thread.threadName}`);
      // the tree comes first, its icicle after it
      const tree = (await p.locator(`${DETAIL} .tn`).first().boundingBox())!;
      const chart = (await p.locator(`${DETAIL} [data-chart=trace-flame]`).boundingBox())!;
      expect(tree.y).toBeLessThan(chart.y);
      await p.screenshot({ path: join(ARTIFACTS, `small-trace-1024x640-${locale}.png`) });
    }
    await p.selectOption('[data-test=pref-locale]', 'en');
  }, 120_000);

  for (const [command, type, shot] of VIEWS) {
    it(`${shot}: its own content first and within the pane where it can wrap, in both languages`, async () => {
      const p = h.page;
      await run(p, command);
      await open(p, type);
      for (const locale of ['en', 'zh-CN']) {
        await p.selectOption('[data-test=pref-locale]', locale);
        await p.waitForFunction((l) => document.documentElement.lang === l, locale);
        const detail = p.locator(DETAIL);
        expect((await detail.innerText()).trim().length).toBeGreaterThan(3);
        // a chart, if any, follows the result's own content
        const first = await detail.evaluate((el) => {
          const kids = [...el.querySelectorAll(':scope > * > *, :scope > *')].filter((k) => (k as HTMLElement).offsetHeight > 0);
          return kids[0]?.matches('[data-chart], figure, svg') ?? false;
        });
        expect(first, 'a chart before the answer').toBe(false);
        // only preformatted text and tables may scroll sideways, inside their own box: the pane does not
        expect(await overhang(p), `the ${shot} detail scrolls sideways in ${locale}`).toBe('');
        expect((p as unknown as { errors: string[] }).errors).toEqual([]);
        await p.screenshot({ path: join(ARTIFACTS, `small-${shot}-1024x640-${locale}.png`) });
      }
      await p.selectOption('[data-test=pref-locale]', 'en');
    }, 120_000);
  }
});
