import type { Page } from '@playwright/test';
import { startBots } from '../../scripts/bots';
import { expect, test } from '../support/fixtures';
import { joinThroughLobby, newRoomLink } from '../support/call';

const BOTS = 99;
const VIDEO_BOTS = 8;

async function receivingVideo(page: Page): Promise<number> {
  return Number(await page.getByTestId('receiving-video').getAttribute('data-count'));
}

test('100 participants: the grid paginates, the list shows everyone, and only visible video is received', async ({ browser, server }) => {
  test.setTimeout(480_000);
  const link = newRoomLink(server.url, false);
  const url = new URL(link);
  const bots = await startBots({ origin: server.url, room: url.pathname.slice(3), count: BOTS, video: VIDEO_BOTS, concurrency: 8 });
  try {
    // A small window: a few tiles a page, so some of the camera bots are off screen.
    const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 800, height: 560 } });
    const page = await context.newPage();
    await joinThroughLobby(page, link, 'Ada');

    await expect(page.getByTestId('grid-page')).toContainText(/Page 1 of \d+/);
    const perPage = Number(await page.getByTestId('participant-grid').getAttribute('data-per-page'));
    expect(perPage).toBeGreaterThan(1);
    expect(perPage).toBeLessThan(VIDEO_BOTS);
    await expect(page.getByTestId('participant-tile')).toHaveCount(perPage);
    await expect(page.getByTestId('grid-page')).toHaveText(`Page 1 of ${Math.ceil(100 / perPage)}`);

    await page.getByTestId('toggle-people').click();
    await expect(page.getByTestId('people-count')).toHaveText('100');
    await expect(page.getByTestId('people-row')).toHaveCount(100);

    // Page 1 shows Ada and the first perPage-1 bots, all of them publishing video.
    await expect.poll(() => receivingVideo(page), { timeout: 30_000 }).toBe(perPage - 1);
    await expect(page.getByTestId('receiving-video')).toContainText(`of ${VIDEO_BOTS}`);

    await page.getByTestId('grid-next').click();
    await expect(page.getByTestId('grid-page')).toContainText('Page 2 of');
    await expect.poll(() => receivingVideo(page), { timeout: 30_000 }).toBe(VIDEO_BOTS - (perPage - 1));
    await context.close();
  } finally {
    await bots.stop();
  }
});
