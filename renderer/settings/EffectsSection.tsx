import type { Settings, SettingsPatch } from '../../shared/settings';
import { EffectsFields, effectChoicesOf } from '../devices/effects';

/** Settings → Video and audio processing: the defaults the lobby starts from (saved as they change). */
export function EffectsSection({ settings, save }: { settings: Settings; save(patch: SettingsPatch): Promise<boolean> }) {
  return (
    <section className="card" aria-labelledby="effects-heading" data-testid="settings-effects">
      <h2 id="effects-heading">Video and audio processing</h2>
      <p className="field-hint">Done on this computer before encryption; nothing is sent to a service.</p>
      <EffectsFields value={effectChoicesOf(settings)} onChange={(change) => void save(change)} />
    </section>
  );
}
