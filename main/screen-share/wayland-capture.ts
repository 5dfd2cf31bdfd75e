/** Chromium's screen capture through the desktop portal and PipeWire: the only way to capture on Wayland. */
const PIPEWIRE_FEATURE = 'WebRTCPipeWireCapturer';

export interface CommandLineLike {
  getSwitchValue(name: string): string;
  appendSwitch(name: string, value?: string): void;
}

export function isWaylandSession(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
}

/** Adds features to a comma-separated `--enable-features` value, keeping the user's own in their order. */
export function mergeFeatureList(existing: string, add: readonly string[]): string {
  const features = existing
    .split(',')
    .map((feature) => feature.trim())
    .filter(Boolean);
  for (const feature of add) if (!features.includes(feature)) features.push(feature);
  return features.join(',');
}

/**
 * Must run before 'ready'. Chromium keeps only the last `--enable-features`, so appending ours alone would silently
 * drop any the user passed; we append the merged list instead.
 */
export function enablePipeWireCapture(commandLine: CommandLineLike, platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): boolean {
  if (platform !== 'linux' || !isWaylandSession(env)) return false;
  commandLine.appendSwitch('enable-features', mergeFeatureList(commandLine.getSwitchValue('enable-features'), [PIPEWIRE_FEATURE]));
  return true;
}
