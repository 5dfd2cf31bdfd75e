import { useId, useState } from 'react';
import { checkCreateAllowed, type Policy } from '../../shared/policy';
import { createRoomLink, formatRoomLink, type RoomLink } from '../../shared/room-link';
import { ManagedLock } from '../app/ManagedLock';
import { inviteWarning } from '../app/invite-warning';
import type { MeetingServerChoice } from '../app/meeting-server';
import { checkMeetingServer, describeServerProblem, type ServerProblem } from './meeting-server-check';
import { newCallEncryption } from './new-call-encryption';

const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));

/**
 * Creates the room and its key on this device, once the meeting server's token endpoint answers; E2EE stays on
 * unless the creator confirms what turning it off means. Without a reachable server it says so and leads to the setting.
 */
export function NewCallCard({
  server,
  policy,
  onStart,
  onOpenServerSetting,
  onServerProblem,
}: {
  server: MeetingServerChoice;
  policy: Policy;
  onStart(link: RoomLink): void;
  onOpenServerSetting(): void;
  /** For the log: what the check found (origins and HTTP statuses only). */
  onServerProblem?: (message: string) => void;
}) {
  const [chosenE2ee, setE2ee] = useState(true);
  const encryption = newCallEncryption(chosenE2ee, policy);
  const e2ee = encryption.e2ee;
  const [confirmingOff, setConfirmingOff] = useState(false);
  const [created, setCreated] = useState<{ link: RoomLink; text: string } | null>(null);
  const link = created?.text ?? null;
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<ServerProblem | null>(null);
  const [checking, setChecking] = useState(false);
  const [copied, setCopied] = useState(false);
  const titleId = useId();

  const create = async () => {
    setError(null);
    setProblem(null);
    if (server.origin === null) {
      setProblem(describeServerProblem(server, null));
      return;
    }
    const allowed = checkCreateAllowed({ e2ee }, policy);
    if (!allowed.ok) {
      setError(allowed.error.message);
      return;
    }
    const result = createRoomLink({ origin: server.origin, e2ee, random: randomBytes });
    if (!result.ok) {
      setError(`Cannot create a call on ${server.origin}: ${result.error.message}`);
      return;
    }
    setChecking(true);
    const check = await checkMeetingServer(server.origin, result.value.room, { fetch: (url, init) => fetch(url, init) });
    setChecking(false);
    const found = describeServerProblem(server, check);
    if (found) {
      onServerProblem?.(`new call: ${check.ok ? 'no problem' : check.message}`);
      setProblem(found);
      setCreated(null);
      return;
    }
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
      <p className="field-hint" data-testid="new-call-server">
        {server.origin ? `On ${server.origin}` : 'No meeting server is set.'}
      </p>
      <button type="button" data-testid="new-call-create" onClick={() => void create()} disabled={checking} aria-busy={checking}>
        {checking ? 'Checking the server…' : 'Create call link'}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {problem && (
        <div className="warning" role="alert" data-testid="new-call-server-problem">
          <p>{problem.message}</p>
          <div className="row">
            <button type="button" className="secondary" onClick={onOpenServerSetting} data-testid="new-call-open-server-setting">
              {problem.action}
            </button>
          </div>
        </div>
      )}
      {link && (
        <div className="new-link">
          <label htmlFor={`${titleId}-link`}>Call link</label>
          <input id={`${titleId}-link`} data-testid="new-call-link" readOnly value={link} onFocus={(event) => event.target.select()} />
          <p className="field-hint">{inviteWarning(e2ee)}</p>
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
