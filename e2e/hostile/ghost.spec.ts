import type { Browser } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { inArm, SHIPPED, without, type Arm } from './bench';
import { ghostAttack, type GhostOutcome } from './ghost-attack';

/** Attack 4: a leave the server hides (ghost-attack.ts). Keys must follow what members prove, not the server. */

function run(arm: Arm, browser: Browser, watchMs: number): Promise<GhostOutcome> {
  return inArm(arm, (bench) => ghostAttack(bench, browser, watchMs));
}

test.describe('hostile server, attack 4: a leave the server hides', () => {
  test.setTimeout(180_000);
  // One more try: the recorder's control (it decodes while Cy is a member) fails in some loaded runs because the senders
  // rotate past its key snapshot while it joins (server/README.md, Known gaps). A retry cannot pass a broken defence:
  // every assertion after the control must hold in the attempt that passes.
  test.describe.configure({ retries: 1 });

  test('previous protocol (no heartbeats): the ghost keeps decoding everyone for as long as the server likes', async ({ browser }) => {
    const outcome = await run(without('liveness'), browser, 20_000);
    expect(outcome.decodedWhilePresent).toBe(true);
    expect(outcome.lostAccessAfterMs).toBeNull();
  });

  test('as shipped: the ghost loses access to every sender within the liveness bound, and shows as not responding', async ({ browser }) => {
    const outcome = await run(SHIPPED, browser, 20_000);
    console.log(`ghost lost access ${outcome.lostAccessAfterMs} ms after leaving`);
    expect(outcome.lostAccessAfterMs).not.toBeNull();
    // Liveness bound (5 s), then the leave debounce (250 ms) and the switch deadline (750 ms), plus a frame in flight.
    expect(outcome.lostAccessAfterMs!).toBeLessThan(7500);
    expect(outcome.shownNotResponding).toBe(true);
  });
});
