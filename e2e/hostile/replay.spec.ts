import { TrackSource } from '@livekit/protocol';
import type { Browser } from '@playwright/test';
import { expectVideoFlowing } from '../support/call';
import { decodeRefusals, inboundByTrackSid } from '../support/e2ee-probes';
import { expect, test } from '../support/fixtures';
import { inArm, SHIPPED, without, type Arm, type HostileBench, type MemberPage } from './bench';

/**
 * Attack 6: the server replays frames it recorded. Bob's microphone is recorded for 3 s; the server then plays the
 * recording to Ada in place of Bob's live audio, once right away (same key) and once after several rotations (the
 * previous protocol left every old key in the SDK's 256-slot keyring, so old frames still decrypted).
 */

interface ReplayOutcome {
  /** Audio samples Ada decoded from the replayed frames: right away, and after the rotations. */
  soonSamples: number;
  lateSamples: number;
  refusedAsReplayed: number;
}

async function decodedFrom(member: MemberPage, trackSid: string): Promise<number> {
  return (await inboundByTrackSid(member.page))[trackSid]?.samplesDecoded ?? 0;
}

async function replayAttack(bench: HostileBench, browser: Browser): Promise<ReplayOutcome> {
  const ada = await bench.join(browser, 'Ada');
  const bob = await bench.join(browser, 'Bob');
  await expectVideoFlowing(ada.page, 'Bob');
  const microphone = bench.track(bob.identity, TrackSource.MICROPHONE);
  const stop = bench.record(microphone);
  await ada.page.waitForTimeout(3000);
  const recording = stop();
  expect(recording.length).toBeGreaterThan(100);

  const replayed = async () => {
    // Bob's live audio is held back first, and what Ada's jitter buffer still holds of it plays out before counting.
    microphone.withhold(true);
    await ada.page.waitForTimeout(1000);
    const before = await decodedFrom(ada, microphone.info.sid);
    await bench.replay(microphone, recording);
    await ada.page.waitForTimeout(500);
    const samples = (await decodedFrom(ada, microphone.info.sid)) - before;
    microphone.withhold(false);
    return samples;
  };
  const soonSamples = await replayed();

  // Rotations: a guest joins and leaves three times (each join and each leave moves Bob to a new epoch).
  for (let i = 0; i < 3; i++) {
    const guest = await bench.join(browser, `Guest ${i}`);
    await expectVideoFlowing(guest.page, 'Bob');
    await guest.context.close();
    await ada.page.waitForTimeout(1500);
  }
  // Longer than the keyring's retirement delay (5 s after a key is superseded).
  await ada.page.waitForTimeout(6000);
  const lateSamples = await replayed();
  return { soonSamples, lateSamples, refusedAsReplayed: (await decodeRefusals(ada.page)).replayed };
}

function run(arm: Arm, browser: Browser): Promise<ReplayOutcome> {
  return inArm(arm, (bench) => replayAttack(bench, browser));
}

test.describe('hostile server, attack 6: replayed frames', () => {
  test.setTimeout(240_000);

  test('previous protocol: recorded frames play again, right away and after five rotations', async ({ browser }) => {
    const outcome = await run(without('replay-window'), browser);
    // 3 s of Opus at 48 kHz is 144,000 samples; most of it plays.
    expect(outcome.soonSamples).toBeGreaterThan(48_000);
    expect(outcome.lateSamples).toBeGreaterThan(48_000);
  });

  test('as shipped: the replay window refuses frames already played, and retired keys open no old frame', async ({ browser }) => {
    const outcome = await run(SHIPPED, browser);
    expect(outcome.soonSamples).toBeLessThan(4800);
    expect(outcome.lateSamples).toBeLessThan(4800);
    expect(outcome.refusedAsReplayed).toBeGreaterThan(100);
  });
});
