import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Unit tests may switch defences off to show each attack working without its defence (renderer/e2ee/defences.ts).
  define: { __SEALROOM_TESTABLE_DEFENCES__: 'true' },
  test: {
    include: ['{shared,main,preload,renderer,server,scripts,eslint-rules}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
});
