import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { DisconnectReason, ParticipantPermission, SignalRequest } from '@livekit/protocol';
import { type ClaimGrants, TokenVerifier } from 'livekit-server-sdk';
import { WebSocketServer, type WebSocket } from 'ws';
import { describe } from '../describe';
import { bearerToken, sendText } from '../http-util';
import type { Logger } from '../log';
import type { JoinGate } from '../limits/join-gate';
import type { LoopbackStun } from './loopback-stun';
import type { HostileHooks } from './hostile-hooks';
import { Participant } from './participant';
import type { MediaNetwork } from './peer-config';
import { Room } from './room';
import { handleRoomService } from './room-service';
import { roomLimitFromToken } from './token-room-config';

export interface RtcLimits {
  maxParticipants: number;
  maxCallDurationMs: number;
  /** Largest signalling frame accepted; SDP with many tracks stays well under it. */
  maxFrameBytes: number;
}

export const DEFAULT_LIMITS: RtcLimits = {
  maxParticipants: 100,
  maxCallDurationMs: 24 * 60 * 60 * 1000,
  maxFrameBytes: 256 * 1024,
};

export interface RtcServerOptions {
  apiKey: string;
  apiSecret: string;
  limits: RtcLimits;
  log: Logger;
  /** Advertise loopback ICE candidates only (the server listens on loopback). */
  loopbackOnly: boolean;
  stun: LoopbackStun;
  /** Media beyond loopback: external address, UDP port range, TURN for clients. */
  media?: MediaNetwork;
  /** Server-wide checks on joins: connections per client, calls and participants in all (limits/join-gate.ts). */
  gate?: JoinGate | null;
  /** Where rooms take their creation time from (tests step it). */
  now?: () => number;
  /** Tests only: the hostile-server bench (hostile-hooks.ts). */
  hostile?: HostileHooks | null;
}

type Admission =
  | { ok: true; claims: ClaimGrants; identity: string; room: string; maxParticipants: number }
  | { ok: false; status: number; message: string; retryAfterS?: number };

const ROOM_NAME = /^[\x21-\x7e]{1,128}$/;

/**
 * The LiveKit-compatible part of the server: `/rtc` signalling (legacy dual peer-connection path),
 * `/rtc/validate`, and the Twirp RoomService. `/rtc/v1` is refused so livekit-client falls back.
 */
export class RtcServer {
  readonly rooms = new Map<string, Room>();
  private readonly verifier: TokenVerifier;
  private readonly wss: WebSocketServer;

  constructor(private readonly options: RtcServerOptions) {
    this.verifier = new TokenVerifier(options.apiKey, options.apiSecret);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.limits.maxFrameBytes });
  }

  get log(): Logger {
    return this.options.log;
  }

  get verify(): TokenVerifier {
    return this.verifier;
  }

  private async admit(token: string | null): Promise<Admission> {
    if (!token) return { ok: false, status: 401, message: 'no access token: pass access_token or an Authorization: Bearer header' };
    let claims: ClaimGrants;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      return { ok: false, status: 401, message: `invalid token: ${describe(error)}` };
    }
    const room = claims.video?.room;
    const identity = claims.sub ?? '';
    if (!claims.video?.roomJoin || typeof room !== 'string' || !ROOM_NAME.test(room)) {
      return { ok: false, status: 401, message: 'invalid token: it does not grant joining a room' };
    }
    if (identity === '' || identity.length > 128) return { ok: false, status: 401, message: 'invalid token: missing identity' };
    const limit = roomLimitFromToken(claims, this.options.limits.maxParticipants);
    if (!limit.ok) return { ok: false, status: 401, message: `invalid token: ${limit.message}` };
    const existing = this.rooms.get(room);
    if (existing?.isFull && !existing.participants.has(identity)) {
      return { ok: false, status: 403, message: `room is full: at most ${existing.maxParticipants} participants` };
    }
    const capacity = this.options.gate?.capacity(this.rooms, room, identity);
    if (capacity) return { ok: false, status: capacity.status, message: capacity.message, retryAfterS: capacity.retryAfterS };
    return { ok: true, claims, identity, room, maxParticipants: limit.value };
  }

  private tokenOf(req: IncomingMessage): string | null {
    const url = new URL(req.url ?? '/', 'http://localhost');
    return url.searchParams.get('access_token') || bearerToken(req);
  }

  /** livekit-client asks this after a failed upgrade to learn why (401 → "not allowed", 404 → fall back). */
  async handleValidate(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (pathname === '/rtc/v1/validate') {
      sendText(res, 404, 'signalling v1 is not supported by this server: use /rtc');
      return;
    }
    const limited = this.options.gate?.connection(req, false);
    const admission = limited ? { ok: false as const, ...limited } : await this.admit(this.tokenOf(req));
    if (!admission.ok) {
      if (admission.retryAfterS !== undefined) res.setHeader('Retry-After', String(admission.retryAfterS));
      sendText(res, admission.status, admission.message);
    } else sendText(res, 200, 'success');
  }

  handleTwirp(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    return handleRoomService(this, req, res, pathname);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/rtc' && url.pathname !== '/rtc/') {
      refuse(socket, 404, url.pathname.startsWith('/rtc/v1') ? 'signalling v1 is not supported: use /rtc' : 'not found');
      return;
    }
    const limited = this.options.gate?.connection(req, true);
    if (limited) {
      refuse(socket, limited.status, limited.message, limited.retryAfterS);
      return;
    }
    this.admit(this.tokenOf(req)).then(
      (admission) => {
        if (!admission.ok) {
          this.log('warn', 'join refused', { status: admission.status, reason: admission.message });
          refuse(socket, admission.status, admission.message, admission.retryAfterS);
          return;
        }
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          this.accept(ws, admission, url.searchParams.get('auto_subscribe') !== '0');
        });
      },
      (error: unknown) => {
        this.log('error', 'upgrade failed', { error: describe(error) });
        refuse(socket, 500, 'internal error');
      },
    );
  }

  private accept(ws: WebSocket, admission: Extract<Admission, { ok: true }>, autoSubscribe: boolean): void {
    const { claims, identity } = admission;
    let room = this.rooms.get(admission.room);
    if (!room) {
      room = new Room(admission.room, {
        // As on LiveKit, the token that opens a room may lower its limit (roomConfig), never raise the server's.
        maxParticipants: admission.maxParticipants,
        createdAtMs: (this.options.now ?? Date.now)(),
        maxCallDurationMs: this.options.limits.maxCallDurationMs,
        log: this.log,
        onEmpty: (empty) => {
          if (this.rooms.get(empty.name) === empty) this.rooms.delete(empty.name);
        },
        hostile: this.options.hostile ?? null,
      });
      this.rooms.set(admission.room, room);
    }
    if (room.isFull && !room.participants.has(identity)) {
      // joins that passed the check together while the room filled up
      this.log('warn', 'join refused', { status: 403, reason: 'room is full' });
      ws.close(1008, `room is full: at most ${room.maxParticipants} participants`);
      return;
    }
    const video = claims.video ?? {};
    const participant = new Participant(
      {
        identity,
        name: claims.name ?? '',
        metadata: claims.metadata ?? '',
        attributes: { ...(claims.attributes ?? {}) },
        permission: new ParticipantPermission({
          canSubscribe: video.canSubscribe ?? true,
          canPublish: video.canPublish ?? true,
          canPublishData: video.canPublishData ?? true,
          canUpdateMetadata: video.canUpdateOwnMetadata ?? false,
        }),
        autoSubscribe,
      },
      ws,
      room,
      { loopbackOnly: this.options.loopbackOnly, stunPort: this.options.stun.port, ...this.options.media },
      this.log,
      this.options.hostile ?? null,
    );
    const joined = room;
    ws.on('message', (data, isBinary) => {
      let request: SignalRequest;
      try {
        if (!isBinary) throw new Error('text frame');
        request = SignalRequest.fromBinary(toBytes(data));
      } catch {
        this.log('warn', 'malformed signalling frame: closing that connection', { participant: participant.sid });
        ws.close(1007, 'malformed signalling frame');
        joined.leave(participant, 'malformed signalling frame');
        return;
      }
      participant.signalling.handleRequest(request).catch((error: unknown) => {
        this.log('error', 'signal request failed', { participant: participant.sid, error: describe(error) });
      });
    });
    ws.on('close', () => joined.leave(participant, 'signalling closed'));
    ws.on('error', () => joined.leave(participant, 'signalling error'));
    const watchdog = setInterval(() => {
      if (participant.closed) clearInterval(watchdog);
      else if (Date.now() - participant.signalling.lastSeenAt > 15_000) {
        participant.signalling.sendLeave(DisconnectReason.CONNECTION_TIMEOUT);
        joined.leave(participant, 'ping timeout');
      }
    }, 5_000);
    watchdog.unref();
    joined.join(participant).catch((error: unknown) => {
      this.log('error', 'join failed', { participant: participant.sid, error: describe(error) });
      joined.leave(participant, 'join failed');
    });
  }

  async close(): Promise<void> {
    for (const room of [...this.rooms.values()]) room.close(DisconnectReason.SERVER_SHUTDOWN, 'server shutting down');
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await this.options.stun.close();
  }
}

function toBytes(data: unknown): Uint8Array {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  throw new Error('unexpected frame type');
}

const REASONS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' };

function refuse(socket: Duplex, status: number, message: string, retryAfterS?: number): void {
  const retry = retryAfterS === undefined ? '' : `Retry-After: ${retryAfterS}\r\n`;
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n` +
      `${retry}Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n${message}`,
  );
}
