import { useId, useState } from 'react';
import { checkCreateAllowed, type Policy } from '../../shared/policy';
import { createRoomLink, formatRoomLink, type RoomLink } from '../../shared/room-link';
import { ManagedLock } from '../app/ManagedLock';
import { newCallEncryption } from './new-call-encryption';

const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));

/** Creates the room and its key on this device; E2EE stays on unless the creator confirms what turning it off means. */
export function NewCallCard({ serverOrigin, policy, onStart }: { serverOrigin: string | null; policy: Policy; onStart(link: RoomLink): void }) {
  const [chosenE2ee, setE2ee] = useState(true);
  const encryption = newCallEncryption(chosenE2ee, policy);
  const e2ee = encryption.e2ee;
  const [confirmingOff, setConfirmingOff] = useState(false);
  const [created, setCreated] = useState<{ link: RoomLink; text: string } | null>(null);
  const link = created?.text ?? null;
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const titleId = useId();

  const create = () => {
    if (!serverOrigin) return;
    const allowed = checkCreateAllowed({ e2ee }, policy);
    if (!allowed.ok) {
      setError(allowed.error.message);
      return;
    }
    const result = createRoomLink({ origin: serverOrigin, e2ee, random: randomBytes });
    if (!result.ok) {
      setError(`Cannot create a call on ${serverOrigin}: ${result.error.message}`);
      return;
    }
    setError(null);
    setCopied(false);
    setCreated({ link: result.value, text: formatRoomLink(result.value) });
  };

  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setError('Could not copy automatically. Select the link and copy it by hand.');
    }
  };

  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>New call</h2>
      <label className="switch">
        <input
          type="checkbox"
          data-testid="new-call-e2ee"
          checked={e2ee}
          disabled={encryption.locked}
          aria-describedby={encryption.locked ? `${titleId}-required` : undefined}
          onChange={(event) => (event.target.checked ? (setE2ee(true), setConfirmingOff(false)) : setConfirmingOff(true))}
        />
        End-to-end encryption
      </label>
      {encryption.locked && (
        <p id={`${titleId}-required`} className="field-hint" data-testid="new-call-e2ee-required">
          <ManagedLock label="Required by your organisation" /> {encryption.reason}
        </p>
      )}
      {confirmingOff && !encryption.locked && (
        <div role="alertdialog" aria-labelledby={`${titleId}-off`} className="warning" data-testid="e2ee-off-confirm">
          <p id={`${titleId}-off`}>
            Without end-to-end encryption, the server can access this call's audio, video and chat. Everyone in the call will see a
            warning.
          </p>
          <div className="row">
            <button type="button" onClick={() => (setE2ee(false), setConfirmingOff(false), setCreated(null))}>
              Turn off encryption
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmingOff(false)}>
              Keep it on
            </button>
          </div>
        </div>
      )}
      <button type="button" data-testid="new-call-create" onClick={create} disabled={!serverOrigin}>
        Create call link
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {link && (
        <div className="new-link">
          <label htmlFor={`${titleId}-link`}>Call link</label>
          <input id={`${titleId}-link`} data-testid="new-call-link" readOnly value={link} onFocus={(event) => event.target.select()} />
          <p className="field-hint">Anyone with this link can join the call{e2ee ? ' and decrypt it' : ''}. Share it only with the people you invite.</p>
          <div className="row">
            <button type="button" className="secondary" onClick={() => void copy()} data-testid="new-call-copy">
              {copied ? 'Copied' : 'Copy link'}
            </button>
            <button type="button" data-testid="new-call-start" onClick={() => created && onStart(created.link)}>
              Start call
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
