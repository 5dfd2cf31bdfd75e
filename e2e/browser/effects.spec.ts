import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectVideoFlowing, framesDecoded, newRoomLink } from '../support/call';
import { blockAllButLoopback, recordSentMedia, sending } from '../support/media-probes';

/** A participant whose page may reach nothing but this machine, recording what it sends. */
async function openOffline(browser: Browser): Promise<{ page: Page; network: { blocked: string[]; loopback: string[] } }> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 800 } });
  const network = await blockAllButLoopback(context);
  await recordSentMedia(context);
  return { page: await context.newPage(), network };
}

async function openLobby(page: Page, link: string, name: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByTestId('lobby-screen')).toBeVisible();
  await page.getByTestId('display-name').fill(name);
}

async function join(page: Page): Promise<void> {
  await page.getByTestId('join-call').click();
  await expect(page.getByTestId('call-view')).toBeVisible();
}

async function openEffectsMenu(page: Page): Promise<void> {
  const menu = page.getByTestId('effects-menu');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
}

test.describe('video and audio processing', () => {
  test.setTimeout(180_000);

  test('blur on: the published camera is the processed track and its frames reach the other member of an E2EE call; no request leaves this machine', async ({ browser, server }) => {
    const link = newRoomLink(server.url, true);
    const ada = await openOffline(browser);
    const bob = await openOffline(browser);

    // The lobby previews the effect: the preview plays the processor's track.
    await openLobby(ada.page, link, 'Ada');
    await ada.page.getByTestId('lobby-effects').locator('summary').click();
    await ada.page.getByTestId('background-blur').check();
    await expect(ada.page.getByTestId('background-status')).toHaveAttribute('data-state', 'on', { timeout: 30_000 });
    await join(ada.page);
    await openLobby(bob.page, link, 'Bob');
    await join(bob.page);

    await expect.poll(() => sending(ada.page, 'video'), { timeout: 30_000 }).toBe('generated');
    await openEffectsMenu(ada.page);
    await expect(ada.page.getByTestId('effects-menu').getByTestId('background-status')).toHaveAttribute('data-state', 'on');
    await expectVideoFlowing(bob.page, 'Ada');
    await expect(bob.page.locator('[data-testid="participant-tile"][data-verified="true"]').filter({ hasText: 'Ada' })).toHaveCount(1);

    // Switched live to a bundled picture: still processed, still flowing; then off: the camera itself again.
    await ada.page.getByTestId('effects-menu').getByTestId('background-waves').check();
    await expect(ada.page.getByTestId('effects-menu').getByTestId('background-status')).toHaveAttribute('data-state', 'on');
    expect(await sending(ada.page, 'video')).toBe('generated');
    await expectVideoFlowing(bob.page, 'Ada');
    await ada.page.getByTestId('effects-menu').getByTestId('background-none').check();
    await expect.poll(() => sending(ada.page, 'video'), { timeout: 15_000 }).toBe('raw');
    const before = await framesDecoded(bob.page, 'Ada');
    await expect.poll(() => framesDecoded(bob.page, 'Ada'), { timeout: 15_000 }).toBeGreaterThan(before + 5);

    // Everything the effects loaded came from the app's own server.
    expect(ada.network.blocked).toEqual([]);
    expect(bob.network.blocked).toEqual([]);
    for (const asset of ['/effects/mediapipe/vision_wasm_internal.wasm', '/effects/mediapipe/vision_wasm_internal.js', '/effects/selfie-segmentation.tflite']) {
      expect(ada.network.loopback).toContain(asset);
    }
    expect(ada.network.loopback.some((path) => /\/assets\/rnnoise(_simd)?-.*\.wasm$/.test(path))).toBe(true);
  });

  test('noise suppression (on by default): the published microphone goes through RNNoise; turning it off sends the raw microphone again', async ({ browser, server }) => {
    const link = newRoomLink(server.url, true);
    const ada = await openOffline(browser);
    const bob = await openOffline(browser);
    await openLobby(ada.page, link, 'Ada');
    await ada.page.getByTestId('lobby-effects').locator('summary').click();
    await expect(ada.page.getByTestId('noise-suppression')).toBeChecked();
    await expect(ada.page.getByTestId('noise-status')).toHaveAttribute('data-state', 'on', { timeout: 15_000 });
    await join(ada.page);
    await openLobby(bob.page, link, 'Bob');
    await join(bob.page);

    await expect.poll(() => sending(ada.page, 'audio'), { timeout: 30_000 }).toBe('processed');
    await openEffectsMenu(ada.page);
    const menu = ada.page.getByTestId('effects-menu');
    await expect(menu.getByTestId('noise-status')).toHaveAttribute('data-state', 'on');
    await menu.getByTestId('noise-suppression').uncheck();
    await expect.poll(() => sending(ada.page, 'audio'), { timeout: 15_000 }).toBe('raw');
    await menu.getByTestId('noise-suppression').check();
    await expect.poll(() => sending(ada.page, 'audio'), { timeout: 15_000 }).toBe('processed');
    // The choice is saved as the default for the next call.
    await menu.getByTestId('noise-suppression').uncheck();
    await expect.poll(() => ada.page.evaluate(() => JSON.parse(localStorage.getItem('sealroom.settings') ?? '{}').noiseSuppression)).toBe(false);
    expect(ada.network.blocked).toEqual([]);
  });
});
