import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { startServer } from '../../server/index';
import type { LogFields, LogLevel } from '../../server/log';
import { fetchToken, harnessScript } from '../server/support';
import { expect, test } from '../support/fixtures';
import { expectEveryoneSeesEveryone, expectVideoFlowing, joinAll, joinThroughLobby, newRoomLink, openParticipant } from '../support/call';

const require = createRequire(import.meta.url);

async function securityCode(page: Page): Promise<string> {
  return (await page.getByTestId('security-code').textContent())?.trim() ?? '';
}

async function expectSameSecurityCode(pages: Page[]): Promise<string> {
  await expect
    .poll(async () => {
      const codes = await Promise.all(pages.map(securityCode));
      return codes.every((code) => code !== '' && code !== '…' && code === codes[0]) ? codes[0] : `differ: ${codes.join(' / ')}`;
    }, { timeout: 20_000 })
    .toMatch(/^[^d…]/);
  return securityCode(pages[0]!);
}

test.describe('end-to-end encrypted call', () => {
  test.setTimeout(180_000);

  test('members verify each other and share one security code; a server-minted intruder decodes nothing and shows as unverified', async ({ browser, server }) => {
    const link = newRoomLink(server.url, true);
    const names = ['Ada', 'Bob', 'Cy'];
    const pages = await joinAll(browser, link, names);
    await expectEveryoneSeesEveryone(pages, names);
    const codeWithThree = await expectSameSecurityCode(pages);

    // The server operator can mint a token for the room, but holds no room secret: its client gets no keys.
    const roomName = new URL(link).pathname.slice(3);
    const token = await fetchToken(server, roomName, 'intruder');
    const context = await browser.newContext({ bypassCSP: true, permissions: ['camera', 'microphone'] });
    const intruder = await context.newPage();
    await intruder.goto(`${server.url}/healthz`);
    await intruder.addScriptTag({ content: await harnessScript() });
    const workerSource = await readFile(require.resolve('livekit-client/e2ee-worker'), 'utf8');
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    await intruder.evaluate(
      ([url, jwt, key, source]) => window.harness.connect(url, jwt, { e2ee: { key, workerSource: source } }),
      [token.server_url, token.participant_token, wrongKey, workerSource] as const,
    );

    for (const page of pages) {
      const intruderTile = page.locator('[data-testid="participant-tile"][data-verified="false"]');
      await expect(intruderTile).toHaveCount(1);
      await expect(intruderTile).toContainText('Unverified participant');
      await expect(intruderTile.locator('video')).toHaveCount(0);
    }
    await expect
      .poll(async () => {
        const stats = await intruder.evaluate(() => window.harness.stats());
        const video = stats.filter((s) => s.kind === 'video');
        return video.length >= 3 && video.every((s) => s.packetsReceived > 50) ? 'receiving' : 'waiting';
      }, { timeout: 30_000 })
      .toBe('receiving');
    const stats = await intruder.evaluate(() => window.harness.stats());
    expect(stats.filter((s) => s.kind === 'video').map((s) => s.framesDecoded)).toEqual([0, 0, 0]);
    expect(await expectSameSecurityCode(pages)).toBe(codeWithThree);

    // After Cy leaves, Ada and Bob move to new keys and keep seeing each other; the code changes for both.
    await pages[2]!.getByTestId('leave-call').click();
    await expect(pages[0]!.getByTestId('participant-tile')).toHaveCount(3);
    await expectVideoFlowing(pages[0]!, 'Bob');
    await expectVideoFlowing(pages[1]!, 'Ada');
    const codeWithTwo = await expectSameSecurityCode(pages.slice(0, 2));
    expect(codeWithTwo).not.toBe(codeWithThree);
    await context.close();
    for (const page of pages) await page.context().close();
  });

  test("the link's secret never reaches the server: not in requests, signalling, data packets or logs", async ({ browser }) => {
    const logged: string[] = [];
    const logger = (level: LogLevel, message: string, fields?: LogFields) => logged.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const server = await startServer({ port: 0, logger });
    try {
      const link = newRoomLink(server.url, true);
      const secret = link.split('#v1.')[1]!;
      const secretBytes = Buffer.from(secret, 'base64url');
      const forms = [secret, secretBytes.toString('base64'), secretBytes.toString('hex')];
      const sent: Buffer[] = [];
      const watch = (page: Page) => {
        page.on('request', (request) => sent.push(Buffer.from(`${request.url()}\n${JSON.stringify(request.headers())}\n${request.postData() ?? ''}`)));
        page.on('websocket', (socket) => {
          sent.push(Buffer.from(socket.url()));
          socket.on('framesent', (frame) => sent.push(typeof frame.payload === 'string' ? Buffer.from(frame.payload) : frame.payload));
        });
      };
      const ada = await openParticipant(browser);
      const bob = await openParticipant(browser);
      watch(ada);
      watch(bob);
      await joinThroughLobby(ada, link, 'Ada');
      await joinThroughLobby(bob, link, 'Bob');
      await expectVideoFlowing(ada, 'Bob');
      await ada.getByTestId('toggle-chat').click();
      await ada.getByTestId('chat-input').fill(`the link is ${link}`);
      await ada.getByTestId('chat-send').click();
      await bob.getByTestId('toggle-chat').click();
      await expect(bob.getByTestId('chat-log')).toContainText('the link is');
      await ada.getByTestId('leave-call').click();
      await bob.getByTestId('leave-call').click();

      expect(sent.length).toBeGreaterThan(20);
      for (const chunk of sent) {
        expect(chunk.includes(secretBytes)).toBe(false);
        for (const form of forms) expect(chunk.includes(form)).toBe(false);
      }
      expect(logged.length).toBeGreaterThan(0);
      for (const line of logged) for (const form of forms) expect(line).not.toContain(form);
      await ada.context().close();
      await bob.context().close();
    } finally {
      await server.close();
    }
  });
});
