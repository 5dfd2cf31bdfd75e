import { useId, useState, type FormEvent } from 'react';
import type { Policy } from '../../shared/policy';
import type { RoomLink } from '../../shared/room-link';
import { checkJoinLink } from '../app/join-link-check';

/** Validates as the user types; the message names what is wrong with this link, or which policy refuses it. */
export function JoinLinkForm({ onJoin, policy, initialError }: { onJoin(link: RoomLink): void; policy: Policy; initialError?: string | undefined }) {
  const [value, setValue] = useState('');
  const messageId = useId();
  const inputId = useId();
  const checked = value.trim() === '' ? null : checkJoinLink(value, policy);
  const error = checked && !checked.ok ? checked.message : value === '' ? initialError : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (checked?.ok) onJoin(checked.link);
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Join with a link</h2>
      <label htmlFor={inputId}>Room link</label>
      <input
        id={inputId}
        data-testid="join-link-input"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://meet.example.com/r/…#v1.…"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={messageId}
      />
      <p id={messageId} data-testid="join-link-message" className={error ? 'field-error' : 'field-hint'} aria-live="polite">
        {error ?? (checked?.ok ? `Ready to join ${checked.link.host}${checked.link.e2ee ? ' — end-to-end encrypted' : ' — not end-to-end encrypted'}.` : 'Paste the link someone shared with you.')}
      </p>
      <button type="submit" data-testid="join-link-submit" disabled={!checked?.ok}>
        Join
      </button>
    </form>
  );
}
