import './screen-share.css';

/** Always visible while sharing, so nobody shares a screen without knowing it. */
export function ScreenShareBar({ name, onStop }: { name: string; onStop(): void }) {
  return (
    <div className="screen-share-bar" role="status" data-testid="screen-share-bar">
      <span>
        You are sharing <strong>{name}</strong>
      </span>
      <button type="button" className="danger" onClick={onStop} data-testid="screen-share-stop">
        Stop sharing
      </button>
    </div>
  );
}
