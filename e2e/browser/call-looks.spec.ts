import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { joinPair, newRoomLink } from '../support/call';

/** Every control of the bar, with where it is drawn. */
const barLayout = (page: Page) =>
  page.getByRole('toolbar', { name: 'Call controls' }).evaluate((bar) => {
    const rect = bar.getBoundingClientRect();
    const controls = [...bar.querySelectorAll(':scope > button, :scope > div > button, :scope > .more-menu > button')].map((element) => {
      const box = element.getBoundingClientRect();
      return { name: element.getAttribute('aria-label') ?? element.textContent ?? '', top: Math.round(box.top), bottom: Math.round(box.bottom), right: Math.round(box.right) };
    });
    return { width: Math.round(rect.width), height: Math.round(rect.height), scrollWidth: bar.scrollWidth, clientWidth: bar.clientWidth, controls };
  });

test.describe('the call’s looks', () => {
  test.setTimeout(120_000);

  for (const colorScheme of ['dark', 'light'] as const) {
    test(`the control bar is one row at 1280 px, every control named (${colorScheme})`, async ({ browser, server }) => {
      const link = newRoomLink(server.url, false);
      const [ada, bob] = await joinPair(browser, link, 'Ada', 'Bob');
      await ada.emulateMedia({ colorScheme });
      await ada.setViewportSize({ width: 1280, height: 800 });
      await expect(ada.getByTestId('participant-tile')).toHaveCount(2);
      const layout = await barLayout(ada);
      expect(layout.controls.length).toBeGreaterThanOrEqual(10);
      expect(new Set(layout.controls.map((control) => control.top)).size, JSON.stringify(layout.controls)).toBe(1);
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
      expect(Math.max(...layout.controls.map((control) => control.right))).toBeLessThanOrEqual(1280);
      for (const control of layout.controls) expect(control.name.trim()).not.toBe('');
      await ada.screenshot({ path: test.info().outputPath(`call-${colorScheme}.png`) });

      // The secondary actions are in the More menu, reachable by keyboard.
      await ada.getByTestId('more-menu').focus();
      await ada.keyboard.press('Enter');
      await expect(ada.getByRole('menu', { name: 'More' })).toBeVisible();
      await expect(ada.getByRole('menuitem', { name: 'Devices…' })).toBeFocused();
      await ada.keyboard.press('ArrowDown');
      await ada.keyboard.press('ArrowDown');
      await expect(ada.getByRole('menuitemcheckbox', { name: 'Call statistics' })).toBeFocused();
      await ada.keyboard.press('Escape');
      await expect(ada.getByRole('menu', { name: 'More' })).toBeHidden();
      await expect(ada.getByTestId('more-menu')).toBeFocused();
      await ada.screenshot({ path: test.info().outputPath(`call-${colorScheme}-after.png`) });
      await ada.context().close();
      await bob.context().close();
    });
  }
});
