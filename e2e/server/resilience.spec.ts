import { expect, test } from '../support/fixtures';
import { serverRestart, signallingCut } from './resilience';

test.describe.configure({ mode: 'serial' });

test('a 3 s signalling cut (TCP proxy; media untouched) is resumed: remote video never stops for over 1 s and nobody leaves', async ({ browser }) => {
  test.setTimeout(120_000);
  const figures = await signallingCut(browser, 3000);
  console.log(
    `signalling cut 3 s: both resumed ${figures.resumedAfterMs} ms after the network came back; ` +
      `longest remote video gap: ${figures.gaps.alice.ms} ms at alice, ${figures.gaps.bob.ms} ms at bob`,
  );
  for (const [at, gap] of Object.entries(figures.gaps)) {
    expect(gap.ms, `longest gap at ${at}, starting ${gap.startedAfterCutMs} ms after the cut`).toBeLessThanOrEqual(1000);
  }
  expect(figures.leftLines).toEqual([]);
  expect(figures.resumedLines).toBe(2);
  expect(figures.teardownEvents).toEqual([]);
});

test('after a server restart (killed, back on the same port after 2 s) both clients rejoin one room by themselves and remote video comes back', async ({ browser }) => {
  test.setTimeout(120_000);
  // A generous ceiling (livekit-client's own back-off, up to 7 s a step; 9–13 s seen): the figures, not this bound, are what to watch. Most of the time is the client's: its resume
  // attempts back off while the server is down, and once the new server refuses the resume (no such session) its full
  // reconnect waits for the next back-off step. The server's share is from the rejoin to the first frame.
  const figures = await serverRestart(browser, { downMs: 2000, ceilingMs: 25_000 });
  console.log(
    `server restart: ready ${figures.readyAfterKillMs} ms after the kill; both rejoined ${figures.rejoinedAfterReadyMs} ms after ` +
      `it was ready; remote video back ${figures.videoBackAfterReadyMs.alice} ms (alice) and ${figures.videoBackAfterReadyMs.bob} ms (bob) after it was ready`,
  );
  expect(figures.rooms).toEqual([[figures.room, 2]]);
});
