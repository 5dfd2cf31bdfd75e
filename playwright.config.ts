import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './e2e/support/chromium';

/**
 * Two projects: `browser` drives the web build in Debian's Chromium with fake camera/mic (real WebRTC, real server
 * on loopback); `electron` drives the packaged-style app and skips, loudly, where no Electron binary exists.
 */
export default defineConfig({
  testDir: './e2e',
  // Per-run folder: several people may run suites at once in one checkout.
  outputDir: `test-results/run-${process.pid}`,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Two cores: call tests each run several Chromium pages and a media server.
  workers: 1,
  fullyParallel: false,
  reporter: process.env.CI ? [['list']] : [['list']],
  projects: [
    {
      name: 'browser',
      testIgnore: ['electron/**'],
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
        permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
        trace: 'retain-on-failure',
      },
    },
    {
      name: 'electron',
      testMatch: ['electron/**/*.spec.ts'],
    },
  ],
});
