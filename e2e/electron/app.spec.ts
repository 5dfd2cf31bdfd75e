import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary, skipWithoutElectron } from '../support/electron-binary';

const binary = findElectronBinary();
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

test.describe('Electron app', () => {
  test.beforeAll(() => void skipWithoutElectron(binary));

  test('boots the secure shell and shows the home screen through the bridge', async () => {
    if (!('path' in binary)) return;
    const app = await electron.launch({ executablePath: binary.path, args: [repoRoot] });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('home-screen')).toBeVisible();
      expect(window.url()).toBe('app://sealroom/index.html');
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => Object.keys((window as unknown as { sealroom: object }).sealroom).sort())).toContain('getSettings');
      expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    } finally {
      await app.close();
    }
  });
});
