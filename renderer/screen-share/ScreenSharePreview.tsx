import { useEffect, useId, useRef } from 'react';
import './screen-share.css';

/** The live capture, shown only to you, before anyone else sees it. */
export function ScreenSharePreview({ stream, name, onConfirm, onCancel }: { stream: MediaStream; name: string; onConfirm(): void; onCancel(): void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (videoRef.current) videoRef.current.srcObject = stream;
  }, [stream]);

  return (
    <div className="modal-backdrop">
      <section className="screen-picker" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="screen-share-preview">
        <h2 id={titleId}>Share {name}?</h2>
        <p className="field-hint">This is exactly what others in the call will see. Nothing is sent until you start sharing.</p>
        <video ref={videoRef} className="preview screen-share-preview-video" autoPlay muted playsInline aria-label={`Preview of ${name}`} />
        <div className="row">
          <button type="button" className="secondary" onClick={onCancel} data-testid="screen-share-preview-cancel">
            Cancel
          </button>
          <button type="button" onClick={onConfirm} autoFocus data-testid="screen-share-confirm">
            Start sharing
          </button>
        </div>
      </section>
    </div>
  );
}
