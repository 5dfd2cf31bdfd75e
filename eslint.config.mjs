import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import importBoundaries from './eslint-rules/import-boundaries.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '.tsbuild/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { sealroom: { rules: { 'import-boundaries': importBoundaries } } },
    rules: {
      'sealroom/import-boundaries': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  // React effects draw and subscribe; they do not run connection logic (renderer/call/session does), and their
  // dependencies are complete.
  { files: ['renderer/**/*.{ts,tsx}'], plugins: { 'react-hooks': reactHooks }, rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' } },
  // Globals follow the process a folder runs in (ES built-ins come with the language in every folder).
  { files: ['renderer/**'], languageOptions: { globals: globals.browser } },
  { files: ['main/**', 'server/**', 'scripts/**', 'eslint-rules/**', '*.{ts,mjs,js}', 'renderer/vite.config.ts'], languageOptions: { globals: globals.node } },
  // shared/ runs in every process, so it gets neither the browser's globals nor Node's.
  { files: ['shared/**'], languageOptions: { globals: {} } },
  // A sandboxed preload sees the page's window plus Electron's polyfilled Buffer and immediates; `process` is
  // polyfilled too but left out: the bridge must not read it.
  { files: ['preload/**'], languageOptions: { globals: { ...globals.browser, Buffer: 'readonly', setImmediate: 'readonly', clearImmediate: 'readonly' } } },
  // Playwright specs and the benchmarks run in Node and hand functions to the page (page.evaluate), so they use both.
  { files: ['e2e/**', 'scripts/bench-*'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  {
    // Playwright fixtures must destructure their (empty) dependencies to be recognised as fixtures.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // A call page a test leaves open keeps capturing, encoding and reconnecting for the rest of the run: two left by
    // resilience-app's first test made its server-restart figure 4-6.6 s instead of 2.1-2.5 s.
    files: ['e2e/{browser,hostile,server}/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@playwright/test', importNames: ['test'], message: "Import test from e2e/support/fixtures: it closes the browser contexts a test leaves open." }] },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
