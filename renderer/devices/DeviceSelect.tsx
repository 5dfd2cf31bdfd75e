import { useId } from 'react';

/** A labelled camera or microphone picker; "System default" is stored as null so a replaced device never sticks. */
export function DeviceSelect({
  label,
  kind,
  devices,
  value,
  onChange,
}: {
  label: string;
  kind: 'Camera' | 'Microphone';
  devices: MediaDeviceInfo[];
  value: string | null;
  onChange(deviceId: string | null): void;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
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
