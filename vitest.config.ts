import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,main,preload,renderer,server,scripts,eslint-rules}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
});
