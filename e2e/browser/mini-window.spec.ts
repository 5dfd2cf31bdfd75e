import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectVideoFlowing, joinPair, newRoomLink, tileOf } from '../support/call';

/** Frames the mini window's <video> has decoded so far. */
const miniFrames = (mini: Page) =>
  mini
    .getByTestId('mini-view')
    .locator('video')
    .evaluate((video: HTMLVideoElement) => video.getVideoPlaybackQuality().totalVideoFrames)
    .catch(() => 0);

/** Clicks the call's Mini window button: Chromium opens a Document Picture-in-Picture window, a page of its own. */
async function openMiniWindow(call: Page): Promise<Page> {
  const [mini] = await Promise.all([call.context().waitForEvent('page'), call.getByTestId('open-mini-window').click()]);
  await expect(mini.getByTestId('mini-view')).toBeVisible();
  expect(await call.evaluate(() => (window as { documentPictureInPicture?: { window: Window | null } }).documentPictureInPicture?.window != null)).toBe(true);
  return mini;
}

/**
 * Clicks a button that closes its own window: the window may go while Playwright is still finishing the click, which
 * it reports as an error; that is only an error if the window is still open.
 */
async function clickClosing(page: Page, testId: string): Promise<void> {
  await page
    .getByTestId(testId)
    .click()
    .catch((error: unknown) => {
      if (!page.isClosed()) throw error;
    });
}

test.describe('the mini window in the browser (Document Picture-in-Picture)', () => {
  test.setTimeout(150_000);

  test('shows the active speaker’s video decoding in an E2EE call; mute, hand and leave in it act on the call', async ({ browser, server }) => {
    const link = newRoomLink(server.url, true);
    const [ada, bob] = await joinPair(browser, link, 'Ada', 'Bob');
    await expect(ada.getByTestId('e2ee-status')).toBeVisible();
    await expectVideoFlowing(ada, 'Bob');

    const mini = await openMiniWindow(ada);
    // Bob, verified through the handshake, decoding in the mini window: the same session's keys, no second call.
    const shown = mini.getByTestId('participant-tile');
    await expect(shown).toHaveCount(1);
    await expect(shown).toContainText('Bob');
    await expect(shown).toHaveAttribute('data-verified', 'true');
    await expect.poll(() => miniFrames(mini), { timeout: 30_000 }).toBeGreaterThan(0);
    const before = await miniFrames(mini);
    await expect.poll(() => miniFrames(mini), { timeout: 15_000 }).toBeGreaterThan(before + 5);
    await expect(ada.getByTestId('open-mini-window')).toHaveAttribute('aria-pressed', 'true');

    await mini.getByTestId('mini-toggle-mic').click();
    await expect(mini.getByTestId('mini-toggle-mic')).toHaveText('Unmute');
    await expect(ada.getByTestId('toggle-mic')).toHaveAttribute('aria-pressed', 'true');
    await expect(tileOf(bob, 'Ada').getByRole('img', { name: 'Microphone off' })).toBeVisible();

    await mini.getByTestId('mini-toggle-hand').click();
    await expect(tileOf(bob, 'Ada').getByTestId('tile-hand')).toBeVisible();

    // Back to call closes it; it opens again from the button.
    await clickClosing(mini, 'mini-return');
    await expect.poll(() => mini.isClosed()).toBe(true);
    await expect(ada.getByTestId('open-mini-window')).toHaveAttribute('aria-pressed', 'false');
    const again = await openMiniWindow(ada);
    await expect(again.getByTestId('participant-tile')).toContainText('Bob');

    await clickClosing(again, 'mini-leave');
    await expect(ada.getByTestId('call-ended')).toContainText('You left the call');
    await expect.poll(() => again.isClosed()).toBe(true);
    await expect(bob.getByTestId('participant-tile')).toHaveCount(1);
    await ada.context().close();
    await bob.context().close();
  });
});
