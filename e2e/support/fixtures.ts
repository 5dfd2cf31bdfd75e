import { test as base } from '@playwright/test';
import { startServer, type RunningServer } from '../../server/index';

/**
 * Each worker gets its own server on a free loopback port, serving the web build from dist/renderer. Without the
 * per-client rate limits: every spec's participants (and large-call's 99 bots) come from one address.
 *
 * Contexts a test opens on the shared `browser` are closed when it ends, passed or failed: Playwright closes only the
 * ones it made, and a call page left open keeps sending and receiving video for the rest of the run (four of them
 * took most of both cores from large-call's bots, whose joins then timed out).
 */
export const test = base.extend<{ closeLeftContexts: void }, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer({ port: 0, abuseLimits: { tokenRequests: null, joins: null } });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  closeLeftContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((context) => !before.has(context)).map((context) => context.close().catch(() => {})));
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';
