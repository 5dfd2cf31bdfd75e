import type { Browser, Page } from '@playwright/test';
import { fromBase64Url, toBase64Url } from '../../renderer/e2ee/bytes';
import { LinkHolder } from '../../renderer/e2ee/testing/link-holder';
import { expectVideoFlowing } from '../support/call';
import { recordedMediaKeys } from '../support/e2ee-probes';
import { expect, test } from '../support/fixtures';
import { inArm, SHIPPED, without, type Arm, type HostileBench, type MemberPage } from './bench';
import { NodeMember, roomKeysOf, sessionKeys } from './node-member';

/**
 * Attacks on the handshake by a link holder with the server's help: hello substitution (3), names the security code
 * did not cover (5), a second session under a member's identity (7); and the server showing different members
 * different participant lists (the threat model's split view).
 */

async function codeOf(page: Page): Promise<string> {
  return (await page.getByTestId('security-code').textContent())?.trim() ?? '';
}

/** Waits until the code has been computed and stays the same for a second. */
async function settledCode(page: Page): Promise<string> {
  let previous = '';
  await expect
    .poll(async () => {
      const code = await codeOf(page);
      const stable = code === previous && code !== '' && code !== '…';
      previous = code;
      return stable;
    }, { timeout: 20_000, intervals: [1000] })
    .toBe(true);
  return previous;
}

/** Video frames decoded in the tile of `identity` (0 when it shows no video); never waits. */
async function framesOf(page: Page, identity: string): Promise<number> {
  return page.evaluate((id) => document.querySelector<HTMLVideoElement>(`[data-testid="participant-tile"][data-identity="${id}"] video`)?.getVideoPlaybackQuality().totalVideoFrames ?? 0, identity);
}

async function warned(page: Page, kind: string, identity: string): Promise<boolean> {
  return page.locator(`[data-testid="security-warning"][data-kind="${kind}"][data-identity="${identity}"]`).isVisible();
}

function run<T>(arm: Arm, body: (bench: HostileBench) => Promise<T>): Promise<T> {
  return inArm(arm, body);
}

/** Attack 3: Bob's session nonce, start and name with the attacker's own keys and gen 1000, delivered to Ada as Bob. */
async function substituteHello(bench: HostileBench, browser: Browser) {
  const ada = await bench.join(browser, 'Ada', { recordKeys: true });
  const bob = await bench.join(browser, 'Bob');
  await expectVideoFlowing(ada.page, 'Bob');
  const codeBefore = await settledCode(ada.page);
  const keys = await roomKeysOf(bench);
  const bobsHello = (await LinkHolder.observe(keys, bob.identity, ada.identity, bench.envelopes(bob.identity, ada.identity)[0]!))!;
  const adasHellos = bench.envelopes(ada.identity, bob.identity);
  let adasHello = null;
  for (const bytes of adasHellos) adasHello = (await LinkHolder.observe(keys, ada.identity, bob.identity, bytes)) ?? adasHello;
  const attacker = await LinkHolder.impersonate(keys, bobsHello.hello);
  const sentBefore = bench.routed.length;
  bench.inject(bob.identity, ada.identity, await attacker.helloTo(adasHello!, 1000));
  await ada.page.waitForTimeout(4000);
  const learned: string[] = [];
  for (const delivery of bench.routed.slice(sentBefore)) {
    if (delivery.from !== ada.identity || delivery.to !== bob.identity) continue;
    const body = await attacker.read(ada.identity, bench.payloadOf(delivery));
    if (body?.t === 'key') learned.push(toBase64Url(fromBase64Url(body.key)!));
  }
  // A key the attacker read is Ada's once she encrypts with it (she switches within about a second).
  const ownKeys = async () => new Set((await recordedMediaKeys(ada.page)).filter((k) => k.own).map((k) => toBase64Url(Uint8Array.from(Buffer.from(k.key, 'base64')))));
  let attackerGotAdasKey = false;
  for (let attempt = 0; attempt < 6 && learned.length > 0 && !attackerGotAdasKey; attempt++) {
    const own = await ownKeys();
    attackerGotAdasKey = learned.some((key) => own.has(key));
    if (!attackerGotAdasKey) await ada.page.waitForTimeout(1000);
  }
  return {
    attackerGotAdasKey,
    codeUnchanged: (await settledCode(ada.page)) === codeBefore,
    warned: await warned(ada.page, 'conflicting-hello', bob.identity),
    stillSeeBob: await framesOf(ada.page, bob.identity).then(async (before) => (await ada.page.waitForTimeout(2000), (await framesOf(ada.page, bob.identity)) > before + 5)),
  };
}

/** Attack 7: a new session for Bob's identity with the largest start time there is. */
async function secondSession(bench: HostileBench, browser: Browser) {
  const ada = await bench.join(browser, 'Ada');
  const bob = await bench.join(browser, 'Bob');
  await expectVideoFlowing(ada.page, 'Bob');
  const keys = await roomKeysOf(bench);
  let adasHello = null;
  for (const bytes of bench.envelopes(ada.identity, bob.identity)) adasHello = (await LinkHolder.observe(keys, ada.identity, bob.identity, bytes)) ?? adasHello;
  const attacker = await LinkHolder.newSession(keys, bob.identity, 'Bob', Number.MAX_SAFE_INTEGER);
  bench.inject(bob.identity, ada.identity, await attacker.helloTo(adasHello!, 1));
  await ada.page.waitForTimeout(6000);
  const before = await framesOf(ada.page, bob.identity);
  await ada.page.waitForTimeout(3000);
  return {
    bobStillVerified: (await ada.page.locator(`[data-testid="participant-tile"][data-identity="${bob.identity}"]`).getAttribute('data-verified')) === 'true',
    bobVideoFlowing: (await framesOf(ada.page, bob.identity)) > before + 5,
    warned: await warned(ada.page, 'second-session', bob.identity),
  };
}

/** Attack 5: one member shows Ada the name "Bob" and Cy the name "Mallory", with the same keys and session. */
async function twoNames(bench: HostileBench, browser: Browser) {
  const ada = await bench.join(browser, 'Ada');
  const cy = await bench.join(browser, 'Cy');
  await expectVideoFlowing(ada.page, 'Cy');
  await bench.serverParticipant(browser, 'mallory');
  const session = await sessionKeys('mallory', 'Bob');
  const towardsAda = await NodeMember.start(bench, 'mallory', [ada.identity], session);
  const towardsCy = await NodeMember.start(bench, 'mallory', [cy.identity], { ...session, displayName: 'Mallory' });
  const tile = (member: MemberPage) => member.page.locator('[data-testid="participant-tile"][data-identity="mallory"]');
  await expect(tile(ada)).toHaveAttribute('data-verified', 'true', { timeout: 20_000 });
  await expect(tile(cy)).toHaveAttribute('data-verified', 'true', { timeout: 20_000 });
  const result = {
    adaSees: (await tile(ada).locator('.tile-name').textContent()) ?? '',
    cySees: (await tile(cy).locator('.tile-name').textContent()) ?? '',
    sameCode: (await settledCode(ada.page)) === (await settledCode(cy.page)),
  };
  towardsAda.close();
  towardsCy.close();
  return result;
}

test.describe('hostile server with a link holder: the handshake', () => {
  test.setTimeout(180_000);

  test('attack 3, previous protocol: a copied session nonce moves Ada’s channel for Bob to the attacker, which gets her media key; the code stays the same', async ({ browser }) => {
    // The previous protocol had no heartbeats either (with them, Bob's silence on the hijacked channel would show).
    const outcome = await run(without('session-binding', 'liveness'), (bench) => substituteHello(bench, browser));
    expect(outcome.attackerGotAdasKey).toBe(true);
    expect(outcome.codeUnchanged).toBe(true);
    expect(outcome.warned).toBe(false);
  });

  test('attack 3, as shipped: the conflicting hello is dropped and shown; the attacker gets nothing and Bob stays', async ({ browser }) => {
    const outcome = await run(SHIPPED, (bench) => substituteHello(bench, browser));
    expect(outcome.attackerGotAdasKey).toBe(false);
    expect(outcome.warned).toBe(true);
    expect(outcome.codeUnchanged).toBe(true);
    expect(outcome.stillSeeBob).toBe(true);
  });

  test('attack 7, previous protocol: a far-future start displaces Bob at Ada for good', async ({ browser }) => {
    const outcome = await run(without('single-session'), (bench) => secondSession(bench, browser));
    expect(outcome.bobStillVerified).toBe(false);
    expect(outcome.bobVideoFlowing).toBe(false);
  });

  test('attack 7, as shipped: one session per identity; the second one is refused and shown, Bob keeps his place', async ({ browser }) => {
    const outcome = await run(SHIPPED, (bench) => secondSession(bench, browser));
    expect(outcome.bobStillVerified).toBe(true);
    expect(outcome.bobVideoFlowing).toBe(true);
    expect(outcome.warned).toBe(true);
  });

  test('attack 5, previous code: a member shows different names to different people and their codes still match', async ({ browser }) => {
    const outcome = await run(without('code-coverage'), (bench) => twoNames(bench, browser));
    expect(outcome.adaSees).toBe('Bob');
    expect(outcome.cySees).toBe('Mallory');
    expect(outcome.sameCode).toBe(true);
  });

  test('attack 5, as shipped: the code covers names, so the two codes differ', async ({ browser }) => {
    const outcome = await run(SHIPPED, (bench) => twoNames(bench, browser));
    expect(outcome.adaSees).toBe('Bob');
    expect(outcome.cySees).toBe('Mallory');
    expect(outcome.sameCode).toBe(false);
  });

  test('split view: the server hides Cy from Ada only; the codes reveal it', async ({ browser }) => {
    await run(SHIPPED, async (bench) => {
      const ada = await bench.join(browser, 'Ada');
      const bob = await bench.join(browser, 'Bob');
      await expectVideoFlowing(ada.page, 'Bob');
      // From now on Ada is told about nobody new.
      const known = new Set([ada.identity, bob.identity]);
      bench.rewriteParticipants((to) => to === ada.identity, (info) => (known.has(info.identity) ? info : null));
      const cy = await bench.join(browser, 'Cy');
      await expectVideoFlowing(bob.page, 'Cy');
      await expect(ada.page.getByTestId('participant-tile')).toHaveCount(2);
      const [codeAda, codeBob, codeCy] = [await settledCode(ada.page), await settledCode(bob.page), await settledCode(cy.page)];
      // Ada and Bob see different member lists, and so do Bob and Cy (Ada never answers Cy): no two views agree.
      expect(codeAda).not.toBe(codeBob);
      expect(codeCy).not.toBe(codeBob);
    });
  });
});
