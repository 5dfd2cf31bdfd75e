import { test as base } from '@playwright/test';
import { startServer, type RunningServer } from '../../server/index';

/** Each test file gets its own server on a free loopback port, serving the web build from dist/renderer. */
export const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer({ port: 0 });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
