import type { IncomingMessage } from 'node:http';
import { createRoomAdmission, type RoomAdmissionConfig } from './admission/room-admission';
import type { Credentials } from './credentials';
import { CorsPolicy } from './http/cors';
import { httpOriginOf, readRequestOrigin, type TrustProxy } from './http/forwarded-request';
import type { AbuseLimits } from './limits/abuse-limits';
import { JoinGate, type JoinResource } from './limits/join-gate';
import { RateLimiter } from './limits/rate-limiter';
import { livekitRoomDirectory, livekitRoomService } from './livekit/livekit-rooms';
import { startRoomReaper, type RoomReaper } from './livekit/room-reaper';
import type { Logger } from './log';
import { createTokenEndpoint, type RoomDirectory } from './token-service';

/** What an operator sets around the calls: proxies, origins, limits, who may start a room. */
export interface FrontDoorOptions {
  credentials: Credentials;
  maxParticipantsPerRoom: number;
  maxCallDurationMs: number;
  trustProxy: TrustProxy;
  allowedOrigins: readonly string[];
  abuseLimits: AbuseLimits;
  roomAdmission: RoomAdmissionConfig | null;
  /** In front of a real LiveKit, end its calls at `maxCallDurationMs` through RoomService. */
  roomReaper: boolean;
  /** Whatever else a join needs free (the UDP port range). */
  joinResources: readonly JoinResource[];
  now?: () => number;
  log: Logger;
}

/** Between the network and the calls: CORS, the token endpoint with its limits and admission, the join gate. */
export interface FrontDoor {
  cors: CorsPolicy;
  gate: JoinGate;
  tokenEndpoint: ReturnType<typeof createTokenEndpoint>;
  /** The origin the request reached this server at, as its own web build's pages have it. */
  ownOrigin(req: IncomingMessage): string | null;
  close(): void;
}

/** How often the 24-hour reaper lists a real LiveKit's rooms: a call lasts at most a minute past its limit. */
const REAP_INTERVAL_MS = 60_000;

export function openFrontDoor(options: FrontDoorOptions, embeddedRooms: () => ReadonlyMap<string, unknown>, selfWsUrl: () => string): FrontDoor {
  const { credentials, log } = options;
  const livekit =
    credentials.livekitUrl !== null ? livekitRoomService(credentials.livekitApiUrl ?? credentials.livekitUrl, credentials.apiKey, credentials.apiSecret) : null;
  const rooms: RoomDirectory = livekit ? livekitRoomDirectory(livekit) : { exists: async (room) => embeddedRooms().has(room) };
  const admission = options.roomAdmission ? createRoomAdmission(options.roomAdmission) : null;
  // The embedded server ends its own calls at the limit; a real LiveKit needs telling through its RoomService.
  const reaper: RoomReaper | null = livekit && options.roomReaper
    ? startRoomReaper({ rooms: livekit, maxAgeMs: options.maxCallDurationMs, intervalMs: REAP_INTERVAL_MS, now: options.now, log })
    : null;
  if (livekit && !reaper) log('warn', 'room reaper off: calls on LiveKit are not ended at the time limit by this service (the app still leaves at 24 h)');
  const limits = options.abuseLimits;
  return {
    cors: new CorsPolicy(options.allowedOrigins),
    gate: new JoinGate(limits, { log, trustProxy: options.trustProxy, now: options.now, resources: options.joinResources }),
    tokenEndpoint: createTokenEndpoint({
      credentials,
      maxParticipants: options.maxParticipantsPerRoom,
      trustProxy: options.trustProxy,
      fallbackUrl: selfWsUrl,
      rate: limits.tokenRequests ? new RateLimiter(limits.tokenRequests, options.now) : null,
      admission: admission ? { check: admission, rooms } : null,
      log,
    }),
    ownOrigin: (req) => httpOriginOf(readRequestOrigin(req, options.trustProxy)),
    close: () => reaper?.stop(),
  };
}
