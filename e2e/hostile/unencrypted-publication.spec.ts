import { TrackSource } from '@livekit/protocol';
import type { Browser } from '@playwright/test';
import { expectVideoFlowing } from '../support/call';
import { inboundByTrackSid, tileColor } from '../support/e2ee-probes';
import { expect, test } from '../support/fixtures';
import { inArm, SHIPPED, without, type Arm, type HostileBench, type MemberPage } from './bench';

/**
 * Attack 1: the server alone makes a verified member's media plaintext. It announces one extra publication with
 * `encryption: NONE` for Bob (livekit-client then switches decryption off for everything Bob sends), and puts its
 * own unencrypted media (a magenta picture and a tone) on Bob's camera and microphone for Ada and Cy.
 * Attack 2 (the server pushes a track nobody asked for) is in unsolicited-track.spec.ts.
 */

const MAGENTA = '#ff00ff';
const isMagenta = (color: [number, number, number] | null) => color !== null && color[0] > 180 && color[1] < 90 && color[2] > 180;

interface Outcome {
  /** Per victim: did a magenta frame show as Bob, how many of the server's video frames and audio samples were decoded. */
  victims: { magenta: boolean; framesDecoded: number; samplesDecoded: number; packetsReceived: number; warned: boolean; blocked: boolean; bobAudioElements: number }[];
}

async function attack(bench: HostileBench, browser: Browser): Promise<Outcome> {
  const ada = await bench.join(browser, 'Ada');
  const bob = await bench.join(browser, 'Bob');
  const cy = await bench.join(browser, 'Cy');
  const victims = [ada, cy];
  for (const victim of victims) await expectVideoFlowing(victim.page, 'Bob');
  // The server's own participant, which nobody in the call is told about.
  bench.hideParticipant('eve', (to) => to !== 'eve');
  await bench.serverParticipant(browser, 'eve', { plaintext: MAGENTA });
  await expect.poll(() => bench.server.hostile!.participant(bench.room, 'eve')?.tracks.size ?? 0, { timeout: 15_000 }).toBe(2);

  const camera = bench.track(bob.identity, TrackSource.CAMERA);
  const microphone = bench.track(bob.identity, TrackSource.MICROPHONE);
  bench.announceUnencryptedTrack(bob.identity, (to) => to !== bob.identity);
  const room = bench.server.hostile!.room(bench.room)!;
  room.participantChanged(room.participants.get(bob.identity)!);
  const stopVideo = bench.splice(camera, bench.track('eve', TrackSource.CAMERA));
  const stopAudio = bench.splice(microphone, bench.track('eve', TrackSource.MICROPHONE));
  // Bob's own frames still in flight when the splice began are not the server's: count from a second later.
  await ada.page.waitForTimeout(1000);
  const before = await Promise.all(victims.map((victim) => inboundByTrackSid(victim.page)));
  let magenta = victims.map(() => false);
  const deadline = Date.now() + 8000;
  while (Date.now() < deadline) {
    const colors = await Promise.all(victims.map((victim) => tileColor(victim.page, bob.identity)));
    magenta = magenta.map((seen, i) => seen || isMagenta(colors[i]!));
    await ada.page.waitForTimeout(500);
  }
  const after = await Promise.all(victims.map((victim) => inboundByTrackSid(victim.page)));
  stopVideo();
  stopAudio();
  const outcome: Outcome = { victims: [] };
  for (const [i, victim] of victims.entries()) {
    const video = { before: before[i]![camera.info.sid], after: after[i]![camera.info.sid] };
    const audio = { before: before[i]![microphone.info.sid], after: after[i]![microphone.info.sid] };
    outcome.victims.push({
      magenta: magenta[i]!,
      framesDecoded: (video.after?.framesDecoded ?? 0) - (video.before?.framesDecoded ?? 0),
      packetsReceived: (video.after?.packetsReceived ?? 0) - (video.before?.packetsReceived ?? 0),
      samplesDecoded: (audio.after?.samplesDecoded ?? 0) - (audio.before?.samplesDecoded ?? 0),
      warned: await victim.page.locator(`[data-testid="security-warning"][data-kind="unencrypted-track"][data-identity="${bob.identity}"]`).isVisible(),
      blocked: (await victim.page.locator(`[data-testid="participant-tile"][data-identity="${bob.identity}"]`).getAttribute('data-blocked')) === 'true',
      bobAudioElements: await audioElementsOf(bench, victim, bob),
    });
  }
  return outcome;
}

/** <audio> elements at `viewer` playing a track of `subject` (remote tracks carry their publisher's sid in the msid). */
async function audioElementsOf(bench: HostileBench, viewer: MemberPage, subject: MemberPage): Promise<number> {
  const prefix = `${bench.server.hostile!.participant(bench.room, subject.identity)!.sid}|`;
  return viewer.page.evaluate((streamPrefix) => {
    const ids = new Set(Object.entries(window.__remoteTrackStreams ?? {}).filter(([, stream]) => stream.startsWith(streamPrefix)).map(([id]) => id));
    return [...document.querySelectorAll('audio')].filter((audio) => (audio.srcObject as MediaStream | null)?.getTracks().some((t) => ids.has(t.id))).length;
  }, prefix);
}


async function run(arm: Arm, browser: Browser): Promise<Outcome> {
  return inArm(arm, (bench) => attack(bench, browser));
}

test.describe('hostile server, attack 1: a NONE publication and plaintext on a verified member’s tracks', () => {
  test.setTimeout(240_000);

  test('without the worker and sink guards, the server’s own picture and sound play as Bob', async ({ browser }) => {
    const outcome = await run(without('worker-guard', 'sink-guard'), browser);
    for (const victim of outcome.victims) {
      expect(victim.magenta, 'the magenta frames show in Bob’s tile').toBe(true);
      expect(victim.framesDecoded).toBeGreaterThan(20);
      expect(victim.samplesDecoded).toBeGreaterThan(48_000);
    }
  });

  test('with the worker guard alone, decryption stays on for Bob and none of the server’s frames is decoded', async ({ browser }) => {
    const outcome = await run(without('sink-guard'), browser);
    for (const victim of outcome.victims) {
      expect(victim.magenta).toBe(false);
      expect(victim.packetsReceived, 'the plaintext packets keep arriving').toBeGreaterThan(50);
      expect(victim.framesDecoded).toBeLessThanOrEqual(1);
      expect(victim.samplesDecoded).toBeLessThan(4800);
    }
  });

  test('the app as shipped: Bob is blocked and named in a warning at every other member, and nothing of the server’s plays', async ({ browser }) => {
    const outcome = await run(SHIPPED, browser);
    for (const victim of outcome.victims) {
      expect(victim.warned, 'a warning names Bob').toBe(true);
      expect(victim.blocked, 'Bob’s tile is blocked').toBe(true);
      expect(victim.magenta).toBe(false);
      expect(victim.framesDecoded).toBeLessThanOrEqual(1);
      expect(victim.samplesDecoded).toBeLessThan(4800);
      expect(victim.bobAudioElements, 'no <audio> element plays anything of Bob’s').toBe(0);
    }
  });
});
