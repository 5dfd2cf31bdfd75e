import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readServerConfig } from './config/server-config';

/**
 * Whether the server configured by `env` answers `GET /healthz` with 200: what the container's HEALTHCHECK asks
 * (healthcheck.ts). It reads the same SEALROOM_* variables as the server (flags given to the server itself are not
 * visible to it), and accepts the server's own certificate, which it reaches by address rather than by name.
 */
export function probeHealth(env: Record<string, string | undefined>): Promise<boolean> {
  const result = readServerConfig([], env);
  if (!result.ok) {
    console.error(`healthcheck: ${result.message.split('\n')[0] ?? ''}`);
    return Promise.resolve(false);
  }
  const { host, port, tls } = result.config;
  const address = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const request = tls ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request({ host: address, port, path: '/healthz', method: 'GET', timeout: 3000, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => {
      console.error(`healthcheck: ${error.message}`);
      resolve(false);
    });
    req.end();
  });
}
