import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccessToken } from 'livekit-server-sdk';
import { z } from 'zod';
import { isRoomName } from '../shared/room-link';
import type { Credentials } from './credentials';
import { readBody, sendJson } from './http-util';
import { newIdentity } from './ids';
import type { Logger } from './log';

/**
 * LiveKit's TokenSource endpoint standard, as `TokenSource.endpoint(url)` in livekit-client 2.23
 * speaks it: POST a `TokenSourceRequest` as JSON with proto field names, get back a
 * `TokenSourceResponse` ({ server_url, participant_token }).
 */
const TOKEN_BODY_LIMIT = 16 * 1024;
const TOKEN_TTL = '6h';

const text = (max: number) => z.string().max(max);

const TokenSourceRequestSchema = z.object({
  room_name: z.string().refine(isRoomName, {
    message: 'room_name must be a Sealroom room name (22 base64url characters, 128 bits)',
  }),
  participant_name: text(128).optional(),
  participant_identity: text(128)
    .regex(/^[\x21-\x7e]*$/, 'participant_identity must be printable ASCII without spaces')
    .optional(),
  participant_metadata: text(4096).optional(),
  participant_attributes: z
    .record(text(128), text(1024))
    .refine((value) => Object.keys(value).length <= 32, 'at most 32 participant_attributes')
    .optional(),
  // Accepted for compatibility with the standard, never put into the token: the room's
  // configuration (agents, limits) is the server's decision, not the requester's.
  room_config: z.record(z.string(), z.unknown()).optional(),
});


export interface TokenSourceResponse {
  server_url: string;
  participant_token: string;
}

export type TokenResult =
  | { ok: true; value: TokenSourceResponse; identity: string }
  | { ok: false; status: number; error: { code: string; message: string } };

export async function issueToken(input: unknown, credentials: Credentials, serverUrl: string): Promise<TokenResult> {
  const parsed = TokenSourceRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    return {
      ok: false,
      status: 400,
      error: { code: 'invalid_request', message: `${where}: ${issue?.message ?? 'invalid request'}` },
    };
  }
  const request = parsed.data;
  const identity = request.participant_identity || newIdentity();
  const token = new AccessToken(credentials.apiKey, credentials.apiSecret, {
    identity,
    name: request.participant_name ?? '',
    metadata: request.participant_metadata ?? '',
    attributes: request.participant_attributes ?? {},
    ttl: TOKEN_TTL,
  });
  token.addGrant({
    room: request.room_name,
    roomJoin: true,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
  });
  return {
    ok: true,
    identity,
    value: { server_url: credentials.livekitUrl ?? serverUrl, participant_token: await token.toJwt() },
  };
}

/** The ws URL a client should use to reach this server, as the client addressed it. */
function selfUrl(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  if (typeof host === 'string' && /^[A-Za-z0-9.\-[\]:]{1,255}$/.test(host)) return `ws://${host}`;
  return fallback;
}

export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  credentials: Credentials,
  fallbackUrl: string,
  log: Logger,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST, OPTIONS');
    sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'use POST' } });
    return;
  }
  const body = await readBody(req, TOKEN_BODY_LIMIT);
  if (!body.ok) {
    sendJson(res, body.status, { error: { code: body.status === 413 ? 'too_large' : 'bad_body', message: body.message } });
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(body.body.toString('utf8'));
  } catch {
    sendJson(res, 400, { error: { code: 'invalid_json', message: 'request body is not valid JSON' } });
    return;
  }
  const result = await issueToken(json, credentials, selfUrl(req, fallbackUrl));
  if (!result.ok) {
    sendJson(res, result.status, { error: result.error });
    return;
  }
  log('info', 'token issued', { identity: result.identity });
  sendJson(res, 200, result.value);
}
