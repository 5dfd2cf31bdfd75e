import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ManagedLock } from '../app/ManagedLock';
import { checkServerAddress, type MeetingServerChoice } from '../app/meeting-server';
import { ServerAddressInput } from '../app/ServerAddressInput';
import type { SettingsPatch } from '../../shared/settings';

function currentSourceHint(source: 'policy' | 'setting' | 'built-in' | 'none', builtIn: string | null): string {
  switch (source) {
    case 'policy':
      return 'Your organisation chose this server for new calls.';
    case 'setting':
      return builtIn ? `Leave it empty to go back to ${builtIn}.` : 'Leave it empty to remove it.';
    case 'built-in':
      return 'Suggested by this copy of Sealroom; enter another to use it instead.';
    case 'none':
      return 'Not set: New call needs one. Ask whoever runs your meetings for its address.';
  }
}

/** The origin whose /api/token New call uses. Locked when the organisation's policy sets `defaultServer`. */
export function MeetingServerSection({
  server,
  builtIn,
  autoFocus,
  save,
}: {
  server: MeetingServerChoice;
  /** What this build suggests when the user has not chosen (SEALROOM_SERVER, the page's server). */
  builtIn: string | null;
  autoFocus: boolean;
  save(patch: SettingsPatch): Promise<boolean>;
}) {
  const managed = server.source === 'policy';
  const [value, setValue] = useState(server.origin ?? '');
  const [saved, setSaved] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const checked = checkServerAddress(value);

  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (managed || !checked.ok) return;
    const ok = await save({ meetingServer: checked.origin, serverChoiceSeen: true });
    if (ok && checked.origin) setValue(checked.origin);
    setSaved(ok);
  };

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`} data-testid="settings-meeting-server">
      <h2 id={`${id}-title`}>Meeting server</h2>
      <label htmlFor={`${id}-server`}>Server for new calls</label>
      <ServerAddressInput
        inputRef={input}
        id={`${id}-server`}
        testId="settings-meeting-server-input"
        value={managed ? (server.origin ?? '') : value}
        readOnly={managed}
        onChange={(next) => (setValue(next), setSaved(false))}
        invalid={!checked.ok && !managed}
        describedBy={`${id}-message`}
      />
      <p id={`${id}-message`} className={checked.ok || managed ? 'field-hint' : 'field-error'} aria-live="polite" data-testid="settings-meeting-server-message">
        {managed ? <ManagedLock /> : null} {checked.ok || managed ? currentSourceHint(server.source, builtIn) : checked.message}
      </p>
      <p className="field-hint">New calls are created here. Joining a call from a link uses the server the link names.</p>
      {!managed && (
        <div className="row">
          <button type="submit" data-testid="settings-meeting-server-save" disabled={!checked.ok}>
            Save server
          </button>
          <span className="field-hint" aria-live="polite" data-testid="settings-meeting-server-saved">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
      )}
    </form>
  );
}
