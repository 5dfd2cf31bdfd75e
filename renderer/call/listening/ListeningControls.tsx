import { Volume2, VolumeX } from 'lucide-react';
import { useId } from 'react';
import { useSession, useSessionStore } from '../CallSessionContext';
import { listeningActions } from '../session';

/** Volume and "mute for me" for one member: only how this device plays them changes. */
export function ListeningControls({ identity, name }: { identity: string; name: string }) {
  const { stores } = useSession();
  const volume = useSessionStore('listening', (state) => state.volume[identity] ?? 1);
  const muted = useSessionStore('listening', (state) => state.mutedForMe[identity] ?? false);
  const id = useId();
  return (
    <div className="listening" data-testid="listening-controls" data-identity={identity}>
      <label htmlFor={id} className="visually-hidden">
        Volume for {name}
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={100}
        step={5}
        value={Math.round(volume * 100)}
        disabled={muted}
        aria-valuetext={`${Math.round(volume * 100)} percent`}
        onChange={(event) => listeningActions.setVolume(stores.listening, identity, Number(event.target.value) / 100)}
        data-testid="person-volume"
      />
      <button
        type="button"
        className="secondary icon-only"
        aria-pressed={muted}
        aria-label={`Mute ${name} for me`}
        title={muted ? `Unmute ${name} for me` : `Mute ${name} for me (others still hear them)`}
        onClick={() => listeningActions.setMutedForMe(stores.listening, identity, !muted)}
        data-testid="person-mute-for-me"
      >
        {muted ? <VolumeX aria-hidden="true" size={18} /> : <Volume2 aria-hidden="true" size={18} />}
      </button>
    </div>
  );
}
