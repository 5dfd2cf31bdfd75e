import {
  PictureLossIndication,
  type RTCDataChannel,
  RTCPeerConnection,
  RTCRtpSender,
  RtcpPayloadSpecificFeedback,
  RTP_EXTENSION_URI,
  rtpHeaderExtensionsParser,
  type RTCPeerConnectionConfig,
  type RtpPacket,
} from 'werift';

/**
 * Every place the SFU reaches into werift past its public API, in one file: what each write is for
 * is written beside it, so a werift upgrade has one file to check.
 */

/** A peer connection with both of this file's fixes installed; `onPacketError` hears of the first routing error. */
export function createPeerConnection(config: RTCPeerConnectionConfig, onPacketError: (error: unknown) => void): RTCPeerConnection {
  const pc = new RTCPeerConnection(config);
  disableTransceiverRecycling(pc);
  installPacketRouting(pc, onPacketError);
  return pc;
}

/**
 * The track id werift writes into a sender's msid (`a=msid:<stream> <track>`), read-only in its
 * types: livekit-client reads the publisher and track sids from the msid `PA_x|TR_y TR_y`, and a
 * reused sender must announce its new track.
 */
export function setSenderTrackId(sender: RTCRtpSender, trackId: string): void {
  (sender as { trackId: string }).trackId = trackId;
}

interface ReceiverLike {
  latestRid?: string;
  handleRtpByRid(packet: RtpPacket, rid: string, extensions: Record<string, unknown>): void;
}

interface RouterLike {
  routeRtp(packet: RtpPacket): void;
  routeRtcp(packet: unknown): void;
  ssrcTable: Record<number, unknown>;
  extIdUriMap: Record<number, string>;
}

/**
 * Two fixes to werift's packet routing, installed per peer connection (werift looks
 * `router.routeRtp` up on every packet, so replacing the instance's functions is enough):
 *
 * - Simulcast by mid and rid: werift keys receivers by rid alone, so a simulcast camera and a
 *   simulcast screen share (both `q`/`h`/`f`, livekit-client's defaults) would land on one
 *   receiver. Packets carrying a rid are routed to the receiver of their mid, and their ssrc is
 *   registered so the later packets without the extensions follow.
 * - Key-frame requests by media SSRC: werift hands picture-loss feedback to whatever its *sender* SSRC names first.
 *   On one connection that sends and receives video (`/rtc/v1`), Chrome signs the feedback for every stream it
 *   receives with the SSRC of its own camera, which werift finds as our receiver of that camera: every key-frame
 *   request of a publishing subscriber went nowhere, so its video stopped for good after the first decode gap (an
 *   E2EE key change, a lost packet). A PLI naming one of our senders as its media goes to that sender.
 * - Containment: routing runs synchronously in werift's UDP handler, so a throw there (a rid it
 *   never negotiated, which it dereferences unchecked) would end the whole process.
 */
export function installPacketRouting(pc: RTCPeerConnection, onError: (error: unknown) => void): void {
  const router = (pc as unknown as { router?: RouterLike }).router;
  if (!router) return;
  const routeRtp = router.routeRtp.bind(router);
  const routeRtcp = router.routeRtcp.bind(router);
  let reported = false;
  const report = (error: unknown) => {
    if (!reported) onError(error);
    reported = true;
  };
  router.routeRtp = (packet: RtpPacket) => {
    try {
      const extensions = rtpHeaderExtensionsParser(packet.header.extensions, router.extIdUriMap) as Record<string, unknown>;
      const rid = extensions[RTP_EXTENSION_URI.sdesRTPStreamID];
      const mid = extensions[RTP_EXTENSION_URI.sdesMid];
      if (typeof rid === 'string' && typeof mid === 'string') {
        const receiver = pc.getTransceivers().find((t) => t.mid === mid)?.receiver as unknown as ReceiverLike | undefined;
        if (receiver) {
          router.ssrcTable[packet.header.ssrc] = receiver;
          receiver.latestRid = rid;
          receiver.handleRtpByRid(packet, rid, extensions);
          return;
        }
      }
      routeRtp(packet);
    } catch (error) {
      report(error);
    }
  };
  router.routeRtcp = (packet: unknown) => {
    try {
      if (routePictureLoss(router, packet)) return;
      routeRtcp(packet);
    } catch (error) {
      report(error);
    }
  };
}

/** True when `packet` is a PLI for a stream one of our senders sends, now handed to that sender. */
function routePictureLoss(router: RouterLike, packet: unknown): boolean {
  if (!(packet instanceof RtcpPayloadSpecificFeedback) || !(packet.feedback instanceof PictureLossIndication)) return false;
  const sender = router.ssrcTable[packet.feedback.mediaSsrc];
  if (!(sender instanceof RTCRtpSender)) return false;
  sender.handleRtcpPacket(packet);
  return true;
}

interface DtlsTransportLike {
  state: string;
  iceTransport: { state: string; connection: { nominated?: unknown; remoteUsername: string }; start(): Promise<void> };
}

/**
 * ICE restarts (a resuming client restarts ICE on its publisher connection; the server restarts the subscriber's when
 * the client reports it failed): werift restarts its ICE agent when the credentials change, but its `connect()` skips
 * every transport whose DTLS session is still up, so the restarted agent never runs its checks, keeps the client's
 * checks aside, and never selects a pair again; nothing (RTCP, key-frame requests, SCTP) can be sent to the client
 * from then on. Starts the checks of every transport a restart left without a selected pair under a live DTLS session.
 */
export function startRestartedIce(pc: RTCPeerConnection, onError: (error: unknown) => void): void {
  const manager = (pc as unknown as { secureManager?: { dtlsTransports?: DtlsTransportLike[] } }).secureManager;
  for (const dtls of manager?.dtlsTransports ?? []) {
    const ice = dtls.iceTransport;
    if (dtls.state !== 'connected' || ice.state === 'checking' || ice.connection.nominated !== undefined || !ice.connection.remoteUsername) continue;
    ice.start().catch(onError);
  }
}

/**
 * werift recycles any transceiver whose negotiated direction is inactive for the next one added,
 * whatever its kind, and takes over its mid: the remote's next offer then names a mid werift no
 * longer knows ("Transceiver with mid=N not found"), or an audio m-line turns into video. The
 * remote side (publisher) and our own reuse logic (subscriber) decide m-line reuse, so mark every
 * transceiver as not recyclable.
 */
function disableTransceiverRecycling(pc: RTCPeerConnection): void {
  pc.onTransceiverAdded.subscribe((transceiver) => {
    transceiver.usedForSender = true;
  });
}

interface AssociationQueues {
  sentQueue?: unknown[];
  outboundQueue?: unknown[];
}

/**
 * How many chunks sent on `channel`'s SCTP association the other end has not acknowledged yet, or not been sent at
 * all: werift keeps the first in `sentQueue`, the second in `outboundQueue`. A packet is at least one chunk.
 */
export function unacknowledgedOf(channel: RTCDataChannel): number {
  const association = (channel.sctp as unknown as { sctp?: AssociationQueues } | undefined)?.sctp;
  return (association?.sentQueue?.length ?? 0) + (association?.outboundQueue?.length ?? 0);
}
