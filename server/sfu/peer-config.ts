import {
  type RTCPeerConnectionConfig,
  RTCRtpCodecParameters,
  useAbsSendTime,
  useAudioLevelIndication,
  useNACK,
  usePLI,
  useREMB,
  useRepairedRtpStreamId,
  useSdesMid,
  useSdesRTPStreamId,
  useTransportWideCC,
  useTWCC,
} from 'werift';

/**
 * werift peer connection settings. Only VP8 and Opus are offered (what JoinResponse advertises);
 * no RTX, because werift's simulcast receiver does not pair RTX streams with rids.
 */
export interface NetworkSettings {
  /** Advertise 127.0.0.1 only: werift skips loopback when gathering, and tests must stay on it. */
  loopbackOnly: boolean;
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
        rtcpFeedback: [useNACK(), usePLI(), useREMB(), useTWCC()],
      }),
    ],
  };
}

function network(settings: NetworkSettings): RTCPeerConnectionConfig {
  // Never ask a public STUN server: werift defaults to Google's.
  const base: RTCPeerConnectionConfig = { iceServers: [], iceUseIpv6: false, iceUseIpv4: true };
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
      audio: [useSdesMid(), useAudioLevelIndication(), useTransportWideCC()],
      video: [useSdesMid(), useSdesRTPStreamId(), useRepairedRtpStreamId(), useTransportWideCC(), useAbsSendTime()],
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
