// Builds the viewer of shared recordings (src/renderer/offline) into one script and one style sheet,
// out/offline-viewer/viewer.js and viewer.css: an .html export carries both inline (by hash in its
// CSP), so the page a colleague opens shows the app's own views with nothing to fetch.
// Part of `npm run build`, after electron-vite's build.
import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
await build({
  configFile: false,
  logLevel: 'warn',
  root: resolve(root, 'src/renderer'),
  plugins: [vue()],
  // as the app's renderer (electron.vite.config.ts); Vue and vue-i18n in their production builds
  define: { __VUE_I18N_FULL_INSTALL__: true, __VUE_I18N_LEGACY_API__: false, __INTLIFY_PROD_DEVTOOLS__: false, 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: resolve(root, 'out/offline-viewer'),
    emptyOutDir: true,
    cssCodeSplit: false,
    modulePreload: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: resolve(root, 'src/renderer/offline/main.ts'),
      output: { format: 'iife', inlineDynamicImports: true, entryFileNames: 'viewer.js', assetFileNames: 'viewer[extname]' },
    },
  },
});
