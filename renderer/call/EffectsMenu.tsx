import { EffectsFields, type EffectChoices } from '../devices/effects';
import { saveSettings } from '../settings/settings-actions';
import { useSession, useSessionStore } from './CallSessionContext';

/**
 * Effects in the call: background, noise suppression, echo cancellation, auto gain and video quality, applied to
 * what this device sends (before encryption) and saved as the new defaults. Also says what the automatic
 * degradation changed when the computer could not keep up.
 */
export function EffectsMenu() {
  const session = useSession();
  const value = useSessionStore('effects', (state) => state);
  const apply = (change: Partial<EffectChoices>) => {
    const effects = session.effects;
    const fail = (error: unknown) => session.setNotice(`Changing effects failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!effects) return;
    if (change.background) void effects.setBackground(change.background).catch(fail);
    if (change.noiseSuppression !== undefined) void effects.setNoiseSuppression(change.noiseSuppression).catch(fail);
    if (change.echoCancellation !== undefined || change.autoGainControl !== undefined) {
      void effects.setMicrophoneProcessing({ ...change }).catch(fail);
    }
    if (change.videoMode) void effects.setVideoMode(change.videoMode).catch(fail);
    void saveSettings(change);
  };
  return (
    <details className="menu" data-testid="effects-menu">
      <summary>
        <span aria-hidden="true">✨</span> Effects
        {value.degraded.length > 0 && <span className="visually-hidden"> (changed automatically)</span>}
      </summary>
      <div className="menu-body effects-menu">
        <EffectsFields value={value} onChange={apply} backgroundStatus={value.backgroundStatus} noiseStatus={value.noiseStatus} />
        {value.degraded.map((message, i) => (
          <p key={i} className="warning" role="status" data-testid="effects-degraded">
            {message}
          </p>
        ))}
      </div>
    </details>
  );
}
