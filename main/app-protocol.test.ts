import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppAsset } from './app-protocol';

const root = mkdtempSync(path.join(tmpdir(), 'sealroom-app-'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Sealroom</title>');

describe('app:// protocol', () => {
  it('resolves files inside the renderer folder', () => {
    expect(resolveAppAsset(root, 'app://sealroom/')).toEqual({ file: path.join(root, 'index.html'), mimeType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset(root, 'app://sealroom/assets/x.js')?.mimeType).toMatch(/javascript/);
  });

  it.each(['app://sealroom/../../etc/passwd.html', 'app://sealroom/%2e%2e/%2e%2e/etc/passwd.html'])(
    'keeps dot segments inside the root: %s',
    (url) => {
      expect(resolveAppAsset(root, url)?.file).toBe(path.join(root, 'etc', 'passwd.html'));
    },
  );

  it.each([
    'app://sealroom/..%2f..%2fsecret.json',
    'app://other/index.html',
    'file:///etc/passwd',
    'app://sealroom/%E0%A4%A',
    'app://sealroom/index.html%00.js',
    'app://sealroom/binary.exe',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });

  it('serves index.html with the CSP header and 404s the rest', async () => {
    const handler = createAppProtocolHandler(root);
    const response = await handler({ url: 'app://sealroom/index.html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await handler({ url: 'app://sealroom/missing.js' })).status).toBe(404);
    expect((await handler({ url: 'app://sealroom/../x.html' })).status).toBe(404);
  });
});
