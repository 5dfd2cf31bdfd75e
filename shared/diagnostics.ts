import { redactSecrets } from './log-redaction';
import type { PolicyState } from './policy';
import type { Settings } from './settings';
import type { UpdateStatus } from './updates';

export interface DiagnosticsInput {
  generatedAt: Date;
  app: { name: string; version: string; shell: 'electron' | 'web'; platform: string };
  /** Runtime and OS versions, e.g. `{ electron: '45.5.0', chrome: '…', os: 'Linux 6.8 x64' }`. */
  versions: Readonly<Record<string, string>>;
  policy: PolicyState | null;
  settings: Settings | null;
  updates: UpdateStatus | null;
  inCall: boolean | null;
  /** The last lines of the log, as the log file holds them. */
  logs: string;
}

/**
 * Settings a support person may see: the server and the choices, never personal values (the display name) or the
 * device ids (stable identifiers of this computer's hardware).
 */
function describeSettings(settings: Settings): Record<string, string | boolean | null> {
  return {
    meetingServer: settings.meetingServer,
    serverChoiceSeen: settings.serverChoiceSeen,
    miniWindow: settings.miniWindow,
    displayName: settings.displayName === '' ? 'not set' : 'set (not included)',
    camera: settings.cameraDeviceId === null ? 'system default' : 'chosen (id not included)',
    microphone: settings.microphoneDeviceId === null ? 'system default' : 'chosen (id not included)',
    speaker: settings.speakerDeviceId === null ? 'system default' : 'chosen (id not included)',
    joinWithCamera: settings.joinWithCamera,
    joinWithMicrophone: settings.joinWithMicrophone,
    callSounds: settings.callSounds,
    callNotifications: settings.callNotifications,
    notificationPreviews: settings.notificationPreviews,
    // A picture the user chose for a background is personal: only that there is one.
    background: settings.background.kind === 'image' ? `image (${settings.background.image})` : settings.background.kind === 'custom' ? 'own picture (not included)' : settings.background.kind,
    noiseSuppression: settings.noiseSuppression,
    echoCancellation: settings.echoCancellation,
    autoGainControl: settings.autoGainControl,
    videoMode: settings.videoMode,
  };
}

const section = (title: string, body: string) => `== ${title} ==\n${body.trimEnd()}\n`;
const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * The text bundle "Export diagnostics" writes. Every line is redacted on the way out (links' fragments, tokens,
 * key-looking strings), so a secret that reached a log by mistake, or a log written by an older version, stays out.
 */
export function formatDiagnostics(input: DiagnosticsInput): string {
  const text = [
    `Sealroom diagnostics, ${input.generatedAt.toISOString()}`,
    'Keys, links\u2019 fragments and tokens are removed from everything below.',
    '',
    section('App', json({ ...input.app, inCall: input.inCall })),
    section('Versions', json(input.versions)),
    section('Policy', input.policy ? json(input.policy) : 'unknown'),
    section('Settings', input.settings ? json(describeSettings(input.settings)) : 'unknown'),
    section('Updates', input.updates ? json(input.updates) : 'unknown'),
    section('Log (most recent last)', input.logs === '' ? '(empty)' : input.logs),
  ].join('\n');
  return text
    .split('\n')
    .map((line) => redactSecrets(line))
    .join('\n');
}

/** `sealroom-diagnostics-2026-05-01T10-00-00.txt` */
export function diagnosticsFileName(at: Date): string {
  return `sealroom-diagnostics-${at.toISOString().slice(0, 19).replace(/:/g, '-')}.txt`;
}
