import { useId, useState, type ChangeEvent } from 'react';
import { BUNDLED_BACKGROUNDS, type BackgroundChoice, type VideoMode } from '../../../shared/settings';
import { BUNDLED_BACKGROUND_PICTURES } from './bundled-backgrounds';
import type { EffectChoices } from './capture';
import { ownPictureDataUrl } from './own-picture';
import type { EffectStatus } from './video-effect';

const sameBackground = (a: BackgroundChoice, b: BackgroundChoice) => JSON.stringify(a) === JSON.stringify(b);

function StatusLine({ status, testId }: { status: EffectStatus | undefined; testId: string }) {
  if (!status || status.state === 'off') return null;
  if (status.state === 'failed') {
    return (
      <p className="field-error" role="alert" data-testid={testId} data-state="failed">
        {status.message}
      </p>
    );
  }
  return (
    <p className="field-hint" role="status" data-testid={testId} data-state={status.state}>
      {status.state === 'starting' ? 'Starting…' : 'On: processed on this device before encryption.'}
    </p>
  );
}

/**
 * The video and audio processing choices, the same in the lobby, the call's Effects menu and Settings. It only
 * draws and reports changes; whoever shows it applies and saves them.
 */
export function EffectsFields({
  value,
  onChange,
  backgroundStatus,
  noiseStatus,
}: {
  value: EffectChoices;
  onChange(change: Partial<EffectChoices>): void;
  backgroundStatus?: EffectStatus;
  noiseStatus?: EffectStatus;
}) {
  const id = useId();
  const [pictureError, setPictureError] = useState<string | null>(null);
  const choices: { label: string; choice: BackgroundChoice; testId: string }[] = [
    { label: 'None', choice: { kind: 'none' }, testId: 'background-none' },
    { label: 'Blur', choice: { kind: 'blur' }, testId: 'background-blur' },
    ...BUNDLED_BACKGROUNDS.map((image) => ({ label: BUNDLED_BACKGROUND_PICTURES[image].label, choice: { kind: 'image', image } as const, testId: `background-${image}` })),
    ...(value.background.kind === 'custom' ? [{ label: 'Your picture', choice: value.background, testId: 'background-custom' }] : []),
  ];
  const choosePicture = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      onChange({ background: { kind: 'custom', dataUrl: await ownPictureDataUrl(file) } });
      setPictureError(null);
    } catch (error) {
      setPictureError(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <div className="effects-fields" data-testid="effects-fields">
      <fieldset>
        <legend>Background</legend>
        <div className="effects-backgrounds">
          {choices.map(({ label, choice, testId }) => (
            <label key={testId} className="switch">
              <input type="radio" name={`${id}-background`} checked={sameBackground(choice, value.background)} onChange={() => onChange({ background: choice })} data-testid={testId} />
              {label}
            </label>
          ))}
        </div>
        <label htmlFor={`${id}-picture`}>Choose a picture…</label>
        <input id={`${id}-picture`} type="file" accept="image/jpeg,image/png,image/webp" onChange={(event) => void choosePicture(event)} data-testid="background-picture" />
        {pictureError && (
          <p className="field-error" role="alert">
            {pictureError}
          </p>
        )}
        <StatusLine status={backgroundStatus} testId="background-status" />
      </fieldset>
      <fieldset>
        <legend>Microphone</legend>
        <label className="switch">
          <input type="checkbox" checked={value.noiseSuppression} onChange={(event) => onChange({ noiseSuppression: event.target.checked })} data-testid="noise-suppression" />
          Noise suppression (RNNoise)
        </label>
        <StatusLine status={noiseStatus} testId="noise-status" />
        <label className="switch">
          <input type="checkbox" checked={value.echoCancellation} onChange={(event) => onChange({ echoCancellation: event.target.checked })} data-testid="echo-cancellation" />
          Echo cancellation
        </label>
        <label className="switch">
          <input type="checkbox" checked={value.autoGainControl} onChange={(event) => onChange({ autoGainControl: event.target.checked })} data-testid="auto-gain" />
          Automatic gain
        </label>
      </fieldset>
      <label htmlFor={`${id}-video-mode`}>Video quality</label>
      <select id={`${id}-video-mode`} value={value.videoMode} onChange={(event) => onChange({ videoMode: event.target.value as VideoMode })} data-testid="video-mode">
        <option value="normal">Normal (720p)</option>
        <option value="low">Lower (360p, 15 fps): less data and CPU</option>
        <option value="audio-only">Audio only: no video sent or received</option>
      </select>
    </div>
  );
}
