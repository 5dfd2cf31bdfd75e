import { TrackSource } from '@livekit/protocol';
import type { Browser } from '@playwright/test';
import { expectVideoFlowing } from '../support/call';
import { inboundByTrackSid } from '../support/e2ee-probes';
import { expect, test } from '../support/fixtures';
import { inArm, SHIPPED, without, type Arm, type HostileBench } from './bench';

/**
 * Attack 2: fail-closed stopped at subscription requests. The server's own participant publishes an unencrypted tone,
 * and the server pushes it to Ada without her asking: livekit-client attaches it and LiveKit's RoomAudioRenderer
 * played any attached remote audio, while the tile said nothing was received.
 */

interface Outcome {
  samplesDecoded: number;
  audioElements: number;
  unsolicitedWarning: boolean;
  unencryptedWarning: boolean;
}

async function push(bench: HostileBench, browser: Browser): Promise<Outcome> {
  const ada = await bench.join(browser, 'Ada');
  await bench.join(browser, 'Bob');
  await expectVideoFlowing(ada.page, 'Bob');
  await bench.serverParticipant(browser, 'eve', { plaintext: '#00ff00' });
  await expect.poll(() => bench.server.hostile!.participant(bench.room, 'eve')?.tracks.size ?? 0, { timeout: 15_000 }).toBe(2);
  const tone = bench.track('eve', TrackSource.MICROPHONE);
  bench.pushSubscription(ada.identity, 'eve', TrackSource.MICROPHONE);
  await ada.page.waitForTimeout(1500);
  const before = (await inboundByTrackSid(ada.page))[tone.info.sid]?.samplesDecoded ?? 0;
  await ada.page.waitForTimeout(4000);
  const after = (await inboundByTrackSid(ada.page))[tone.info.sid]?.samplesDecoded ?? 0;
  const eveSid = bench.server.hostile!.participant(bench.room, 'eve')!.sid;
  const audioElements = await ada.page.evaluate((prefix) => {
    const ids = new Set(Object.entries(window.__remoteTrackStreams ?? {}).filter(([, stream]) => stream.startsWith(prefix)).map(([id]) => id));
    return [...document.querySelectorAll('audio')].filter((audio) => (audio.srcObject as MediaStream | null)?.getTracks().some((t) => ids.has(t.id))).length;
  }, `${eveSid}|`);
  const warning = (kind: string) => ada.page.locator(`[data-testid="security-warning"][data-kind="${kind}"][data-identity="eve"]`).isVisible();
  return { samplesDecoded: after - before, audioElements, unsolicitedWarning: await warning('unsolicited-track'), unencryptedWarning: await warning('unencrypted-track') };
}

function run(arm: Arm, browser: Browser): Promise<Outcome> {
  return inArm(arm, (bench) => push(bench, browser));
}

test.describe('hostile server, attack 2: a track pushed without a subscription request', () => {
  test.setTimeout(180_000);

  test('previous behaviour: the server’s tone plays at Ada although nobody asked for it', async ({ browser }) => {
    const outcome = await run(without('sink-guard', 'worker-guard'), browser);
    expect(outcome.audioElements).toBeGreaterThan(0);
    expect(outcome.samplesDecoded).toBeGreaterThan(96_000);
  });

  test('with the worker guard alone, the tone reaches an <audio> element but nothing of it is decoded', async ({ browser }) => {
    const outcome = await run(without('sink-guard'), browser);
    expect(outcome.audioElements).toBeGreaterThan(0);
    expect(outcome.samplesDecoded).toBeLessThan(4800);
  });

  test('as shipped: the pushed track is stopped before any sink, and both problems are named', async ({ browser }) => {
    const outcome = await run(SHIPPED, browser);
    expect(outcome.audioElements).toBe(0);
    expect(outcome.samplesDecoded).toBeLessThan(4800);
    expect(outcome.unencryptedWarning).toBe(true);
    expect(outcome.unsolicitedWarning).toBe(true);
  });
});
