import { useId, useState, type FormEvent } from 'react';
import { checkServerAddress } from '../app/meeting-server';
import { ServerAddressInput } from '../app/ServerAddressInput';
import type { SettingsPatch } from '../../shared/settings';

/**
 * The first start's one question: which server new calls go on. Pre-filled with what this build suggests (the
 * embedded server under `npm start`, the page's server in a browser); answering or "Not now" is remembered.
 */
export function ServerChoiceCard({ suggested, save }: { suggested: string | null; save(patch: SettingsPatch): Promise<boolean> }) {
  const [value, setValue] = useState(suggested ?? '');
  const [saving, setSaving] = useState(false);
  const id = useId();
  const checked = checkServerAddress(value);

  const answer = async (meetingServer: string | null | undefined) => {
    setSaving(true);
    await save(meetingServer === undefined ? { serverChoiceSeen: true } : { meetingServer, serverChoiceSeen: true });
    setSaving(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (checked.ok && checked.origin !== null) void answer(checked.origin);
  };

  return (
    <form className="card first-run" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="server-choice">
      <h2 id={`${id}-title`}>Where should your calls be hosted?</h2>
      <p className="field-hint">
        New calls are created on a meeting server. Enter the address you were given, such as https://meet.example.com. Joining a call
        from a link works without one, and you can change this later in Settings.
      </p>
      <label htmlFor={`${id}-server`}>Meeting server</label>
      <ServerAddressInput id={`${id}-server`} testId="server-choice-input" value={value} onChange={setValue} invalid={!checked.ok} describedBy={`${id}-message`} />
      <p id={`${id}-message`} className={checked.ok ? 'field-hint' : 'field-error'} aria-live="polite">
        {checked.ok ? (checked.origin ? `New calls will be created on ${checked.origin}.` : 'No server yet: you can still join calls from links.') : checked.message}
      </p>
      <div className="row">
        <button type="submit" data-testid="server-choice-save" disabled={saving || !checked.ok || checked.origin === null}>
          Use this server
        </button>
        <button type="button" className="secondary" data-testid="server-choice-skip" disabled={saving} onClick={() => void answer(undefined)}>
          Not now
        </button>
      </div>
    </form>
  );
}
