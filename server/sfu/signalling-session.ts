import {
  ClientConfigSetting,
  ClientConfiguration,
  Codec,
  JoinResponse,
  LeaveRequest,
  LeaveRequest_Action,
  Pong,
  ReconnectResponse,
  ServerInfo,
  ServerInfo_Edition,
  SignalResponse,
  SignalTarget,
  TrickleRequest,
} from '@livekit/protocol';
import { DisconnectReason } from '@livekit/protocol';
import { SignalRequest } from '@livekit/protocol';
import type {
  AddTrackRequest,
  ParticipantInfo,
  Room as RoomInfo,
  SessionDescription,
  UpdateParticipantMetadata,
  UpdateSubscription,
  UpdateTrackSettings,
} from '@livekit/protocol';
import type { RTCPeerConnection } from 'werift';
import type { WebSocket } from 'ws';
import { describe } from '../describe';
import type { ParticipantContext } from './peer-config';
import { isLoopbackCandidate } from './sdp';

const SERVER_VERSION = '1.9.0';
const SERVER_PROTOCOL = 16;
const PING_INTERVAL_S = 5;
const PING_TIMEOUT_S = 15;
/** A socket that hears nothing for this long is dropped (and a resume awaited). */
export const PING_TIMEOUT_MS = PING_TIMEOUT_S * 1000;
/**
 * While the socket is gone, what the client must still hear when it resumes, at most this many messages (a 100-person
 * call's joins, leaves and mutes over a grace period stay far below it); past it the session cannot be resumed.
 */
const MAX_MISSED = 512;
/**
 * Not kept for a resuming client: periodic reports it gets fresh anyway, answers to pings it sent on the old socket,
 * and offers, which the subscriber peer sends again itself when one is still unanswered.
 */
const NOT_KEPT: ReadonlySet<SignalResponse['message']['case']> = new Set(['speakersChanged', 'connectionQuality', 'pong', 'pongResp', 'offer']);

/** Sends one SignalResponse to this session's client. */
export type Signal = (message: SignalResponse['message']) => void;

/** The requests a session hands on; pings and ICE candidates it answers itself. */
export interface SignalHandlers {
  offer(offer: SessionDescription): Promise<void>;
  answer(answer: SessionDescription): Promise<void>;
  addTrack(request: AddTrackRequest): void;
  mute(trackSid: string, muted: boolean): void;
  subscription(request: UpdateSubscription): void;
  trackSettings(settings: UpdateTrackSettings): void;
  leave(): void;
  updateMetadata(update: UpdateParticipantMetadata): void;
  /** The socket closed or went silent: the participant may resume on a new one. */
  lost(reason: string): void;
  /** The client broke the protocol (a malformed or oversized frame), or missed too much to resume: it leaves now. */
  broken(reason: string): void;
}

/**
 * One client's signalling: every SignalRequest is dispatched here, every SignalResponse leaves through `send`, and
 * ICE candidates cross here in both directions for both peer connections. The WebSocket can be replaced: when it
 * drops, what the client must still hear is kept until it resumes on a new one (`attach`) or the participant leaves.
 */
export class SignallingSession {
  lastSeenAt = Date.now();
  private readonly peers = new Map<SignalTarget, RTCPeerConnection>();
  private socket: WebSocket | null = null;
  /** What the client did not get while it had no open socket, sent in order when it resumes. */
  private missed: SignalResponse['message'][] | null = null;
  private closed = false;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    private readonly context: ParticipantContext,
    private readonly handlers: SignalHandlers,
    /** The hostile-server bench's chance to change or drop what goes out (tests only; see hostile-hooks.ts). */
    private readonly outgoing: ((message: SignalResponse['message']) => SignalResponse['message'] | null) | null = null,
  ) {
    // a socket that hears nothing for the ping timeout is dead even if TCP has not noticed: drop it and let the
    // client resume (it stops hearing pongs and reconnects after the same timeout)
    this.watchdog = setInterval(() => {
      if (this.socket && Date.now() - this.lastSeenAt > PING_TIMEOUT_MS) {
        this.context.log('warn', 'signalling silent past the ping timeout: dropping the socket');
        this.socket.terminate();
      }
    }, (PING_INTERVAL_S * 1000) / 2);
    this.watchdog.unref();
  }

  /**
   * Takes `ws` as this client's socket: the first one, or the one it resumed on. A previous socket still open (the
   * server had not noticed the drop) is closed and nothing from it is read any more.
   */
  attach(ws: WebSocket): void {
    const previous = this.socket;
    this.socket = ws;
    this.lastSeenAt = Date.now();
    if (previous && previous.readyState !== previous.CLOSED) previous.close(1000, 'resumed on a new connection');
    ws.on('message', (data, isBinary) => {
      if (this.socket !== ws) return;
      let request: SignalRequest;
      try {
        if (!isBinary) throw new Error('text frame');
        request = SignalRequest.fromBinary(toBytes(data));
      } catch {
        this.context.log('warn', 'malformed signalling frame: closing that connection');
        this.socket = null;
        ws.close(1007, 'malformed signalling frame');
        this.handlers.broken('malformed signalling frame');
        return;
      }
      this.handleRequest(request).catch((error: unknown) => {
        this.context.log('error', 'signal request failed', { error: describe(error) });
      });
    });
    // ws reports protocol violations (an oversized frame, bad framing) as errors; a network drop is only a close
    ws.on('error', () => {
      if (this.socket !== ws) return;
      this.socket = null;
      ws.terminate();
      this.handlers.broken('signalling protocol error');
    });
    ws.on('close', () => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.handlers.lost('signalling closed');
    });
  }

  /** The one way out to the client. Without an open socket, what it must still hear is kept for a resume. */
  send(message: SignalResponse['message']): void {
    if (this.closed) return;
    const ws = this.socket;
    const open = ws !== null && ws.readyState === ws.OPEN;
    if (!open && NOT_KEPT.has(message.case)) return;
    const sent = this.outgoing ? this.outgoing(message) : message;
    if (!sent) return;
    if (open) {
      ws.send(new SignalResponse({ message: sent }).toBinary());
      return;
    }
    // no socket, or one closing under us
    const missed = (this.missed ??= []);
    missed.push(sent);
    if (missed.length > MAX_MISSED) {
      this.missed = null;
      this.handlers.broken(`missed over ${MAX_MISSED} signalling messages while disconnected`);
    }
  }

  /**
   * Answers a resume on the socket just attached: the ReconnectResponse (livekit-client ignores anything before it),
   * then what was kept while the client was away. `lastMessageSeq` is the last reliable data packet received from it:
   * the client sends the ones after it again.
   */
  sendReconnect(lastMessageSeq: number): void {
    this.send({
      case: 'reconnect',
      value: new ReconnectResponse({
        iceServers: this.context.network.clientIceServers?.() ?? [],
        clientConfiguration: clientConfiguration(),
        serverInfo: serverInfo(),
        lastMessageSeq,
      }),
    });
    const missed = this.missed ?? [];
    this.missed = null;
    const ws = this.socket;
    for (const message of missed) ws?.send(new SignalResponse({ message }).toBinary());
  }

  /** `subscriberPrimary`: the legacy path's subscriber connection is primary; `/rtc/v1` has one connection. */
  sendJoin(room: RoomInfo, participant: ParticipantInfo, otherParticipants: ParticipantInfo[], subscriberPrimary: boolean): void {
    this.send({
      case: 'join',
      value: new JoinResponse({
        room,
        participant,
        otherParticipants,
        serverVersion: SERVER_VERSION,
        serverInfo: serverInfo(),
        iceServers: this.context.network.clientIceServers?.() ?? [],
        subscriberPrimary,
        clientConfiguration: clientConfiguration(),
        pingInterval: PING_INTERVAL_S,
        pingTimeout: PING_TIMEOUT_S,
        enabledPublishCodecs: [new Codec({ mime: 'video/VP8' }), new Codec({ mime: 'audio/opus' })],
      }),
    });
  }

  /** Tells the client why it is being disconnected; it will not try to reconnect. */
  sendLeave(reason: DisconnectReason): void {
    this.send({
      case: 'leave',
      value: new LeaveRequest({ canReconnect: false, reason, action: LeaveRequest_Action.DISCONNECT }),
    });
  }

  /**
   * Refuses a resume the server cannot honour (no such session any more, or not this client's): the client is told
   * to join afresh, as LiveKit does, and the socket closes.
   */
  refuseResume(): void {
    this.send({
      case: 'leave',
      value: new LeaveRequest({ canReconnect: true, reason: DisconnectReason.STATE_MISMATCH, action: LeaveRequest_Action.RECONNECT }),
    });
    this.close();
  }

  /** Trickles `pc`'s candidates to the client as `target`, and the client's candidates for `target` to `pc`. */
  carryCandidates(target: SignalTarget, pc: RTCPeerConnection): void {
    this.peers.set(target, pc);
    pc.onIceCandidate.subscribe((candidate) => {
      if (!candidate) return;
      const init = candidate.toJSON();
      if (this.context.network.loopbackOnly && !isLoopbackCandidate(init.candidate ?? '')) return;
      this.send({ case: 'trickle', value: new TrickleRequest({ candidateInit: JSON.stringify(init), target }) });
    });
  }

  async handleRequest(request: SignalRequest): Promise<void> {
    this.lastSeenAt = Date.now();
    const message = request.message;
    switch (message.case) {
      case 'offer':
        return this.handlers.offer(message.value);
      case 'answer':
        return this.handlers.answer(message.value);
      case 'trickle':
        return this.onTrickle(message.value.candidateInit, message.value.target);
      case 'addTrack':
        return this.handlers.addTrack(message.value);
      case 'mute':
        return this.handlers.mute(message.value.sid, message.value.muted);
      case 'subscription':
        return this.handlers.subscription(message.value);
      case 'trackSetting':
        return this.handlers.trackSettings(message.value);
      case 'leave':
        return this.handlers.leave();
      case 'ping':
        this.send({ case: 'pong', value: BigInt(Date.now()) });
        return;
      case 'pingReq':
        this.send({
          case: 'pongResp',
          value: new Pong({ lastPingTimestamp: message.value.timestamp, timestamp: BigInt(Date.now()) }),
        });
        return;
      case 'updateMetadata':
        return this.handlers.updateMetadata(message.value);
      default:
        // updateLayers, subscriptionPermission, syncState, simulate…: not needed by Sealroom's client
        return;
    }
  }

  private onTrickle(candidateInit: string, target: SignalTarget): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidateInit);
    } catch {
      return;
    }
    if (typeof parsed !== 'object' || parsed === null) return;
    const { candidate, sdpMid, sdpMLineIndex } = parsed as Record<string, unknown>;
    if (typeof candidate !== 'string' || candidate === '') return;
    if (this.context.network.loopbackOnly && !isLoopbackCandidate(candidate)) return;
    const pc = this.peers.get(target === SignalTarget.SUBSCRIBER ? SignalTarget.SUBSCRIBER : SignalTarget.PUBLISHER);
    pc?.addIceCandidate({
      candidate,
      sdpMid: typeof sdpMid === 'string' ? sdpMid : undefined,
      sdpMLineIndex: typeof sdpMLineIndex === 'number' ? sdpMLineIndex : undefined,
    }).catch((error: unknown) => this.context.log('warn', 'ice candidate rejected', { error: describe(error) }));
  }

  close(): void {
    this.closed = true;
    clearInterval(this.watchdog);
    this.missed = null;
    const ws = this.socket;
    this.socket = null;
    if (ws && (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING)) ws.close(1000, 'participant left');
  }
}

function serverInfo(): ServerInfo {
  return new ServerInfo({ edition: ServerInfo_Edition.Standard, version: SERVER_VERSION, protocol: SERVER_PROTOCOL });
}

/** A dropped signalling socket can be resumed: the peer connections and the participant wait for it (see Participant). */
function clientConfiguration(): ClientConfiguration {
  return new ClientConfiguration({ resumeConnection: ClientConfigSetting.ENABLED });
}

function toBytes(data: unknown): Uint8Array {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  throw new Error('unexpected frame type');
}
