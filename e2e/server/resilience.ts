// Two trials the resilience spec asserts on and `npm run bench` (scripts/bench-resilience.ts) prints: a signalling cut
// through a TCP proxy, and a server restart. Each starts its own server process and two livekit-client pages (alice and
// bob, camera and microphone, E2EE off), measures, and cleans up.
import { type Browser, expect } from '@playwright/test';
import { RoomServiceClient } from 'livekit-server-sdk';
import { fetchToken, newRoomName, openHarness, type HarnessPage } from './support';
import { spawnServerProcess, type ServerProcess } from './server-process';
import { startTcpProxy } from './tcp-proxy';

/** The pages are on the server's origin and signal through a proxy on another port, which is another origin. */
const THROUGH_PROXY = ['--allowed-origins', '*'];

/** Joins through `wsUrl` (the server's own, or a proxy in front of it) with a token from `server`. */
async function join(browser: Browser, server: { url: string }, wsUrl: string, room: string, identity: string): Promise<HarnessPage> {
  // The app's path (/rtc, two peer connections; renderer/call/session/call-session.ts).
  const harness = await openHarness(browser, server, 'v0');
  const { participant_token } = await fetchToken(server, room, identity);
  await harness.page.evaluate(([url, token]) => window.harness.connect(url, token), [wsUrl, participant_token] as const);
  return harness;
}

/** Waits until `h` presents video from `identity` steadily (no gap of 500 ms in the last 3 s). */
async function waitForVideo(h: HarnessPage, identity: string, timeout = 30_000): Promise<void> {
  await expect
    .poll(() => h.page.evaluate((id) => window.harness.longestFrameGap(id, Date.now() - 3000, Date.now()).ms, identity), {
      timeout,
      message: `video from ${identity} keeps being presented`,
    })
    .toBeLessThan(500);
}

const eventTimes = (h: HarnessPage, event: string) =>
  h.page.evaluate((name) => window.harness.timedEvents().filter((e) => e.event === name).map((e) => e.at), event);

/** The call both trials start from: alice and bob in a room on `server`, each seeing the other's video. */
async function call(browser: Browser, server: ServerProcess, wsUrl: string): Promise<{ room: string; alice: HarnessPage; bob: HarnessPage }> {
  const room = newRoomName();
  const alice = await join(browser, server, wsUrl, room, 'alice');
  const bob = await join(browser, server, wsUrl, room, 'bob');
  await waitForVideo(alice, 'bob');
  await waitForVideo(bob, 'alice');
  return { room, alice, bob };
}

export interface CutFigures {
  /** From the network coming back to both clients having resumed (livekit-client's Reconnected). */
  resumedAfterMs: number;
  /** The longest stretch without a remote video frame at each page, from 1 s before the cut to 3 s after the resume. */
  gaps: Record<'alice' | 'bob', { ms: number; startedAfterCutMs: number }>;
  /** What the server logged of the two: leaves (there should be none) and resumes. */
  leftLines: string[];
  resumedLines: number;
  /** Events at the clients that mean the call was torn down: leaves, disconnects, full reconnects. */
  teardownEvents: string[];
}

/** Cuts the signalling of a two-person call for `cutMs` (every TCP connection through the proxy ends; UDP media is untouched). */
export async function signallingCut(browser: Browser, cutMs = 3000): Promise<CutFigures> {
  const server = await spawnServerProcess({ args: THROUGH_PROXY });
  const proxy = await startTcpProxy(() => server.port);
  const pages: HarnessPage[] = [];
  try {
    const { alice, bob } = await call(browser, server, proxy.wsUrl);
    pages.push(alice, bob);
    const cutAt = Date.now();
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, cutMs));
    proxy.restore();
    const restoredAt = Date.now();
    for (const h of pages) {
      await expect.poll(async () => (await eventTimes(h, 'reconnected')).some((at) => at > cutAt), { timeout: 30_000, message: 'resumed' }).toBe(true);
    }
    const resumedAt = Math.max(...(await eventTimes(alice, 'reconnected')), ...(await eventTimes(bob, 'reconnected')));
    // watch the flow a while longer after the resume
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const until = Date.now();
    const gap = async (h: HarnessPage, from: string) => {
      const found = await h.page.evaluate(([id, a, b]) => window.harness.longestFrameGap(id, a, b), [from, cutAt - 1000, until] as const);
      return { ms: found.ms, startedAfterCutMs: found.startedAt - cutAt };
    };
    const teardown = (e: string) => e.startsWith('left:') || e.startsWith('disconnected:') || e === 'reconnecting';
    return {
      resumedAfterMs: resumedAt - restoredAt,
      gaps: { alice: await gap(alice, 'bob'), bob: await gap(bob, 'alice') },
      leftLines: server.lines.filter((line) => line.includes('participant left')),
      resumedLines: server.lines.filter((line) => line.includes('participant resumed')).length,
      teardownEvents: [...(await alice.page.evaluate(() => window.harness.events())), ...(await bob.page.evaluate(() => window.harness.events()))].filter(teardown),
    };
  } finally {
    for (const { context } of pages) await context.close().catch(() => {});
    await proxy.close();
    await server.kill('SIGKILL');
  }
}

export interface RestartFigures {
  readyAfterKillMs: number;
  /** From the new server being ready to both clients having joined it again. */
  rejoinedAfterReadyMs: number;
  /** From the new server being ready to the first remote video frame presented at each page. */
  videoBackAfterReadyMs: Record<'alice' | 'bob', number>;
  /** The rooms the new server holds afterwards, as [name, participants], and the room the call was in. */
  rooms: [string, number][];
  room: string;
}

/**
 * Kills the server of a two-person call (SIGKILL: no goodbye to the clients) and starts it again on the same port
 * after `downMs`; waits up to `ceilingMs` after it is ready for both clients' video to come back by itself.
 */
export async function serverRestart(browser: Browser, options: { downMs?: number; ceilingMs?: number } = {}): Promise<RestartFigures> {
  let server = await spawnServerProcess({ args: THROUGH_PROXY });
  const pages: HarnessPage[] = [];
  try {
    const { room, alice, bob } = await call(browser, server, server.wsUrl);
    pages.push(alice, bob);
    await server.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, options.downMs ?? 2000));
    server = await spawnServerProcess({ port: server.port, args: THROUGH_PROXY });
    const readyAt = Date.now();
    const firstFrame = (h: HarnessPage, from: string) => h.page.evaluate(([id, after]) => window.harness.firstFrameAfter(id, after), [from, readyAt] as const);
    const ceiling = options.ceilingMs ?? 15_000;
    for (const [h, from] of [[alice, 'bob'], [bob, 'alice']] as const) {
      await expect
        .poll(() => firstFrame(h, from), { timeout: ceiling, message: `video from ${from} back within ${ceiling / 1000} s of the restart` })
        .not.toBeNull();
    }
    await waitForVideo(alice, 'bob');
    await waitForVideo(bob, 'alice');
    const joins = server.lines.filter((line) => line.includes('participant joined')).map((line) => Date.parse(line.split(' ')[0] ?? ''));
    const rooms = await new RoomServiceClient(server.url, 'devkey', 'secret').listRooms();
    return {
      readyAfterKillMs: readyAt - killedAt,
      rejoinedAfterReadyMs: Math.max(...joins) - readyAt,
      videoBackAfterReadyMs: { alice: (await firstFrame(alice, 'bob'))! - readyAt, bob: (await firstFrame(bob, 'alice'))! - readyAt },
      rooms: rooms.map((r) => [r.name, r.numParticipants]),
      room,
    };
  } finally {
    for (const { context } of pages) await context.close().catch(() => {});
    await server.kill('SIGKILL');
  }
}
