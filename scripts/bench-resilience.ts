// `npm run bench` (via scripts/bench.mjs, under tsx): how a two-person call (livekit-client pages, E2EE off) rides out
// trouble on this machine, 3 trials each, printed as figures (no pass/fail):
// - a 3 s signalling cut (a TCP proxy in front of the server; media is UDP and untouched): time from the network coming
//   back to both clients having resumed, and the longest remote video gap through it;
// - a server restart (SIGKILL, back on the same port after 2 s): time from the server being ready to both clients having
//   rejoined, and to remote video at each. Loopback only; stops by itself.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/support/chromium';
import { serverRestart, signallingCut } from '../e2e/server/resilience';
import { percentile } from './bench-support';

const TRIALS = 3;

const deadline = setTimeout(() => {
  console.error('bench-resilience: gave up after 6 minutes');
  process.exit(1);
}, 360_000);
deadline.unref();

const summary = (values: number[]) => `median ${percentile(values, 0.5).toFixed(0)} ms (runs: ${values.map((v) => v.toFixed(0)).join(', ')} ms)`;

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const resumed: number[] = [];
    const gaps: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const cut = await signallingCut(browser, 3000);
      resumed.push(cut.resumedAfterMs);
      gaps.push(Math.max(cut.gaps.alice.ms, cut.gaps.bob.ms));
      if (cut.leftLines.length > 0 || cut.teardownEvents.length > 0) console.log(`  trial ${i + 1}: the call was torn down (${[...cut.leftLines, ...cut.teardownEvents].join('; ')})`);
    }
    console.log(`signalling cut 3 s → both resumed after the network came back: ${summary(resumed)}`);
    console.log(`signalling cut 3 s → longest remote video gap: ${summary(gaps)}`);
    const rejoined: number[] = [];
    const video: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const restart = await serverRestart(browser, { downMs: 2000, ceilingMs: 30_000 });
      rejoined.push(restart.rejoinedAfterReadyMs);
      video.push(Math.max(restart.videoBackAfterReadyMs.alice, restart.videoBackAfterReadyMs.bob));
    }
    console.log(`server restart (down 2 s) → both rejoined after it was ready: ${summary(rejoined)}`);
    console.log(`server restart (down 2 s) → remote video back at both after it was ready: ${summary(video)}`);
  } finally {
    await browser.close();
  }
}

await main();
// Media-stack timers (Chromium's CDP pipe) can outlive close(); a benchmark must end by itself.
process.exit(0);
