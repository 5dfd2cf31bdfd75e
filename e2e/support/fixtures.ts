import { test as base } from '@playwright/test';
import { startServer, type RunningServer } from '../../server/index';

/**
 * Each worker gets its own server on a free loopback port, serving the web build from dist/renderer. Without the
 * per-client rate limits: every spec's participants (and large-call's 99 bots) come from one address.
 */
export const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer({ port: 0, abuseLimits: { tokenRequests: null, joins: null } });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
