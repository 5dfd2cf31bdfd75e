import { expect, test } from '../support/fixtures';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

test.describe('home screen', () => {
  test('validates a pasted link as you type, with a message per problem', async ({ page, server }) => {
    const response = await page.goto(server.url);
    // The web build runs under the same Content-Security-Policy as the desktop app.
    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'/);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await expect(page.getByRole('heading', { name: 'Sealroom' })).toBeVisible();
    const input = page.getByTestId('join-link-input');
    const message = page.getByTestId('join-link-message');
    const join = page.getByTestId('join-link-submit');

    await expect(join).toBeDisabled();
    await input.fill('javascript:alert(1)');
    await expect(message).toContainText('not room links');
    await input.fill(`https://meet.example.com/r/${ROOM}`);
    await expect(message).toContainText('missing its key');
    await input.fill(`http://meet.example.com/r/${ROOM}#v1.off`);
    await expect(message).toContainText('only allowed for a server on this computer');
    await input.fill(`https://meet.example.com/r/${ROOM.slice(0, 10)}#v1.off`);
    await expect(message).toContainText('room name');
    await input.fill(`https://user@meet.example.com/r/${ROOM}#v1.off`);
    await expect(message).toContainText('user name or password');
    await expect(join).toBeDisabled();

    await input.fill(`${server.url}/r/${ROOM}#v1.${SECRET}`);
    await expect(message).toContainText('end-to-end encrypted');
    await expect(join).toBeEnabled();
    await join.click();
    await expect(page.getByTestId('lobby-screen')).toBeVisible();
    // The key stays in the page: the address the server saw has no fragment.
    expect(page.url()).not.toContain(SECRET);
  });

  test('creates an encrypted call link by default, and explains before turning encryption off', async ({ page, server }) => {
    await page.goto(server.url);
    await page.getByTestId('new-call-create').click();
    const link = await page.getByTestId('new-call-link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/r/[A-Za-z0-9_-]{22}#v1\\.[A-Za-z0-9_-]{43}$`));
    await expect(page.getByText('Anyone with this link can join')).toBeVisible();

    await page.getByTestId('new-call-e2ee').click();
    await expect(page.getByTestId('new-call-e2ee')).toBeChecked();
    await expect(page.getByTestId('e2ee-off-confirm')).toContainText("the server can access this call's audio, video and chat");
    await page.getByRole('button', { name: 'Turn off encryption' }).click();
    await expect(page.getByTestId('new-call-e2ee')).not.toBeChecked();
    await page.getByTestId('new-call-create').click();
    await expect(page.getByTestId('new-call-link')).toHaveValue(/#v1\.off$/);
  });

  test('opens a room link from the address bar into the lobby, and a damaged one with its error', async ({ page, server }) => {
    await page.goto(`${server.url}/r/${ROOM}#v1.off`);
    await expect(page.getByTestId('lobby-screen')).toBeVisible();
    await expect(page.getByTestId('lobby-e2ee-off')).toBeVisible();
    await page.goto('about:blank');
    await page.goto(`${server.url}/r/${ROOM}#v1.short`);
    await expect(page.getByTestId('home-screen')).toBeVisible();
    await expect(page.getByTestId('join-link-message')).toContainText("can't be opened");
  });

  test('persists settings across reloads', async ({ page, server }) => {
    await page.goto(server.url);
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-display-name').fill('Ada Lovelace');
    await page.getByTestId('settings-save').click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.reload();
    await page.getByTestId('open-settings').click();
    await expect(page.getByTestId('settings-display-name')).toHaveValue('Ada Lovelace');
  });
});
