import { describe, expect, it } from 'vitest';
import { countsByMember, deriveDecryption, deriveReceiving, deriveSending, layerReceived, type RawStat } from './stats-derivation';

const LAYERS = [
  { quality: 'low' as const, width: 320, height: 180 },
  { quality: 'medium' as const, width: 640, height: 360 },
  { quality: 'high' as const, width: 1280, height: 720 },
];

const receiverReport = (at: number, bytes: number, packets: number, lost: number, width = 640): RawStat[] => [
  { id: 'IT01V', type: 'inbound-rtp', timestamp: at, kind: 'video', bytesReceived: bytes, packetsReceived: packets, packetsLost: lost, jitter: 0.0042, frameWidth: width, frameHeight: (width * 9) / 16, framesPerSecond: 30, codecId: 'CIT01_96' },
  { id: 'CIT01_96', type: 'codec', timestamp: at, mimeType: 'video/VP8' },
  { id: 'CP1', type: 'candidate-pair', timestamp: at, state: 'succeeded', nominated: true, currentRoundTripTime: 0.0125 },
  { id: 'CP2', type: 'candidate-pair', timestamp: at, state: 'failed', nominated: false, currentRoundTripTime: 9 },
];

describe('receiving statistics', () => {
  it('needs two reports for rates; the first gives what it can', () => {
    const first = deriveReceiving(null, receiverReport(1000, 10_000, 100, 0), LAYERS)!;
    expect(first).toMatchObject({ direction: 'receiving', kind: 'video', bitrateKbps: null, packetLossPct: null, jitterMs: 4, roundTripMs: 13, width: 640, height: 360, fps: 30, codec: 'VP8', layer: 'medium' });
  });

  it('bitrate, loss and layer over one interval', () => {
    const before = receiverReport(1000, 10_000, 100, 0);
    const after = receiverReport(2000, 135_000, 190, 10, 1280);
    expect(deriveReceiving(before, after, LAYERS)).toMatchObject({ bitrateKbps: 1000, packetLossPct: 10, layer: 'high', width: 1280 });
  });

  it('an idle interval is 0 kbit/s and 0 % loss, and counters that went backwards (a new receiver) give no rate', () => {
    const before = receiverReport(1000, 10_000, 100, 0);
    expect(deriveReceiving(before, receiverReport(2000, 10_000, 100, 0), LAYERS)).toMatchObject({ bitrateKbps: 0, packetLossPct: 0 });
    expect(deriveReceiving(before, receiverReport(2000, 500, 5, 0), LAYERS)!.bitrateKbps).toBeNull();
  });

  it('audio: no layer, the remote report\'s round trip when there is one', () => {
    const audio = (at: number, bytes: number): RawStat[] => [
      { id: 'IT01A', type: 'inbound-rtp', timestamp: at, kind: 'audio', bytesReceived: bytes, packetsReceived: 50, packetsLost: 0, jitter: 0.002, codecId: 'C111' },
      { id: 'C111', type: 'codec', timestamp: at, mimeType: 'audio/opus' },
      { id: 'RO', type: 'remote-outbound-rtp', timestamp: at, localId: 'IT01A', roundTripTime: 0.03 },
    ];
    expect(deriveReceiving(audio(0, 0), audio(500, 2000))).toMatchObject({ kind: 'audio', bitrateKbps: 32, codec: 'opus', layer: null, roundTripMs: 30, width: null });
  });

  it('no inbound-rtp yet: nothing to show', () => {
    expect(deriveReceiving(null, [])).toBeNull();
  });

  it('a track sent without simulcast names no layer', () => {
    expect(layerReceived(640, [LAYERS[1]!])).toBeNull();
    expect(layerReceived(null, LAYERS)).toBeNull();
    expect(layerReceived(300, LAYERS)).toBe('low');
  });
});

const senderReport = (at: number, bytes: { q: number; h: number; f: number }, limitation = 'none'): RawStat[] => [
  { id: 'OTq', type: 'outbound-rtp', timestamp: at, kind: 'video', rid: 'q', bytesSent: bytes.q, frameWidth: 320, frameHeight: 180, framesPerSecond: 15, codecId: 'C96', qualityLimitationReason: limitation },
  { id: 'OTh', type: 'outbound-rtp', timestamp: at, kind: 'video', rid: 'h', bytesSent: bytes.h, frameWidth: 640, frameHeight: 360, framesPerSecond: 30, codecId: 'C96', qualityLimitationReason: limitation },
  { id: 'OTf', type: 'outbound-rtp', timestamp: at, kind: 'video', rid: 'f', bytesSent: bytes.f, frameWidth: 1280, frameHeight: 720, framesPerSecond: 30, codecId: 'C96', qualityLimitationReason: limitation },
  { id: 'C96', type: 'codec', timestamp: at, mimeType: 'video/VP8' },
  { id: 'RIq', type: 'remote-inbound-rtp', timestamp: at, localId: 'OTq', fractionLost: 0.02, roundTripTime: 0.02, jitter: 0.003 },
  { id: 'RIf', type: 'remote-inbound-rtp', timestamp: at, localId: 'OTf', fractionLost: 0.05, roundTripTime: 0.021, jitter: 0.006 },
];

describe('sending statistics', () => {
  it('adds up the simulcast layers, names the ones going out, and reports the largest one\'s picture', () => {
    const before = senderReport(0, { q: 0, h: 0, f: 0 });
    const after = senderReport(1000, { q: 12_500, h: 50_000, f: 0 }, 'bandwidth');
    expect(deriveSending(before, after)).toEqual({
      direction: 'sending',
      kind: 'video',
      bitrateKbps: 500,
      packetLossPct: 5,
      jitterMs: 6,
      roundTripMs: 20,
      width: 640,
      height: 360,
      fps: 30,
      codec: 'VP8',
      layer: 'q, h',
      limitation: 'bandwidth',
    });
  });

  it('the first report: no bitrate yet, every layer counted as going out', () => {
    expect(deriveSending(null, senderReport(0, { q: 1, h: 1, f: 1 }))).toMatchObject({ bitrateKbps: null, layer: 'q, h, f', width: 1280, limitation: null });
    expect(deriveSending(null, [])).toBeNull();
  });
});

describe('decryption state', () => {
  it('decrypting, partly, failing, no frames, and not encrypted', () => {
    expect(deriveDecryption(true, { in: 100, out: 100 }, { in: 160, out: 160 }, 0)).toEqual({ state: 'decrypting', framesIn: 60, framesOut: 60, errors: 0 });
    expect(deriveDecryption(true, { in: 100, out: 100 }, { in: 160, out: 130 }, 2)).toEqual({ state: 'partly', framesIn: 60, framesOut: 30, errors: 2 });
    expect(deriveDecryption(true, { in: 100, out: 100 }, { in: 160, out: 100 }, 5)).toMatchObject({ state: 'failing' });
    expect(deriveDecryption(true, { in: 100, out: 100 }, { in: 100, out: 100 }, 0)).toMatchObject({ state: 'no-frames' });
    expect(deriveDecryption(true, null, { in: 100, out: 100 }, 0)).toMatchObject({ state: 'no-frames' });
    expect(deriveDecryption(false, null, null, 0)).toMatchObject({ state: 'not-encrypted' });
  });

  it('adds up each member\'s receiving streams', () => {
    const counts = countsByMember([
      { participant: 'p-ada', in: 10, out: 9 },
      { participant: 'p-ada', in: 5, out: 5 },
      { participant: 'p-bob', in: 3, out: 0 },
    ]);
    expect(Object.fromEntries(counts)).toEqual({ 'p-ada': { in: 15, out: 14 }, 'p-bob': { in: 3, out: 0 } });
  });
});
