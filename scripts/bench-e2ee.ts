// E2EE benchmarks, printed as figures: key rotation time after a leave (real WebCrypto, real timers, an in-memory
// "SFU" with a fixed one-way delay); frames receivers could not decrypt around joins and leaves in a real call in
// Chromium; how long a ghost (a leave the server hides) keeps reading the call; renderer CPU with E2EE on vs off in a
// real 3-person call; and what the hostile-server defences cost (the bench's testable build with them off vs on).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { encodeBase64Url } from '../shared/base64url';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/support/chromium';
import { expectVideoFlowing, joinAll, joinThroughLobby, newRoomLink, openParticipant } from '../e2e/support/call';
import { decodeStreams, switchDefencesOffIn, type ReceivingStreamCounts } from '../e2e/support/e2ee-probes';
import { HostileBench, SHIPPED } from '../e2e/hostile/bench';
import { ghostAttack } from '../e2e/hostile/ghost-attack';
import type { Defence } from '../renderer/e2ee/defences';
import { KeyExchange, KeyExchangeEvent, RoomKeys } from '../renderer/e2ee';
import { startServer } from '../server/index';
import { silentLogger } from '../server/log';
import { repoRoot } from './build-electron.mjs';
import { percentile, rendererCpu } from './bench-support';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const ONE_WAY_MS = 20;
const ROTATIONS = 30;
const SAMPLE_SECONDS = 10;
const CPU_PAIRS = 3;
const CHURN_RUNS = 8;
const WINDOW_MS = 5000;
const GHOST_RUNS = 3;
/** `SEALROOM_BENCH_PARTS=frames,ghost` runs only those parts (rotation, frames, cpu, checks, ghost); all by default. */
const PARTS = new Set((process.env.SEALROOM_BENCH_PARTS ?? 'rotation,frames,cpu,checks,ghost').split(','));
/** The per-frame and per-second work the hostile-server defences add: what "checks off" switches off. */
const RUNTIME_DEFENCES: Defence[] = ['worker-guard', 'replay-window', 'liveness'];


interface Member {
  identity: string;
  kx: KeyExchange;
  ownEpoch: number;
  /** sender → newest epoch held */
  held: Map<string, number>;
}

async function rotationTimes(): Promise<{ switched: number[]; delivered: number[] }> {
  const roomKeys = await RoomKeys.derive(ROOM, encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))));
  const members = new Map<string, Member>();
  const join = async (identity: string) => {
    const member: Member = { identity, kx: null as unknown as KeyExchange, ownEpoch: 0, held: new Map() };
    member.kx = await KeyExchange.create({
      roomKeys,
      identity,
      displayName: identity,
      transport: {
        send: (to, bytes) => {
          for (const recipient of to) {
            const copy = bytes.slice();
            setTimeout(() => members.get(recipient)?.kx.onData(identity, copy), ONE_WAY_MS);
          }
        },
      },
    });
    member.kx.on(KeyExchangeEvent.OwnKeyChanged, (_index, _key, epoch) => (member.ownEpoch = epoch));
    member.kx.on(KeyExchangeEvent.KeyForSender, (sender, _index, _key, epoch) => member.held.set(sender, Math.max(epoch, member.held.get(sender) ?? 0)));
    await member.kx.start();
    for (const other of members.values()) {
      other.kx.onParticipantJoined(identity);
      member.kx.onParticipantJoined(other.identity);
    }
    members.set(identity, member);
  };
  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  for (const name of ['alice', 'bob', 'carol']) await join(name);
  await settle(1500);

  const switched: number[] = [];
  const delivered: number[] = [];
  for (let i = 0; i < ROTATIONS; i++) {
    const leaver = `guest-${i}`;
    await join(leaver);
    await settle(1500);
    const remaining = [...members.values()].filter((m) => m.identity !== leaver);
    const before = new Map(remaining.map((m) => [m.identity, m.ownEpoch]));
    members.get(leaver)?.kx.close();
    members.delete(leaver);
    const started = performance.now();
    for (const member of remaining) member.kx.onParticipantLeft(leaver);
    let allSwitched: number | null = null;
    for (;;) {
      await settle(5);
      const now = performance.now() - started;
      if (allSwitched === null && remaining.every((m) => m.ownEpoch > before.get(m.identity)!)) allSwitched = now;
      const allHeld = remaining.every((receiver) =>
        remaining.every((sender) => sender === receiver || (receiver.held.get(sender.identity) ?? -1) >= sender.ownEpoch),
      );
      if (allSwitched !== null && allHeld) {
        switched.push(allSwitched);
        delivered.push(now);
        break;
      }
      if (now > 10_000) throw new Error('rotation did not complete within 10 s');
    }
  }
  for (const member of members.values()) member.kx.close();
  return { switched, delivered };
}

/**
 * CPU of every renderer process (all threads, so the E2EE worker counts) during a 3-person call, per participant.
 * With `defencesOff` the pages run the bench's testable build with those defences switched off.
 */
async function renderCpu(browser: Browser, serverUrl: string, e2ee: boolean, defencesOff: Defence[] = []): Promise<number> {
  const names = ['First', 'Second', 'Third'];
  const link = newRoomLink(serverUrl, e2ee);
  const pages: Page[] = [];
  if (defencesOff.length === 0) pages.push(...(await joinAll(browser, link, names)));
  else {
    for (const name of names) {
      const page = await openParticipant(browser);
      await switchDefencesOffIn(page.context(), defencesOff);
      await joinThroughLobby(page, link, name);
      pages.push(page);
    }
  }
  await pages[0]!.waitForTimeout(5000);
  const cpu = (await rendererCpu(browser, (ms) => pages[0]!.waitForTimeout(ms), SAMPLE_SECONDS)) / names.length;
  for (const page of pages) await page.context().close();
  return cpu;
}

interface FrameWindow {
  frames: number;
  /** Frames from the members who stay that no receiver could decrypt. */
  dropped: number;
}

type Reading = ReceivingStreamCounts[][];

/**
 * Frames the receivers got from `senders` and could not decrypt between two readings (the app's E2EE worker counts
 * per receiving stream, with the participant it carries), summed over receivers. A stream re-pointed at another sender
 * within the window (a reused receiver) is left out: its frames cannot be told apart.
 */
function between(before: Reading, after: Reading, senders: ReadonlySet<string>): FrameWindow {
  const window: FrameWindow = { frames: 0, dropped: 0 };
  for (const [i, streams] of after.entries()) {
    for (const [s, stream] of streams.entries()) {
      const start = before[i]![s] ?? { ...stream, in: 0, out: 0 };
      if (start.participant !== stream.participant || !senders.has(stream.participant)) continue;
      window.frames += stream.in - start.in;
      const dropped = stream.in - start.in - (stream.out - start.out);
      window.dropped += dropped;
      if (dropped > 0 && process.env.SEALROOM_BENCH_VERBOSE) console.log(`  receiver ${i}: ${dropped} of ${stream.participant}'s ${stream.kind} frames undecrypted`);
    }
  }
  return window;
}

/**
 * Three members stay in a real E2EE call while a fourth joins and leaves, CHURN_RUNS times; every member's E2EE
 * worker counts, per sender, the frames it could not decrypt. Windows: from before a join until the joiner is keyed in
 * and settled, WINDOW_MS from a leave, and WINDOW_MS with no change.
 */
async function undecryptableFrames(browser: Browser, serverUrl: string): Promise<{ quiet: FrameWindow; joins: FrameWindow[]; leaves: FrameWindow[] }> {
  const link = newRoomLink(serverUrl, true);
  const names = ['First', 'Second', 'Third'];
  const members: Page[] = [];
  for (const name of names) {
    const page = await openParticipant(browser);
    await joinThroughLobby(page, link, name);
    members.push(page);
  }
  for (const [i, page] of members.entries()) for (const other of names.filter((_, j) => j !== i)) await expectVideoFlowing(page, other);
  const stayers = new Set(await Promise.all(members.map((page) => page.locator('[data-testid="participant-tile"][data-local="true"]').first().getAttribute('data-identity').then((id) => id ?? ''))));
  const read = (): Promise<Reading> => Promise.all(members.map(decodeStreams));
  const wait = (ms: number) => members[0]!.waitForTimeout(ms);

  const quietStart = await read();
  await wait(WINDOW_MS);
  const quiet = between(quietStart, await read(), stayers);
  const joins: FrameWindow[] = [];
  const leaves: FrameWindow[] = [];
  for (let run = 0; run < CHURN_RUNS; run++) {
    const beforeJoin = await read();
    const guest = await openParticipant(browser);
    await joinThroughLobby(guest, link, `Guest ${run + 1}`);
    for (const page of members) await expectVideoFlowing(page, `Guest ${run + 1}`);
    await wait(3000);
    const beforeLeave = await read();
    joins.push(between(beforeJoin, beforeLeave, stayers));
    await guest.getByTestId('leave-call').click();
    await wait(WINDOW_MS);
    leaves.push(between(beforeLeave, await read(), stayers));
    await guest.context().close();
  }
  const counts = await read();
  if (counts.some((streams) => streams.filter((s) => s.kind === 'video').reduce((n, s) => n + s.out, 0) === 0)) {
    throw new Error(`bench-e2ee: the worker counted no decrypted video (${JSON.stringify(counts)})`);
  }
  for (const page of members) await page.context().close();
  return { quiet, joins, leaves };
}

function describeWindows(windows: FrameWindow[]): string {
  const dropped = windows.map((w) => w.dropped);
  const frames = windows.reduce((n, w) => n + w.frames, 0);
  return `median ${percentile(dropped, 0.5)}, max ${Math.max(...dropped)} per change (${dropped.join(', ')}; of ${frames} frames received in all)`;
}

async function printRotation(): Promise<void> {
  const { switched, delivered } = await rotationTimes();
  console.log(
    `key rotation after a leave (4 → 3 members, ${ONE_WAY_MS} ms one-way, ${ROTATIONS} runs): every remaining sender switched ` +
      `median ${percentile(switched, 0.5).toFixed(0)} ms, p95 ${percentile(switched, 0.95).toFixed(0)} ms; every receiver holds every new key ` +
      `median ${percentile(delivered, 0.5).toFixed(0)} ms, p95 ${percentile(delivered, 0.95).toFixed(0)} ms`,
  );
}

const percent = (values: number[]) => values.map((v) => (v * 100).toFixed(1)).join(', ');

async function printFrames(browser: Browser, serverUrl: string): Promise<void> {
  const { quiet, joins, leaves } = await undecryptableFrames(browser, serverUrl);
  console.log(
    `undecryptable frames from the members who stay, at the 3 receivers of a real call (audio + video, ${CHURN_RUNS} runs): around a leave ` +
      `(${WINDOW_MS / 1000} s from it) ${describeWindows(leaves)}; around a join (until keyed in + 3 s) ${describeWindows(joins)}; ` +
      `with no change (${WINDOW_MS / 1000} s) ${quiet.dropped} of ${quiet.frames}`,
  );
}

/** Alternating calls, so drift in the machine's load hits both sides alike; medians of CPU_PAIRS each. */
async function printCpu(browser: Browser, serverUrl: string): Promise<void> {
  const offs: number[] = [];
  const ons: number[] = [];
  for (let pair = 0; pair < CPU_PAIRS; pair++) {
    offs.push(await renderCpu(browser, serverUrl, false));
    ons.push(await renderCpu(browser, serverUrl, true));
  }
  const [off, on] = [percentile(offs, 0.5), percentile(ons, 0.5)];
  console.log(
    `renderer CPU in a 3-person call, per participant, all renderer threads (median of ${CPU_PAIRS} alternating calls each): ` +
      `E2EE off ${(off * 100).toFixed(1)} % (${percent(offs)}), on ${(on * 100).toFixed(1)} % (${percent(ons)}) of a core; ratio ${(on / off).toFixed(2)}`,
  );
}

/** What the defences against a hostile server cost: the same call on the testable build, checks off vs on. */
async function printChecksCpu(browser: Browser): Promise<void> {
  const testable = await startServer({ port: 0, logger: silentLogger, staticDir: path.join(repoRoot, 'dist', 'renderer-testable') });
  try {
    const without: number[] = [];
    const withChecks: number[] = [];
    for (let pair = 0; pair < CPU_PAIRS; pair++) {
      without.push(await renderCpu(browser, testable.url, true, RUNTIME_DEFENCES));
      withChecks.push(await renderCpu(browser, testable.url, true));
    }
    const [a, b] = [percentile(without, 0.5), percentile(withChecks, 0.5)];
    console.log(
      `renderer CPU of the hostile-server checks (${RUNTIME_DEFENCES.join(', ')}), 3-person E2EE call, per participant ` +
        `(median of ${CPU_PAIRS} alternating calls each): off ${(a * 100).toFixed(1)} % (${percent(without)}), on ${(b * 100).toFixed(1)} % ` +
        `(${percent(withChecks)}) of a core; ratio ${(b / a).toFixed(3)}`,
    );
  } finally {
    await testable.close();
  }
}

/** A ghost: Cy leaves, the server hides it and keeps feeding a recorder that holds every key Cy had. */
async function printGhost(browser: Browser): Promise<void> {
  const lost: number[] = [];
  for (let run = 0; run < GHOST_RUNS; run++) {
    const bench = await HostileBench.start(SHIPPED);
    try {
      const outcome = await ghostAttack(bench, browser, 20_000);
      if (outcome.lostAccessAfterMs === null) throw new Error('bench-e2ee: the ghost never lost access');
      lost.push(outcome.lostAccessAfterMs);
    } finally {
      await bench.close();
    }
  }
  console.log(
    `ghost (a leave the server hides, its recorder holding every key the leaver had): last frame it decoded after the leave, ` +
      `median ${percentile(lost, 0.5).toFixed(0)} ms, max ${Math.max(...lost).toFixed(0)} ms (${lost.map((v) => v.toFixed(0)).join(', ')}; liveness bound 5 s + rotation ≤ 1 s)`,
  );
}

async function main(): Promise<void> {
  if (PARTS.has('rotation')) await printRotation();
  if (![...PARTS].some((part) => part !== 'rotation')) return;
  if (!existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    console.error('bench-e2ee: dist/renderer is missing; run "npm run build" first for the browser figures.');
    process.exit(1);
  }
  const server = await startServer({ port: 0, logger: silentLogger });
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    if (PARTS.has('frames')) await printFrames(browser, server.url);
    if (PARTS.has('cpu')) await printCpu(browser, server.url);
    if (PARTS.has('checks')) await printChecksCpu(browser);
    if (PARTS.has('ghost')) await printGhost(browser);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
// Media-stack timers (werift, Chromium's CDP pipe) can outlive close(); a benchmark must end by itself.
process.exit(0);
