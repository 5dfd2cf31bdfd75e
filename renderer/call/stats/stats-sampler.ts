import type { Participant, Room, TrackPublication } from 'livekit-client';
import type { DecodeCounts } from '../../e2ee';
import { countsByMember, deriveDecryption, deriveReceiving, deriveSending, type AnnouncedLayer, type Decryption, type FrameCounts, type RawStat, type StreamStats } from './stats-derivation';

export interface StreamRow {
  /** The track's sid. */
  key: string;
  /** livekit-client's source: camera, microphone, screen_share, screen_share_audio. */
  source: string;
  stats: StreamStats;
}

export interface MemberStats {
  identity: string;
  isLocal: boolean;
  streams: StreamRow[];
  /** Remote members only. */
  decryption: Decryption | null;
}

/** What the sampler reads: the room, and the call session's E2EE counts. */
export interface StatsSource {
  room: Pick<Room, 'localParticipant' | 'remoteParticipants'>;
  e2ee: boolean;
  decodeCounts(): Promise<DecodeCounts | null>;
  encryptionErrors(): ReadonlyMap<string, number>;
}

const QUALITY: Record<number, AnnouncedLayer['quality']> = { 0: 'low', 1: 'medium', 2: 'high' };

function announcedLayers(publication: TrackPublication): AnnouncedLayer[] {
  return (publication.trackInfo?.layers ?? []).flatMap((layer) => {
    const quality = QUALITY[layer.quality];
    return quality ? [{ quality, width: layer.width, height: layer.height }] : [];
  });
}

async function reportOf(publication: TrackPublication): Promise<RawStat[] | null> {
  const report = await publication.track?.getRTCStatsReport().catch(() => undefined);
  return report ? ([...report.values()] as RawStat[]) : null;
}

/**
 * Reads getStats for every track the call sends and receives, once per interval (the next read starts when the last
 * one is done), with the E2EE worker's frame counts, and hands the derived figures to `onSample`. Returns a stop.
 */
export function startStatsSampler(source: StatsSource, onSample: (members: MemberStats[]) => void, intervalMs = 1000): () => void {
  const previousReports = new Map<string, RawStat[]>();
  let previousCounts = new Map<string, FrameCounts>();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const streamsOf = async (participant: Participant, local: boolean): Promise<StreamRow[]> => {
    const rows: StreamRow[] = [];
    for (const publication of participant.trackPublications.values()) {
      const current = await reportOf(publication);
      if (!current) continue;
      const key = publication.trackSid;
      const previous = previousReports.get(key) ?? null;
      previousReports.set(key, current);
      const stats = local ? deriveSending(previous, current) : deriveReceiving(previous, current, announcedLayers(publication));
      if (stats) rows.push({ key, source: publication.source, stats });
    }
    return rows;
  };

  const sample = async () => {
    const { room } = source;
    const counts = source.e2ee ? await source.decodeCounts() : null;
    const currentCounts = counts ? countsByMember(counts.streams) : new Map<string, FrameCounts>();
    const members: MemberStats[] = [{ identity: room.localParticipant.identity, isLocal: true, streams: await streamsOf(room.localParticipant, true), decryption: null }];
    for (const participant of room.remoteParticipants.values()) {
      const errors = source.encryptionErrors().get(participant.identity) ?? 0;
      members.push({
        identity: participant.identity,
        isLocal: false,
        streams: await streamsOf(participant, false),
        decryption: deriveDecryption(source.e2ee, previousCounts.get(participant.identity) ?? null, currentCounts.get(participant.identity) ?? null, errors),
      });
    }
    if (counts) previousCounts = currentCounts;
    return members;
  };

  const tick = () => {
    void sample()
      .then((members) => !stopped && onSample(members))
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
