import { expect, test } from '../support/fixtures';
import { AccessToken } from 'livekit-server-sdk';
import { fetchToken, newRoomName, openHarness, startTestServer, type TestServer } from './support';

let server: TestServer;

test.beforeEach(async () => {
  server = await startTestServer({ maxParticipants: 1 });
});

test.afterEach(async () => {
  await server.close();
});

async function tokenSignedWith(secret: string, room: string, ttl: number | string = '10m'): Promise<string> {
  const at = new AccessToken('devkey', secret, { identity: 'eve', ttl });
  at.addGrant({ room, roomJoin: true });
  return at.toJwt();
}

test('livekit-client gets a clear error for wrong and expired tokens and a full room', async ({ browser }) => {
  const room = newRoomName();
  const { context, page } = await openHarness(browser, server);
  try {
    const wrong = await page.evaluate(([url, token]) => window.harness.connectError(url, token), [server.wsUrl, await tokenSignedWith('wrong', room)] as const);
    expect(wrong).toMatch(/invalid token/);
    const expired = await page.evaluate(([url, token]) => window.harness.connectError(url, token), [server.wsUrl, await tokenSignedWith('secret', room, -60)] as const);
    expect(expired).toMatch(/invalid token/);

    const first = await fetchToken(server, room, 'first');
    const occupant = await openHarness(browser, server);
    await occupant.page.evaluate(([url, token]) => window.harness.connect(url, token, { publish: false }), [first.server_url, first.participant_token] as const);
    const second = await fetchToken(server, room, 'second');
    const full = await page.evaluate(([url, token]) => window.harness.connectError(url, token), [second.server_url, second.participant_token] as const);
    expect(full).toMatch(/room is full/);
    await occupant.context.close();
  } finally {
    await context.close();
  }
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
});
