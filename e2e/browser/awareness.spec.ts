import type { BrowserContext, Page } from '@playwright/test';
import { toneDuration } from '../../renderer/sounds/tones';
import { expect, test } from '../support/fixtures';
import { joinThroughLobby, newRoomLink, openParticipant, tileOf } from '../support/call';

interface Observed {
  notifications: Array<{ title: string; body: string }>;
  /** Durations (s) of the buffers the page played: each call sound is one buffer played once. */
  sounds: number[];
}

declare global {
  interface Window {
    __observed?: Observed;
  }
}

/** Records every notification the page creates (permission granted) and every sound buffer it plays. */
async function observeAttention(context: BrowserContext): Promise<void> {
  await context.grantPermissions(['notifications']);
  await context.addInitScript(() => {
    const observed: Observed = { notifications: [], sounds: [] };
    window.__observed = observed;
    const Native = window.Notification;
    class Recorded extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        observed.notifications.push({ title, body: options?.body ?? '' });
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true, writable: true });
    const start = AudioBufferSourceNode.prototype.start;
    AudioBufferSourceNode.prototype.start = function (this: AudioBufferSourceNode, ...args: Parameters<typeof start>) {
      observed.sounds.push(this.buffer?.duration ?? 0);
      return start.apply(this, args);
    };
  });
}

const observed = (page: Page) => page.evaluate(() => window.__observed!);
const reset = (page: Page) => page.evaluate(() => Object.assign(window.__observed!, { notifications: [], sounds: [] }));
/** The window loses focus to another app: the page says so, as Chromium does. */
const blur = (page: Page) =>
  page.evaluate(() => {
    Object.defineProperty(document, 'hasFocus', { value: () => false, configurable: true });
    window.dispatchEvent(new Event('blur'));
  });
const focus = (page: Page) =>
  page.evaluate(() => {
    Object.defineProperty(document, 'hasFocus', { value: () => true, configurable: true });
    window.dispatchEvent(new Event('focus'));
  });

const near = (seconds: number) => (duration: number) => Math.abs(duration - seconds) < 0.01;

test.describe('awareness', () => {
  test.setTimeout(120_000);

  test('a hand raised while the window is in the background: one notification (no name without previews) and one sound', async ({ browser, server }) => {
    const link = newRoomLink(server.url, true);
    const ada = await openParticipant(browser);
    await observeAttention(ada.context());
    await joinThroughLobby(ada, link, 'Ada');
    const bob = await openParticipant(browser);
    await joinThroughLobby(bob, link, 'Bob');
    await expect(tileOf(ada, 'Bob')).toHaveAttribute('data-verified', 'true', { timeout: 30_000 });
    // Bob's arrival was heard and announced.
    await expect.poll(async () => (await observed(ada)).sounds.filter(near(toneDuration('join')))).toHaveLength(1);
    await expect(ada.getByTestId('call-announcer')).toHaveText('Bob joined the call');
    // A hand already up on arrival is part of the arrival; wait out that grace.
    await ada.waitForTimeout(3500);

    await blur(ada);
    await reset(ada);
    await bob.getByTestId('toggle-hand').click();
    await expect(tileOf(ada, 'Bob').getByTestId('tile-hand')).toBeVisible();
    await expect.poll(async () => (await observed(ada)).notifications).toEqual([{ title: 'A hand is raised', body: 'Someone raised their hand in your Sealroom call.' }]);
    await ada.waitForTimeout(1000);
    const after = await observed(ada);
    expect(after.notifications).toHaveLength(1);
    expect(after.sounds).toEqual([expect.closeTo(toneDuration('hand'), 2)]);
    await expect(ada.getByTestId('call-announcer')).toHaveText('Bob raised their hand');

    // Chat in the background: a notification without the text; the tab shows the unread count.
    await bob.getByTestId('toggle-chat').click();
    await bob.getByTestId('chat-input').fill('the launch moves to Friday');
    await bob.getByTestId('chat-send').click();
    await expect.poll(async () => (await observed(ada)).notifications.length).toBe(2);
    expect((await observed(ada)).notifications[1]).toEqual({ title: 'New message', body: 'Someone wrote in your Sealroom call. Open it to read the message.' });
    await expect(ada).toHaveTitle('(1) Sealroom');

    // In front again: a hand makes its sound but no notification.
    await focus(ada);
    await bob.getByTestId('toggle-hand').click();
    await bob.getByTestId('toggle-hand').click();
    await expect.poll(async () => (await observed(ada)).sounds.filter(near(toneDuration('hand')))).toHaveLength(2);
    expect((await observed(ada)).notifications).toHaveLength(2);
    await ada.getByTestId('toggle-chat').click();
    await expect(ada).toHaveTitle('Sealroom');
    await ada.context().close();
    await bob.context().close();
  });
});
