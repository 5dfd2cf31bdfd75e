import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Browser, expect, test } from '@playwright/test';
import { fetchToken, newRoomName, openHarness, startTestServer, type HarnessPage, type TestServer } from './support';

let server: TestServer;
const pages: HarnessPage[] = [];
const require = createRequire(import.meta.url);
const workerSource = readFile(require.resolve('livekit-client/e2ee-worker'), 'utf8');

test.beforeEach(async () => {
  server = await startTestServer();
});

test.afterEach(async () => {
  for (const { context } of pages.splice(0)) await context.close().catch(() => {});
  await server.close();
});

async function join(browser: Browser, room: string, identity: string, key: string): Promise<HarnessPage> {
  const harness = await openHarness(browser, server);
  pages.push(harness);
  const { server_url, participant_token } = await fetchToken(server, room, identity);
  const e2ee = { key, workerSource: await workerSource };
  await harness.page.evaluate(([url, token, options]) => window.harness.connect(url, token, { e2ee: options }), [server_url, participant_token, e2ee] as const);
  return harness;
}

async function videoFrom(h: HarnessPage, identity: string): Promise<{ framesDecoded: number; packetsReceived: number }> {
  const stats = await h.page.evaluate(() => window.harness.stats());
  const video = stats.filter((s) => s.participant === identity && s.kind === 'video');
  return {
    framesDecoded: video.reduce((n, s) => n + s.framesDecoded, 0),
    packetsReceived: video.reduce((n, s) => n + s.packetsReceived, 0),
  };
}

test('end-to-end encrypted media passes through; only holders of the key decode it', async ({ browser }) => {
  test.setTimeout(120_000);
  const room = newRoomName();
  const alice = await join(browser, room, 'alice', 'the-room-secret');
  const bob = await join(browser, room, 'bob', 'the-room-secret');
  const eve = await join(browser, room, 'eve', 'a-wrong-guess');

  await expect.poll(async () => (await videoFrom(bob, 'alice')).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
  await expect.poll(async () => (await videoFrom(alice, 'bob')).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
  const tracks = await bob.page.evaluate(() => window.harness.remoteTracks());
  // Encryption_Type.GCM, copied by the server from the publisher's AddTrackRequest
  expect(tracks.filter((t) => t.participant === 'alice').map((t) => t.encryption)).toEqual(['1', '1']);

  // the server forwards eve the same packets, which she cannot decrypt
  await expect.poll(async () => (await videoFrom(eve, 'alice')).packetsReceived, { timeout: 30_000 }).toBeGreaterThan(100);
  expect((await videoFrom(eve, 'alice')).framesDecoded).toBe(0);

  // eve leaves and dave joins: the server reuses eve's receivers at alice and bob for dave's
  // tracks, and decryption follows the new sender
  await eve.page.evaluate(() => window.harness.leave());
  const dave = await join(browser, room, 'dave', 'the-room-secret');
  await expect.poll(async () => (await videoFrom(alice, 'dave')).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
  await expect.poll(async () => (await videoFrom(dave, 'alice')).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);

  // speaker detection works on encrypted audio: the level header extension stays in clear
  await expect.poll(async () => (await bob.page.evaluate(() => window.harness.events())).some((e) => e === 'speaking:alice' || e === 'speaking:dave'), { timeout: 20_000 }).toBe(true);
});
