import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHealth } from './health-probe';
import { startServer, type RunningServer } from './index';
import { silentLogger } from './log';
import { selfSignedCert, type SelfSignedCert } from './testing/self-signed-cert';

let plain: RunningServer;
let tls: RunningServer;
let cert: SelfSignedCert;

beforeAll(async () => {
  cert = await selfSignedCert();
  plain = await startServer({ port: 0, staticDir: '/nonexistent', logger: silentLogger });
  tls = await startServer({ port: 0, staticDir: '/nonexistent', logger: silentLogger, tls: { cert: cert.cert, key: cert.key } });
});

afterAll(async () => {
  await plain.close();
  await tls.close();
  await cert.remove();
});

describe('the container health check (server/health-probe.ts)', () => {
  it('passes for a server that answers /healthz, over http and over its own TLS', async () => {
    await expect(probeHealth({ SEALROOM_PORT: String(plain.port) })).resolves.toBe(true);
    await expect(probeHealth({ SEALROOM_PORT: String(tls.port), SEALROOM_HOST: '0.0.0.0', SEALROOM_TLS_CERT: cert.certFile, SEALROOM_TLS_KEY: cert.keyFile })).resolves.toBe(true);
  });

  it('fails when nothing answers, when http meets https, or when the settings are broken', async () => {
    const closed = await startServer({ port: 0, staticDir: '/nonexistent', logger: silentLogger });
    const port = closed.port;
    await closed.close();
    await expect(probeHealth({ SEALROOM_PORT: String(port) })).resolves.toBe(false);
    await expect(probeHealth({ SEALROOM_PORT: String(tls.port) })).resolves.toBe(false);
    await expect(probeHealth({ SEALROOM_PORT: 'nope' })).resolves.toBe(false);
  });
});
