/**
 * Attack 4, shared by ghost.spec.ts and the e2ee benchmark: a hidden leave. Cy leaves; the server never tells anyone
 * and keeps forwarding Ada's and Bob's media to a recorder that holds every key Cy had (at every key index, and what
 * the public join step derives from them), so Cy stays a ghost that can still read the call.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { deriveJoinKey, KEYRING_SIZE } from '../../renderer/e2ee/media-keys';
import { expectEveryoneSeesEveryone } from '../support/call';
import { newestKeys, recordedMediaKeys, type RecordedKey } from '../support/e2ee-probes';
import { e2eeWorkerSource, videoFrom } from '../server/support';
import type { HostileBench } from './bench';

export interface GhostOutcome {
  /** Whether the recorder decoded each sender's frames while Cy was there (the control). */
  decodedWhilePresent: boolean;
  /** ms from Cy leaving until the recorder stopped decoding every sender's new frames; null if it never stopped. */
  lostAccessAfterMs: number | null;
  /** Cy shown as not responding at the others. */
  shownNotResponding: boolean;
}

async function keysCyHolds(bench: HostileBench, cy: Page): Promise<RecordedKey[]> {
  const held = [...newestKeys(await recordedMediaKeys(cy)).values()].filter((k) => !k.own);
  const senderKeys: RecordedKey[] = [];
  for (const { identity, keyIndex, key } of held) {
    const next = (keyIndex + 1) % KEYRING_SIZE;
    const joinStep = await deriveJoinKey(bench.room, identity, Buffer.from(key, 'base64'), keyIndex + 1);
    for (let index = 0; index < KEYRING_SIZE; index++) {
      senderKeys.push({ identity, keyIndex: index, own: false, key: index === next ? Buffer.from(joinStep).toString('base64') : key });
    }
  }
  return senderKeys;
}

export async function ghostAttack(bench: HostileBench, browser: Browser, watchMs: number): Promise<GhostOutcome> {
  const ada = await bench.join(browser, 'Ada');
  const bob = await bench.join(browser, 'Bob');
  const cy = await bench.join(browser, 'Cy', { recordKeys: true });
  await expectEveryoneSeesEveryone([ada.page, bob.page, cy.page], ['Ada', 'Bob', 'Cy']);
  bench.hideParticipant('recorder', () => true);
  // On `/rtc`: a bare client that joins a running E2EE call on `/rtc/v1` sometimes decodes nothing for 30 s
  // (server/README.md, Known gaps), which failed the control in full runs; the attack does not depend on the path.
  const recorder = await bench.serverParticipant(browser, 'recorder', {
    connect: { autoSubscribe: true, e2ee: { workerSource: await e2eeWorkerSource(), senderKeys: await keysCyHolds(bench, cy.page) } },
    path: 'v0',
  });
  const senders = [ada.identity, bob.identity];
  const decoded = async () => Promise.all(senders.map(async (id) => (await videoFrom(recorder, id)).framesDecoded));
  const start = await decoded();
  // The control; when it fails, what the recorder got from each sender tells no packets from frames it cannot open.
  await expect
    .poll(async () => {
      const video = await Promise.all(senders.map((id) => videoFrom(recorder, id)));
      if (video.every((v, i) => v.framesDecoded > start[i]! + 10)) return 'decoding';
      return senders.map((id, i) => `${id}: ${video[i]!.packetsReceived} packets, ${video[i]!.framesDecoded} frames decoded`).join('; ');
    }, { timeout: 30_000, message: 'the recorder decodes every sender while Cy is a member' })
    .toBe('decoding');

  bench.hideLeave(cy.identity);
  const leftAt = Date.now();
  await cy.context.close();
  // Access is lost once no sender's decoded count moves for 2 s; it is measured from the last frame that decoded.
  let last = await decoded();
  let lastProgressAt = Date.now();
  while (Date.now() - leftAt < watchMs) {
    await recorder.waitForTimeout(250);
    const now = await decoded();
    if (now.some((n, i) => n > last[i]!)) lastProgressAt = Date.now();
    last = now;
    if (Date.now() - lastProgressAt > 2500) break;
  }
  const stopped = Date.now() - lastProgressAt > 2500;
  return {
    decodedWhilePresent: true,
    lostAccessAfterMs: stopped ? lastProgressAt - leftAt : null,
    shownNotResponding: await ada.page.locator(`[data-testid="participant-tile"][data-identity="${cy.identity}"][data-responsive="false"]`).isVisible(),
  };
}
