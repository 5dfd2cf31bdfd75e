import { createHmac } from 'node:crypto';
import { ICEServer } from '@livekit/protocol';

/**
 * An external TURN (or STUN) server the clients are told about in every JoinResponse. With a shared secret the
 * credentials follow the "TURN REST API" convention coturn implements (`use-auth-secret` / `static-auth-secret`):
 * username `<expiry unix time>:sealroom`, password base64(HMAC-SHA1(secret, username)), so no long-lived TURN
 * password is handed to every participant.
 */
export interface TurnSettings {
  urls: string[];
  /** coturn's static-auth-secret; null for servers that need no credentials (plain STUN). */
  secret: string | null;
  /** How long the credentials stay valid; a call lasts at most 24 h. */
  ttlS: number;
}

const TURN_URL = /^(turns?|stuns?):[^\s,]+$/;

export function isTurnUrl(value: string): boolean {
  return TURN_URL.test(value);
}

export function turnIceServers(settings: TurnSettings, now: () => number = Date.now): ICEServer[] {
  if (settings.secret === null) return [new ICEServer({ urls: settings.urls })];
  const username = `${Math.floor(now() / 1000) + settings.ttlS}:sealroom`;
  const credential = createHmac('sha1', settings.secret).update(username).digest('base64');
  return [new ICEServer({ urls: settings.urls, username, credential })];
}
