import { expect, test } from '../support/fixtures';
import { seriousA11yViolations } from '../support/axe';
import { joinPair, newRoomLink } from '../support/call';

for (const colorScheme of ['dark', 'light'] as const) {
  test.describe(`accessibility (axe-core: no serious or critical violations), ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('home (with the first-run server choice), settings and lobby', async ({ page, server }) => {
      await page.goto(server.url);
      await page.getByTestId('new-call-create').click();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByTestId('open-settings').click();
      await expect(page.getByTestId('settings-call-alerts')).toBeVisible();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.goto('about:blank');
      await page.goto(newRoomLink(server.url, false));
      await expect(page.getByTestId('lobby-preview')).toBeVisible();
      expect(await seriousA11yViolations(page)).toEqual([]);
    });

    test('the call with chat, people and statistics panels, the More menu and the dialogs', async ({ browser, server }) => {
      test.setTimeout(120_000);
      const link = newRoomLink(server.url, false);
      const [ada, bob] = await joinPair(browser, link, 'Ada', 'Bob');
      await ada.emulateMedia({ colorScheme });
      await expect(ada.getByTestId('participant-tile')).toHaveCount(2);
      expect(await seriousA11yViolations(ada)).toEqual([]);
      await ada.getByTestId('toggle-chat').click();
      await ada.getByTestId('chat-input').fill('hi');
      await ada.getByTestId('chat-send').click();
      expect(await seriousA11yViolations(ada)).toEqual([]);
      await ada.getByTestId('toggle-people').click();
      expect(await seriousA11yViolations(ada)).toEqual([]);
      await ada.getByTestId('participant-tile').filter({ hasText: 'Bob' }).getByTestId('tile-volume').click();
      expect(await seriousA11yViolations(ada)).toEqual([]);
      await ada.getByTestId('more-menu').click();
      await expect(ada.getByRole('menu', { name: 'More' })).toBeVisible();
      expect(await seriousA11yViolations(ada)).toEqual([]);
      await ada.getByTestId('toggle-stats').click();
      await expect(ada.getByTestId('stats-stream').first()).toBeVisible();
      expect(await seriousA11yViolations(ada)).toEqual([]);
      await ada.getByTestId('more-menu').click();
      await ada.getByTestId('open-devices').click();
      await expect(ada.getByTestId('devices-dialog')).toBeVisible();
      expect(await seriousA11yViolations(ada)).toEqual([]);
      await ada.getByTestId('devices-close').click();
      await ada.keyboard.press('?');
      await expect(ada.getByTestId('shortcuts-dialog')).toBeVisible();
      expect(await seriousA11yViolations(ada)).toEqual([]);
      await ada.keyboard.press('Escape');
      await ada.getByTestId('open-invite').click();
      await expect(ada.getByTestId('invite-dialog')).toBeVisible();
      expect(await seriousA11yViolations(ada)).toEqual([]);
      await ada.context().close();
      await bob.context().close();
    });
  });
}
