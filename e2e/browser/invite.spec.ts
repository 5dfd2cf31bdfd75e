import jsQR from 'jsqr';
import type { Locator } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectVideoFlowing, joinThroughLobby, newRoomLink, openParticipant } from '../support/call';

/** What a phone's camera would read: the QR code as rendered on screen, decoded in Node by jsQR. */
async function decodeQr(qr: Locator): Promise<string | null> {
  const png = (await qr.screenshot()).toString('base64');
  // The browser only turns the PNG into RGBA pixels; the decoding happens here, outside the app.
  const image = await qr.page().evaluate(async (data) => {
    // An <img> (the CSP allows data: images, not data: fetches).
    const bitmap = new Image();
    bitmap.src = `data:image/png;base64,${data}`;
    await bitmap.decode();
    const canvas = new OffscreenCanvas(bitmap.naturalWidth, bitmap.naturalHeight);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    return { width: canvas.width, height: canvas.height, pixels: [...context.getImageData(0, 0, canvas.width, canvas.height).data] };
  }, png);
  return jsQR(Uint8ClampedArray.from(image.pixels), image.width, image.height)?.data ?? null;
}

test.describe('invite from inside the call', () => {
  test.setTimeout(120_000);

  test('copies the whole link, which another client joins with, and shows it as a QR code that decodes to the same link', async ({ page, browser, server }) => {
    const link = newRoomLink(server.url, true);
    // `page` has the config's clipboard permissions.
    await joinThroughLobby(page, link, 'Ada');
    await page.getByTestId('open-invite').click();
    const dialog = page.getByTestId('invite-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('invite-warning')).toHaveText('Anyone with this link can join the call and decrypt it. Share it only with the people you invite.');
    await expect(dialog.getByTestId('invite-link')).toHaveValue(link);

    await dialog.getByTestId('invite-copy').click();
    await expect(dialog.getByTestId('invite-copy')).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(link);
    expect(copied).toContain('#v1.');

    expect(await decodeQr(dialog.getByTestId('invite-qr'))).toBe(link);

    const bob = await openParticipant(browser);
    await joinThroughLobby(bob, copied, 'Bob');
    await expect(page.getByTestId('participant-tile')).toHaveCount(2);
    // Bob decrypts Ada's video: the copied link carried the key.
    await expectVideoFlowing(bob, 'Ada');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
    await bob.context().close();
  });
});
