import type { Browser } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { fetchToken, newRoomName, openHarness, SIGNAL_PATHS, startTestServer, type HarnessPage, type TestServer } from './support';

// Data sent during a join arrives as fast as data in an established call. A burst of reliable packets a few ms apart
// goes from the joiner as soon as it is connected, and one back from the member as soon as the first arrives (as an
// E2EE handshake answers a hello); every packet's delivery time is measured.
//
// On /rtc/v1 (livekit-client's default) each burst arrives in 1-10 ms. On the legacy /rtc path every packet of a
// join burst reaches the page ≈ 200 ms after it was sent, both ways, and the time is spent in the sending page: these
// participants publish nothing, so livekit-client connects their publisher connection (which carries what they send)
// only when they first send (the server receives the first packet ≈ 200 ms after it was sent, then forwards it within
// a millisecond). On /rtc/v1 the one connection is up when `connect` returns. The legacy case is kept as an expected
// failure so a change there shows up. (Members of an app call publish at once; what held their E2EE handshake back
// on /rtc was the server's own channel to a joiner, see server/sfu/data-out.ts.)

test.describe.configure({ mode: 'serial' });

let server: TestServer;
const pages: HarnessPage[] = [];

test.beforeEach(async () => {
  server = await startTestServer();
});

test.afterEach(async () => {
  for (const { context } of pages.splice(0)) await context.close().catch(() => {});
  await server.close();
});

const COUNT = 6;
const GAP_MS = 3;
/** Far above what a burst in an established call takes here (1-16 ms), far below the 200 ms stall. */
const LIMIT_MS = 120;

async function open(browser: Browser, path: 'v1' | 'v0'): Promise<HarnessPage> {
  const harness = await openHarness(browser, server, path);
  pages.push(harness);
  return harness;
}

type Delivery = { from: string; index: number; sentAt: number; at: number };

async function deliveries(h: HarnessPage, from: string): Promise<number[]> {
  await expect.poll(async () => (await h.page.evaluate(() => window.harness.burstsReceived())).filter((d) => d.from === from).length, { timeout: 15_000 }).toBe(COUNT);
  const all: Delivery[] = await h.page.evaluate(() => window.harness.burstsReceived());
  return all.filter((d) => d.from === from).sort((a, b) => a.index - b.index).map((d) => d.at - d.sentAt);
}

for (const path of SIGNAL_PATHS) {
  test(`signalling ${path}: a burst of data during a join arrives without a stall, both ways`, async ({ browser }) => {
    test.fail(path === 'v0', 'on the legacy path a participant that publishes nothing connects its publisher on its first send (see the top of this file)');
    const room = newRoomName();
    const alice = await open(browser, path);
    const bob = await open(browser, path);
    const aliceToken = await fetchToken(server, room, 'alice');
    const bobToken = await fetchToken(server, room, 'bob');
    await alice.page.evaluate(([url, token]) => window.harness.connect(url, token, { publish: false }), [aliceToken.server_url, aliceToken.participant_token] as const);
    await alice.page.evaluate(([count, gap]) => window.harness.burstInReply(count, gap), [COUNT, GAP_MS] as const);
    await bob.page.evaluate(
      async ([url, token, count, gap]) => {
        await window.harness.connect(url, token, { publish: false });
        await window.harness.burst(count, gap);
      },
      [bobToken.server_url, bobToken.participant_token, COUNT, GAP_MS] as const,
    );
    const joinerToMember = await deliveries(alice, 'bob');
    const memberToJoiner = await deliveries(bob, 'alice');
    console.log(`[${path}] join burst delivery ms: joiner → member ${joinerToMember.join(', ')}; member → joiner ${memberToJoiner.join(', ')}`);
    expect(Math.max(...joinerToMember), `joiner → member: ${joinerToMember.join(', ')} ms`).toBeLessThan(LIMIT_MS);
    expect(Math.max(...memberToJoiner), `member → joiner: ${memberToJoiner.join(', ')} ms`).toBeLessThan(LIMIT_MS);
  });
}
