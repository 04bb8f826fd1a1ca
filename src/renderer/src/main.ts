import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { usePreferences } from './stores/preferences';
import './styles.css';

const app = createApp(App).use(createPinia()).use(i18n);
// the theme and language before the first paint, then the app's saved choice
void usePreferences().init();
app.mount('#app');
