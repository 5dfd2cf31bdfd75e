import { expect, test } from '../support/fixtures';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

test.describe('room link opened in a browser', () => {
  test('offers "Open in Sealroom" with the same path and fragment, and "Join in the browser"', async ({ page, server }) => {
    await page.goto(`${server.url}/r/${ROOM}#v1.${SECRET}`);
    const choice = page.getByTestId('handoff-choice');
    await expect(choice).toBeVisible();
    await expect(page.getByTestId('lobby-screen')).toBeVisible();
    const host = new URL(server.url).host;
    await expect(page.getByRole('link', { name: 'Open in Sealroom' })).toHaveAttribute('href', `sealroom://${host}/r/${ROOM}#v1.${SECRET}`);

    await page.getByRole('button', { name: 'Join in the browser' }).click();
    await expect(choice).toBeHidden();
    await expect(page.getByTestId('lobby-screen')).toBeVisible();
  });

  test('after "Open in Sealroom", explains what to do if the app did not open', async ({ page, server }) => {
    await page.goto(`${server.url}/r/${ROOM}#v1.off`);
    // Without an installed app the browser cannot open sealroom://; the page stays and says what to do.
    await page.getByTestId('handoff-open-app').evaluate((link) => link.addEventListener('click', (event) => event.preventDefault()));
    await page.getByTestId('handoff-open-app').click();
    await expect(page.getByTestId('handoff-app-hint')).toContainText('Join in the browser');
    await expect(page.getByTestId('handoff-choice')).toBeVisible();
  });

  test('is not offered for a link pasted on the home screen', async ({ page, server }) => {
    await page.goto(server.url);
    await page.getByTestId('join-link-input').fill(`${server.url}/r/${ROOM}#v1.off`);
    await page.getByTestId('join-link-submit').click();
    await expect(page.getByTestId('lobby-screen')).toBeVisible();
    await expect(page.getByTestId('handoff-choice')).toHaveCount(0);
  });
});
