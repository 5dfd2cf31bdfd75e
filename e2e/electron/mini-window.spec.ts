import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { startServer, type RunningServer } from '../../server/index';
import type { SealroomBridge } from '../../shared/bridge';
import { findElectronBinary, skipWithoutElectron } from '../support/electron-binary';

const binary = findElectronBinary();
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const ROOM = 'ICEiIyQlJicoKSorLC0uLw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

let server: RunningServer;

/**
 * The OS's focus events, as main receives them. Emitted on the BrowserWindow itself: under Xvfb without a window
 * manager a real blur or minimise may never arrive, and what is tested here is what main does with one.
 */
function windowEvent(app: ElectronApplication, event: 'blur' | 'focus' | 'minimize') {
  return app.evaluate(({ BrowserWindow }, name) => {
    const call = BrowserWindow.getAllWindows().find((window) => window.webContents.getURL().endsWith('/index.html'));
    call?.emit(name);
  }, event);
}

test.describe('Electron mini window', () => {
  test.beforeAll(async () => {
    if (skipWithoutElectron(binary)) server = await startServer({ port: 0 });
  });
  test.afterAll(async () => server?.close());

  test('opens on blur during a call as a sandboxed page without the bridge, closes when the call window has the focus again, and not when switched off', async () => {
    if (!('path' in binary)) return;
    const link = `sealroom://${new URL(server.url).host}/r/${ROOM}#v1.${SECRET}`;
    const app = await electron.launch({ executablePath: binary.path, args: [repoRoot, link], env: { ...process.env, SEALROOM_SERVER: server.url } });
    try {
      const call = await app.firstWindow();
      await expect(call.getByTestId('lobby-screen')).toBeVisible();
      // No devices needed: the call, not the camera, is what the mini window follows.
      await call.getByTestId('lobby-camera').uncheck();
      await call.getByTestId('lobby-microphone').uncheck();
      await call.getByTestId('display-name').fill('Ada');
      await call.getByTestId('join-call').click();
      await expect(call.getByTestId('call-view')).toBeVisible();

      const opened = app.waitForEvent('window');
      await windowEvent(app, 'blur');
      const mini = await opened;
      await expect(mini.getByTestId('mini-view')).toBeVisible();
      expect(mini.url()).toBe('app://sealroom/mini.html');
      // Nothing of the desktop in it: no bridge (no preload), no Node.
      expect(await mini.evaluate(() => [typeof (window as { sealroom?: unknown }).sealroom, typeof (globalThis as { process?: unknown }).process, typeof (globalThis as { require?: unknown }).require])).toEqual([
        'undefined',
        'undefined',
        'undefined',
      ]);
      const shell = await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()
          .filter((window) => window.webContents.getURL().endsWith('/mini.html'))
          .map((window) => {
            const prefs = (window.webContents as { getLastWebPreferences?: () => Record<string, unknown> | null }).getLastWebPreferences?.() ?? {};
            return { onTop: window.isAlwaysOnTop(), sandbox: prefs.sandbox, contextIsolation: prefs.contextIsolation, nodeIntegration: prefs.nodeIntegration, preload: prefs.preload ?? null };
          }),
      );
      expect(shell).toEqual([{ onTop: true, sandbox: true, contextIsolation: true, nodeIntegration: false, preload: null }]);

      await windowEvent(app, 'focus');
      await expect.poll(() => mini.isClosed()).toBe(true);

      await call.evaluate(async () => {
        await (window as unknown as { sealroom: Pick<SealroomBridge, 'updateSettings'> }).sealroom.updateSettings({ miniWindow: false });
      });
      await windowEvent(app, 'blur');
      await call.waitForTimeout(1500);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
