import type { Page } from '@playwright/test';
import { startServer, type RunningServer } from '../../server/index';
import type { LogFields, LogLevel } from '../../server/log';
import { expectVideoFlowing, joinPair, newRoomLink } from '../support/call';
import { expect, test } from '../support/fixtures';
import { spawnServerProcess } from './server-process';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// The Sealroom app (the web build in dist/renderer; run `npm run build` first) in an end-to-end encrypted call of two:
// its signalling through a TCP proxy that is cut (the token service hands out the proxy's URL, media goes straight to
// the server), and with the server process killed and started again.

let server: RunningServer;
let proxy: TcpProxy;
const log: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({}, testInfo) => {
  if (!testInfo.title.includes('signalling cut')) return;
  log.length = 0;
  let port = 0;
  proxy = await startTcpProxy(() => port);
  server = await startServer({
    port: 0,
    livekitUrl: proxy.wsUrl,
    // The app's page is on this server's origin, its signalling on the proxy's: another origin.
    allowedOrigins: ['*'],
    logger: (level: LogLevel, message: string, fields?: LogFields) => log.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
  });
  port = server.port;
});

test.afterEach(async ({}, testInfo) => {
  if (!testInfo.title.includes('signalling cut')) return;
  await proxy.close();
  await server.close();
});

async function chatLog(page: Page): Promise<string[]> {
  const open = (await page.getByTestId('chat-panel').count()) > 0;
  if (!open) await page.getByTestId('toggle-chat').click();
  const entries = await page.locator('[data-testid="chat-log"] li').allTextContents();
  if (!open) await page.getByTestId('toggle-chat').click();
  return entries;
}

async function sendChat(page: Page, text: string): Promise<void> {
  if ((await page.getByTestId('chat-panel').count()) === 0) await page.getByTestId('toggle-chat').click();
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-input').press('Enter');
}

const securityCode = async (page: Page) => (await page.getByTestId('security-code').textContent())?.trim() ?? '';

/**
 * Starts noting, in the page, every time the video in `name`'s tile presents a new frame; `longestGap()` then says the
 * longest stretch without one, in ms, since the start.
 */
async function watchTile(page: Page, name: string): Promise<{ longestGap(): Promise<number>; longestFrom(): Promise<number>; firstFrameAfter(at: number): Promise<number | null> }> {
  await page.evaluate((who) => {
    const started = Date.now();
    const state = { last: started, longest: 0, frames: -1, longestFrom: started, times: [] as number[] };
    (window as unknown as { tileWatch: typeof state }).tileWatch = state;
    setInterval(() => {
      const tile = [...document.querySelectorAll('[data-testid="participant-tile"]')].find((t) => t.textContent?.includes(who));
      const frames = tile?.querySelector('video')?.getVideoPlaybackQuality().totalVideoFrames ?? 0;
      const now = Date.now();
      if (frames !== state.frames) {
        if (now - state.last > state.longest) state.longestFrom = state.last;
        state.longest = Math.max(state.longest, now - state.last);
        state.last = now;
        state.frames = frames;
        if (frames > 0) state.times.push(now);
      }
    }, 50);
  }, name);
  return {
    longestGap: () =>
      page.evaluate(() => {
        const state = (window as unknown as { tileWatch: { last: number; longest: number } }).tileWatch;
        return Math.max(state.longest, Date.now() - state.last);
      }),
    longestFrom: () => page.evaluate(() => (window as unknown as { tileWatch: { longestFrom: number } }).tileWatch.longestFrom),
    firstFrameAfter: (at) => page.evaluate((after) => (window as unknown as { tileWatch: { times: number[] } }).tileWatch.times.find((t) => t > after) ?? null, at),
  };
}

test('the app rides out a 3 s signalling cut: video keeps playing, the security code stays, nobody leaves', async ({ browser }) => {
  test.setTimeout(180_000);
  const [ada, bob] = await joinPair(browser, newRoomLink(server.url, true), 'Ada', 'Bob');
  await expectVideoFlowing(ada, 'Bob');
  await expectVideoFlowing(bob, 'Ada');
  await expect.poll(async () => [await securityCode(ada), await securityCode(bob)].every((code) => code !== '' && code !== '…'), { timeout: 30_000 }).toBe(true);
  const code = await securityCode(ada);
  expect(await securityCode(bob)).toBe(code);

  const atAda = await watchTile(ada, 'Bob');
  const atBob = await watchTile(bob, 'Ada');
  const cutAt = Date.now();
  proxy.cut();
  // The banner says what is going on while the signalling is away; chat still goes over the media path.
  await expect(ada.getByTestId('reconnecting')).toHaveAttribute('data-kind', 'resuming', { timeout: 2500 });
  await sendChat(ada, 'Written during the cut');
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + 3000 - Date.now())));
  proxy.restore();
  await expect.poll(() => log.filter((line) => line.includes('participant resumed')).length, { timeout: 30_000 }).toBe(2);
  const resumedAfterMs = Date.now() - cutAt - 3000;
  await new Promise((resolve) => setTimeout(resolve, 3000));

  const gaps = [await atAda.longestGap(), await atBob.longestGap()];
  console.log(`app, signalling cut 3 s: resumed by ${resumedAfterMs} ms after the network came back; longest remote video gap ${gaps[0]} ms at Ada, ${gaps[1]} ms at Bob`);
  const starts = [(await atAda.longestFrom()) - cutAt, (await atBob.longestFrom()) - cutAt];
  expect(gaps[0], `longest gap in Bob’s video at Ada, from ${starts[0]} ms after the cut`).toBeLessThanOrEqual(1000);
  expect(gaps[1], `longest gap in Ada’s video at Bob, from ${starts[1]} ms after the cut`).toBeLessThanOrEqual(1000);
  expect(log.filter((line) => line.includes('participant left'))).toEqual([]);
  expect(await securityCode(ada)).toBe(code);
  expect(await securityCode(bob)).toBe(code);
  await expect(ada.getByTestId('reconnecting')).toBeHidden();
  await expect(bob.getByTestId('reconnecting')).toBeHidden();
  await expect.poll(async () => (await chatLog(bob)).filter((entry) => entry.includes('Written during the cut')).length, { timeout: 10_000 }).toBe(1);
  await expect(ada.getByTestId('chat-sending')).toBeHidden({ timeout: 10_000 });
});

test('after a server restart the app rejoins by itself: video back, one security code at both, chat written while it was down arrives once', async ({ browser }) => {
  test.setTimeout(180_000);
  let running = await spawnServerProcess();
  try {
    const [ada, bob] = await joinPair(browser, newRoomLink(running.url, true), 'Ada', 'Bob');
    await expectVideoFlowing(ada, 'Bob');
    await expectVideoFlowing(bob, 'Ada');
    await expect.poll(async () => [await securityCode(ada), await securityCode(bob)].every((c) => c !== '' && c !== '…'), { timeout: 30_000 }).toBe(true);

    const atAda = await watchTile(ada, 'Bob');
    const atBob = await watchTile(bob, 'Ada');
    await running.kill('SIGKILL');
    const killedAt = Date.now();
    // Nothing says goodbye: the client finds out from its pings, and the banner says so.
    await expect(ada.getByTestId('reconnecting')).toBeVisible({ timeout: 20_000 });
    const bannerAfterMs = Date.now() - killedAt;
    await sendChat(ada, 'Written while the server was down');
    await expect(ada.getByTestId('chat-sending')).toBeVisible();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + 2000 - Date.now())));
    running = await spawnServerProcess({ port: running.port });
    const readyAt = Date.now();

    // A generous ceiling; the printed figures are what to watch.
    const firstFrames = { ada: null as number | null, bob: null as number | null };
    await expect
      .poll(async () => {
        firstFrames.ada = await atAda.firstFrameAfter(readyAt);
        firstFrames.bob = await atBob.firstFrameAfter(readyAt);
        return firstFrames.ada !== null && firstFrames.bob !== null;
      }, { timeout: 30_000, message: 'remote video back at both' })
      .toBe(true);
    const videoBackMs = { ada: firstFrames.ada! - readyAt, bob: firstFrames.bob! - readyAt };
    const rejoinedMs = running.lines.filter((line) => line.includes('participant joined')).map((line) => Date.parse(line.split(' ')[0] ?? '') - readyAt);
    await expect(ada.getByTestId('reconnecting')).toBeHidden({ timeout: 30_000 });
    await expect(bob.getByTestId('reconnecting')).toBeHidden({ timeout: 30_000 });
    await expectVideoFlowing(ada, 'Bob');
    await expectVideoFlowing(bob, 'Ada');
    await expect.poll(async () => {
      const codes = [await securityCode(ada), await securityCode(bob)];
      return codes[0] !== '' && codes[0] !== '…' && codes[0] === codes[1];
    }, { timeout: 30_000, message: 'one security code at both after the rejoin' }).toBe(true);
    // Delivered exactly once after the rejoin, or shown as not delivered: never silently gone.
    await expect
      .poll(async () => {
        const atBob = (await chatLog(bob)).filter((entry) => entry.includes('Written while the server was down')).length;
        const shownUndelivered = (await ada.getByTestId('chat-undelivered').count()) > 0;
        return atBob === 1 || shownUndelivered ? 'accounted for' : `at Bob ${atBob} times, not shown as undelivered`;
      }, { timeout: 45_000 })
      .toBe('accounted for');
    const delivered = (await chatLog(bob)).filter((entry) => entry.includes('Written while the server was down')).length;
    expect(delivered).toBeLessThanOrEqual(1);
    console.log(
      `app, server restart (down 2 s): banner ${bannerAfterMs} ms after the kill; after the server was ready: rejoined at ${rejoinedMs.join(' and ')} ms, ` +
        `remote video back at ${videoBackMs.ada} ms (Ada) and ${videoBackMs.bob} ms (Bob); chat written while down ${delivered === 1 ? 'delivered once' : 'shown as not delivered'}`,
    );
  } finally {
    await running.kill('SIGKILL');
  }
});
