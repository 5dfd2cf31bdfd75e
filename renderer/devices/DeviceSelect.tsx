import { useId } from 'react';

/** A labelled camera, microphone or speaker picker; "System default" is stored as null so a replaced device never sticks. */
export function DeviceSelect({
  label,
  kind,
  devices,
  value,
  onChange,
  testId,
}: {
  label: string;
  kind: 'Camera' | 'Microphone' | 'Speaker';
  devices: MediaDeviceInfo[];
  value: string | null;
  onChange(deviceId: string | null): void;
  testId?: string | undefined;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={testId} value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">System default</option>
        {devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || `${kind} ${index + 1}`}
          </option>
        ))}
      </select>
    </>
  );
}
