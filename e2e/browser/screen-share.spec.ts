import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from '@playwright/test';
import { seriousA11yViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';

/**
 * Chromium's fake capture (the --use-fake-ui/--use-fake-device switches in e2e/support/chromium.ts) answers
 * getDisplayMedia with a synthetic screen, so the whole path runs: our picker through the web bridge, the
 * browser's capture, the live preview, the sharing bar.
 */
const harnessEntry = path.join(import.meta.dirname, 'screen-share.harness.tsx');
let bundle: { js: string; css: string } | null = null;

async function harnessBundle(): Promise<{ js: string; css: string }> {
  if (bundle) return bundle;
  const result = await build({
    entryPoints: [harnessEntry],
    bundle: true,
    write: false,
    format: 'esm',
    outdir: '/harness',
    jsx: 'automatic',
    define: { __SEALROOM_VERSION__: '"test"', 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const file = (ext: string) => result.outputFiles.find((output) => output.path.endsWith(ext))?.text ?? '';
  bundle = { js: file('.js'), css: file('.css') };
  return bundle;
}

async function openHarness(page: Page, origin: string): Promise<void> {
  const { js, css } = await harnessBundle();
  await page.route(`${origin}/__screen-share/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith('.js')) return route.fulfill({ contentType: 'text/javascript', body: js });
    if (url.pathname.endsWith('.css')) return route.fulfill({ contentType: 'text/css', body: css });
    return route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html lang="en"><head><title>Screen share</title><link rel="stylesheet" href="harness.css"></head><body><div id="root"></div><script type="module" src="harness.js"></script></body></html>',
    });
  });
  await page.goto(`${origin}/__screen-share/index.html`);
}

async function pickSource(page: Page, sourceId: string): Promise<void> {
  await page.getByTestId('screen-share-start').click();
  const picker = page.getByRole('dialog', { name: 'Share your screen' });
  await expect(picker).toBeVisible();
  await picker.locator(`[data-source-id="${sourceId}"]`).click();
  await expect(picker.locator(`[data-source-id="${sourceId}"]`)).toHaveAttribute('aria-checked', 'true');
  await picker.getByTestId('screen-picker-share').click();
  await expect(picker).toBeHidden();
}

test.describe('screen share picker (web bridge)', () => {
  test('cancel resolves cleanly, then sharing works: picker → live preview → "You are sharing" → stop', async ({ page, server }) => {
    await openHarness(page, server.url);
    const log = page.getByTestId('harness-log');

    await test.step('the picker lists what a browser can share', async () => {
      await page.getByTestId('screen-share-start').click();
      const picker = page.getByTestId('screen-picker');
      await expect(picker.getByRole('radiogroup', { name: 'Screens' })).toContainText('Entire screen');
      await expect(picker.getByRole('radiogroup', { name: 'Windows' })).toContainText('A window');
      await expect(picker.getByRole('radiogroup', { name: 'Browser tabs' })).toContainText('A browser tab');
      await expect(picker.getByTestId('screen-picker-preview')).toContainText('You will see exactly what is shared');
      await expect(picker.getByTestId('screen-picker-audio')).toBeVisible();
      expect(await seriousA11yViolations(page)).toEqual([]);
    });

    await test.step('cancel closes it with no error and nothing shared', async () => {
      await page.getByTestId('screen-picker-cancel').click();
      await expect(page.getByTestId('screen-picker')).toBeHidden();
      await expect(page.getByTestId('screen-share-start')).toBeEnabled();
      await expect(page.getByTestId('screen-share-error')).toHaveCount(0);
    });

    await test.step('Escape cancels too', async () => {
      await page.getByTestId('screen-share-start').click();
      await expect(page.getByTestId('screen-picker')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('screen-picker')).toBeHidden();
      await expect(page.getByTestId('screen-share-start')).toBeEnabled();
    });

    await test.step('share again: the live preview shows the capture before anyone sees it', async () => {
      await pickSource(page, 'monitor');
      const preview = page.getByTestId('screen-share-preview');
      await expect(preview).toBeVisible();
      await expect(preview.getByRole('heading')).toHaveText('Share your entire screen?');
      await expect.poll(() => preview.locator('video').evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0);
      await expect(log).not.toContainText('published');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByTestId('screen-share-confirm').click();
    });

    await test.step('while sharing, the bar names it and Stop ends it', async () => {
      await expect(page.getByTestId('screen-share-bar')).toContainText('You are sharing your entire screen');
      await expect(log).toContainText('published video');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByTestId('screen-share-stop').click();
      await expect(page.getByTestId('screen-share-bar')).toBeHidden();
      await expect(log).toContainText('unpublished');
      expect(await page.evaluate(() => (window as unknown as { sharedVideo: MediaStreamTrack }).sharedVideo.readyState)).toBe('ended');
    });
  });

  test('cancelling the preview shares nothing, and sharing stops when the shared surface goes away', async ({ page, server }) => {
    await openHarness(page, server.url);
    const log = page.getByTestId('harness-log');

    await pickSource(page, 'window');
    await page.getByTestId('screen-share-preview-cancel').click();
    await expect(page.getByTestId('screen-share-preview')).toBeHidden();
    await expect(log).not.toContainText('published');

    await pickSource(page, 'monitor');
    await page.getByTestId('screen-share-confirm').click();
    await expect(page.getByTestId('screen-share-bar')).toBeVisible();
    // What Chromium does when the shared window closes: the capture track ends.
    await page.evaluate(() => (window as unknown as { sharedVideo: MediaStreamTrack }).sharedVideo.dispatchEvent(new Event('ended')));
    await expect(page.getByTestId('screen-share-bar')).toBeHidden();
    await expect(log).toContainText('unpublished');
    await expect(page.getByTestId('screen-share-start')).toBeEnabled();
  });
});
