import {
  type RTCPeerConnection,
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
import { describe } from '../describe';
import type { Logger } from '../log';
import { keepLoopbackCandidates } from './sdp';
import { createPeerConnection } from './werift-internals';

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
  // max-bundle: one ICE/DTLS transport per connection from the start. Otherwise every transceiver added before the
  // first answer (a join's auto-subscriptions) gets a transport and a UDP socket of its own; the answer bundles them
  // onto the first, and close() stops only transports a transceiver still holds: two sockets leaked per such join.
  const base: RTCPeerConnectionConfig = {
    iceServers: [{ urls: `stun:127.0.0.1:${settings.stunPort}` }],
    iceUseIpv6: false,
    iceUseIpv4: true,
    bundlePolicy: 'max-bundle',
  };
  if (!settings.loopbackOnly) return { ...base, iceAdditionalHostAddresses: ['127.0.0.1'] };
  return {
    ...base,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
  };
}

/**
 * Receives the client's media: needs rid/mid extensions for simulcast and audio level for speakers. On `/rtc/v1`
 * (`sends`) the same connection sends subscriptions too, with abs-send-time on video as the subscriber connection has
 * (werift writes only the extensions it knows a value for; rid stays off what it sends).
 */
export function publisherConfig(settings: NetworkSettings, sends = false): RTCPeerConnectionConfig {
  return {
    ...network(settings),
    codecs: codecs(),
    headerExtensions: {
      audio: [useSdesMid(), useAudioLevelIndication()],
      video: sends ? [useSdesMid(), useSdesRTPStreamId(), useRepairedRtpStreamId(), useAbsSendTime()] : [useSdesMid(), useSdesRTPStreamId(), useRepairedRtpStreamId()],
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

/** SDP as it may cross the wire either way: on a loopback-only server, without candidates on other interfaces. */
export function withAllowedCandidates(settings: NetworkSettings, sdp: string): string {
  return settings.loopbackOnly ? keepLoopbackCandidates(sdp) : sdp;
}

/** What each piece serving one participant is made with. */
export interface ParticipantContext {
  readonly network: NetworkSettings;
  /** The server's logger, naming the participant in every line. */
  readonly log: Logger;
}

/** A peer connection for the participant, with werift's fixes; its first packet-routing error is logged. */
export function openPeerConnection(context: ParticipantContext, config: RTCPeerConnectionConfig): RTCPeerConnection {
  return createPeerConnection(config, (error) => context.log('error', 'packet handling failed (further errors suppressed)', { error: describe(error) }));
}
