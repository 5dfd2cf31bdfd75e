import { speakerSink, type SpeakerSink } from './speaker-output';
import { useMediaDevices } from './useMediaDevices';

/** The sink for the chosen speaker, following hot-plugging (devicechange): see `speakerSink`. */
export function useSpeakerSink(preferred: string | null): SpeakerSink & { speakers: MediaDeviceInfo[] } {
  const { speakers, listed } = useMediaDevices(null);
  return { ...speakerSink(preferred, speakers, listed), speakers };
}
