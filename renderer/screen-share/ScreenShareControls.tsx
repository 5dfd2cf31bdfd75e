import { MonitorUp } from 'lucide-react';
import { ScreenShareBar } from './ScreenShareBar';
import { ScreenSharePicker } from './ScreenSharePicker';
import { ScreenSharePreview } from './ScreenSharePreview';
import { useScreenShare, type ScreenShareOptions } from './useScreenShare';

/**
 * Everything a call needs for screen sharing in one piece: the Share button, the picker, the preview and the
 * "You are sharing" bar. Mount it once in the call; `disabled` hides sharing when policy turns it off.
 */
export function ScreenShareControls({ onPublish, onUnpublish, disabled = false }: ScreenShareOptions & { disabled?: boolean }) {
  const { state, start, confirm, cancelPreview, stop } = useScreenShare({ onPublish, onUnpublish });
  return (
    <>
      <ScreenSharePicker />
      {state.phase === 'sharing' ? (
        <ScreenShareBar name={state.name} onStop={() => void stop()} />
      ) : (
        <button
          type="button"
          className="icon-button secondary"
          aria-label="Share screen"
          onClick={() => void start()}
          disabled={disabled || state.phase !== 'idle'}
          data-testid="screen-share-start"
        >
          <MonitorUp aria-hidden="true" size={20} />
          <span className="tooltip" aria-hidden="true">
            Share screen
          </span>
        </button>
      )}
      {state.phase === 'idle' && state.error && (
        <p className="field-error" role="alert" data-testid="screen-share-error">
          {state.error}
        </p>
      )}
      {state.phase === 'preview' && (
        <ScreenSharePreview stream={state.stream} name={state.name} onConfirm={() => void confirm()} onCancel={() => void cancelPreview()} />
      )}
    </>
  );
}
