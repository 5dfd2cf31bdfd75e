import type { Decryption, StreamStats } from './stats-derivation';
import type { MemberStats } from './stats-sampler';

const SOURCE_NAMES: Record<string, string> = { camera: 'Camera', microphone: 'Microphone', screen_share: 'Screen', screen_share_audio: 'Screen audio' };

export const sourceName = (source: string) => SOURCE_NAMES[source] ?? source;

const DECRYPTION_WORDS: Record<Decryption['state'], string> = {
  'not-encrypted': 'not end-to-end encrypted',
  decrypting: 'decrypting',
  partly: 'partly decrypting',
  failing: 'not decrypting',
  'no-frames': 'no frames arriving',
};

export function describeDecryption(decryption: Decryption): string {
  if (decryption.state === 'not-encrypted') return DECRYPTION_WORDS[decryption.state];
  const frames = decryption.framesIn > 0 ? ` (${decryption.framesOut} of ${decryption.framesIn} frames in the last interval)` : '';
  return `${DECRYPTION_WORDS[decryption.state]}${frames}, ${decryption.errors} encryption error${decryption.errors === 1 ? '' : 's'}`;
}

const fixed = (value: number | null, unit: string) => (value === null ? null : `${value} ${unit}`);

/** One stream's figures as short phrases, in the order the panel shows them; unknown figures are left out. */
export function describeStream(stats: StreamStats): Array<[label: string, value: string]> {
  const entries: Array<[string, string | null]> = [
    ['Bitrate', stats.bitrateKbps === null ? null : `${stats.bitrateKbps.toLocaleString('en')} kbit/s`],
    ['Packet loss', fixed(stats.packetLossPct, '%')],
    ['Jitter', fixed(stats.jitterMs, 'ms')],
    ['Round trip', fixed(stats.roundTripMs, 'ms')],
    ['Resolution', stats.width !== null && stats.height !== null ? `${stats.width}×${stats.height}` : null],
    ['Frame rate', fixed(stats.fps, 'fps')],
    ['Codec', stats.codec],
    [stats.direction === 'receiving' ? 'Layer received' : 'Layers sent', stats.layer],
    ['Limited by', stats.limitation],
  ];
  return entries.filter((entry): entry is [string, string] => entry[1] !== null);
}

/** The text Copy puts on the clipboard, for a support request: figures and names, never keys or links. */
export function formatStatsText(members: readonly MemberStats[], nameOf: (member: MemberStats) => string, at: Date): string {
  const lines = [`Sealroom call statistics, ${at.toISOString()}`];
  for (const member of members) {
    lines.push('', `${nameOf(member)}${member.isLocal ? ' (you)' : ''}`);
    if (member.decryption) lines.push(`  Frames: ${describeDecryption(member.decryption)}`);
    if (member.streams.length === 0) lines.push('  No media');
    for (const stream of member.streams) {
      const figures = describeStream(stream.stats).map(([label, value]) => `${label.toLowerCase()} ${value}`);
      lines.push(`  ${sourceName(stream.source)}, ${stream.stats.direction}: ${figures.join(', ') || 'waiting for figures'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
