import { spawn } from 'node:child_process';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../../server/index';
import type { SealroomBridge } from '../../shared/bridge';
import { findElectronBinary, skipWithoutElectron } from '../support/electron-binary';

const binary = findElectronBinary();
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const OTHER_ROOM = 'EBESExQVFhcYGRobHB0eHw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

let server: RunningServer;
/** The default server is trusted, so its links open without the "other server" question. */
const linkTo = (room: string, scheme: 'sealroom' | 'http' = 'sealroom') => `${scheme}://${new URL(server.url).host}/r/${room}#v1.${SECRET}`;

function electronPath(): string {
  if (!('path' in binary)) throw new Error(binary.missing);
  return binary.path;
}

async function launch(...extra: string[]): Promise<{ app: ElectronApplication; window: Page }> {
  const app = await electron.launch({ executablePath: electronPath(), args: [repoRoot, ...extra], env: { ...process.env, SEALROOM_SERVER: server.url } });
  return { app, window: await app.firstWindow() };
}

type Bridge = Pick<SealroomBridge, 'onScreenPickRequest' | 'selectScreenSource'>;

test.describe('Electron desktop integration', () => {
  test.beforeAll(async () => {
    if (skipWithoutElectron(binary)) server = await startServer({ port: 0 });
  });
  test.afterAll(async () => server?.close());

  test('a sealroom:// link at launch opens its lobby; one followed by a switch is refused', async () => {
    const { app, window } = await launch(linkTo(ROOM));
    try {
      await expect(window.getByTestId('lobby-screen')).toBeVisible();
    } finally {
      await app.close();
    }
    const hostile = await launch(linkTo(ROOM), '--sealroom-injected-switch');
    try {
      await expect(hostile.window.getByTestId('home-screen')).toBeVisible();
      await expect(hostile.window.getByTestId('lobby-screen')).toHaveCount(0);
    } finally {
      await hostile.app.close();
    }
  });

  test('a link passed to a second instance reaches the running window', async () => {
    const { app, window } = await launch();
    try {
      await expect(window.getByTestId('home-screen')).toBeVisible();
      const second = spawn(electronPath(), [repoRoot, linkTo(OTHER_ROOM)], { env: { ...process.env, SEALROOM_SERVER: server.url }, stdio: 'ignore' });
      // The second instance hands its argv over through the single-instance lock and quits.
      await new Promise((resolve) => second.once('exit', resolve));
      await expect(window.getByTestId('lobby-screen')).toBeVisible();
    } finally {
      await app.close();
    }
  });

  test('getDisplayMedia goes through the picker: cancel, then share a listed source', async () => {
    const { app, window } = await launch();
    try {
      await expect(window.getByTestId('home-screen')).toBeVisible();
      const outcome = await window.evaluate(async () => {
        const bridge = (window as unknown as { sealroom: Bridge }).sealroom;
        const nextRequest = () =>
          new Promise<{ requestId: string; sources: Array<{ id: string }> }>((resolve) => {
            const off = bridge.onScreenPickRequest((request) => {
              off();
              resolve(request);
            });
          });

        const cancelled = nextRequest();
        const first = navigator.mediaDevices.getDisplayMedia({ video: true }).then(
          () => 'shared',
          (error: Error) => error.name,
        );
        await bridge.selectScreenSource({ requestId: (await cancelled).requestId, choice: null });

        const picked = nextRequest();
        const second = navigator.mediaDevices.getDisplayMedia({ video: true });
        const request = await picked;
        const source = request.sources[0]!;
        await bridge.selectScreenSource({ requestId: request.requestId, choice: { sourceId: source.id, audio: false } });
        const stream = await second;
        const track = stream.getVideoTracks()[0]!;
        track.stop();
        return { first: await first, offered: request.sources.length, live: track.kind };
      });
      expect(outcome.first).toBe('NotAllowedError');
      expect(outcome.offered).toBeGreaterThan(0);
      expect(outcome.live).toBe('video');
    } finally {
      await app.close();
    }
  });
});
