import type { TrackReferenceOrPlaceholder } from '@livekit/components-react';
import { useEffect } from 'react';
import { ParticipantTile } from './ParticipantTile';

const FILMSTRIP_SIZE = 6;

/** One large tile (a screen share or the active speaker) and a short filmstrip of others. */
export function FocusLayout({
  focus,
  others,
  onVisibleChange,
}: {
  focus: TrackReferenceOrPlaceholder;
  others: TrackReferenceOrPlaceholder[];
  onVisibleChange(identities: string[]): void;
}) {
  const strip = others.filter((t) => t.participant.identity !== focus.participant.identity || t.source !== focus.source).slice(0, FILMSTRIP_SIZE);
  const key = [focus, ...strip].map((t) => t.participant.identity).join('\n');
  useEffect(() => onVisibleChange(key.split('\n')), [key, onVisibleChange]);
  return (
    <section className="focus-area" aria-label="Focused view">
      <div className="focus-main">
        <ParticipantTile trackRef={focus} large />
      </div>
      <div className="filmstrip">
        {strip.map((trackRef) => (
          <ParticipantTile key={`${trackRef.participant.identity}:${trackRef.source}`} trackRef={trackRef} />
        ))}
      </div>
    </section>
  );
}
