import {
  type RTCPeerConnection,
  RTP_EXTENSION_URI,
  type RtpPacket,
  rtpHeaderExtensionsParser,
  type RTCPeerConnectionConfig,
  RTCRtpCodecParameters,
  useAbsSendTime,
  useAudioLevelIndication,
  useNACK,
  usePLI,
  useRepairedRtpStreamId,
  useSdesMid,
  useSdesRTPStreamId,
} from 'werift';

/**
 * werift peer connection settings. Only VP8 and Opus are offered (what JoinResponse advertises);
 * no RTX, because werift's simulcast receiver does not pair RTX streams with rids. No transport-cc
 * or REMB either: with werift's feedback Chrome probed for bandwidth with padding-only packets that
 * made up ~80 % of what arrived; loss-based estimation from receiver reports is enough on one host.
 */
export interface NetworkSettings {
  /** Advertise 127.0.0.1 only: werift skips loopback when gathering, and tests must stay on it. */
  loopbackOnly: boolean;
  /** Port of the loopback STUN responder (see loopback-stun.ts). */
  stunPort: number;
}

function codecs(): NonNullable<RTCPeerConnectionConfig['codecs']> {
  return {
    audio: [
      new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, parameters: 'minptime=10;useinbandfec=1' }),
    ],
    video: [
      new RTCRtpCodecParameters({
        mimeType: 'video/VP8',
        clockRate: 90000,
        rtcpFeedback: [useNACK(), usePLI()],
      }),
    ],
  };
}

function network(settings: NetworkSettings): RTCPeerConnectionConfig {
  // werift falls back to Google's public STUN server when given none: give it our loopback one.
  const base: RTCPeerConnectionConfig = {
    iceServers: [{ urls: `stun:127.0.0.1:${settings.stunPort}` }],
    iceUseIpv6: false,
    iceUseIpv4: true,
  };
  if (!settings.loopbackOnly) return { ...base, iceAdditionalHostAddresses: ['127.0.0.1'] };
  return {
    ...base,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
  };
}

/** Receives the client's media: needs rid/mid extensions for simulcast and audio level for speakers. */
export function publisherConfig(settings: NetworkSettings): RTCPeerConnectionConfig {
  return {
    ...network(settings),
    codecs: codecs(),
    headerExtensions: {
      audio: [useSdesMid(), useAudioLevelIndication()],
      video: [useSdesMid(), useSdesRTPStreamId(), useRepairedRtpStreamId()],
    },
  };
}

/** Sends media to the client: header extensions are rewritten per packet, so keep the set small. */
export function subscriberConfig(settings: NetworkSettings): RTCPeerConnectionConfig {
  return {
    ...network(settings),
    codecs: codecs(),
    headerExtensions: {
      audio: [useSdesMid()],
      video: [useSdesMid(), useAbsSendTime()],
    },
  };
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
      routeRtcp(packet);
    } catch (error) {
      report(error);
    }
  };
}

/**
 * werift recycles any transceiver whose negotiated direction is inactive for the next one added,
 * whatever its kind, and takes over its mid: the remote's next offer then names a mid werift no
 * longer knows ("Transceiver with mid=N not found"), or an audio m-line turns into video. The
 * remote side (publisher) and our own reuse logic (subscriber) decide m-line reuse, so mark every
 * transceiver as not recyclable.
 */
export function disableTransceiverRecycling(pc: RTCPeerConnection): void {
  pc.onTransceiverAdded.subscribe((transceiver) => {
    (transceiver as unknown as { usedForSender: boolean }).usedForSender = true;
  });
}
