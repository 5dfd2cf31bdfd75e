import { ParticipantInfo, ParticipantInfo_State, ParticipantUpdate } from '@livekit/protocol';
import type { Browser } from '@playwright/test';
import { expectVideoFlowing } from '../support/call';
import { KeyExchangeEvent } from '../../renderer/e2ee/key-exchange';
import { expect, test } from '../support/fixtures';
import { E2EE_TOPIC, inArm, SHIPPED, without, type Arm, type HostileBench } from './bench';
import { NodeMember } from './node-member';

/**
 * Attack 9: resource bounds. The server invents participants by the hundred (each used to get hellos every few
 * seconds, forever), and a member restarts its channel again and again (each restart used to force a new epoch on
 * everyone; now keys are reused where safe, but each restart still costs new pair keys, a re-verification and the
 * key sent again).
 */

async function inventParticipants(bench: HostileBench, browser: Browser): Promise<number> {
  const ada = await bench.join(browser, 'Ada');
  const invented = Array.from({ length: 300 }, (_, i) => new ParticipantInfo({ sid: `PA_invented${i}`, identity: `invented-${i}`, state: ParticipantInfo_State.ACTIVE, joinedAt: 1n }));
  const participant = bench.server.hostile!.participant(bench.room, ada.identity)!;
  participant.signalling.send({ case: 'update', value: new ParticipantUpdate({ participants: invented }) });
  await ada.page.getByTestId('toggle-people').click();
  await expect(ada.page.getByTestId('people-count')).toHaveText('301', { timeout: 20_000 });
  await ada.page.waitForTimeout(4000);
  const addressed = new Set(bench.routed.filter((d) => d.from === ada.identity && d.to.startsWith('invented-') && bench.topicOf(d) === E2EE_TOPIC).map((d) => d.to));
  return addressed.size;
}

async function restartFlood(bench: HostileBench, browser: Browser): Promise<{ keysResent: number; warned: boolean }> {
  const ada = await bench.join(browser, 'Ada');
  await bench.join(browser, 'Bob');
  await expectVideoFlowing(ada.page, 'Bob');
  const mallory = await NodeMember.join(bench, browser, 'mallory', [ada.identity], 'Mallory');
  await expect(ada.page.locator('[data-testid="participant-tile"][data-identity="mallory"]')).toHaveAttribute('data-verified', 'true', { timeout: 20_000 });
  await ada.page.waitForTimeout(2000);
  // Every restart Ada accepts costs her new pair keys, a re-verification and her key sent again.
  let keysResent = 0;
  mallory.kx.on(KeyExchangeEvent.KeyForSender, (sender) => {
    if (sender === ada.identity) keysResent++;
  });
  // Mallory's client forgets Ada and meets her again, 20 times in 4 s: each time a new channel generation.
  for (let i = 0; i < 20; i++) {
    mallory.kx.onParticipantLeft(ada.identity);
    mallory.kx.onParticipantJoined(ada.identity);
    await ada.page.waitForTimeout(200);
  }
  await ada.page.waitForTimeout(3000);
  const warned = await ada.page.locator('[data-testid="security-warning"][data-kind="restart-flood"][data-identity="mallory"]').isVisible();
  mallory.close();
  return { keysResent, warned };
}

function run<T>(arm: Arm, body: (bench: HostileBench) => Promise<T>): Promise<T> {
  return inArm(arm, body);
}

test.describe('hostile server and member, attack 9: resource bounds', () => {
  test.setTimeout(180_000);

  test('previous behaviour: every participant the server invents is tracked and greeted', async ({ browser }) => {
    expect(await run(without('resource-bounds'), (bench) => inventParticipants(bench, browser))).toBe(300);
  });

  test('as shipped: at most 256 participants are tracked, whatever the server claims', async ({ browser }) => {
    expect(await run(SHIPPED, (bench) => inventParticipants(bench, browser))).toBeLessThanOrEqual(256);
  });

  test('previous behaviour: a member restarting its channel makes Ada start it over every time', async ({ browser }) => {
    const outcome = await run(without('resource-bounds'), (bench) => restartFlood(bench, browser));
    expect(outcome.keysResent).toBeGreaterThanOrEqual(15);
  });

  test('as shipped: restarts beyond an honest client’s are ignored and named', async ({ browser }) => {
    const outcome = await run(SHIPPED, (bench) => restartFlood(bench, browser));
    expect(outcome.keysResent).toBeLessThanOrEqual(5);
    expect(outcome.warned).toBe(true);
  });
});
