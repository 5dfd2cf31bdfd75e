import { TrackSource } from '@livekit/protocol';
import type { Browser } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { RoomServiceClient } from 'livekit-server-sdk';
import { fetchToken, newRoomName, openHarness, SIGNAL_PATHS, startTestServer, type HarnessPage, type SignalPath, type TestServer } from './support';
import { startTcpProxy } from './tcp-proxy';

test.describe.configure({ mode: 'serial' });

let server: TestServer;
const pages: HarnessPage[] = [];
/** The signalling path of the test running (every test here runs on both). */
let signalPath: SignalPath = 'v1';

test.beforeEach(async () => {
  // One test signals through a proxy on another port than the page's: another origin.
  server = await startTestServer({ allowedOrigins: ['*'] });
});

test.afterEach(async () => {
  for (const { context } of pages.splice(0)) await context.close().catch(() => {});
  await server.close();
});

type Stats = { participant: string; source: string; kind: string; framesDecoded: number; packetsReceived: number }[];

async function join(browser: Browser, room: string, identity: string, app = false): Promise<HarnessPage> {
  const harness = await openHarness(browser, server, signalPath);
  pages.push(harness);
  const { server_url, participant_token } = await fetchToken(server, room, identity);
  await harness.page.evaluate(([url, token, asApp]) => window.harness.connect(url, token, { app: asApp }), [server_url, participant_token, app] as const);
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
  // "rising" is checked over a window long enough to ride out a stall on a busy two-core machine
  const before = await stats(h);
  for (const id of others) {
    const frames = (s: Stats) => s.filter((t) => t.participant === id && t.kind === 'video').reduce((n, t) => n + t.framesDecoded, 0);
    await expect
      .poll(async () => frames(await stats(h)), {
        timeout: 15_000,
        message: `frames from ${id} keep rising`,
      })
      .toBeGreaterThan(frames(before) + 5);
  }
}

for (const path of SIGNAL_PATHS) {
  test.describe(`signalling ${path}`, () => {
    test.beforeEach(() => {
      signalPath = path;
    });

    test('two participants see and hear each other, with connection quality reported', async ({ browser }) => {
      const room = newRoomName();
      const alice = await join(browser, room, 'alice');
      const bob = await join(browser, room, 'bob');
      await expectSeesAndHears(alice, ['bob']);
      await expectSeesAndHears(bob, ['alice']);
      const known = (q: Record<string, string>) => ['alice', 'bob'].every((id) => ['excellent', 'good', 'poor'].includes(q[id] ?? ''));
      await expect.poll(async () => known(await alice.page.evaluate(() => window.harness.connectionQualities())), { timeout: 10_000 }).toBe(true);
    });

    test("with the app's room options (adaptive stream, dynacast, explicit subscriptions)", async ({ browser }) => {
      const room = newRoomName();
      const alice = await join(browser, room, 'alice', true);
      const bob = await join(browser, room, 'bob', true);
      const carol = await join(browser, room, 'carol', true);
      await expectSeesAndHears(alice, ['bob', 'carol']);
      await expectSeesAndHears(bob, ['alice', 'carol']);
      await expectSeesAndHears(carol, ['alice', 'bob']);
    });

    test('a participant whose signalling drops rejoins and media flows again both ways', async ({ browser }) => {
      test.setTimeout(120_000);
      const room = newRoomName();
      const alice = await join(browser, room, 'alice');
      const bob = await join(browser, room, 'bob');
      await expectSeesAndHears(bob, ['alice']);
      await alice.page.evaluate(() => window.harness.dropSignalling());
      await expect.poll(() => events(alice), { timeout: 30_000 }).toContain('reconnected');
      await expectSeesAndHears(bob, ['alice']);
      await expectSeesAndHears(alice, ['bob']);
      expect(await bob.page.evaluate(() => window.harness.remoteIdentities())).toEqual(['alice']);
    });

    test("the only member's full reconnect keeps her room: the next person joins her there", async ({ browser }) => {
      test.setTimeout(120_000);
      const room = newRoomName();
      // alice signals through a proxy that then swallows her old connection's close: the server still holds her when
      // her client's full reconnect arrives (a one-sided TCP loss), so the new connection replaces the only member
      const proxy = await startTcpProxy(() => server.port);
      try {
        const alice = await openHarness(browser, server, signalPath);
        pages.push(alice);
        const { participant_token } = await fetchToken(server, room, 'alice');
        await alice.page.evaluate(([url, token]) => window.harness.connect(url, token), [proxy.wsUrl, participant_token] as const);
        proxy.blackhole();
        await alice.page.evaluate(() => window.harness.fullReconnect());
        await expect.poll(() => events(alice), { timeout: 30_000 }).toContain('reconnected');
        const bob = await join(browser, room, 'bob');
        await expectSeesAndHears(bob, ['alice']);
        await expectSeesAndHears(alice, ['bob']);
        const rooms = await new RoomServiceClient(server.url, 'devkey', 'secret').listRooms();
        expect(rooms.map((r) => [r.name, r.numParticipants])).toEqual([[room, 2]]);
      } finally {
        await proxy.close();
      }
    });

    test('RoomService: an admin lists, mutes and removes participants of a live call', async ({ browser }) => {
      const room = newRoomName();
      const alice = await join(browser, room, 'alice');
      const bob = await join(browser, room, 'bob');
      await expectSeesAndHears(bob, ['alice']);
      const service = new RoomServiceClient(server.url, 'devkey', 'secret');
      expect((await service.listParticipants(room)).map((p) => p.identity).sort()).toEqual(['alice', 'bob']);
      const mic = (await service.getParticipant(room, 'alice')).tracks.find((t) => t.source === TrackSource.MICROPHONE);
      if (!mic) throw new Error('alice has no microphone track');
      await service.mutePublishedTrack(room, 'alice', mic.sid, true);
      await expect.poll(() => events(bob)).toContain('muted:alice:microphone');
      await service.removeParticipant(room, 'bob');
      await expect.poll(() => events(alice)).toContain('left:bob');
      await expect.poll(() => events(bob)).toContainEqual(expect.stringMatching(/^disconnected:/));
    });

    function events(h: HarnessPage): Promise<string[]> {
      return h.page.evaluate(() => window.harness.events());
    }

    async function framesFrom(h: HarnessPage, identity: string, source: string): Promise<number> {
      const s = await stats(h);
      return s.filter((t) => t.participant === identity && t.source === source).reduce((n, t) => n + t.framesDecoded, 0);
    }

    test('three participants: media, data, mute, unpublish and re-publish, screen share, leave', async ({ browser }) => {
      test.setTimeout(240_000);
      const room = newRoomName();
      const alice = await join(browser, room, 'alice');
      const bob = await join(browser, room, 'bob');
      const carol = await join(browser, room, 'carol');

      await test.step('each sees and hears the others', async () => {
        await expectSeesAndHears(alice, ['bob', 'carol']);
        await expectSeesAndHears(bob, ['alice', 'carol']);
        await expectSeesAndHears(carol, ['alice', 'bob']);
      });

      await test.step('data round-trips, stamped with the sender, honouring destinations', async () => {
        await alice.page.evaluate(() => window.harness.send('hello all'));
        await bob.page.evaluate(() => window.harness.send('hi alice', ['alice']));
        await expect.poll(() => bob.page.evaluate(() => window.harness.received())).toContainEqual({ from: 'alice', text: 'hello all', topic: 'test' });
        await expect.poll(() => carol.page.evaluate(() => window.harness.received())).toContainEqual({ from: 'alice', text: 'hello all', topic: 'test' });
        await expect.poll(() => alice.page.evaluate(() => window.harness.received())).toContainEqual({ from: 'bob', text: 'hi alice', topic: 'test' });
        await carol.page.waitForTimeout(500);
        expect(await carol.page.evaluate(() => window.harness.received())).not.toContainEqual(expect.objectContaining({ text: 'hi alice' }));
      });

      await test.step('mute and unmute are seen by the others', async () => {
        await alice.page.evaluate(() => window.harness.setMicrophone(false));
        await expect.poll(() => events(bob)).toContain('muted:alice:microphone');
        await alice.page.evaluate(() => window.harness.setMicrophone(true));
        await expect.poll(() => events(bob)).toContain('unmuted:alice:microphone');
      });

      await test.step('unpublish and re-publish the camera', async () => {
        await alice.page.evaluate(() => window.harness.unpublishCamera());
        await expect.poll(() => events(carol)).toContain('unpublished:alice:camera');
        await alice.page.evaluate(() => window.harness.republishCamera());
        await expect.poll(() => framesFrom(carol, 'alice', 'camera'), { timeout: 45_000 }).toBeGreaterThan(10);
        await expect.poll(() => framesFrom(bob, 'alice', 'camera'), { timeout: 45_000 }).toBeGreaterThan(10);
      });

      await test.step('a screen-share track reaches the others', async () => {
        await bob.page.evaluate(() => window.harness.startScreenShare());
        await expect.poll(() => framesFrom(alice, 'bob', 'screen_share'), { timeout: 45_000 }).toBeGreaterThan(10);
        await expect.poll(() => framesFrom(carol, 'bob', 'screen_share'), { timeout: 45_000 }).toBeGreaterThan(10);
        // both are simulcast with rids q/h/f: neither may take the other's packets
        const cameraBefore = await framesFrom(alice, 'bob', 'camera');
        await expect.poll(() => framesFrom(alice, 'bob', 'camera'), { timeout: 30_000 }).toBeGreaterThan(cameraBefore + 10);
        const screenBefore = await framesFrom(alice, 'bob', 'screen_share');
        await expect.poll(() => framesFrom(alice, 'bob', 'screen_share'), { timeout: 30_000 }).toBeGreaterThan(screenBefore + 10);
        await bob.page.evaluate(() => window.harness.stopScreenShare());
        await expect.poll(() => events(alice)).toContain('unpublished:bob:screen_share');
        // sharing again opens a new m-section next to the stopped one
        const sharedBefore = await framesFrom(alice, 'bob', 'screen_share');
        await bob.page.evaluate(() => window.harness.startScreenShare());
        await expect.poll(() => framesFrom(alice, 'bob', 'screen_share'), { timeout: 45_000 }).toBeGreaterThan(sharedBefore + 10);
        await bob.page.evaluate(() => window.harness.stopScreenShare());
      });

      await test.step('a leave is seen by the others', async () => {
        await carol.page.evaluate(() => window.harness.leave());
        await expect.poll(() => events(alice)).toContain('left:carol');
        await expect.poll(() => events(bob)).toContain('left:carol');
        await expectSeesAndHears(alice, ['bob']);
      });
    });
  });
}
