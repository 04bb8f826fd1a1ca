// Everything a UI test needs: simulators, the app service on a fresh database, the WebSocket host
// serving the built renderer, and Debian's Chromium driven by playwright-core.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DeckService, type ServiceOptions } from '../../src/main/api/deck-service';
import { startWsHost, type WsHost } from '../../src/main/host/ws-host';
import { openDatabase, type Db } from '../../src/main/recorder/db';
import type { ArthasSimulator, SimulatorOptions } from '../simulator/server';
import { startSimulator } from '../simulator/server';
import { tempDir } from '../support/temp-dir';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
export const ARTIFACTS = resolve(__dirname, '../../test-artifacts');

export function uiPrerequisites(): string | null {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(resolve(RENDERER_DIR, 'index.html'))) return 'the renderer is not built (npm run build)';
  return null;
}

export interface Harness {
  sims: ArthasSimulator[];
  db: Db;
  dbPath: string;
  service: DeckService;
  host: WsHost;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function startHarness(simOptions: SimulatorOptions[] = [{}], serviceOptions: Pick<ServiceOptions, 'engine' | 'ssh'> = {}): Promise<Harness> {
  const dir = tempDir('arthas-deck-ui-');
  const sims = await Promise.all(simOptions.map((o) => startSimulator(o)));
  const dbPath = dir.file('ui.db');
  const db = openDatabase(dbPath);
  const service = new DeckService({ db, databasePath: dbPath, mode: 'serve', version: 'test', liveFlushMs: 16, ...serviceOptions });
  const host = await startWsHost(service, { rendererDir: RENDERER_DIR });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(host.url);
  return {
    sims,
    db,
    dbPath,
    service,
    host,
    browser,
    page,
    async close() {
      await browser.close().catch(() => undefined);
      await service.shutdown();
      await host.close();
      db.close();
      await Promise.all(sims.map((s) => s.close()));
      dir.remove();
    },
  };
}

/** Adds a target through the UI dialog. */
export async function addTarget(page: Page, name: string, url: string): Promise<void> {
  await page.click('[data-test=add-target]');
  await page.fill('[data-test=target-name]', name);
  await page.fill('[data-test=target-url]', url);
  await page.click('[data-test=target-save]');
  await page.waitForSelector(`[data-test=target]:has-text("${name}")`);
}

/** A harness with one simulator, added as the target "orders" and open in a ready tab. */
export async function startWithOpenTab(sim: SimulatorOptions = {}): Promise<Harness> {
  const h = await startHarness([sim]);
  await h.page.setViewportSize({ width: 1280, height: 720 });
  await addTarget(h.page, 'orders', h.sims[0]!.url);
  await h.page.click('[data-test=open-target]');
  await h.page.waitForSelector('[data-test=tab] [data-state=ready]');
  return h;
}
