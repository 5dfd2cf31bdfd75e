/**
 * The little we read from a client's SDP ourselves: per m-section, its mid, whether it sends, and the
 * track id of its msid (livekit-client's AddTrackRequest.cid is that MediaStreamTrack id).
 */
export interface MediaSection {
  kind: string;
  mid: string;
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
    return { kind, mid, sending, trackId, rids };
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
