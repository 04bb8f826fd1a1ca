// The viewer of a shared recording (an offline .html export). Built into one script (npm run build:
// out/offline-viewer/viewer.js and .css), which the export puts into the page with the recording's
// data blocks. It reads them, serves the app's replay views from them, and asks for nothing.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import type { OfflineMeta, OfflineRow } from '../../shared/recording/offline-page';
import { setDeckClient } from '../src/api';
import { i18n } from '../src/i18n';
import { usePreferences } from '../src/stores/preferences';
import '../src/styles.css';
import OfflineApp from './OfflineApp.vue';
import { offlineDeck } from './offline-deck';

const block = <T>(id: string): T => JSON.parse(document.getElementById(id)?.textContent ?? 'null') as T;
const meta = block<OfflineMeta>('deck-meta');
const rows = block<OfflineRow[]>('deck-rows') ?? [];
setDeckClient(offlineDeck(meta, rows));
const app = createApp(OfflineApp, { meta, rows }).use(createPinia()).use(i18n);
// the reader's language and theme (the page keeps no settings of its own)
void usePreferences().init();
app.mount('#app');
document.body.dataset.ready = 'true';
