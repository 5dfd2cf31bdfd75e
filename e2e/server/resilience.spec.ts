import { type Browser, expect, test } from '@playwright/test';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { LogFields, LogLevel } from '../../server/log';
import { fetchToken, newRoomName, openHarness, startTestServer, type HarnessPage, type TestServer } from './support';
import { spawnServerProcess, type ServerProcess } from './server-process';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

test.describe.configure({ mode: 'serial' });

const pages: HarnessPage[] = [];

test.afterEach(async () => {
  for (const { context } of pages.splice(0)) await context.close().catch(() => {});
});

/** Joins through `wsUrl` (the server's own, or a proxy in front of it) with a token from `server`. */
async function join(browser: Browser, server: { url: string }, wsUrl: string, room: string, identity: string): Promise<HarnessPage> {
  const harness = await openHarness(browser, server);
  pages.push(harness);
  const { participant_token } = await fetchToken(server, room, identity);
  await harness.page.evaluate(([url, token]) => window.harness.connect(url, token), [wsUrl, participant_token] as const);
  return harness;
}

/** Waits until `h` presents video frames from `identity` again and again (at least 20 in the last 3 s). */
async function expectVideoFrom(h: HarnessPage, identity: string, timeout = 30_000): Promise<void> {
  await expect
    .poll(
      () => h.page.evaluate((id) => window.harness.longestFrameGap(id, Date.now() - 3000, Date.now()).ms, identity),
      { timeout, message: `video from ${identity} keeps being presented` },
    )
    .toBeLessThan(500);
}

const longestGap = (h: HarnessPage, identity: string, from: number, to: number) =>
  h.page.evaluate(([id, a, b]) => window.harness.longestFrameGap(id, a, b), [identity, from, to] as const);

const eventTimes = (h: HarnessPage, event: string) =>
  h.page.evaluate((name) => window.harness.timedEvents().filter((e) => e.event === name).map((e) => e.at), event);

test.describe('a 3 s signalling cut (TCP proxy; media untouched)', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  const log: string[] = [];

  test.beforeEach(async () => {
    log.length = 0;
    server = await startTestServer({
      logger: (level: LogLevel, message: string, fields?: LogFields) => log.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    });
    proxy = await startTcpProxy(() => server.port);
  });

  test.afterEach(async () => {
    await proxy.close();
    await server.close();
  });

  test('is resumed: remote video never stops for over 1 s and nobody leaves', async ({ browser }) => {
    test.setTimeout(120_000);
    const room = newRoomName();
    const alice = await join(browser, server, proxy.wsUrl, room, 'alice');
    const bob = await join(browser, server, proxy.wsUrl, room, 'bob');
    await expectVideoFrom(alice, 'bob');
    await expectVideoFrom(bob, 'alice');

    const cutAt = Date.now();
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    proxy.restore();
    const restoredAt = Date.now();
    for (const h of [alice, bob]) {
      await expect.poll(async () => (await eventTimes(h, 'reconnected')).some((at) => at > cutAt), { timeout: 30_000 }).toBe(true);
    }
    // watch the flow a while longer after the resume
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const until = Date.now();

    const gapAtAlice = await longestGap(alice, 'bob', cutAt - 1000, until);
    const gapAtBob = await longestGap(bob, 'alice', cutAt - 1000, until);
    const resumedAt = Math.max(...(await eventTimes(alice, 'reconnected')), ...(await eventTimes(bob, 'reconnected')));
    console.log(
      `signalling cut 3 s: both resumed ${resumedAt - restoredAt} ms after the network came back; ` +
        `longest remote video gap: ${gapAtAlice.ms} ms at alice, ${gapAtBob.ms} ms at bob`,
    );
    const when = (gap: { startedAt: number }) => `starting ${gap.startedAt - cutAt} ms after the cut (resumed at +${resumedAt - cutAt} ms)`;
    expect(gapAtAlice.ms, `gap at alice ${when(gapAtAlice)}`).toBeLessThanOrEqual(1000);
    expect(gapAtBob.ms, `gap at bob ${when(gapAtBob)}`).toBeLessThanOrEqual(1000);
    expect(log.filter((line) => line.includes('participant left'))).toEqual([]);
    expect(log.filter((line) => line.includes('participant resumed'))).toHaveLength(2);
    for (const h of [alice, bob]) {
      const events = await h.page.evaluate(() => window.harness.events());
      expect(events.filter((e) => e.startsWith('left:') || e.startsWith('disconnected:') || e === 'reconnecting')).toEqual([]);
    }
    expect(await alice.page.evaluate(() => window.harness.remoteIdentities())).toEqual(['bob']);
  });
});

test.describe('a server restart (killed, back on the same port after 2 s)', () => {
  let server: ServerProcess | null = null;

  test.afterEach(async () => {
    await server?.kill('SIGKILL');
    server = null;
  });

  test('both clients rejoin one room by themselves and remote video comes back', async ({ browser }) => {
    test.setTimeout(120_000);
    server = await spawnServerProcess();
    const port = server.port;
    const room = newRoomName();
    const alice = await join(browser, server, server.wsUrl, room, 'alice');
    const bob = await join(browser, server, server.wsUrl, room, 'bob');
    await expectVideoFrom(alice, 'bob');
    await expectVideoFrom(bob, 'alice');

    await server.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    server = await spawnServerProcess({ port });
    const readyAt = Date.now();

    const firstFrame = (h: HarnessPage, from: string) => h.page.evaluate(([id, after]) => window.harness.firstFrameAfter(id, after), [from, readyAt] as const);
    // A generous ceiling: the figures, not this bound, are what to watch. Most of the time is the client's: its resume
    // attempts back off while the server is down, and once the new server refuses the resume (no such session) the
    // full reconnect waits for the next back-off step; the server's share is from the rejoin to the first frame.
    const ceiling = { timeout: 15_000 };
    await expect.poll(() => firstFrame(alice, 'bob'), { ...ceiling, message: 'video from bob at alice within 15 s of the restart' }).not.toBeNull();
    await expect.poll(() => firstFrame(bob, 'alice'), { ...ceiling, message: 'video from alice at bob within 15 s of the restart' }).not.toBeNull();
    const atAlice = (await firstFrame(alice, 'bob'))! - readyAt;
    const atBob = (await firstFrame(bob, 'alice'))! - readyAt;
    const joins = server.lines.filter((line) => line.includes('participant joined')).map((line) => Date.parse(line.split(' ')[0] ?? '') - readyAt);
    console.log(
      `server restart: ready ${readyAt - killedAt} ms after the kill; both rejoined ${Math.max(...joins)} ms after it was ready; ` +
        `remote video back ${atAlice} ms (alice) and ${atBob} ms (bob) after the server was ready`,
    );
    await expectVideoFrom(alice, 'bob');
    await expectVideoFrom(bob, 'alice');
    const rooms = await new RoomServiceClient(server.url, 'devkey', 'secret').listRooms();
    expect(rooms.map((r) => [r.name, r.numParticipants])).toEqual([[room, 2]]);
  });
});
