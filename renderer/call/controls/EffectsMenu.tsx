import { Sparkles } from 'lucide-react';
import { EffectsFields, type EffectChoices } from '../../devices/effects';
import { saveSettings } from '../../settings/settings-actions';
import { useSession, useSessionStore } from '../CallSessionContext';

/**
 * Effects in the call: background, noise suppression, echo cancellation, auto gain and video quality, applied to
 * what this device sends (before encryption) and saved as the new defaults. Also says what the automatic
 * degradation changed when the computer could not keep up; the bar's icon carries a mark while it has.
 * A disclosure rather than a dialog: the call stays visible, so the effect can be judged on one's own tile.
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
  const degraded = value.degraded.length > 0;
  const label = degraded ? 'Effects (changed automatically)' : 'Effects';
  return (
    <details className="menu effects-popover" data-testid="effects-menu">
      <summary className="icon-button secondary" aria-label={label}>
        <Sparkles aria-hidden="true" size={20} />
        {degraded && (
          <span className="unread" aria-hidden="true">
            !
          </span>
        )}
        <span className="tooltip" aria-hidden="true">
          {label}
        </span>
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
