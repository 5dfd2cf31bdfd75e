import type { Browser, Page } from '@playwright/test';
import { deriveJoinKey, KEYRING_SIZE } from '../../renderer/e2ee/media-keys';
import { startServer, type RunningServer } from '../../server/index';
import type { LogFields, LogLevel } from '../../server/log';
import { e2eeWorkerSource, fetchToken, openHarness, videoFrom, type SignalPath } from '../server/support';
import { expect, test } from '../support/fixtures';
import { expectEveryoneSeesEveryone, expectVideoFlowing, joinAll, joinPair, joinThroughLobby, newRoomLink, openParticipant } from '../support/call';
import { newestKeys, recordedMediaKeys, recordMediaKeys, type RecordedKey } from '../support/e2ee-probes';

type HarnessConnect = NonNullable<Parameters<Window['harness']['connect']>[2]>;

/**
 * A bare livekit-client (no Sealroom app) in the room with a token the server minted: what the server operator, or
 * anyone the operator lets in, can run. It receives whatever the server forwards, and publishes its camera if asked.
 */
async function joinWithServerToken(browser: Browser, server: RunningServer, link: string, identity: string, options: HarnessConnect, path: SignalPath = 'v1'): Promise<Page> {
  const token = await fetchToken(server, new URL(link).pathname.slice(3), identity);
  const { page } = await openHarness(browser, server, path);
  await page.evaluate(([url, jwt, connect]) => window.harness.connect(url, jwt, connect), [token.server_url, token.participant_token, options] as const);
  return page;
}

/** Video frames decoded and packets received from each sender, at a bare client. */
async function videoBySender(page: Page, senders: string[]): Promise<Map<string, { decoded: number; packets: number }>> {
  const video = await Promise.all(senders.map((id) => videoFrom(page, id)));
  return new Map(senders.map((id, i) => [id, { decoded: video[i]!.framesDecoded, packets: video[i]!.packetsReceived }]));
}

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
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    const intruder = await joinWithServerToken(browser, server, link, 'intruder', { e2ee: { key: wrongKey, workerSource: await e2eeWorkerSource() }, publish: true });

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
    for (const page of [...pages, intruder]) await page.context().close();
  });

  test.describe(() => {
    // One more try: the recorder's control fails in some loaded runs because the senders rotate past its key snapshot
    // while it joins (server/README.md, Known gaps); every assertion after it must hold in the attempt that passes.
    test.describe.configure({ retries: 1 });

    test("after a member leaves, the others' new frames do not open with any key that member held", async ({ browser, server }) => {
      const link = newRoomLink(server.url, true);
      const room = new URL(link).pathname.slice(3);
      const [ada, bob] = await joinPair(browser, link, 'Ada', 'Bob');
      // Cy's client is patched, as any member could patch their own, to keep every media key it is handed.
      const cy = await openParticipant(browser);
      await recordMediaKeys(cy);
      await joinThroughLobby(cy, link, 'Cy');
      await expectEveryoneSeesEveryone([ada, bob, cy], ['Ada', 'Bob', 'Cy']);
      const codeWithCy = await expectSameSecurityCode([ada, bob, cy]);

      // What Cy can try on later frames: the newest key she holds for each sender, at every key index, and at the
      // next index also what she can derive from it with the protocol's public join step.
      const held = [...newestKeys(await recordedMediaKeys(cy)).values()].filter((k) => !k.own);
      expect(held).toHaveLength(2);
      const senderKeys: RecordedKey[] = [];
      for (const { identity, keyIndex, key } of held) {
        const next = (keyIndex + 1) % KEYRING_SIZE;
        const joinStep = await deriveJoinKey(room, identity, Buffer.from(key, 'base64'), keyIndex + 1);
        for (let index = 0; index < KEYRING_SIZE; index++) {
          senderKeys.push({ identity, keyIndex: index, own: false, key: index === next ? Buffer.from(joinStep).toString('base64') : key });
        }
      }
      // The server, colluding with Cy, forwards the call's packets to a client that holds those keys. On `/rtc`: a bare
      // client that joins a running E2EE call on `/rtc/v1` sometimes decodes nothing for 30 s (server/README.md, Known
      // gaps), which failed this control in full runs; the attack does not depend on the path.
      const recorder = await joinWithServerToken(browser, server, link, 'recorder', {
        e2ee: { workerSource: await e2eeWorkerSource(), senderKeys },
        publish: false,
      }, 'v0');
      const senders = held.map((k) => k.identity);
      // Control: while Cy is a member, her keys open Ada's and Bob's frames. When it fails, what the recorder got from
      // each sender tells no packets from frames it cannot open.
      await expect
        .poll(async () => {
          const video = await videoBySender(recorder, senders);
          if (senders.every((id) => (video.get(id)?.decoded ?? 0) > 10)) return 'decoding';
          return senders.map((id) => `${id}: ${video.get(id)?.packets ?? 0} packets, ${video.get(id)?.decoded ?? 0} frames decoded`).join('; ');
        }, { timeout: 30_000, message: 'the recorder decodes Ada and Bob while Cy is a member' })
        .toBe('decoding');

      await cy.getByTestId('leave-call').click();
      expect(await expectSameSecurityCode([ada, bob])).not.toBe(codeWithCy);
      // Within the rotation bound (1.5 s) both senders move to fresh keys: decoding at the recorder stops for good
      // while packets keep arriving.
      const stalled = async () => {
        const before = await videoBySender(recorder, senders);
        await recorder.waitForTimeout(2000);
        const after = await videoBySender(recorder, senders);
        return senders.map((id) => {
          const [b, a] = [before.get(id), after.get(id)];
          return b && a ? a.decoded === b.decoded && a.packets > b.packets + 20 : false;
        });
      };
      await expect.poll(stalled, { timeout: 20_000, intervals: [0] }).toEqual([true, true]);
      const settled = await videoBySender(recorder, senders);
      await recorder.waitForTimeout(5000);
      const later = await videoBySender(recorder, senders);
      for (const id of senders) {
        expect(later.get(id)!.packets, 'packets keep arriving at the recorder').toBeGreaterThan(settled.get(id)!.packets + 50);
        expect(later.get(id)!.decoded, "no frame sent after the rotation opens with Cy's keys").toBe(settled.get(id)!.decoded);
      }
      // The remaining members still see each other.
      await expectVideoFlowing(ada, 'Bob');
      await expectVideoFlowing(bob, 'Ada');
      for (const page of [ada, bob, cy, recorder]) await page.context().close();
    });
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
