import {
  ClientConfigSetting,
  ClientConfiguration,
  Codec,
  JoinResponse,
  LeaveRequest,
  LeaveRequest_Action,
  Pong,
  ServerInfo,
  ServerInfo_Edition,
  SignalResponse,
  SignalTarget,
  TrickleRequest,
} from '@livekit/protocol';
import type {
  AddTrackRequest,
  DisconnectReason,
  ParticipantInfo,
  Room as RoomInfo,
  SessionDescription,
  SignalRequest,
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
}

/**
 * One client's signalling WebSocket: every SignalRequest is dispatched here, every SignalResponse
 * leaves through `send`, and ICE candidates cross here in both directions for both peer connections.
 */
export class SignallingSession {
  lastSeenAt = Date.now();
  private readonly peers = new Map<SignalTarget, RTCPeerConnection>();

  constructor(
    private readonly ws: WebSocket,
    private readonly context: ParticipantContext,
    private readonly handlers: SignalHandlers,
    /** The hostile-server bench's chance to change or drop what goes out (tests only; see hostile-hooks.ts). */
    private readonly outgoing: ((message: SignalResponse['message']) => SignalResponse['message'] | null) | null = null,
  ) {}

  /** The one way out to the client: nothing is sent once the socket is no longer open. */
  send(message: SignalResponse['message']): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const sent = this.outgoing ? this.outgoing(message) : message;
    if (sent) this.ws.send(new SignalResponse({ message: sent }).toBinary());
  }

  sendJoin(room: RoomInfo, participant: ParticipantInfo, otherParticipants: ParticipantInfo[]): void {
    this.send({
      case: 'join',
      value: new JoinResponse({
        room,
        participant,
        otherParticipants,
        serverVersion: SERVER_VERSION,
        serverInfo: new ServerInfo({ edition: ServerInfo_Edition.Standard, version: SERVER_VERSION, protocol: SERVER_PROTOCOL }),
        iceServers: this.context.network.clientIceServers?.() ?? [],
        subscriberPrimary: true,
        // Resuming would need both peer connections kept across a signalling drop; a full
        // reconnect replaces the participant instead.
        clientConfiguration: new ClientConfiguration({ resumeConnection: ClientConfigSetting.DISABLED }),
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
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(1000, 'participant left');
  }
}
