import { EffectsFields, type EffectChoices } from '../devices/effects';
import type { EffectsPreview } from './useEffectsPreview';

/** The lobby's processing choices, previewed live on the camera and the microphone meter; saved on Join. */
export function LobbyEffects({ value, onChange, preview }: { value: EffectChoices; onChange(change: Partial<EffectChoices>): void; preview: EffectsPreview }) {
  return (
    <details className="lobby-effects" data-testid="lobby-effects">
      <summary>Effects and audio processing</summary>
      <EffectsFields value={value} onChange={onChange} backgroundStatus={preview.backgroundStatus} noiseStatus={preview.noiseStatus} />
      {value.videoMode === 'audio-only' && <p className="field-hint">Audio only: you join with your camera off and receive no video.</p>}
    </details>
  );
}
