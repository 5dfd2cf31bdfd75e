import { type Browser, expect, test } from '@playwright/test';
import { fetchToken, newRoomName, openHarness, startTestServer, type HarnessPage, type TestServer } from './support';

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

type Stats = { participant: string; source: string; kind: string; framesDecoded: number; packetsReceived: number }[];

async function join(browser: Browser, room: string, identity: string): Promise<HarnessPage> {
  const harness = await openHarness(browser, server);
  pages.push(harness);
  const { server_url, participant_token } = await fetchToken(server, room, identity);
  await harness.page.evaluate(([url, token]) => window.harness.connect(url, token), [server_url, participant_token] as const);
  return harness;
}

function stats(h: HarnessPage): Promise<Stats> {
  return h.page.evaluate(() => window.harness.stats());
}

/** Waits until `h` decodes video frames and receives audio from each of `others`, with counts rising. */
async function expectSeesAndHears(h: HarnessPage, others: string[]): Promise<void> {
  await expect
    .poll(async () => {
      const s = await stats(h);
      return others.every(
        (id) =>
          s.some((t) => t.participant === id && t.kind === 'video' && t.framesDecoded > 10) &&
          s.some((t) => t.participant === id && t.kind === 'audio' && t.packetsReceived > 20),
      );
    }, { timeout: 30_000 })
    .toBe(true);
  const before = await stats(h);
  await h.page.waitForTimeout(1000);
  const after = await stats(h);
  for (const id of others) {
    const frames = (s: Stats) => s.filter((t) => t.participant === id && t.kind === 'video').reduce((n, t) => n + t.framesDecoded, 0);
    expect(frames(after), `frames from ${id} keep rising`).toBeGreaterThan(frames(before));
  }
}

test('two participants see and hear each other', async ({ browser }) => {
  const room = newRoomName();
  const alice = await join(browser, room, 'alice');
  const bob = await join(browser, room, 'bob');
  await expectSeesAndHears(alice, ['bob']);
  await expectSeesAndHears(bob, ['alice']);
});
