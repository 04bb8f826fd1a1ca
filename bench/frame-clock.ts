// Frame intervals in a page, for the UI benches: every requestAnimationFrame's distance from the one
// before, from start() until stop(), sorted. A string is evaluated: the bundler's helpers
// (keepNames) do not exist in the page.
import type { Page } from 'playwright-core';

export async function startFrameClock(p: Page): Promise<void> {
  await p.evaluate(`(() => {
    window.__frames = [];
    window.__run = true;
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      window.__frames.push(now - last);
      last = now;
      if (window.__run) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}

/** The intervals since start (the first, partial one left out), shortest first. */
export async function stopFrameClock(p: Page): Promise<number[]> {
  const frames = (await p.evaluate('(() => { window.__run = false; return window.__frames.slice(1); })()')) as number[];
  return frames.sort((a, b) => a - b);
}
