/**
 * The little we read from a client's SDP ourselves: per m-section, its mid, whether it sends, and the
 * track id of its msid (livekit-client's AddTrackRequest.cid is that MediaStreamTrack id).
 */
export interface MediaSection {
  kind: string;
  mid: string;
  direction: string;
  sending: boolean;
  trackId: string | null;
  rids: string[];
}

export function parseMediaSections(sdp: string): MediaSection[] {
  const sections = sdp.split(/\r?\nm=/).slice(1);
  return sections.map((section) => {
    const lines = section.split(/\r?\n/);
    const kind = (lines[0] ?? '').split(' ')[0] ?? '';
    const port = (lines[0] ?? '').split(' ')[1];
    let mid = '';
    let direction = 'sendrecv';
    let trackId: string | null = null;
    const rids: string[] = [];
    for (const line of lines) {
      if (line.startsWith('a=mid:')) mid = line.slice(6).trim();
      else if (/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line.trim())) direction = line.trim().slice(2);
      else if (line.startsWith('a=msid:')) trackId = line.slice(7).trim().split(' ')[1] ?? null;
      else if (line.startsWith('a=rid:')) {
        const [rid, dir] = line.slice(6).trim().split(' ');
        if (rid && dir === 'send') rids.push(rid);
      }
    }
    const sending = port !== '0' && (direction === 'sendrecv' || direction === 'sendonly');
    return { kind, mid, direction, sending, trackId, rids };
  });
}

const LOOPBACK_CANDIDATE = /^a=candidate:\S+ \d+ \S+ \d+ (127\.\d+\.\d+\.\d+|::1) /;

/** Drops ICE candidates that are not on loopback, so a loopback-only server never sends checks elsewhere. */
export function keepLoopbackCandidates(sdp: string): string {
  return sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') || LOOPBACK_CANDIDATE.test(line))
    .join('\r\n');
}

export function isLoopbackCandidate(candidate: string): boolean {
  return LOOPBACK_CANDIDATE.test(`a=${candidate.replace(/^a=/, '')}`);
}

/**
 * werift marks m-sections it will not use with port 0 (answers to the recvonly sections LiveKit's
 * native SDKs pre-add; offers after a subscriber track is removed) while leaving them in the BUNDLE
 * group. When such a section is the group's first, libwebrtc rejects the description ("unable to
 * set offer") or drops the whole bundle. Keep them bundled and inactive (port 9) instead: for our
 * offers every such section, for answers only `mids` (a section the client itself made inactive,
 * an unpublished track, stays rejected so the client opens a new one when it publishes again).
 */
export function keepBundledSectionsOpen(sdp: string, mids?: ReadonlySet<string>): string {
  const bundle = /\r\na=group:BUNDLE ([^\r\n]*)/.exec(sdp)?.[1]?.trim().split(/\s+/) ?? [];
  if (bundle.length === 0) return sdp;
  const [head, ...sections] = sdp.split('\r\nm=');
  const fixed = sections.map((section) => {
    const mid = /\r\na=mid:([^\r\n]*)/.exec(section)?.[1]?.trim();
    if (mid === undefined || !bundle.includes(mid) || (mids && !mids.has(mid))) return section;
    return section.replace(/^(\w+) 0 /, '$1 9 ');
  });
  return [head, ...fixed].join('\r\nm=');
}

/** Mids of the sections an offer marks recvonly. */
export function recvonlyMids(offerSdp: string): Set<string> {
  return new Set(parseMediaSections(offerSdp).filter((s) => s.direction === 'recvonly').map((s) => s.mid));
}
