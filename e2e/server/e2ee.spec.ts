import { randomBytes } from 'node:crypto';
import type { Browser } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { frameCounts, withFrameCounter } from '../support/e2ee-probes';
import { e2eeWorkerSource, fetchToken, newRoomName, openHarness, SIGNAL_PATHS, startTestServer, videoFrom, type HarnessPage, type SignalPath, type TestServer } from './support';

let server: TestServer;
const pages: HarnessPage[] = [];
/** Both tests run on both signalling paths: they check how sections are reused, which the two paths do differently. */
let signalPath: SignalPath = 'v1';

test.beforeEach(async () => {
  server = await startTestServer();
});

test.afterEach(async () => {
  for (const { context } of pages.splice(0)) await context.close().catch(() => {});
  await server.close();
});

type Keys = { key: string } | { senderKeys: { identity: string; keyIndex: number; key: string }[] };

/**
 * Joins with E2EE: one shared `key`, or per-sender keys the way Sealroom members hold them. `countFrames` loads the
 * E2EE worker with the frame counter; `publish: false` joins without camera and microphone.
 */
async function join(browser: Browser, room: string, identity: string, keys: Keys, options: { countFrames?: boolean; publish?: boolean } = {}): Promise<HarnessPage> {
  const harness = await openHarness(browser, server, signalPath);
  pages.push(harness);
  const { server_url, participant_token } = await fetchToken(server, room, identity);
  const source = await e2eeWorkerSource();
  const connect = { publish: options.publish ?? true, e2ee: { ...keys, workerSource: options.countFrames ? withFrameCounter(source) : source } };
  await harness.page.evaluate(([url, token, connectOptions]) => window.harness.connect(url, token, connectOptions), [server_url, participant_token, connect] as const);
  return harness;
}

for (const path of SIGNAL_PATHS) {
  test.describe(`signalling ${path}`, () => {
    test.beforeEach(() => {
      signalPath = path;
    });

    test('end-to-end encrypted media passes through; only holders of the key decode it', async ({ browser }) => {
      test.setTimeout(120_000);
      const room = newRoomName();
      const alice = await join(browser, room, 'alice', { key: 'the-room-secret' });
      const bob = await join(browser, room, 'bob', { key: 'the-room-secret' });
      const eve = await join(browser, room, 'eve', { key: 'a-wrong-guess' });

      await expect.poll(async () => (await videoFrom(bob.page, 'alice')).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
      await expect.poll(async () => (await videoFrom(alice.page, 'bob')).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
      const tracks = await bob.page.evaluate(() => window.harness.remoteTracks());
      // Encryption_Type.GCM, copied by the server from the publisher's AddTrackRequest
      expect(tracks.filter((t) => t.participant === 'alice').map((t) => t.encryption)).toEqual(['1', '1']);

      // the server forwards eve the same packets, which she cannot decrypt
      await expect.poll(async () => (await videoFrom(eve.page, 'alice')).packetsReceived, { timeout: 30_000 }).toBeGreaterThan(100);
      expect((await videoFrom(eve.page, 'alice')).framesDecoded).toBe(0);

      // eve leaves and dave joins: the server reuses eve's receivers at alice and bob for dave's
      // tracks, and decryption follows the new sender
      await eve.page.evaluate(() => window.harness.leave());
      const dave = await join(browser, room, 'dave', { key: 'the-room-secret' });
      await expect.poll(async () => (await videoFrom(alice.page, 'dave')).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
      await expect.poll(async () => (await videoFrom(dave.page, 'alice')).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);

      // speaker detection works on encrypted audio: the level header extension stays in clear
      await expect.poll(async () => (await bob.page.evaluate(() => window.harness.events())).some((e) => e === 'speaking:alice' || e === 'speaking:dave'), { timeout: 20_000 }).toBe(true);
    });

    test('the next sender after a leave loses no frames, on the leaver’s receivers (/rtc) or fresh ones (/rtc/v1)', async ({ browser }) => {
      test.setTimeout(120_000);
      const room = newRoomName();
      // Per-sender keys, as in Sealroom calls: a frame that reaches the previous sender's decryptor cannot be opened.
      const senderKeys = ['alice', 'eve', 'dave'].map((identity) => ({ identity, keyIndex: 0, key: randomBytes(32).toString('base64') }));
      const alice = await join(browser, room, 'alice', { senderKeys }, { countFrames: true });
      const eve = await join(browser, room, 'eve', { senderKeys });
      await expect.poll(async () => (await videoFrom(alice.page, 'eve')).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
      await eve.page.evaluate(() => window.harness.leave());
      await expect.poll(() => alice.page.evaluate(() => window.harness.remoteIdentities()), { timeout: 15_000 }).toEqual([]);
      const before = await frameCounts(alice.page);

      const dave = await join(browser, room, 'dave', { senderKeys }, { publish: false });
      // Alice's main thread is busy (as when rendering a large grid) while dave publishes: her E2EE worker keeps
      // running, so any frame the server forwards before she has taken in the new track meets eve's decryptor.
      const busy = alice.page.evaluate(() => {
        const until = Date.now() + 2000;
        while (Date.now() < until);
      });
      await dave.page.evaluate(() => window.harness.publishCameraAndMic());
      await busy;
      await expect.poll(async () => (await videoFrom(alice.page, 'dave')).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(30);
      await expect.poll(async () => (await frameCounts(alice.page)).audio.in - before.audio.in, { timeout: 15_000 }).toBeGreaterThan(100);
      const after = await frameCounts(alice.page);
      // On /rtc the server gave dave's tracks eve's receivers (no new decryptors were set up). On /rtc/v1 eve's
      // sections are free again only after alice's next offer, so dave's tracks take the fresh ones she pre-added
      // (server/README.md). Either way not one frame was lost.
      if (path === 'v0') expect(after.streams).toBe(before.streams);
      expect({ audio: after.audio.dropped - before.audio.dropped, video: after.video.dropped - before.video.dropped }).toEqual({ audio: 0, video: 0 });
    });
  });
}
