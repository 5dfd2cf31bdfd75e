/**
 * The lobby's camera and microphone, handed to the call on Join: the call publishes them instead of opening the
 * devices again. That saves the capture start-up, and the call publishes the resolution it asks for (when the lobby
 * still held the camera at another size, Chromium gave the call the preview's size).
 */

/** What the call captures (livekit-client's 720p preset), so the preview can be handed over as it is. */
export const CAMERA_CAPTURE: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

export interface PreparedTracks {
  camera: MediaStreamTrack | null;
  microphone: MediaStreamTrack | null;
}

let prepared: PreparedTracks | null = null;
const handedOver = new WeakSet<MediaStreamTrack>();

/** The lobby hands over its live tracks; whatever is not taken within a short while is stopped. */
export function handOver(tracks: PreparedTracks): void {
  release();
  prepared = tracks;
  for (const track of [tracks.camera, tracks.microphone]) if (track) handedOver.add(track);
  const mine = prepared;
  setTimeout(() => {
    if (prepared === mine) release();
  }, 30_000);
}

/** True for a track the lobby handed to the call: the lobby must not stop it. */
export function isHandedOver(track: MediaStreamTrack): boolean {
  return handedOver.has(track);
}

/** The call takes the tracks once (live ones only). */
export function takePrepared(): PreparedTracks {
  const taken = prepared ?? { camera: null, microphone: null };
  prepared = null;
  const live = (track: MediaStreamTrack | null) => (track && track.readyState === 'live' ? track : null);
  return { camera: live(taken.camera), microphone: live(taken.microphone) };
}

function release(): void {
  if (!prepared) return;
  prepared.camera?.stop();
  prepared.microphone?.stop();
  prepared = null;
}
