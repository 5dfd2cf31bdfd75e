import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatRoomLink } from '../../shared/room-link';
import { inviteWarning } from '../app/invite-warning';
import { useSession } from './CallSessionContext';
import { qrSvgPath } from './qr-path';

/** Invite from inside the call: the whole link (its key included) to copy, and as a QR code for a phone. */
export function InviteDialog({ onClose }: { onClose(): void }) {
  const link = useSession().link;
  const text = formatRoomLink(link);
  const qr = useMemo(() => qrSvgPath(text), [text]);
  const ref = useRef<HTMLDialogElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <dialog ref={ref} className="dialog invite" aria-labelledby={`${id}-title`} onClose={onClose} data-testid="invite-dialog">
      <h2 id={`${id}-title`}>Invite people</h2>
      <label htmlFor={`${id}-link`}>Call link</label>
      <input id={`${id}-link`} data-testid="invite-link" readOnly value={text} onFocus={(event) => event.target.select()} />
      <p className="warning" data-testid="invite-warning">
        {inviteWarning(link.e2ee)}
      </p>
      <div className="row">
        <button type="button" onClick={() => void copyLink()} data-testid="invite-copy">
          {copy === 'copied' ? 'Copied' : 'Copy link'}
        </button>
        <button type="button" className="secondary" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      <p className={copy === 'failed' ? 'field-error' : 'visually-hidden'} aria-live="polite">
        {copy === 'failed' ? 'Could not copy automatically. Select the link and copy it by hand.' : copy === 'copied' ? 'Link copied.' : ''}
      </p>
      <p className="field-hint">Or scan this with a phone's camera to join there:</p>
      <svg
        className="invite-qr"
        data-testid="invite-qr"
        role="img"
        aria-label="QR code of the call link"
        viewBox={`0 0 ${qr.size} ${qr.size}`}
        width={qr.size * 5}
        height={qr.size * 5}
        shapeRendering="crispEdges"
      >
        <rect width={qr.size} height={qr.size} fill="#ffffff" />
        <path d={qr.path} fill="#000000" />
      </svg>
    </dialog>
  );
}
