import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { expectVideoFlowing, joinThroughLobby, newRoomLink, tileOf } from '../support/call';

async function participant(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'], viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

const bitrate = (page: Page, identity: string, source: string, direction: string) =>
  page
    .locator(`[data-testid="stats-stream"][data-identity="${identity}"][data-source="${source}"][data-direction="${direction}"]`)
    .first()
    .getAttribute('data-bitrate', { timeout: 1000 })
    .then((value) => Number(value || 0))
    .catch(() => 0);

test.describe('call statistics', () => {
  test.setTimeout(120_000);

  test('in an encrypted call: non-zero bitrate for a live video each way, and frames being decrypted', async ({ browser, server }) => {
    const link = newRoomLink(server.url, true);
    const ada = await participant(browser);
    await joinThroughLobby(ada, link, 'Ada');
    const bob = await participant(browser);
    await joinThroughLobby(bob, link, 'Bob');
    await expect(tileOf(ada, 'Bob')).toHaveAttribute('data-verified', 'true', { timeout: 30_000 });
    await expectVideoFlowing(ada, 'Bob');
    const bobId = (await tileOf(ada, 'Bob').getAttribute('data-identity'))!;
    const adaId = (await ada.getByTestId('participant-tile').and(ada.locator('[data-local="true"]')).getAttribute('data-identity'))!;

    await ada.getByTestId('more-menu').click();
    await ada.getByTestId('toggle-stats').click();
    const panel = ada.getByTestId('stats-panel');
    await expect(panel).toBeVisible();
    await expect.poll(() => bitrate(ada, bobId, 'camera', 'receiving'), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => bitrate(ada, adaId, 'camera', 'sending'), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(panel.locator(`[data-testid="stats-decryption"][data-identity="${bobId}"]`)).toHaveAttribute('data-state', 'decrypting', { timeout: 15_000 });
    const receiving = panel.locator(`[data-testid="stats-stream"][data-identity="${bobId}"][data-source="camera"]`);
    await expect(receiving).toContainText('Resolution');
    await expect(receiving).toContainText('VP8');
    // Refreshed each second: the figure moves.
    const first = await receiving.textContent();
    await expect.poll(() => receiving.textContent(), { timeout: 5000 }).not.toBe(first);

    await panel.getByTestId('stats-copy').click();
    await expect(panel).toContainText('Copied.');
    const copied = await ada.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^Sealroom call statistics, /);
    expect(copied).toContain('Bob');
    expect(copied).toMatch(/Frames: decrypting/);
    expect(copied).toMatch(/Camera, receiving: bitrate [\d,.]+ kbit\/s/);
    expect(copied).not.toContain(link.split('#')[1]!);
    await ada.context().close();
    await bob.context().close();
  });
});
