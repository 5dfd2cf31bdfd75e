import { describe, expect, it } from 'vitest';
import { meetingServerChoice } from '../app/meeting-server';
import { checkMeetingServer, describeServerProblem } from './meeting-server-check';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const ORIGIN = 'https://meet.example.com';

function answering(status: number, body: unknown) {
  const requests: Array<{ url: string; body: string; method: string }> = [];
  const fetch = async (url: string, init: { method: string; body: string }) => {
    requests.push({ url, body: init.body, method: init.method });
    return { ok: status >= 200 && status < 300, status, json: async () => body };
  };
  return { fetch, requests };
}

describe('checkMeetingServer', () => {
  it('asks the token endpoint for the new room the way the call will, and accepts a token answer', async () => {
    const server = answering(201, { server_url: 'wss://meet.example.com', participant_token: 'eyJ.x.y' });
    await expect(checkMeetingServer(ORIGIN, ROOM, { fetch: server.fetch })).resolves.toEqual({ ok: true });
    expect(server.requests).toEqual([{ url: `${ORIGIN}/api/token`, method: 'POST', body: JSON.stringify({ room_name: ROOM }) }]);
  });

  it('tells a network failure, a timeout, a missing token service and a refusal apart, naming what it checked', async () => {
    const down = await checkMeetingServer(ORIGIN, ROOM, {
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect(down).toEqual({ ok: false, reason: 'unreachable', message: expect.stringContaining(`Nothing answered at ${ORIGIN}/api/token`) });

    const controller = new AbortController();
    const slow = checkMeetingServer(ORIGIN, ROOM, {
      timeoutMs: 5000,
      timeout: () => controller.signal,
      fetch: (_url, init) => new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('timed out', 'TimeoutError')))),
    });
    controller.abort();
    await expect(slow).resolves.toEqual({ ok: false, reason: 'timeout', message: `${ORIGIN}/api/token did not answer within 5 seconds.` });

    await expect(checkMeetingServer(ORIGIN, ROOM, { fetch: answering(404, null).fetch })).resolves.toMatchObject({ ok: false, reason: 'no-token-service' });
    await expect(checkMeetingServer(ORIGIN, ROOM, { fetch: answering(200, '<html>') .fetch })).resolves.toMatchObject({ ok: false, reason: 'no-token-service' });
    await expect(checkMeetingServer(ORIGIN, ROOM, { fetch: answering(429, { error: { code: 'rate-limited', message: 'Too many requests.' } }).fetch })).resolves.toEqual({
      ok: false,
      reason: 'refused',
      message: `${ORIGIN}/api/token refused the request (HTTP 429): Too many requests.`,
    });
  });
});

describe('what New call says', () => {
  const unreachable = { ok: false, reason: 'unreachable', message: 'Nothing answered.' } as const;

  it('with no server: says none is set, how to fix it, and leads to the setting', () => {
    const problem = describeServerProblem(meetingServerChoice({}, { meetingServer: null }, null), null);
    expect(problem?.message).toMatch(/^No meeting server is set.*Set one in Settings.*ask your admin/);
    expect(problem?.action).toBe('Set a meeting server');
  });

  it("with the user's server down: names it and what was checked; with the organisation's: says to ask IT", () => {
    expect(describeServerProblem(meetingServerChoice({}, { meetingServer: ORIGIN }, null), unreachable)).toEqual({
      message: `Sealroom could not reach the meeting server ${ORIGIN}. Nothing answered. Check the address in Settings, or ask your admin which server to use.`,
      action: 'Change the meeting server',
    });
    expect(describeServerProblem(meetingServerChoice({ defaultServer: ORIGIN }, { meetingServer: null }, null), unreachable)?.message).toContain('ask your IT team');
    expect(describeServerProblem(meetingServerChoice({}, { meetingServer: ORIGIN }, null), { ok: true })).toBeNull();
  });

  it('takes the policy server over the setting, and the setting over the built-in suggestion', () => {
    expect(meetingServerChoice({ defaultServer: 'https://corp.example' }, { meetingServer: ORIGIN }, 'http://127.0.0.1:7880')).toEqual({ origin: 'https://corp.example', source: 'policy' });
    expect(meetingServerChoice({}, { meetingServer: ORIGIN }, 'http://127.0.0.1:7880')).toEqual({ origin: ORIGIN, source: 'setting' });
    expect(meetingServerChoice({}, { meetingServer: null }, 'http://127.0.0.1:7880')).toEqual({ origin: 'http://127.0.0.1:7880', source: 'built-in' });
  });
});
