import type { WebSocket } from 'ws';
import { startServer, type RunningServer, type ServerOptions } from '../index';
import { silentLogger } from '../log';

/**
 * Tests only: `serve` starts a silent server on a free loopback port with no web build; it and every socket put in
 * `sockets` are closed after each test of the file that calls this (its runner's `afterEach`: this module is not a
 * test file, so it may not import the runner).
 */
export function serversClosedAfterEachTest(afterEach: (hook: () => Promise<void>) => void): { serve(options?: ServerOptions): Promise<RunningServer>; sockets: WebSocket[] } {
  const servers: RunningServer[] = [];
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    for (const server of servers.splice(0)) await server.close();
  });
  return {
    sockets,
    serve: async (options = {}) => {
      const server = await startServer({ port: 0, staticDir: '/nonexistent', logger: silentLogger, ...options });
      servers.push(server);
      return server;
    },
  };
}
