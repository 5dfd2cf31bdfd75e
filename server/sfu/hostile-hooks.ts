import type { DataPacket, SignalResponse } from '@livekit/protocol';
import type { Participant } from './participant';
import type { Room } from './room';
import type { RtpPacket } from 'werift';

/**
 * The hostile-server bench's hooks into the SFU: what a malicious operator could make its server do. They exist for
 * the E2EE tests only: `startServer({ hostile })` is the one way to install them (no CLI flag, environment variable
 * or request reaches them). With none installed the server behaves as it always does.
 */

export type SignalMessage = SignalResponse['message'];

export interface DataDelivery {
  /** The sender identity the server stamps on the packet (the server may lie). */
  from: string;
  to: string;
  packet: DataPacket;
  reliable: boolean;
}

export interface HostileHooks {
  /** Each signalling response just before it goes to participant `to`: return it (changed or not), or null to drop it. */
  signal?(to: string, message: SignalMessage): SignalMessage | null;
  /** Each data packet the server routes, per recipient: return the deliveries to make instead (none drops it). */
  data?(delivery: DataDelivery): DataDelivery[];
}

/** Packet-level powers over one published track (see `PublishedTrack`). */
export interface RtpTap {
  /** Sees every packet the publisher sends on this track, before fan-out. */
  (layer: string, packet: RtpPacket): void;
}

/** What the bench can reach in a running server: the rooms and everything in them. */
export interface HostileHandle {
  /** The room with this name, if anyone is in it. */
  room(name: string): Room | undefined;
  /** The participant with this identity in the named room. */
  participant(room: string, identity: string): Participant | undefined;
  /** Delivers a reliable data packet to `to`, stamped as sent by `from`: what the server can always do. */
  injectData(room: string, from: string, to: string, payload: Uint8Array, topic: string): void;
}
