import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../../server/index';
import type { LogFields, LogLevel } from '../../server/log';
import { expectVideoFlowing, joinPair, newRoomLink } from '../support/call';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// The Sealroom app (the web build in dist/renderer; run `npm run build` first) in an end-to-end encrypted call of two,
// its signalling through a TCP proxy: the token service hands out the proxy's URL, media goes straight to the server.

let server: RunningServer;
let proxy: TcpProxy;
const log: string[] = [];

test.beforeEach(async () => {
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

test.afterEach(async () => {
  await proxy.close();
  await server.close();
});

const securityCode = async (page: Page) => (await page.getByTestId('security-code').textContent())?.trim() ?? '';

/**
 * Starts noting, in the page, every time the video in `name`'s tile presents a new frame; `longestGap()` then says the
 * longest stretch without one, in ms, since the start.
 */
async function watchTile(page: Page, name: string): Promise<{ longestGap(): Promise<number>; longestFrom(): Promise<number> }> {
  await page.evaluate((who) => {
    const started = Date.now();
    const state = { last: started, longest: 0, frames: -1, longestFrom: started };
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
  await new Promise((resolve) => setTimeout(resolve, 3000));
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
});
