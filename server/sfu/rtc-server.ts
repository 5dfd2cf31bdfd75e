import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { DisconnectReason, ParticipantPermission, ReconnectReason, SessionDescription } from '@livekit/protocol';
import { type ClaimGrants, TokenVerifier } from 'livekit-server-sdk';
import { WebSocketServer, type WebSocket } from 'ws';
import { describe } from '../describe';
import { bearerToken, refuseSocket, sendText } from '../http-util';
import type { Logger } from '../log';
import type { JoinGate } from '../limits/join-gate';
import type { LoopbackStun } from './loopback-stun';
import type { HostileHooks } from './hostile-hooks';
import { Participant } from './participant';
import type { MediaNetwork } from './peer-config';
import { Room } from './room';
import { parseJoinRequest, type V1JoinRequest } from './join-request';
import { handleRoomService } from './room-service';
import { SignallingSession } from './signalling-session';
import { roomLimitFromToken } from './token-room-config';

export interface RtcLimits {
  maxParticipants: number;
  maxCallDurationMs: number;
  /**
   * How long a participant whose signalling dropped stays in the call waiting for its client to resume: media keeps
   * flowing and nobody sees it leave. livekit-client retries a resume after about 0, 0.3, 1.2, 2.7 and 4.8 s and then
   * every 7 s (each ±50 %), so 20 s covers a drop of up to about 15 s (the ping timeout, after which either side gives
   * up on a silent socket) with a retry or two to spare. Longer would leave a participant whose machine vanished
   * frozen on everyone's screen for longer (ICE consent ends its peer connections 30 s after the last answer anyway).
   */
  resumeGraceMs: number;
  /** Largest signalling frame accepted; SDP with many tracks stays well under it. */
  maxFrameBytes: number;
}

export const DEFAULT_LIMITS: RtcLimits = {
  maxParticipants: 100,
  maxCallDurationMs: 24 * 60 * 60 * 1000,
  resumeGraceMs: 20_000,
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
  /** Server-wide checks on joins (and resumes): joins per client, calls and participants in all (limits/join-gate.ts). */
  gate: JoinGate;
  /** Where rooms take their creation time from (tests step it). */
  now?: () => number;
  /** Tests only: the hostile-server bench (hostile-hooks.ts). */
  hostile?: HostileHooks | null;
}

type Admission =
  | { ok: true; claims: ClaimGrants; identity: string; room: string; maxParticipants: number; token: string }
  | { ok: false; status: number; message: string; retryAfterS?: number };

const ROOM_NAME = /^[\x21-\x7e]{1,128}$/;

/** How a signalling connection asked to join: the legacy `/rtc` query, or `/rtc/v1`'s join request. */
type JoinAsk =
  | { path: 'v0'; reconnect: boolean; sid: string; reconnectReason: number; autoSubscribe: boolean }
  | { path: 'v1'; request: V1JoinRequest };

/**
 * The LiveKit-compatible part of the server: signalling on `/rtc` (legacy, a publisher and a subscriber peer
 * connection) and `/rtc/v1` (one peer connection, the join request in the URL), their `/validate`, and the Twirp
 * RoomService.
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
    const capacity = this.options.gate.capacity(this.rooms, room, identity);
    if (capacity) return { ok: false, status: capacity.status, message: capacity.message, retryAfterS: capacity.retryAfterS };
    return { ok: true, claims, identity, room, maxParticipants: limit.value, token };
  }

  private tokenOf(req: IncomingMessage): string | null {
    const url = new URL(req.url ?? '/', 'http://localhost');
    return url.searchParams.get('access_token') || bearerToken(req);
  }

  /** livekit-client asks this after a failed upgrade to learn why (401 → "not allowed", 404 → fall back). */
  async handleValidate(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const limited = this.options.gate.connection(req, false);
    const admission = limited ? { ok: false as const, ...limited } : await this.admit(this.tokenOf(req));
    if (!admission.ok) {
      if (admission.retryAfterS !== undefined) res.setHeader('Retry-After', String(admission.retryAfterS));
      sendText(res, admission.status, admission.message);
      return;
    }
    const ask = joinAskOf(new URL(req.url ?? '/', 'http://localhost'), pathname === '/rtc/v1/validate');
    if (!ask.ok) sendText(res, 400, ask.message);
    else sendText(res, 200, 'success');
  }

  handleTwirp(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    return handleRoomService(this, req, res, pathname);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const v1 = url.pathname === '/rtc/v1' || url.pathname === '/rtc/v1/';
    if (url.pathname !== '/rtc' && url.pathname !== '/rtc/' && !v1) {
      refuseSocket(socket, 404, 'not found', { cors: true });
      return;
    }
    const limited = this.options.gate.connection(req, true);
    if (limited) {
      refuseSocket(socket, limited.status, limited.message, { retryAfterS: limited.retryAfterS, cors: true });
      return;
    }
    this.admit(this.tokenOf(req)).then(
      (admission) => {
        if (!admission.ok) {
          this.log('warn', 'join refused', { status: admission.status, reason: admission.message });
          refuseSocket(socket, admission.status, admission.message, { retryAfterS: admission.retryAfterS, cors: true });
          return;
        }
        const ask = joinAskOf(url, v1);
        if (!ask.ok) {
          this.log('warn', 'join refused: bad join request', { status: 400, reason: ask.message });
          refuseSocket(socket, 400, ask.message, { cors: true });
          return;
        }
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          const join = ask.join;
          if (join.path === 'v1') {
            if (join.request.reconnect) this.resume(ws, admission, { singlePeerConnection: true, sid: join.request.participantSid, reason: join.request.reconnectReason });
            else this.accept(ws, admission, { singlePeerConnection: true, autoSubscribe: join.request.autoSubscribe, publisherOffer: join.request.publisherOffer });
          } else if (join.reconnect) {
            this.resume(ws, admission, { singlePeerConnection: false, sid: join.sid, reason: join.reconnectReason });
          } else {
            this.accept(ws, admission, { singlePeerConnection: false, autoSubscribe: join.autoSubscribe, publisherOffer: null });
          }
        });
      },
      (error: unknown) => {
        this.log('error', 'upgrade failed', { error: describe(error) });
        refuseSocket(socket, 500, 'internal error', { cors: true });
      },
    );
  }

  private accept(
    ws: WebSocket,
    admission: Extract<Admission, { ok: true }>,
    join: { singlePeerConnection: boolean; autoSubscribe: boolean; publisherOffer: V1JoinRequest['publisherOffer'] },
  ): void {
    const { claims, identity } = admission;
    let room = this.rooms.get(admission.room);
    if (!room) {
      room = new Room(admission.room, {
        // As on LiveKit, the token that opens a room may lower its limit (roomConfig), never raise the server's.
        maxParticipants: admission.maxParticipants,
        createdAtMs: (this.options.now ?? Date.now)(),
        maxCallDurationMs: this.options.limits.maxCallDurationMs,
        resumeGraceMs: this.options.limits.resumeGraceMs,
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
        autoSubscribe: join.autoSubscribe,
        token: admission.token,
        singlePeerConnection: join.singlePeerConnection,
        publisherOffer: join.publisherOffer ? new SessionDescription(join.publisherOffer) : null,
      },
      room,
      { loopbackOnly: this.options.loopbackOnly, stunPort: this.options.stun.port, ...this.options.media },
      this.log,
      this.options.hostile ?? null,
    );
    participant.attach(ws);
    const joined = room;
    joined.join(participant).catch((error: unknown) => {
      this.log('error', 'join failed', { participant: participant.sid, error: describe(error) });
      joined.leave(participant, 'join failed');
    });
  }

  /**
   * `reconnect=1&sid=PA_…`: the client's signalling dropped and it wants its session back. Only the participant that
   * sid names, in the token's room, with the token's identity and the very token it joined with, is resumed; anything
   * else is told to join afresh (which a token for that identity could do anyway), so a resume opens no new way into
   * someone else's session. A session resumes on the path it joined on (`/rtc` or `/rtc/v1`).
   */
  private resume(ws: WebSocket, admission: Extract<Admission, { ok: true }>, ask: { singlePeerConnection: boolean; sid: string; reason: number }): void {
    const { sid, reason } = ask;
    const participant = this.rooms.get(admission.room)?.participants.get(admission.identity);
    const refusal = !participant || participant.closed
      ? 'no such session (it ended, or the server restarted)'
      : participant.sid !== sid
        ? 'the session named is not this identity\'s current one'
        : !participant.isOwnToken(admission.token)
          ? 'not the token the session joined with'
          : participant.singlePeerConnection !== ask.singlePeerConnection
            ? 'the session joined on the other signalling path'
            : null;
    if (refusal !== null || !participant) {
      this.log('info', 'resume refused: telling the client to join again', { reason: refusal ?? 'unknown', participant: /^PA_\w{1,32}$/.test(sid) ? sid : 'invalid' });
      const hostile = this.options.hostile?.signal;
      const refused = new SignallingSession(
        { network: { loopbackOnly: this.options.loopbackOnly, stunPort: this.options.stun.port }, log: this.log },
        REFUSED_RESUME_HANDLERS,
        hostile ? (message) => hostile(admission.identity, message) : null,
      );
      refused.attach(ws);
      refused.refuseResume();
      return;
    }
    participant.resume(ws, Number.isInteger(reason) && reason in ReconnectReason ? (reason as ReconnectReason) : ReconnectReason.RR_UNKNOWN);
  }

  async close(): Promise<void> {
    for (const room of [...this.rooms.values()]) room.close(DisconnectReason.SERVER_SHUTDOWN, 'server shutting down');
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await this.options.stun.close();
  }
}

/** Reads how a signalling URL asks to join: `/rtc`'s query parameters, or `/rtc/v1`'s checked join request. */
function joinAskOf(url: URL, v1: boolean): { ok: true; join: JoinAsk } | { ok: false; message: string } {
  if (v1) {
    const parsed = parseJoinRequest(url.searchParams.get('join_request'));
    return parsed.ok ? { ok: true, join: { path: 'v1', request: parsed.request } } : parsed;
  }
  const params = url.searchParams;
  return {
    ok: true,
    join: {
      path: 'v0',
      reconnect: params.get('reconnect') === '1',
      sid: params.get('sid') ?? '',
      reconnectReason: Number(params.get('reconnect_reason') ?? '0'),
      autoSubscribe: params.get('auto_subscribe') !== '0',
    },
  };
}

/** A socket whose resume was refused hears one leave and closes: nothing it sends is acted on. */
const REFUSED_RESUME_HANDLERS = {
  offer: async () => {},
  answer: async () => {},
  addTrack: () => {},
  mute: () => {},
  subscription: () => {},
  trackSettings: () => {},
  leave: () => {},
  updateMetadata: () => {},
  lost: () => {},
  broken: () => {},
};
