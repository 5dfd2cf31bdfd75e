import type { IncomingMessage } from 'node:http';
import { readRequestOrigin, type TrustProxy } from '../http/forwarded-request';
import type { Logger } from '../log';
import type { AbuseLimits, Refusal } from './abuse-limits';
import { clientKey } from './client-key';
import { RateLimiter } from './rate-limiter';

/** What the gate needs to know about the calls in progress. */
export interface RoomCensus {
  readonly size: number;
  get(name: string): { readonly participants: { readonly size: number; has(identity: string): boolean } } | undefined;
  values(): Iterable<{ readonly participants: { readonly size: number } }>;
}

/** Somewhere a join needs free capacity besides rooms and participants (the UDP port range). */
export interface JoinResource {
  /** A refusal message when a new participant cannot be served, else null. */
  exhausted(): string | null;
}

/**
 * The server-wide checks on signalling joins, kept apart from the SFU: connections per client (429 with
 * Retry-After), then calls and participants on the whole server (503). Each refusal is logged once per streak, with
 * the client's address and never the token.
 */
export class JoinGate {
  private readonly rate: RateLimiter | null;

  constructor(
    private readonly limits: AbuseLimits,
    private readonly options: { log: Logger; trustProxy: TrustProxy; now?: () => number; resources?: readonly JoinResource[] },
  ) {
    this.rate = limits.joins ? new RateLimiter(limits.joins, options.now) : null;
  }

  /** Per-client join rate; `count` false asks without counting (`/rtc/validate` explaining a refusal). */
  connection(req: IncomingMessage, count: boolean): Refusal | null {
    if (!this.rate) return null;
    const client = clientKey(readRequestOrigin(req, this.options.trustProxy).clientIp);
    const decision = count ? this.rate.take(client) : this.rate.peek(client);
    if (decision.ok) return null;
    if (decision.firstRefusal) this.options.log('warn', 'rate limited: signalling joins', { client, retryAfterS: decision.retryAfterS });
    return {
      status: 429,
      code: 'rate_limited',
      message: `too many joins from your address: try again in ${decision.retryAfterS} s`,
      retryAfterS: decision.retryAfterS,
    };
  }

  /** Room for `identity` in `room` on this server; a rejoin of someone already there always fits. */
  capacity(rooms: RoomCensus, room: string, identity: string): Refusal | null {
    const existing = rooms.get(room);
    if (existing?.participants.has(identity)) return null;
    if (!existing && rooms.size >= this.limits.maxRooms) {
      return this.full('rooms', `this server is hosting as many calls as it allows (${this.limits.maxRooms}): try again later`);
    }
    let participants = 0;
    for (const each of rooms.values()) participants += each.participants.size;
    if (participants >= this.limits.maxParticipants) {
      return this.full('participants', `this server has as many participants as it allows (${this.limits.maxParticipants}): try again later`);
    }
    for (const resource of this.options.resources ?? []) {
      const message = resource.exhausted();
      if (message !== null) return this.full('resources', message);
    }
    return null;
  }

  private full(what: string, message: string): Refusal {
    this.options.log('warn', 'join refused: server at capacity', { limit: what });
    return { status: 503, code: 'server_full', message, retryAfterS: 60 };
  }
}
