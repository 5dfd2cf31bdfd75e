import { expect, test } from '../support/fixtures';
import { expectEveryoneSeesEveryone, expectVideoFlowing, joinAll, joinPair, newRoomLink, remoteAudioLevel, tileOf } from '../support/call';

test.describe('a call through the lobby', () => {
  test.setTimeout(120_000);

  test('two participants see and hear each other, chat, raise a hand and leave', async ({ browser, server }) => {
    const link = newRoomLink(server.url, false);
    const [ada, bob] = await joinPair(browser, link, 'Ada', 'Bob');

    await expect(ada.getByTestId('participant-tile')).toHaveCount(2);
    await expect(bob.getByTestId('participant-tile')).toHaveCount(2);
    await expectVideoFlowing(ada, 'Bob');
    await expectVideoFlowing(bob, 'Ada');
    await expect.poll(() => remoteAudioLevel(ada), { timeout: 20_000 }).toBeGreaterThan(0.01);
    await expect.poll(() => remoteAudioLevel(bob), { timeout: 20_000 }).toBeGreaterThan(0.01);

    await ada.getByTestId('toggle-chat').click();
    await ada.getByTestId('chat-input').fill('Hello Bob');
    await ada.getByTestId('chat-send').click();
    await expect(bob.getByTestId('toggle-chat')).toHaveAccessibleName(/1 unread/);
    await bob.getByTestId('toggle-chat').click();
    await expect(bob.getByTestId('chat-log')).toContainText('Hello Bob');

    await bob.getByTestId('toggle-hand').click();
    await expect(tileOf(ada, 'Bob').getByTestId('tile-hand')).toBeVisible();

    await bob.getByTestId('leave-call').click();
    await expect(bob.getByTestId('call-ended')).toContainText('You left the call');
    await expect(ada.getByTestId('participant-tile')).toHaveCount(1);
    await ada.context().close();
    await bob.context().close();
  });

  test('three participants each see the other two', async ({ browser, server }) => {
    const link = newRoomLink(server.url, false);
    const names = ['Ada', 'Bob', 'Cy'];
    const pages = await joinAll(browser, link, names);
    await expectEveryoneSeesEveryone(pages, names);
    await expect.poll(() => remoteAudioLevel(pages[2]!), { timeout: 20_000 }).toBeGreaterThan(0.01);
    await pages[0]!.getByTestId('leave-call').click();
    await expect(pages[1]!.getByTestId('participant-tile')).toHaveCount(2);
    await expect(pages[2]!.getByTestId('participant-tile')).toHaveCount(2);
    for (const page of pages) await page.context().close();
  });
});
