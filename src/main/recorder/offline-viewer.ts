// The viewer an .html export carries (built by `npm run build` into out/offline-viewer): the app's own
// replay views as one script and one style sheet. Found next to the built main process (out/main),
// or from the sources (tests, the headless recorder run with tsx).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface OfflineViewer {
  script: string;
  style: string;
}

const PLACES = [join(__dirname, '../offline-viewer'), resolve(__dirname, '../../../out/offline-viewer')];

let cached: OfflineViewer | undefined;

/** The built viewer; a clear error when it was never built. */
export function offlineViewer(): OfflineViewer {
  if (cached) return cached;
  const dir = PLACES.find((d) => existsSync(join(d, 'viewer.js')) && existsSync(join(d, 'viewer.css')));
  if (!dir) throw new Error('The viewer of shared pages is not built: run `npm run build` once, then export again.');
  cached = { script: readFileSync(join(dir, 'viewer.js'), 'utf8'), style: readFileSync(join(dir, 'viewer.css'), 'utf8') };
  return cached;
}
