import { afterEach, describe, expect, it, vi } from 'vitest';
import { PictureLossIndication, RTCPeerConnection, RtcpPayloadSpecificFeedback, RtpHeader, RtpPacket } from 'werift';
import { installPacketRouting } from './werift-internals';
import { isLoopbackCandidate, keepBundledSectionsOpen, keepLoopbackCandidates, parseMediaSections, recvonlyMids } from './sdp';
import { isVp8KeyFrameStart, Vp8Renumbering } from './vp8';
import type { DownTrack } from './down-track';
import { PublishedTrack } from './published-track';
import { TrackInfo, TrackType } from '@livekit/protocol';

const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'a=sendonly',
  'a=msid:stream-a track-a',
  'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
  'a=candidate:2 1 udp 2122260223 10.0.0.5 50001 typ host',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=mid:1',
  'a=sendonly',
  'a=msid:stream-v track-v',
  'a=rid:q send',
  'a=rid:h send',
  'a=rid:f send',
  'm=video 0 UDP/TLS/RTP/SAVPF 96',
  'a=mid:2',
  'a=inactive',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=mid:3',
  '',
].join('\r\n');

describe('parseMediaSections', () => {
  it('reads mid, direction, msid track id and rids', () => {
    expect(parseMediaSections(OFFER)).toEqual([
      { kind: 'audio', mid: '0', direction: 'sendonly', sending: true, trackId: 'track-a', rids: [] },
      { kind: 'video', mid: '1', direction: 'sendonly', sending: true, trackId: 'track-v', rids: ['q', 'h', 'f'] },
      { kind: 'video', mid: '2', direction: 'inactive', sending: false, trackId: null, rids: [] },
      { kind: 'application', mid: '3', direction: 'sendrecv', sending: true, trackId: null, rids: [] },
    ]);
  });

  it('keeps loopback candidates only', () => {
    const kept = keepLoopbackCandidates(OFFER);
    expect(kept).toContain('127.0.0.1 50000');
    expect(kept).not.toContain('10.0.0.5');
    expect(isLoopbackCandidate('candidate:1 1 udp 1 127.0.0.1 5 typ host')).toBe(true);
    expect(isLoopbackCandidate('candidate:1 1 udp 1 192.168.1.2 5 typ host')).toBe(false);
  });
});

describe('isVp8KeyFrameStart', () => {
  it('finds key frames behind the extended descriptor', () => {
    // X=1,S=1,PID=0 | I=1 | 2-byte picture id | frame header with P=0
    expect(isVp8KeyFrameStart(Uint8Array.from([0x90, 0x80, 0x81, 0x23, 0x10]))).toBe(true);
    expect(isVp8KeyFrameStart(Uint8Array.from([0x90, 0x80, 0x81, 0x23, 0x11]))).toBe(false);
    // not the start of a partition
    expect(isVp8KeyFrameStart(Uint8Array.from([0x80, 0x80, 0x81, 0x23, 0x10]))).toBe(false);
    // minimal descriptor
    expect(isVp8KeyFrameStart(Uint8Array.from([0x10, 0x00]))).toBe(true);
    expect(isVp8KeyFrameStart(new Uint8Array())).toBe(false);
  });
});

/** A VP8 payload with I, L and T/K set: 15-bit picture id, TL0PICIDX, TID/KEYIDX, then two frame bytes. */
function vp8(pictureId: number, tl0: number, keyIdx: number, key = false): Buffer {
  return Buffer.from([0x90, 0xf0, 0x80 | (pictureId >> 8), pictureId & 0xff, tl0, 0x40 | keyIdx, key ? 0x10 : 0x11, 0xab]);
}
const numbers = (p: Uint8Array) => [((p[2]! & 0x7f) << 8) | p[3]!, p[4], p[5]! & 0x1f, p[5]! & 0xe0, p[6], p[7]];

describe('Vp8Renumbering', () => {
  it('passes the first source through, then numbers a switched-to source right after it', () => {
    const renumbering = new Vp8Renumbering();
    renumbering.restart(vp8(3816, 65, 3, true));
    expect(numbers(renumbering.rewrite(vp8(3816, 65, 3, true)))).toEqual([3816, 65, 3, 0x40, 0x10, 0xab]);
    renumbering.rewrite(vp8(3817, 65, 3));
    // a layer numbered far away (more than half the 15-bit range: it would read as older) starts at its key frame
    const switched = vp8(21963, 54, 30, true);
    renumbering.restart(switched);
    expect(numbers(renumbering.rewrite(switched))).toEqual([3818, 66, 4, 0x40, 0x10, 0xab]);
    expect(numbers(renumbering.rewrite(vp8(21964, 54, 30)))).toEqual([3819, 66, 4, 0x40, 0x11, 0xab]);
    expect(numbers(renumbering.rewrite(vp8(21965, 55, 30)))).toEqual([3820, 67, 4, 0x40, 0x11, 0xab]);
    // the shared input is never written to
    expect(numbers(switched)).toEqual([21963, 54, 30, 0x40, 0x10, 0xab]);
  });

  it('wraps each counter in its own range, continues a previous receiver, and leaves short descriptors alone', () => {
    const first = new Vp8Renumbering();
    first.restart(vp8(0x7fff, 0xff, 0x1f, true));
    first.rewrite(vp8(0x7fff, 0xff, 0x1f, true));
    const next = new Vp8Renumbering();
    next.continueFrom(first);
    next.restart(vp8(100, 7, 2, true));
    expect(numbers(next.rewrite(vp8(100, 7, 2, true))).slice(0, 3)).toEqual([0, 0, 0]);
    const short = Buffer.from([0x10, 0x00, 0x01]);
    expect(next.rewrite(short)).toBe(short);
  });
});

describe('PublishedTrack key frames and layers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A camera track fed by hand: `send(key)` delivers one packet of layer `h`; PLIs sent are counted. */
  function camera() {
    const plis: number[] = [];
    let deliver: (packet: RtpPacket) => void = () => {};
    const receiver = {
      tracks: [{ rid: 'h', onReceiveRtp: { subscribe: (listener: (packet: RtpPacket) => void) => (deliver = listener) } }],
      sendRtcpPLI: async () => {
        plis.push(Date.now());
      },
    };
    const track = new PublishedTrack(new TrackInfo({ sid: 'TR_x', type: TrackType.VIDEO }), 'cid', { demandChanged: () => {} });
    track.attach(receiver as never);
    let seq = 0;
    const send = (key: boolean) => deliver(new RtpPacket(new RtpHeader({ ssrc: 5, sequenceNumber: seq++, timestamp: seq * 3000 }), Buffer.from([0x10, key ? 0x10 : 0x11, 0])));
    return { track, plis, send };
  }

  it('asks once while a key frame is on its way, again at once when one came, never within 350 ms of the last ask', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { track, plis, send } = camera();
    send(false);
    track.requestKeyFrame('h');
    track.requestKeyFrame('h');
    expect(plis).toHaveLength(1);
    vi.advanceTimersByTime(200);
    track.requestKeyFrame('h');
    expect(plis).toHaveLength(1);
    // the key frame arrives: the next ask counts, but libwebrtc would ignore it this soon, so it waits until 350 ms
    send(true);
    track.requestKeyFrame('h');
    expect(plis).toHaveLength(1);
    vi.advanceTimersByTime(150);
    expect(plis).toEqual([1_000_000, 1_000_350]);
    // unanswered: repeated only after 500 ms
    vi.advanceTimersByTime(300);
    track.requestKeyFrame('h');
    expect(plis).toHaveLength(2);
    vi.advanceTimersByTime(200);
    track.requestKeyFrame('h');
    expect(plis).toHaveLength(3);
    track.close();
  });

  it('tells its subscribers when a layer starts arriving, and again when it comes back after a pause', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { track, send } = camera();
    const layersChanged = vi.fn();
    track.addDownTrack({ forward: () => {}, layersChanged, closed: false } as unknown as DownTrack);
    send(true);
    send(false);
    expect(layersChanged).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2000);
    send(false);
    expect(layersChanged).toHaveBeenCalledTimes(2);
  });
});

describe('keepBundledSectionsOpen', () => {
  it('reopens bundled sections the offer marked recvonly, and only those', () => {
    const offer = 'v=0\r\na=group:BUNDLE 0 1\r\nm=audio 9 X 111\r\na=mid:0\r\na=recvonly\r\nm=video 9 X 96\r\na=mid:1\r\na=inactive\r\n';
    const answer = 'v=0\r\na=group:BUNDLE 0 1\r\nm=audio 0 X 111\r\na=mid:0\r\na=inactive\r\nm=video 0 X 96\r\na=mid:1\r\na=inactive\r\n';
    const fixed = keepBundledSectionsOpen(answer, recvonlyMids(offer));
    expect(fixed).toContain('m=audio 9 X 111');
    expect(fixed).toContain('m=video 0 X 96');
    expect(keepBundledSectionsOpen(answer)).toContain('m=video 9 X 96');
  });
});

describe('installPacketRouting', () => {
  it('keeps a throwing packet route from escaping, reporting it once', async () => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    const router = (pc as unknown as { router: { routeRtp(p: RtpPacket): void } }).router;
    router.routeRtp = () => {
      throw new TypeError("Cannot set properties of undefined (setting 'latestRid')");
    };
    const errors: unknown[] = [];
    installPacketRouting(pc, (error) => errors.push(error));
    const packet = new RtpPacket(new RtpHeader({ extensions: [] }), Buffer.alloc(4));
    expect(() => router.routeRtp(packet)).not.toThrow();
    router.routeRtp(packet);
    expect(errors).toHaveLength(1);
    await pc.close();
  });

  // Chrome on one connection (/rtc/v1) signs its PLI for a stream it receives with its own camera's SSRC, which the
  // server receives: werift's own routing gives the request to that receiver, and no key frame is ever asked for.
  it('hands a PLI to the sender of its media SSRC, whatever receiver its sender SSRC names', async () => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    const sending = pc.addTransceiver('video', { direction: 'sendonly' });
    const receiving = pc.addTransceiver('video', { direction: 'recvonly' });
    const router = (pc as unknown as { router: { ssrcTable: Record<number, unknown>; routeRtcp(p: unknown): void } }).router;
    const cameraSsrc = 0x1234_5678;
    router.ssrcTable[cameraSsrc] = receiving.receiver;
    router.ssrcTable[sending.sender.ssrc] = sending.sender;
    const pli = () => new RtcpPayloadSpecificFeedback({ feedback: new PictureLossIndication({ senderSsrc: cameraSsrc, mediaSsrc: sending.sender.ssrc }) });

    let requests = 0;
    sending.sender.onPictureLossIndication.subscribe(() => requests++);
    router.routeRtcp(pli());
    expect(requests).toBe(0); // werift as it comes

    installPacketRouting(pc, () => {});
    router.routeRtcp(pli());
    expect(requests).toBe(1);
    await pc.close();
  });
});
