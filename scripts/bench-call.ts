// Call benchmarks, printed as figures (no pass/fail): link → first remote frame (median of 5), and the renderer's
// CPU and memory with 2, 25 and 100 participants. Everything runs on loopback and stops by itself.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/support/chromium';
import { spawnBots } from '../e2e/support/bots';
import { joinThroughLobby, newRoomLink, openParticipant } from '../e2e/support/call';
import { startServer } from '../server/index';
import { silentLogger } from '../server/log';
import { percentile, rendererCpu } from './bench-support';
import { repoRoot } from './build-electron.mjs';

const SAMPLE_SECONDS = 10;

async function firstRemoteFrame(page: Page): Promise<void> {
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="participant-tile"] video')].some((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames > 0),
    undefined,
    { timeout: 60_000, polling: 20 },
  );
}

async function joinTime(browser: Browser, serverUrl: string): Promise<number> {
  const link = newRoomLink(serverUrl, false);
  const host = await openParticipant(browser);
  await joinThroughLobby(host, link, 'Host');
  const guest = await openParticipant(browser);
  const started = performance.now();
  await guest.goto(link);
  await guest.getByTestId('display-name').fill('Guest');
  await guest.getByTestId('join-call').click();
  await firstRemoteFrame(guest);
  const elapsed = performance.now() - started;
  await host.context().close();
  await guest.context().close();
  return elapsed;
}

/** Renderer CPU per browser participant (all threads) and the measured page's JS heap. */
async function rendererLoad(browser: Browser, page: Page, browserParticipants: number): Promise<{ cpu: number; heapMb: number }> {
  const cpu = (await rendererCpu(browser, (ms) => page.waitForTimeout(ms), SAMPLE_SECONDS)) / browserParticipants;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heapMb = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
  return { cpu, heapMb };
}

async function loadWith(browser: Browser, serverUrl: string, participants: number, videoBots: number) {
  const link = newRoomLink(serverUrl, false);
  const room = new URL(link).pathname.slice(3);
  const bots = participants > 2 ? await spawnBots({ url: serverUrl, room, count: participants - 1, video: videoBots }) : null;
  const other = participants === 2 ? await openParticipant(browser) : null;
  if (other) await joinThroughLobby(other, link, 'Other');
  const page = await openParticipant(browser);
  await joinThroughLobby(page, link, 'Measured');
  await page.waitForTimeout(3000);
  const load = await rendererLoad(browser, page, other ? 2 : 1);
  await page.context().close();
  await other?.context().close();
  await bots?.stop();
  return load;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    console.error('bench-call: dist/renderer is missing; run "npm run build" first.');
    process.exit(1);
  }
  const server = await startServer({ port: 0, logger: silentLogger });
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const joins: number[] = [];
    for (let i = 0; i < 5; i++) joins.push(await joinTime(browser, server.url));
    console.log(`link → first remote frame: median ${percentile(joins, 0.5).toFixed(0)} ms (runs: ${joins.map((j) => j.toFixed(0)).join(', ')} ms)`);
    for (const [participants, videoBots] of [
      [2, 0],
      [25, 4],
      [100, 8],
    ] as const) {
      const { cpu, heapMb } = await loadWith(browser, server.url, participants, videoBots);
      console.log(
        `renderer with ${participants} participants${participants > 2 ? ` (${videoBots} publishing video)` : ''}: ` +
          `renderer CPU ${(cpu * 100).toFixed(1)} % of a core (all threads), JS heap ${heapMb.toFixed(1)} MB`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
// Media-stack timers (werift, Chromium's CDP pipe) can outlive close(); a benchmark must end by itself.
process.exit(0);
