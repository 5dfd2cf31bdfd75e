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
import type { ICEServer } from '@livekit/protocol';
import { describe } from '../describe';
import type { Logger } from '../log';
import type { UdpPortPool } from '../network/udp-port-pool';
import { keepLoopbackCandidates } from './sdp';
import { createPeerConnection } from './werift-internals';

/**
 * werift peer connection settings. Only VP8 and Opus are offered (what JoinResponse advertises);
 * no RTX, because werift's simulcast receiver does not pair RTX streams with rids. No transport-cc
 * or REMB either: with werift's feedback Chrome probed for bandwidth with padding-only packets that
 * made up ~80 % of what arrived; loss-based estimation from receiver reports is enough on one host.
 */
export interface NetworkSettings extends MediaNetwork {
  /** Advertise 127.0.0.1 only: werift skips loopback when gathering, and tests must stay on it. */
  loopbackOnly: boolean;
  /** Port of the loopback STUN responder (see loopback-stun.ts). */
  stunPort: number;
}

/** Where media goes beyond this machine: the operator's `--external-ip`, `--udp-ports` and TURN settings. */
export interface MediaNetwork {
  /**
   * The one address media is offered on (a cloud VM's public address, where the provider maps it 1:1 to this
   * host): each peer connection gathers a single host candidate with it and nothing else.
   */
  externalIp?: string | null;
  /** Each peer connection takes one port from this range (see udp-port-pool.ts). */
  udpPorts?: UdpPortPool | null;
  /** ICE servers (an external TURN) that every JoinResponse hands the client. */
  clientIceServers?: (() => ICEServer[]) | null;
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
  if (settings.externalIp) {
    // werift gathers every interface address plus the additional ones; with both families off only the external
    // address is left. Its socket binds to every interface, or to loopback when the address is a loopback one.
    return {
      ...base,
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: [settings.externalIp],
      ...(settings.externalIp.startsWith('127.') ? { iceInterfaceAddresses: { udp4: settings.externalIp } } : {}),
    };
  }
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

/**
 * A peer connection for the participant, with werift's fixes; its first packet-routing error is logged. With a UDP
 * port range it holds one port of it until it closes.
 */
export function openPeerConnection(context: ParticipantContext, config: RTCPeerConnectionConfig): RTCPeerConnection {
  const pool = context.network.udpPorts;
  const port = pool?.acquire() ?? null;
  if (pool && port === null) {
    // Joins are refused before the range runs out; one that slipped through still gets werift's own search.
    context.log('warn', 'UDP port range in use: this connection searches it itself');
  }
  // werift refuses a range of one port; it binds the first free one from the low end, and `port` is free (held for
  // this connection alone), so the port above it is never reached.
  const portRange: [number, number] | undefined = port !== null ? [port, port + 1] : pool ? [pool.range.min, pool.range.max] : undefined;
  const pc = createPeerConnection(
    portRange ? { ...config, icePortRange: portRange } : config,
    (error) => context.log('error', 'packet handling failed (further errors suppressed)', { error: describe(error) }),
  );
  // werift completes its events once close() has closed the sockets, so the port is free to bind again by then.
  if (pool && port !== null) pc.signalingStateChange.subscribe(() => {}, () => pool.release(port));
  return pc;
}
