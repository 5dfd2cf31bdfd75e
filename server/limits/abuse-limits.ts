import type { RateLimit } from './rate-limiter';

/**
 * What one client, and everyone together, may ask of this server. Defaults suit a team's server: a whole office
 * behind one address can still start a large call, a script cannot mint tokens or open calls without end.
 */
export interface AbuseLimits {
  /** `POST /api/token` per client (IPv4 address or IPv6 /64); null: no limit. */
  tokenRequests: RateLimit | null;
  /** Signalling joins (`/rtc` upgrades, resumes included) per client; null: no limit. */
  joins: RateLimit | null;
  /** Calls in progress on this server at once. */
  maxRooms: number;
  /** Participants in all calls on this server together (each call also has its own limit). */
  maxParticipants: number;
}

/**
 * Every participant of a loopback server (npm start, tests, bots) shares 127.0.0.1, as everyone behind a proxy that
 * is not trusted shares its address, and a 100-person call must still join at once; after a server restart or a
 * network blip the whole call rejoins or resumes together. What this stops is one address opening joins (peer
 * connections and their sockets) without end.
 */
export const DEFAULT_JOIN_LIMIT: RateLimit = { burst: 120, perMinute: 1200 };

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = {
  tokenRequests: { burst: 60, perMinute: 60 },
  joins: DEFAULT_JOIN_LIMIT,
  maxRooms: 200,
  maxParticipants: 500,
};

/** Why a request is turned away, in words for the client; 429 and 503 say when to come back. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  retryAfterS?: number;
}
