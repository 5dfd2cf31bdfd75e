import { describe, expect, it } from 'vitest';
import type { StreamStats } from './stats-derivation';
import { formatStatsText } from './stats-text';

const video: StreamStats = { direction: 'receiving', kind: 'video', bitrateKbps: 1234.5, packetLossPct: 0, jitterMs: 4, roundTripMs: 12, width: 640, height: 360, fps: 30, codec: 'VP8', layer: 'medium', limitation: null };

describe('statistics as text', () => {
  it('names each member and stream with its figures, and says how decryption goes', () => {
    const text = formatStatsText(
      [
        { identity: 'me', isLocal: true, streams: [], decryption: null },
        { identity: 'p-bob', isLocal: false, streams: [{ key: 'TR_1', source: 'camera', stats: video }], decryption: { state: 'decrypting', framesIn: 30, framesOut: 30, errors: 0 } },
      ],
      (member) => (member.isLocal ? 'Ada' : 'Bob'),
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(text).toBe(
      [
        'Sealroom call statistics, 2026-01-02T03:04:05.000Z',
        '',
        'Ada (you)',
        '  No media',
        '',
        'Bob',
        '  Frames: decrypting (30 of 30 frames in the last interval), 0 encryption errors',
        '  Camera, receiving: bitrate 1,234.5 kbit/s, packet loss 0 %, jitter 4 ms, round trip 12 ms, resolution 640×360, frame rate 30 fps, codec VP8, layer received medium',
        '',
      ].join('\n'),
    );
  });
});
