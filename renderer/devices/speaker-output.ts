/** Whether this browser can send audio to a chosen output (Chromium and Electron can; some browsers cannot). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

export interface SpeakerSink {
  /** What to give setSinkId: the chosen output while it is plugged in, '' (the system default) otherwise. */
  sinkId: string;
  /** The chosen output is not connected now: audio plays through the default until it comes back. */
  missing: boolean;
}

/**
 * Where remote audio and the call's sounds play. A chosen speaker that is unplugged falls back to the system
 * default and is used again as soon as it is back (the choice itself is kept); before the first device listing
 * (`listed` false) the choice is trusted.
 */
export function speakerSink(preferred: string | null, speakers: readonly Pick<MediaDeviceInfo, 'deviceId'>[], listed: boolean): SpeakerSink {
  if (preferred === null || preferred === '' || preferred === 'default') return { sinkId: '', missing: false };
  if (!listed || speakers.some((speaker) => speaker.deviceId === preferred)) return { sinkId: preferred, missing: false };
  return { sinkId: '', missing: true };
}
