import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**', '.electron-native/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      // TypeScript itself checks names (typescript-eslint's advice for no-undef)
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // every server string is shown as text, never as HTML
      'vue/no-v-html': 'error',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // only the Electron entry and the IPC binding may import electron (see README, Architecture)
    files: ['src/main/**/*.ts', 'src/shared/**/*.ts', 'src/renderer/**/*.{ts,vue}'],
    ignores: ['src/main/index.ts', 'src/main/ipc.ts', 'src/main/app/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/index.ts, src/main/ipc.ts and src/main/app/ import electron.' }] }] },
  },
  {
    // Electron has no window.prompt, and confirm/alert block: the app's own dialogs (stores/dialogs.ts)
    files: ['src/renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-globals': ['error', ...['prompt', 'confirm', 'alert'].map((name) => ({ name, message: 'Use the app dialogs (useDialogs) instead.' }))],
      'no-restricted-properties': ['error', ...['prompt', 'confirm', 'alert'].map((property) => ({ object: 'window', property, message: 'Use the app dialogs (useDialogs) instead.' }))],
    },
  },
  {
    // views talk to stores: only stores (and the app shell's event wiring in App.vue) reach main
    files: ['src/renderer/src/components/**/*.{ts,vue}', 'src/renderer/src/views/**/*.{ts,vue}', 'src/renderer/src/results/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/api', '**/api.ts'], message: 'Views and components call a store (src/renderer/src/stores), not main directly.' }] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'electron', 'fs', 'path', 'vue', 'pinia'], message: 'src/shared is pure TypeScript: no Node, DOM or Electron.' }] }],
    },
  },
);
