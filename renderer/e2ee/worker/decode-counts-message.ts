/**
 * The one question the page may ask the E2EE worker about its guard, for the call statistics: how many frames each
 * receiving stream took in and let out decrypted (and how many were refused). It carries counts, never keys or frames.
 */
export const DECODE_COUNTS_KIND = 'sealroomDecodeCounts';

export interface DecodeCountsReply {
  kind: typeof DECODE_COUNTS_KIND;
  data: {
    streams: Array<{ participant: string; trackId: string; kind: 'audio' | 'video' | null; in: number; out: number }>;
    refusals: { undecrypted: number; replayed: number };
  };
}
