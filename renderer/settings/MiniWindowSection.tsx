import { useId, useState } from 'react';
import type { SettingsPatch } from '../../shared/settings';

/** Settings → Mini window: whether a call's mini window opens by itself when Sealroom goes to the background. */
export function MiniWindowSection({ enabled, shell, save }: { enabled: boolean; shell: 'electron' | 'web'; save(patch: SettingsPatch): Promise<boolean> }) {
  const id = useId();
  const [saved, setSaved] = useState(false);
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="settings-mini-window">
      <h2 id={`${id}-title`}>Mini window</h2>
      <label className="switch">
        <input type="checkbox" checked={enabled} onChange={(event) => void save({ miniWindow: event.target.checked }).then(setSaved)} data-testid="settings-mini-window-toggle" />
        Show a small window with the active speaker when Sealroom is in the background during a call
      </label>
      <p className="field-hint">
        {shell === 'electron'
          ? 'It opens when the call’s window loses focus or is minimised, stays on top, and closes when you come back.'
          : 'In the browser it opens when you switch to another tab, where the browser allows it; the Mini window button in the call opens it at any time.'}
      </p>
      <p role="status" className="field-hint">
        {saved ? 'Saved.' : ''}
      </p>
    </section>
  );
}
