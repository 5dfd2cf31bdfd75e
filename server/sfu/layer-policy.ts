import { VideoQuality } from '@livekit/protocol';

/**
 * Simulcast layer choice as pure decisions, one place for all of it: which layer each subscriber
 * receives, which layers a publisher must send (dynacast), and when telling it may switch some off.
 * Layers are named by rid (`q`/`h`/`f`, livekit-client's, lowest first; `''` for a track without
 * simulcast); qualities are LiveKit's `VideoQuality`.
 */

const RIDS: readonly string[] = ['q', 'h', 'f'];
const QUALITIES = [VideoQuality.LOW, VideoQuality.MEDIUM, VideoQuality.HIGH] as const;

/** What one subscriber asks of a track: `paused` (its `disabled` setting) and the quality its view needs. */
export interface LayerDemand {
  readonly paused: boolean;
  readonly quality: VideoQuality;
}

/** A published layer as its TrackInfo describes it. */
export interface PublishedLayer {
  readonly quality: VideoQuality;
  readonly width: number;
}

/** A layer's place in quality order: `q` 0, `h` 1, `f` 2; any other rid (`''`) counts as the lowest. */
export function layerRank(rid: string): number {
  const index = RIDS.indexOf(rid);
  return index === -1 ? 0 : index;
}

function qualityRank(quality: VideoQuality): number {
  if (quality === VideoQuality.LOW) return 0;
  return quality === VideoQuality.MEDIUM ? 1 : 2;
}

/**
 * The quality a subscriber's `UpdateTrackSettings` asks for. A width (adaptive stream sends the
 * size of its view) picks the narrowest published layer at least that wide, the widest when none
 * is, and HIGH for a track that lists no layers; without a width, the quality it names.
 */
export function requestedQuality(layers: readonly PublishedLayer[], request: { width: number; quality: VideoQuality }): VideoQuality {
  if (request.width <= 0) return request.quality;
  const byWidth = [...layers].sort((a, b) => a.width - b.width);
  const fit = byWidth.find((layer) => layer.width >= request.width) ?? byWidth[byWidth.length - 1];
  return fit?.quality ?? VideoQuality.HIGH;
}

/**
 * The layer to forward to one subscriber, from the layers arriving now (in any order): the best one
 * not above the wanted quality, else the lowest arriving; the only one for audio and single-layer
 * video; null when nothing arrives.
 */
export function chooseLayer(arriving: readonly string[], kind: 'audio' | 'video', quality: VideoQuality): string | null {
  const lowestFirst = [...arriving].sort((a, b) => layerRank(a) - layerRank(b));
  const lowest = lowestFirst[0] ?? null;
  if (lowestFirst.length <= 1 || kind === 'audio') return lowest;
  const fitting = lowestFirst.filter((layer) => layerRank(layer) <= qualityRank(quality));
  return fitting[fitting.length - 1] ?? lowest;
}

/**
 * Dynacast: the qualities a publisher must send for these subscribers: every one up to the best
 * that any subscriber not paused wants (a subscriber can fall back to a lower one), none when nobody
 * watches.
 */
export function neededQualities(demands: Iterable<LayerDemand>): VideoQuality[] {
  const watching = [...demands].filter((demand) => !demand.paused);
  if (watching.length === 0) return [];
  const best = Math.max(...watching.map((demand) => demand.quality));
  return QUALITIES.filter((quality) => quality <= best);
}

/**
 * What to tell the publisher now, given what it was last told (null: nothing yet), or null to say
 * nothing. A change that only enables layers goes at once; one that disables any waits until
 * `mayDisable` (the periodic refresh), so a subscriber that leaves and comes back causes no churn.
 */
export function dynacastUpdate(
  announced: readonly VideoQuality[] | null,
  needed: readonly VideoQuality[],
  mayDisable: boolean,
): VideoQuality[] | null {
  if (announced !== null && announced.length === needed.length && announced.every((quality) => needed.includes(quality))) return null;
  if (!mayDisable && announced !== null && announced.some((quality) => !needed.includes(quality))) return null;
  return [...needed];
}

/** Every simulcast quality, lowest first, with whether the publisher should send it. */
export function qualitySwitches(enabled: readonly VideoQuality[]): { quality: VideoQuality; enabled: boolean }[] {
  return QUALITIES.map((quality) => ({ quality, enabled: enabled.includes(quality) }));
}
