import { readFile } from 'node:fs/promises';
import { expect, test } from '../support/fixtures';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

test('Export diagnostics (Settings) downloads a bundle with the page log and no link key', async ({ page, server }) => {
  await page.goto(server.url);
  await page.getByTestId('join-link-input').fill(`${server.url}/r/${ROOM}#v1.${SECRET}`);
  await page.getByTestId('join-link-submit').click();
  await expect(page.getByTestId('lobby-screen')).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByTestId('open-settings').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('settings-export-diagnostics').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^sealroom-diagnostics-.*\.txt$/);
  await expect(page.getByTestId('settings-export-result')).toHaveText('Downloaded. Send the file to your support contact.');
  const text = await readFile(await file.path(), 'utf8');
  expect(text).toContain('== Settings ==');
  // The page's own log lines, the link named without its key.
  expect(text).toContain(`[renderer/app] screen: lobby ${server.url}/r/${ROOM} (e2ee on)`);
  expect(text).toContain('[renderer/app] screen: settings');
  expect(text).not.toContain(SECRET);
});
