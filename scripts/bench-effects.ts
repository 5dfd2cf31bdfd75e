// `npm run bench -- effects`: renderer CPU of a real 3-person end-to-end encrypted call with the video and audio
// processing off (no background effect, no noise suppression) and on (background blur + RNNoise on every member),
// in alternating rounds within one run so drift in the machine's load hits both sides alike. Prints figures only.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/support/chromium';
import { expectVideoFlowing, newRoomLink } from '../e2e/support/call';
import { recordSentMedia, sending } from '../e2e/support/media-probes';
import { startServer } from '../server/index';
import { silentLogger } from '../server/log';
import { repoRoot } from './build-electron.mjs';
import { percentile, rendererCpu } from './bench-support';

const NAMES = ['First', 'Second', 'Third'];
const ROUNDS = Number(process.env.SEALROOM_BENCH_ROUNDS ?? 3);
const SETTLE_MS = 8000;
const SAMPLE_SECONDS = 10;

async function join(browser: Browser, link: string, name: string, effects: boolean): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 800 } });
  await recordSentMedia(context);
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByTestId('lobby-screen')).toBeVisible();
  await page.getByTestId('display-name').fill(name);
  await page.getByTestId('lobby-effects').locator('summary').click();
  await page.getByTestId(effects ? 'background-blur' : 'background-none').check();
  await page.getByTestId('noise-suppression').setChecked(effects);
  await page.getByTestId('join-call').click();
  await expect(page.getByTestId('call-view')).toBeVisible();
  return page;
}

interface Round {
  cpu: number;
  /** Members whose camera was still sent through the background processor at the end of the sample. */
  processedVideo: number;
  processedAudio: number;
  /** Members whose effect fell back or was degraded (couldn't keep up, CPU-limited encoder). */
  fellBack: number;
}

async function round(browser: Browser, serverUrl: string, effects: boolean): Promise<Round> {
  const link = newRoomLink(serverUrl, true);
  const pages: Page[] = [];
  for (const name of NAMES) pages.push(await join(browser, link, name, effects));
  for (const [i, page] of pages.entries()) for (const other of NAMES.filter((_, j) => j !== i)) await expectVideoFlowing(page, other);
  await pages[0]!.waitForTimeout(SETTLE_MS);
  const cpu = (await rendererCpu(browser, (ms) => pages[0]!.waitForTimeout(ms), SAMPLE_SECONDS)) / NAMES.length;
  let processedVideo = 0;
  let processedAudio = 0;
  let fellBack = 0;
  for (const page of pages) {
    if ((await sending(page, 'video')) === 'generated') processedVideo++;
    if ((await sending(page, 'audio')) === 'processed') processedAudio++;
    const failed = await page.locator('[data-testid="background-status"][data-state="failed"], [data-testid="effects-degraded"]').count();
    if (failed > 0) fellBack++;
  }
  for (const page of pages) await page.context().close();
  return { cpu, processedVideo, processedAudio, fellBack };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    console.error('bench-effects: dist/renderer is missing; run "npm run build" first.');
    process.exit(1);
  }
  const server = await startServer({ port: 0, logger: silentLogger });
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const off: Round[] = [];
    const on: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      off.push(await round(browser, server.url, false));
      on.push(await round(browser, server.url, true));
    }
    const median = (rounds: Round[]) => percentile(rounds.map((r) => r.cpu), 0.5);
    const list = (rounds: Round[]) => rounds.map((r) => (r.cpu * 100).toFixed(1)).join(', ');
    const [a, b] = [median(off), median(on)];
    console.log(
      `renderer CPU in a 3-person E2EE call, per participant, all renderer threads (median of ${ROUNDS} alternating rounds each): ` +
        `effects off ${(a * 100).toFixed(1)} % (${list(off)}), blur + noise suppression on ${(b * 100).toFixed(1)} % (${list(on)}) of a core; ratio ${(b / a).toFixed(2)}`,
    );
    const members = ROUNDS * NAMES.length;
    console.log(
      `with effects on, at the end of each sample: camera sent through the background processor ${on.reduce((n, r) => n + r.processedVideo, 0)} of ${members} members, ` +
        `microphone through RNNoise ${on.reduce((n, r) => n + r.processedAudio, 0)} of ${members}; effect fell back or degraded for ${on.reduce((n, r) => n + r.fellBack, 0)} ` +
        `(off rounds: ${off.reduce((n, r) => n + r.processedVideo + r.processedAudio, 0)} processed tracks)`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
// Media-stack timers (werift, Chromium's CDP pipe) can outlive close(); a benchmark must end by itself.
process.exit(0);
