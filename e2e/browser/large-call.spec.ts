import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { spawnBots } from '../support/bots';
import { joinThroughLobby, newRoomLink } from '../support/call';

const BOTS = 99;
const VIDEO_BOTS = 8;

async function receivingVideo(page: Page): Promise<number> {
  return Number(await page.getByTestId('receiving-video').getAttribute('data-count'));
}

test('100 participants: the grid paginates, the list shows everyone, and only visible video is received', async ({ browser, server }) => {
  test.setTimeout(720_000);
  const link = newRoomLink(server.url, false);
  const url = new URL(link);
  const bots = await spawnBots({ url: server.url, room: url.pathname.slice(3), count: BOTS, video: VIDEO_BOTS, timeoutMs: 480_000 });
  try {
    // A small window: a few tiles a page, so some of the camera bots are off screen.
    const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 800, height: 560 } });
    const page = await context.newPage();
    await joinThroughLobby(page, link, 'Ada');

    // Tiles per page follow the grid's size, which settles once the banners and controls are laid out.
    const layout = async () => ({
      perPage: Number(await page.getByTestId('participant-grid').getAttribute('data-per-page')),
      tiles: await page.getByTestId('participant-tile').count(),
      label: await page.getByTestId('grid-page').textContent(),
    });
    await expect
      .poll(async () => {
        const { perPage, tiles, label } = await layout();
        return tiles === perPage && label === `Page 1 of ${Math.ceil(100 / perPage)}`;
      }, { timeout: 30_000 })
      .toBe(true);
    const { perPage } = await layout();
    expect(perPage).toBeGreaterThan(1);
    expect(perPage).toBeLessThan(VIDEO_BOTS);

    await page.getByTestId('toggle-people').click();
    await expect(page.getByTestId('people-count')).toHaveText('100');
    await expect(page.getByTestId('people-row')).toHaveCount(100);

    // On every page, exactly the cameras of the remote tiles on screen are received, and nothing else. (With the
    // people panel open the grid is narrower, so the page count is read from the pager.)
    const pageLabel = async () => /^Page (\d+) of (\d+)$/.exec((await page.getByTestId('grid-page').textContent()) ?? '');
    const pages = Number((await pageLabel())?.[2]);
    expect(pages).toBeGreaterThan(1);
    let seen = 0;
    for (let index = 1; index <= pages; index++) {
      await expect(page.getByTestId('grid-page')).toHaveText(`Page ${index} of ${pages}`);
      const onScreen = await page.locator('[data-testid="participant-tile"][data-local="false"][data-camera="published"]').count();
      await expect.poll(() => receivingVideo(page), { timeout: 30_000 }).toBe(onScreen);
      seen += onScreen;
      if (index < pages) await page.getByTestId('grid-next').click();
    }
    expect(seen).toBe(VIDEO_BOTS);
    await expect(page.getByTestId('receiving-video')).toContainText(`of ${VIDEO_BOTS}`);
    await context.close();
  } finally {
    await bots.stop();
  }
});
