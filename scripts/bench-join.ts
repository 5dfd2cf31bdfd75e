// Join speed, printed as figures (no pass/fail): the second person's Join click → first remote video frame, in both
// directions (the joiner sees the member; the member sees the joiner), for an encrypted call and a call created
// without encryption (`v1.off`), alternating in one run, with where the encrypted join's time goes (the app's User
// Timing marks: token, signalling connected, E2EE started, transports connected, first handshake packet out, first member verified, first
// key in, first subscriptions, first packet, first frame).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/support/chromium';
import { joinThroughLobby, newRoomLink, openParticipant } from '../e2e/support/call';
import { watchPeerConnections } from '../e2e/support/e2ee-probes';
import { startServer } from '../server/index';
import { silentLogger } from '../server/log';
import { percentile } from './bench-support';
import { repoRoot } from './build-electron.mjs';

const ROUNDS = Number(process.env.SEALROOM_JOIN_ROUNDS ?? 7);
const MILESTONES = ['token', 'signalled', 'e2ee-started', 'connected', 'hello-out', 'verified', 'key', 'subscribed-audio', 'subscribed-video', 'first-packet', 'first-frame'] as const;
/** The member joined an empty room, so its first verified / key / subscription marks are about the joiner. */
const MEMBER_MILESTONES = ['verified', 'key', 'subscribed-audio', 'subscribed-video', 'first-packet', 'first-frame'] as const;

interface JoinSample {
  joinerSeesMember: number;
  memberSeesJoiner: number;
  /** ms after the click, at the joiner. */
  milestones: Partial<Record<(typeof MILESTONES)[number], number>>;
  /** ms after the click, at the member already in the call (what it does about the joiner). */
  memberMilestones: Partial<Record<(typeof MEMBER_MILESTONES)[number], number>>;
}

/** Wall-clock time of the first frame each remote tile's <video> presented, kept in the page. */
async function watchFirstFrames(page: Page): Promise<void> {
  await page.addInitScript({
    content: `(() => {
      const first = {};
      window.__firstFrames = first;
      const seen = new WeakSet();
      const watch = () => {
        for (const video of document.querySelectorAll('[data-testid="participant-tile"][data-local="false"] video')) {
          if (seen.has(video)) continue;
          seen.add(video);
          const identity = video.closest('[data-testid="participant-tile"]').getAttribute('data-identity');
          video.requestVideoFrameCallback(() => { first[identity] ??= Date.now(); });
        }
      };
      new MutationObserver(watch).observe(document, { childList: true, subtree: true });
    })();`,
  });
}

async function firstFrameAt(page: Page, identity: string): Promise<number> {
  const handle = await page.waitForFunction((id) => (window as unknown as { __firstFrames: Record<string, number> }).__firstFrames?.[id], identity, { timeout: 60_000, polling: 10 });
  return (await handle.jsonValue()) as number;
}

async function localIdentity(page: Page): Promise<string> {
  const identity = await page.locator('[data-testid="participant-tile"][data-local="true"]').first().getAttribute('data-identity');
  if (!identity) throw new Error('no local identity');
  return identity;
}

/** The wall-clock time of the first inbound video packet, polled every 10 ms. */
async function firstPacketAt(page: Page): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    const at = await page.evaluate(async () => {
      for (const connection of window.__peerConnections ?? []) {
        let received = 0;
        (await connection.getStats()).forEach((stat: Record<string, unknown>) => {
          if (stat.type === 'inbound-rtp' && stat.kind === 'video') received += Number(stat.packetsReceived ?? 0);
        });
        if (received > 0) return Date.now();
      }
      return 0;
    });
    if (at > 0) return at;
    await page.waitForTimeout(10);
  }
  throw new Error('bench-join: no video packet arrived within a minute');
}

async function marks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').filter((mark) => mark.name.startsWith('sealroom:')).map((mark) => [mark.name.slice(9), performance.timeOrigin + mark.startTime])),
  );
}

async function oneJoin(browser: Browser, serverUrl: string, e2ee: boolean): Promise<JoinSample> {
  const link = newRoomLink(serverUrl, e2ee);
  const member = await openParticipant(browser);
  await watchFirstFrames(member);
  await watchPeerConnections(member);
  await joinThroughLobby(member, link, 'Member');
  const memberIdentity = await localIdentity(member);
  const joiner = await openParticipant(browser);
  await watchFirstFrames(joiner);
  await watchPeerConnections(joiner);
  await joiner.goto(link);
  await joiner.getByTestId('display-name').fill('Joiner');
  // The lobby's preview is up before the click, as when a person joins.
  await joiner.getByTestId('lobby-preview').waitFor({ timeout: 15_000 });
  const clickedAt = Date.now();
  await joiner.getByTestId('join-call').click();
  const packetAt = firstPacketAt(joiner);
  const memberPacketAt = firstPacketAt(member);
  const joinerSees = await firstFrameAt(joiner, memberIdentity);
  const joinerIdentity = await localIdentity(joiner);
  const memberSees = await firstFrameAt(member, joinerIdentity);
  const at = await marks(joiner);
  const milestones: JoinSample['milestones'] = { 'first-packet': (await packetAt) - clickedAt, 'first-frame': joinerSees - clickedAt };
  for (const name of MILESTONES) if (at[name] !== undefined) milestones[name] = at[name] - clickedAt;
  const memberAt = await marks(member);
  const memberMilestones: JoinSample['memberMilestones'] = { 'first-packet': (await memberPacketAt) - clickedAt, 'first-frame': memberSees - clickedAt };
  for (const name of MEMBER_MILESTONES) if (memberAt[name] !== undefined) memberMilestones[name] = memberAt[name] - clickedAt;
  await member.context().close();
  await joiner.context().close();
  return { joinerSeesMember: joinerSees - clickedAt, memberSeesJoiner: memberSees - clickedAt, milestones, memberMilestones };
}

function describe(values: number[]): string {
  return `median ${percentile(values, 0.5).toFixed(0)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    console.error('bench-join: dist/renderer is missing; run "npm run build" first.');
    process.exit(1);
  }
  const server = await startServer({ port: 0, logger: silentLogger });
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const samples: Record<'e2ee' | 'off', JoinSample[]> = { e2ee: [], off: [] };
    // A first join of each kind warms caches (worker script, codecs) and is not counted.
    await oneJoin(browser, server.url, true);
    await oneJoin(browser, server.url, false);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating, and the order flips every round, so drift in the machine's load hits both alike.
      const order: ('e2ee' | 'off')[] = round % 2 === 0 ? ['e2ee', 'off'] : ['off', 'e2ee'];
      for (const kind of order) samples[kind].push(await oneJoin(browser, server.url, kind === 'e2ee'));
    }
    for (const direction of ['joinerSeesMember', 'memberSeesJoiner'] as const) {
      const e2ee = samples.e2ee.map((s) => s[direction]);
      const off = samples.off.map((s) => s[direction]);
      const label = direction === 'joinerSeesMember' ? 'joiner sees the member' : 'member sees the joiner';
      console.log(`join click → first remote frame, ${label} (${ROUNDS} rounds each, alternating): E2EE ${describe(e2ee)}; v1.off ${describe(off)}; ratio ${(percentile(e2ee, 0.5) / percentile(off, 0.5)).toFixed(2)}`);
    }
    for (const kind of ['e2ee', 'off'] as const) {
      const parts = MILESTONES.map((name) => {
        const values = samples[kind].map((s) => s.milestones[name]).filter((v): v is number => v !== undefined);
        return values.length > 0 ? `${name} ${percentile(values, 0.5).toFixed(0)}` : null;
      }).filter(Boolean);
      console.log(`where the ${kind === 'e2ee' ? 'encrypted' : 'unencrypted'} join's time goes at the joiner (median ms after the click): ${parts.join(' → ')}`);
      const memberParts = MEMBER_MILESTONES.map((name) => {
        const values = samples[kind].map((s) => s.memberMilestones[name]).filter((v): v is number => v !== undefined);
        return values.length > 0 ? `${name} ${percentile(values, 0.5).toFixed(0)}` : null;
      }).filter(Boolean);
      console.log(`  and at the member, about the joiner: ${memberParts.join(' → ')}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
// Media-stack timers (werift, Chromium's CDP pipe) can outlive close(); a benchmark must end by itself.
process.exit(0);
