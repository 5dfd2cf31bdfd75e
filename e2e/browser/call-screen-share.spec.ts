import { expect, test } from '../support/fixtures';
import { expectVideoFlowing, joinPair, newRoomLink, tileOf } from '../support/call';

test('sharing a screen in an encrypted call: picker, preview, "you are sharing" bar, others see it, stop', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const link = newRoomLink(server.url, true);
  const [ada, bob] = await joinPair(browser, link, 'Ada', 'Bob');
  await expectVideoFlowing(bob, 'Ada');

  await ada.getByTestId('screen-share-start').click();
  await expect(ada.getByTestId('screen-picker')).toBeVisible();
  await ada.getByTestId('screen-picker-cancel').click();
  await expect(ada.getByTestId('screen-picker')).toHaveCount(0);
  await expect(ada.getByTestId('screen-share-start')).toBeEnabled();

  // Cancelling resolved cleanly: the next share goes through the picker and a preview of exactly what is shared.
  await ada.getByTestId('screen-share-start').click();
  await ada.getByTestId('screen-source').first().click();
  await ada.getByTestId('screen-picker-share').click();
  await expect(ada.getByTestId('screen-share-preview')).toBeVisible();
  await expect(bob.locator('[data-testid="participant-tile"][data-source="screen_share"]')).toHaveCount(0);
  await ada.getByTestId('screen-share-confirm').click();
  await expect(ada.getByTestId('screen-share-bar')).toContainText('You are sharing');

  const shared = bob.locator('[data-testid="participant-tile"][data-source="screen_share"]');
  await expect(shared).toHaveCount(1);
  await expect.poll(() => shared.locator('video').evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames).catch(() => 0), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(tileOf(bob, 'Ada').first()).toBeVisible();

  await ada.getByTestId('screen-share-stop').click();
  await expect(shared).toHaveCount(0);
  await ada.context().close();
  await bob.context().close();
});
