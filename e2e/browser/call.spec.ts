import { expect, test } from '../support/fixtures';
import { expectEveryoneSeesEveryone, expectVideoFlowing, joinAll, joinPair, joinThroughLobby, newRoomLink, openParticipant, remoteAudioLevel, tileOf } from '../support/call';
import { watchPeerConnections } from '../support/e2ee-probes';

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

test.describe('the camera the call publishes', () => {
  test.setTimeout(120_000);

  test('is the lobby’s preview handed over, at the 1280×720 the call asks for, and toggles off and on', async ({ browser, server }) => {
    const link = newRoomLink(server.url, true);
    const ada = await openParticipant(browser);
    await watchPeerConnections(ada);
    await ada.goto(link);
    const preview = ada.getByTestId('lobby-preview');
    await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => (video.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? ''), { timeout: 15_000 }).not.toBe('');
    const previewTrack = await preview.evaluate((video: HTMLVideoElement) => (video.srcObject as MediaStream).getVideoTracks()[0]!.id);
    await ada.getByTestId('display-name').fill('Ada');
    await ada.getByTestId('join-call').click();
    await expect(ada.getByTestId('call-view')).toBeVisible();
    const bob = await openParticipant(browser);
    await joinThroughLobby(bob, link, 'Bob');
    await expectVideoFlowing(bob, 'Ada');
    // What Ada's camera captures for the call (the source of every simulcast layer), and what her senders carry.
    const published = () =>
      ada.evaluate(async (previewId) => {
        const sizes: string[] = [];
        for (const connection of window.__peerConnections ?? []) {
          for (const sender of connection.getSenders()) {
            const settings = sender.track?.kind === 'video' ? sender.track.getSettings() : null;
            if (settings) sizes.push(`${sender.track!.id === previewId ? 'preview' : 'new'} ${settings.width}x${settings.height}`);
          }
        }
        return sizes;
      }, previewTrack);
    await expect.poll(published, { timeout: 20_000 }).toEqual(['preview 1280x720']);
    await ada.getByTestId('toggle-camera').click();
    await expect(tileOf(bob, 'Ada').locator('video')).toHaveCount(0);
    await ada.getByTestId('toggle-camera').click();
    await expectVideoFlowing(bob, 'Ada');
    await ada.context().close();
    await bob.context().close();
  });
});
