import { expect, test } from '../support/fixtures';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';

// The web build has no managed policy (a browser has no registry or policy file), so these check the unmanaged
// app: nothing locked, everything left to the user. The refusals under a policy are unit-tested on the functions
// the screens call (renderer/app/join-link-check.test.ts, renderer/home/new-call-encryption.test.ts).
test.describe('policy and updates in the browser', () => {
  test('settings explain that the browser updates Sealroom, with nothing managed and no update buttons', async ({ page, server }) => {
    await page.goto(server.url);
    await page.getByTestId('open-settings').click();
    const updates = page.getByTestId('settings-updates');
    await expect(updates.getByRole('heading', { name: 'Updates' })).toBeVisible();
    await expect(page.getByTestId('updates-message')).toHaveText(/In the browser, Sealroom updates itself with the page: reload the page/);
    await expect(updates.getByRole('button')).toHaveCount(0);
    await expect(page.getByTestId('settings-policy')).toHaveCount(0);
    await expect(page.getByTestId('policy-lock')).toHaveCount(0);
  });

  test('an unmanaged app shows no locks and lets the user create and join calls without encryption', async ({ page, server }) => {
    await page.goto(server.url);
    await expect(page.getByTestId('home-screen')).toBeVisible();
    await expect(page.getByTestId('policy-lock')).toHaveCount(0);
    await expect(page.getByTestId('new-call-e2ee-required')).toHaveCount(0);

    const toggle = page.getByTestId('new-call-e2ee');
    await expect(toggle).toBeEnabled();
    await toggle.click();
    await page.getByRole('button', { name: 'Turn off encryption' }).click();
    await expect(toggle).not.toBeChecked();
    await page.getByTestId('new-call-create').click();
    await expect(page.getByTestId('new-call-link')).toHaveValue(/#v1\.off$/);

    // Any host is allowed, and so is an unencrypted link.
    await page.getByTestId('join-link-input').fill(`https://meet.elsewhere.example/r/${ROOM}#v1.off`);
    await expect(page.getByTestId('join-link-message')).toHaveText('Ready to join meet.elsewhere.example — not end-to-end encrypted.');
    await expect(page.getByTestId('join-link-submit')).toBeEnabled();
  });
});
