import { Volume2, VolumeX } from 'lucide-react';
import { useId, useState } from 'react';
import { useSessionStore } from '../CallSessionContext';
import { ListeningControls } from './ListeningControls';

/** On a tile: one button that opens the same controls. */
export function TileListeningMenu({ identity, name }: { identity: string; name: string }) {
  const [open, setOpen] = useState(false);
  const muted = useSessionStore('listening', (state) => state.mutedForMe[identity] ?? false);
  const quiet = useSessionStore('listening', (state) => (state.volume[identity] ?? 1) < 1);
  const id = useId();
  return (
    <div className="tile-listening">
      <button
        type="button"
        className="badge-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`Volume for ${name}${muted ? ' (muted for you)' : ''}`}
        title={`Volume for ${name}`}
        onClick={() => setOpen(!open)}
        data-testid="tile-volume"
      >
        {muted ? <VolumeX aria-hidden="true" size={16} /> : <Volume2 aria-hidden="true" size={16} className={quiet ? 'dim' : undefined} />}
      </button>
      {open && (
        <div id={id} className="tile-listening-menu" role="group" aria-label={`Volume for ${name}`}>
          <ListeningControls identity={identity} name={name} />
        </div>
      )}
    </div>
  );
}
