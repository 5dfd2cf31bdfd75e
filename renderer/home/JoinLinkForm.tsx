import { useId, useState, type FormEvent } from 'react';
import { parseRoomLink } from '../../shared/room-link';

/** Validates as the user types; the message names what is wrong with this particular link. */
export function JoinLinkForm({ onJoin, initialError }: { onJoin(link: string): void; initialError?: string | undefined }) {
  const [value, setValue] = useState('');
  const messageId = useId();
  const inputId = useId();
  const parsed = value.trim() === '' ? null : parseRoomLink(value);
  const error = parsed && !parsed.ok ? parsed.error.message : value === '' ? initialError : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (parsed?.ok) onJoin(value.trim());
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
        {error ?? (parsed?.ok ? `Ready to join ${parsed.value.host}${parsed.value.e2ee ? ' — end-to-end encrypted' : ' — not end-to-end encrypted'}.` : 'Paste the link someone shared with you.')}
      </p>
      <button type="submit" data-testid="join-link-submit" disabled={!parsed?.ok}>
        Join
      </button>
    </form>
  );
}
