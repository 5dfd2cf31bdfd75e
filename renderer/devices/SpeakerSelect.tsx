import { Volume2 } from 'lucide-react';
import { useState } from 'react';
import { sounds } from '../sounds';
import { DeviceSelect } from './DeviceSelect';
import { canChooseSpeaker } from './speaker-output';
import { useSpeakerSink } from './useSpeakerSink';

/**
 * The speaker picker with a test sound, for the settings and the call alike. Where the browser cannot choose an
 * output it says so instead; a chosen speaker that is unplugged is named as missing while the default plays.
 */
export function SpeakerSelect({ label, value, onChange }: { label: string; value: string | null; onChange(deviceId: string | null): void }) {
  const { speakers, sinkId, missing } = useSpeakerSink(value);
  const [error, setError] = useState<string | null>(null);
  const test = () => {
    setError(null);
    sounds.play('test', sinkId).catch((failure: unknown) => setError(`The test sound could not play: ${failure instanceof Error ? failure.message : String(failure)}`));
  };
  const testButton = (
    <button type="button" className="secondary" onClick={test} data-testid="speaker-test">
      <Volume2 aria-hidden="true" size={18} /> Play test sound
    </button>
  );
  if (!canChooseSpeaker()) {
    return (
      <>
        <p className="field-hint">This browser plays calls through the system's speaker; choose another output in your system's sound settings.</p>
        {testButton}
      </>
    );
  }
  return (
    <>
      <DeviceSelect label={label} kind="Speaker" devices={speakers} value={value} onChange={onChange} testId="speaker-select" />
      {missing && (
        <p className="field-hint" role="status" data-testid="speaker-missing">
          The chosen speaker is not connected: playing through the system default until it is back.
        </p>
      )}
      <div className="row">{testButton}</div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
