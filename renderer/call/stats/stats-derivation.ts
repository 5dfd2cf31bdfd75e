/**
 * Call statistics from two consecutive getStats reports of one track: rates need the previous report, everything
 * else is read from the current one. Pure functions over plain objects (a report's values), so they are tested
 * without WebRTC.
 */

/** One entry of an RTCStatsReport, as plain data. */
export interface RawStat {
  id: string;
  type: string;
  timestamp: number;
  [field: string]: unknown;
}

export type Direction = 'receiving' | 'sending';

export interface StreamStats {
  direction: Direction;
  kind: 'audio' | 'video';
  /** kbit/s over the last interval; null on the first report. */
  bitrateKbps: number | null;
  /** Percent of packets lost over the last interval (sending: as the receiver reported it). */
  packetLossPct: number | null;
  jitterMs: number | null;
  roundTripMs: number | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  /** 'VP8', 'opus'… */
  codec: string | null;
  /**
   * Receiving video: the simulcast layer arriving ('high', 'medium', 'low'), told by its size against the layers the
   * sender announced. Sending video: the layers going out now ('f, h, q' by rid).
   */
  layer: string | null;
  /** Sending video: why the encoder holds back ('cpu', 'bandwidth'), when it does. */
  limitation: string | null;
}

/** A simulcast layer as the sender announced it (livekit-client's TrackInfo.layers). */
export interface AnnouncedLayer {
  quality: 'low' | 'medium' | 'high';
  width: number;
  height: number;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const byType = (stats: readonly RawStat[], type: string) => stats.filter((stat) => stat.type === type);
const byId = (stats: readonly RawStat[] | null, id: unknown) => (stats && typeof id === 'string' ? stats.find((stat) => stat.id === id) : undefined);
const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/** kbit/s between two counters of bytes, taken at two timestamps (ms). */
function rateKbps(bytesNow: unknown, bytesBefore: unknown, msNow: number, msBefore: number): number | null {
  const now = num(bytesNow);
  const before = num(bytesBefore);
  const elapsed = msNow - msBefore;
  if (now === null || before === null || elapsed <= 0 || now < before) return null;
  return round(((now - before) * 8) / elapsed, 1);
}

function codecName(stats: readonly RawStat[], codecId: unknown): string | null {
  const mime = byId(stats, codecId)?.mimeType;
  return typeof mime === 'string' ? (mime.split('/')[1] ?? mime) : null;
}

/** The transport's round trip: the nominated, working candidate pair. */
function candidateRoundTrip(stats: readonly RawStat[]): number | null {
  const pairs = byType(stats, 'candidate-pair').filter((pair) => pair.state === 'succeeded');
  const pair = pairs.find((candidate) => candidate.nominated === true) ?? pairs[0];
  const seconds = num(pair?.currentRoundTripTime);
  return seconds === null ? null : round(seconds * 1000);
}

/** The announced layer nearest in width to what arrives. */
export function layerReceived(width: number | null, layers: readonly AnnouncedLayer[]): AnnouncedLayer['quality'] | null {
  if (width === null || layers.length < 2) return null;
  return [...layers].sort((a, b) => Math.abs(a.width - width) - Math.abs(b.width - width))[0]!.quality;
}

/** What arrives on one receiving track (its receiver's report). */
export function deriveReceiving(previous: readonly RawStat[] | null, current: readonly RawStat[], layers: readonly AnnouncedLayer[] = []): StreamStats | null {
  const inbound = byType(current, 'inbound-rtp')[0];
  if (!inbound) return null;
  const before = byId(previous, inbound.id);
  const kind = inbound.kind === 'video' ? 'video' : 'audio';
  const lost = num(inbound.packetsLost);
  const received = num(inbound.packetsReceived);
  let packetLossPct: number | null = null;
  if (before && lost !== null && received !== null) {
    const lostNow = lost - (num(before.packetsLost) ?? 0);
    const receivedNow = received - (num(before.packetsReceived) ?? 0);
    packetLossPct = lostNow + receivedNow > 0 ? round((Math.max(0, lostNow) / (Math.max(0, lostNow) + Math.max(0, receivedNow))) * 100, 1) : 0;
  }
  const jitter = num(inbound.jitter);
  const remote = byType(current, 'remote-outbound-rtp').find((stat) => stat.localId === inbound.id);
  const remoteRtt = num(remote?.roundTripTime);
  const width = num(inbound.frameWidth);
  return {
    direction: 'receiving',
    kind,
    bitrateKbps: before ? rateKbps(inbound.bytesReceived, before.bytesReceived, inbound.timestamp, before.timestamp) : null,
    packetLossPct,
    jitterMs: jitter === null ? null : round(jitter * 1000),
    roundTripMs: remoteRtt !== null ? round(remoteRtt * 1000) : candidateRoundTrip(current),
    width,
    height: num(inbound.frameHeight),
    fps: num(inbound.framesPerSecond),
    codec: codecName(current, inbound.codecId),
    layer: kind === 'video' ? layerReceived(width, layers) : null,
    limitation: null,
  };
}

/** What goes out for one sending track (its sender's report: one outbound-rtp per simulcast layer). */
export function deriveSending(previous: readonly RawStat[] | null, current: readonly RawStat[]): StreamStats | null {
  const outbound = byType(current, 'outbound-rtp');
  if (outbound.length === 0) return null;
  const kind = outbound[0]!.kind === 'video' ? 'video' : 'audio';
  let bitrate: number | null = null;
  const active: RawStat[] = [];
  for (const layer of outbound) {
    const before = byId(previous, layer.id);
    const rate = before ? rateKbps(layer.bytesSent, before.bytesSent, layer.timestamp, before.timestamp) : null;
    if (rate !== null) bitrate = round((bitrate ?? 0) + rate, 1);
    if (layer.active !== false && (rate === null || rate > 0)) active.push(layer);
  }
  const widest = [...(active.length ? active : outbound)].sort((a, b) => (num(b.frameWidth) ?? 0) - (num(a.frameWidth) ?? 0))[0]!;
  const remote = byType(current, 'remote-inbound-rtp').filter((stat) => outbound.some((layer) => layer.id === stat.localId));
  const fractions = remote.map((stat) => num(stat.fractionLost)).filter((value): value is number => value !== null);
  const rtts = remote.map((stat) => num(stat.roundTripTime)).filter((value): value is number => value !== null);
  const jitters = remote.map((stat) => num(stat.jitter)).filter((value): value is number => value !== null);
  const rids = active.map((layer) => layer.rid).filter((rid): rid is string => typeof rid === 'string');
  const limitation = widest.qualityLimitationReason;
  return {
    direction: 'sending',
    kind,
    bitrateKbps: bitrate,
    packetLossPct: fractions.length ? round(Math.max(...fractions) * 100, 1) : null,
    jitterMs: jitters.length ? round(Math.max(...jitters) * 1000) : null,
    roundTripMs: rtts.length ? round(Math.min(...rtts) * 1000) : candidateRoundTrip(current),
    width: num(widest.frameWidth),
    height: num(widest.frameHeight),
    fps: num(widest.framesPerSecond),
    codec: codecName(current, widest.codecId),
    layer: kind === 'video' && rids.length ? rids.join(', ') : null,
    limitation: typeof limitation === 'string' && limitation !== 'none' ? limitation : null,
  };
}

/** Whether a member's frames are being decrypted here, from the E2EE worker's counts over the last interval. */
export type DecryptionState = 'not-encrypted' | 'decrypting' | 'partly' | 'failing' | 'no-frames';

export interface FrameCounts {
  in: number;
  out: number;
}

export interface Decryption {
  state: DecryptionState;
  /** Frames that arrived and frames that came out decrypted over the last interval. */
  framesIn: number;
  framesOut: number;
  /** Encryption errors the SDK reported for this member in the whole call. */
  errors: number;
}

export function deriveDecryption(e2ee: boolean, previous: FrameCounts | null, current: FrameCounts | null, errors: number): Decryption {
  if (!e2ee) return { state: 'not-encrypted', framesIn: 0, framesOut: 0, errors };
  const framesIn = Math.max(0, (current?.in ?? 0) - (previous?.in ?? 0));
  const framesOut = Math.max(0, (current?.out ?? 0) - (previous?.out ?? 0));
  if (!current || !previous || framesIn === 0) return { state: 'no-frames', framesIn, framesOut, errors };
  const state: DecryptionState = framesOut === 0 ? 'failing' : framesOut >= framesIn * 0.95 ? 'decrypting' : 'partly';
  return { state, framesIn, framesOut, errors };
}

/** Frames per member over its receiving streams (a stream is counted for the member it carries now). */
export function countsByMember(streams: ReadonlyArray<{ participant: string; in: number; out: number }>): Map<string, FrameCounts> {
  const byMember = new Map<string, FrameCounts>();
  for (const stream of streams) {
    const counts = byMember.get(stream.participant) ?? { in: 0, out: 0 };
    byMember.set(stream.participant, { in: counts.in + stream.in, out: counts.out + stream.out });
  }
  return byMember;
}
