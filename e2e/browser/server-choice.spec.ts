import { createServer } from 'node:net';
import { expect, test } from '../support/fixtures';
import { joinThroughLobby, openParticipant } from '../support/call';
import { installFakeDesktop } from '../support/fake-desktop';

/** A loopback port where nothing listens: a meeting server that is down. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

test.describe('choosing the meeting server', () => {
  test.setTimeout(120_000);

  test('with no server set and none reachable, New call explains and leads to the setting; once set there, a call works', async ({ page, browser, server }) => {
    // An installed app: no built-in server, no policy.
    await installFakeDesktop(page, { defaultServer: null });
    await page.goto(server.url);
    await expect(page.getByTestId('server-choice')).toBeVisible();
    await page.getByTestId('server-choice-skip').click();
    await expect(page.getByTestId('server-choice')).toHaveCount(0);
    await expect(page.getByTestId('new-call-server')).toHaveText('No meeting server is set.');

    const problem = page.getByTestId('new-call-server-problem');
    await page.getByTestId('new-call-create').click();
    await expect(problem).toContainText('No meeting server is set, so Sealroom has nowhere to create a call. Set one in Settings');
    await expect(problem).toContainText('ask your admin');
    await expect(page.getByTestId('new-call-link')).toHaveCount(0);
    await page.getByTestId('new-call-open-server-setting').click();
    const input = page.getByTestId('settings-meeting-server-input');
    await expect(input).toBeFocused();

    // A server that is down: named, with what was checked, instead of a network error.
    const down = `http://127.0.0.1:${await closedPort()}`;
    await input.fill('http://meet.example.com');
    await expect(page.getByTestId('settings-meeting-server-message')).toContainText('only allowed for a server on this computer');
    await expect(page.getByTestId('settings-meeting-server-save')).toBeDisabled();
    await input.fill(down);
    await page.getByTestId('settings-meeting-server-save').click();
    await expect(page.getByTestId('settings-meeting-server-saved')).toHaveText('Saved.');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByTestId('new-call-create').click();
    await expect(problem).toContainText(`Sealroom could not reach the meeting server ${down}. Nothing answered at ${down}/api/token`);
    await page.getByRole('button', { name: 'Change the meeting server' }).click();

    await expect(input).toBeFocused();
    await input.fill(`${server.url}/`);
    await page.getByTestId('settings-meeting-server-save').click();
    await expect(input).toHaveValue(server.url);
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByTestId('new-call-server')).toHaveText(`On ${server.url}`);
    await page.getByTestId('new-call-create').click();
    await expect(problem).toHaveCount(0);
    const link = await page.getByTestId('new-call-link').inputValue();
    expect(link.startsWith(`${server.url}/r/`)).toBe(true);

    await page.getByTestId('new-call-start').click();
    await page.getByTestId('display-name').fill('Ada');
    await page.getByTestId('join-call').click();
    await expect(page.getByTestId('call-view')).toBeVisible();
    const bob = await openParticipant(browser);
    await joinThroughLobby(bob, link, 'Bob');
    await expect(page.getByTestId('participant-tile')).toHaveCount(2);
    await expect(bob.getByTestId('participant-tile')).toHaveCount(2);
    await bob.context().close();

    // The choice is remembered, and the first-run card does not come back.
    await page.goto('about:blank');
    await page.goto(server.url);
    await expect(page.getByTestId('new-call-server')).toHaveText(`On ${server.url}`);
    await expect(page.getByTestId('server-choice')).toHaveCount(0);
  });

  test("a managed defaultServer is locked in Settings, used by New call, and the first start doesn't ask", async ({ page, server }) => {
    await installFakeDesktop(page, { defaultServer: null, policy: { defaultServer: server.url } });
    await page.goto(server.url);
    await expect(page.getByTestId('home-screen')).toBeVisible();
    await expect(page.getByTestId('server-choice')).toHaveCount(0);
    await expect(page.getByTestId('new-call-server')).toHaveText(`On ${server.url}`);

    await page.getByTestId('open-settings').click();
    const section = page.getByTestId('settings-meeting-server');
    await expect(section.getByTestId('settings-meeting-server-input')).toHaveValue(server.url);
    await expect(section.getByTestId('settings-meeting-server-input')).not.toBeEditable();
    await expect(section.getByTestId('policy-lock')).toHaveText(/Set by your organisation/);
    await expect(section).toContainText('Your organisation chose this server for new calls.');
    await expect(section.getByTestId('settings-meeting-server-save')).toHaveCount(0);
    await expect(page.getByTestId('managed-defaultServer')).toContainText(server.url);

    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByTestId('new-call-create').click();
    await expect(page.getByTestId('new-call-link')).toHaveValue(new RegExp(`^${server.url}/r/`));
  });

  test("in the browser, the first start suggests the page's own server and remembers the answer", async ({ page, server }) => {
    await page.goto(server.url);
    const card = page.getByTestId('server-choice');
    await expect(card.getByTestId('server-choice-input')).toHaveValue(server.url);
    await card.getByTestId('server-choice-input').fill('ftp://meet.example.com');
    await expect(card.getByTestId('server-choice-save')).toBeDisabled();
    await card.getByTestId('server-choice-input').fill(server.url);
    await card.getByTestId('server-choice-save').click();
    await expect(card).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('home-screen')).toBeVisible();
    await expect(page.getByTestId('server-choice')).toHaveCount(0);
    await page.getByTestId('open-settings').click();
    await expect(page.getByTestId('settings-meeting-server-input')).toHaveValue(server.url);
  });
});
