import type { Browser, Page } from '@playwright/test';
import { expectVideoFlowing } from '../support/call';
import { expect, test } from '../support/fixtures';
import { inArm, SHIPPED, without, type Arm, type HostileBench } from './bench';
import { NodeMember } from './node-member';

/**
 * Attack 8: chat and hands. A member (here a modified client in the test process) shows different texts to
 * different members; and a raised hand never reached people who joined after it was raised.
 */

const chat = (id: string, text: string) => JSON.stringify({ type: 'chat', id, text });

async function chatLog(page: Page): Promise<string[]> {
  await page.getByTestId('toggle-chat').click();
  const entries = await page.locator('[data-testid="chat-log"] li').allTextContents();
  await page.getByTestId('toggle-chat').click();
  return entries;
}

async function twoTexts(bench: HostileBench, browser: Browser): Promise<{ ada: string[]; cy: string[] }> {
  const ada = await bench.join(browser, 'Ada');
  const cy = await bench.join(browser, 'Cy');
  await expectVideoFlowing(ada.page, 'Cy');
  const mallory = await NodeMember.join(bench, browser, 'mallory', [ada.identity, cy.identity], 'Mallory');
  for (const member of [ada, cy]) {
    await expect(member.page.locator('[data-testid="participant-tile"][data-identity="mallory"]')).toHaveAttribute('data-verified', 'true', { timeout: 20_000 });
  }
  await mallory.kx.sendMessage(chat('m1', 'We meet at 5'), { to: [ada.identity] });
  await mallory.kx.sendMessage(chat('m2', 'We meet at 6'), { to: [cy.identity] });
  await expect.poll(async () => (await chatLog(ada.page)).some((entry) => entry.includes('We meet at 5')), { timeout: 10_000 }).toBe(true);
  await expect.poll(async () => (await chatLog(cy.page)).some((entry) => entry.includes('We meet at 6')), { timeout: 10_000 }).toBe(true);
  const result = { ada: await chatLog(ada.page), cy: await chatLog(cy.page) };
  mallory.close();
  return result;
}

async function lateJoinerSeesHand(bench: HostileBench, browser: Browser): Promise<boolean> {
  const ada = await bench.join(browser, 'Ada');
  await ada.page.getByTestId('toggle-hand').click();
  const bob = await bench.join(browser, 'Bob');
  await expectVideoFlowing(bob.page, 'Ada');
  const hand = bob.page.locator(`[data-testid="participant-tile"][data-identity="${ada.identity}"] [data-testid="tile-hand"]`);
  return hand.waitFor({ timeout: 8000 }).then(
    () => true,
    () => false,
  );
}

function run<T>(arm: Arm, body: (bench: HostileBench) => Promise<T>): Promise<T> {
  return inArm(arm, body);
}

test.describe('hostile member, attack 8: chat and hands', () => {
  test.setTimeout(180_000);

  test('previous behaviour: a member shows Ada and Cy different texts and neither can tell', async ({ browser }) => {
    const outcome = await run(without('chat-recipients'), (bench) => twoTexts(bench, browser));
    expect(outcome.ada.join('\n')).toContain('We meet at 5');
    expect(outcome.cy.join('\n')).toContain('We meet at 6');
    expect(outcome.ada.join('\n')).not.toContain('Not sent to');
    expect(outcome.cy.join('\n')).not.toContain('Not sent to');
  });

  test('as shipped: each sees whom the message was signed for, and who was left out', async ({ browser }) => {
    const outcome = await run(SHIPPED, (bench) => twoTexts(bench, browser));
    expect(outcome.ada.find((entry) => entry.includes('We meet at 5'))).toContain('Not sent to: Cy');
    expect(outcome.cy.find((entry) => entry.includes('We meet at 6'))).toContain('Not sent to: Ada');
  });

  test('previous behaviour: someone who joins after a hand went up never learns of it', async ({ browser }) => {
    expect(await run(without('verified-messages'), (bench) => lateJoinerSeesHand(bench, browser))).toBe(false);
  });

  test('as shipped: a raised hand is told to each member as soon as it is verified', async ({ browser }) => {
    expect(await run(SHIPPED, (bench) => lateJoinerSeesHand(bench, browser))).toBe(true);
  });

  test('as shipped: a message the server holds back shows as sending until it arrives, and then once', async ({ browser }) => {
    await run(SHIPPED, async (bench) => {
      const ada = await bench.join(browser, 'Ada');
      const bob = await bench.join(browser, 'Bob');
      await expectVideoFlowing(ada.page, 'Bob');
      let holding = true;
      bench.onData((delivery) => (holding && delivery.to === bob.identity ? [] : undefined));
      await ada.page.getByTestId('toggle-chat').click();
      await ada.page.getByTestId('chat-input').fill('Are you there?');
      await ada.page.getByTestId('chat-input').press('Enter');
      await expect(ada.page.getByTestId('chat-sending')).toBeVisible();
      // Held long enough for Bob to count as not responding; the message is carried over when the channel restarts.
      await ada.page.waitForTimeout(7000);
      await expect(ada.page.getByTestId('chat-sending')).toBeVisible();
      holding = false;
      await expect(ada.page.getByTestId('chat-sending')).toBeHidden({ timeout: 20_000 });
      await expect.poll(async () => (await chatLog(bob.page)).filter((entry) => entry.includes('Are you there?')).length, { timeout: 10_000 }).toBe(1);
    });
  });
});
