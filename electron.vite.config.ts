import vue from '@vitejs/plugin-vue';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { withDevCsp } from './src/main/host/csp';

/** npm run dev: the strict CSP would block the styles Vite's dev client injects; built files keep it. */
const devCsp: Plugin = { name: 'arthas-deck-dev-csp', apply: 'serve', transformIndexHtml: (html) => withDevCsp(html) };

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        // the pull worker thread (src/main/arthas/pull-channel.ts loads out/main/pull-worker.js)
        input: { index: resolve(__dirname, 'src/main/index.ts'), 'pull-worker': resolve(__dirname, 'src/main/arthas/pull-worker.ts') },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [vue(), devCsp],
    // vue-i18n's feature flags: composition API only, no devtools hooks in production
    define: { __VUE_I18N_FULL_INSTALL__: true, __VUE_I18N_LEGACY_API__: false, __INTLIFY_PROD_DEVTOOLS__: false },
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
