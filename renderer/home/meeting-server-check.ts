/** How New call found the meeting server: ready to use, or why not, in words that say what was checked. */
export type MeetingServerCheck = { ok: true } | { ok: false; reason: 'unreachable' | 'timeout' | 'no-token-service' | 'refused'; message: string };

export const SERVER_CHECK_TIMEOUT_MS = 5000;

type FetchLike = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

function errorMessageOf(body: unknown): string | null {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : error;
  return typeof message === 'string' && message.trim() !== '' ? message.trim().slice(0, 200) : null;
}

function isTokenAnswer(body: unknown): boolean {
  const answer = body as { server_url?: unknown; participant_token?: unknown } | null;
  return typeof answer?.server_url === 'string' && typeof answer.participant_token === 'string';
}

/**
 * Asks the server's token endpoint for the new room exactly as the call will (`POST <origin>/api/token` with the
 * room name and nothing else), with a timeout. Not `/healthz`: a LiveKit token service need not have one, and an
 * answering health check says nothing about whether tokens can be had. The token itself is thrown away.
 */
export async function checkMeetingServer(
  origin: string,
  room: string,
  options: { fetch: FetchLike; timeoutMs?: number; timeout?: (ms: number) => AbortSignal },
): Promise<MeetingServerCheck> {
  const endpoint = `${origin}/api/token`;
  const timeoutMs = options.timeoutMs ?? SERVER_CHECK_TIMEOUT_MS;
  const signal = (options.timeout ?? ((ms) => AbortSignal.timeout(ms)))(timeoutMs);
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await options.fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ room_name: room }),
      signal,
    });
  } catch (error) {
    if (signal.aborted || (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))) {
      return { ok: false, reason: 'timeout', message: `${endpoint} did not answer within ${Math.round(timeoutMs / 1000)} seconds.` };
    }
    return { ok: false, reason: 'unreachable', message: `Nothing answered at ${endpoint} (the server is down, the address is wrong, or the network blocks it).` };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isTokenAnswer(body)) return { ok: true };
  if (response.ok || response.status === 404 || response.status === 405) {
    return { ok: false, reason: 'no-token-service', message: `${origin} answered, but it has no meeting token service at /api/token (HTTP ${response.status}).` };
  }
  const said = errorMessageOf(body);
  return { ok: false, reason: 'refused', message: `${endpoint} refused the request (HTTP ${response.status})${said ? `: ${said}` : '.'}` };
}

/** What New call says when it cannot create a call, and the button that leads to the setting. */
export interface ServerProblem {
  message: string;
  action: string;
}

export function describeServerProblem(server: { origin: string | null; source: 'policy' | 'setting' | 'built-in' | 'none' }, check: MeetingServerCheck | null): ServerProblem | null {
  if (server.origin === null) {
    return {
      message:
        'No meeting server is set, so Sealroom has nowhere to create a call. Set one in Settings (whoever runs your meetings can give you its address, such as https://meet.example.com), or ask your admin to set it for everyone. Joining by link works without one.',
      action: 'Set a meeting server',
    };
  }
  if (check === null || check.ok) return null;
  if (server.source === 'policy') {
    return {
      message: `Sealroom could not reach your organisation's meeting server, ${server.origin}. ${check.message} Your organisation chose this server: ask your IT team whether it is down.`,
      action: 'See the meeting server setting',
    };
  }
  return {
    message: `Sealroom could not reach the meeting server ${server.origin}. ${check.message} Check the address in Settings, or ask your admin which server to use.`,
    action: 'Change the meeting server',
  };
}
