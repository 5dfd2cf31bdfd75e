import { RoomEvent, Track, type Room } from 'livekit-client';
import { describe, expect, it, vi } from 'vitest';
import type { EffectChoices } from '../../devices/effects';
import { CallEffects, createEffectsStore } from './call-effects';
import type { CallClock } from './call-time-limit';
import { DEGRADATION } from './cpu-degradation';

class ManualClock implements CallClock {
  time = 0;
  private readonly callbacks = new Map<number, () => void>();
  private next = 1;
  now = () => this.time;
  setInterval(callback: () => void): unknown {
    this.callbacks.set(this.next, callback);
    return this.next++;
  }
  clearInterval(handle: unknown): void {
    this.callbacks.delete(handle as number);
  }
  async advance(ms: number): Promise<void> {
    this.time += ms;
    for (const callback of [...this.callbacks.values()]) callback();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** A published local track as the effects see it: the processor API, capture restarts and encoder stats. */
function fakeTrack(kind: Track.Kind) {
  let processor: unknown;
  return {
    kind,
    isMuted: false,
    mediaStreamTrack: { getSettings: () => ({ deviceId: `${kind}-device` }) },
    reason: 'none',
    restarts: [] as unknown[],
    getProcessor: () => processor as never,
    setProcessor: vi.fn(async (next: unknown) => void (processor = next)),
    stopProcessor: vi.fn(async () => void (processor = undefined)),
    restartTrack: vi.fn(async function (this: { restarts: unknown[] }, options: unknown) {
      this.restarts.push(options);
    }),
    getSenderStats: vi.fn(async function (this: { reason: string }) {
      return [{ qualityLimitationReason: this.reason }, { qualityLimitationReason: 'none' }];
    }),
  };
}

function setup(choices: Partial<EffectChoices> = {}) {
  const listeners = new Map<string, (publication: unknown) => void>();
  const room = {
    localParticipant: { trackPublications: new Map(), setCameraEnabled: vi.fn(async () => undefined) },
    on: (event: string, listener: (publication: unknown) => void) => listeners.set(event, listener),
    off: (event: string) => listeners.delete(event),
  };
  const clock = new ManualClock();
  const receiving = { setVideoReceived: vi.fn() };
  const store = createEffectsStore({ background: { kind: 'none' }, noiseSuppression: true, echoCancellation: true, autoGainControl: true, videoMode: 'normal', ...choices });
  const noiseProcessor = { name: 'rnnoise' };
  const effects = new CallEffects(room as unknown as Room, store, {
    clock,
    receiving,
    factories: {
      createBackground: async (choice) => ({ processor: { name: `bg-${choice.kind}` } as never, switchTo: async () => undefined }),
      createNoiseProcessor: () => noiseProcessor as never,
    },
  });
  const camera = fakeTrack(Track.Kind.Video);
  const microphone = fakeTrack(Track.Kind.Audio);
  const publish = async () => {
    listeners.get(RoomEvent.LocalTrackPublished)?.({ source: Track.Source.Camera, track: camera });
    listeners.get(RoomEvent.LocalTrackPublished)?.({ source: Track.Source.Microphone, track: microphone });
    await vi.waitFor(() => expect(store.getState().noiseStatus.state).not.toBe('starting'));
  };
  return { effects, store, clock, receiving, room, camera, microphone, publish, noiseProcessor, listeners };
}

describe('CallEffects', () => {
  it('puts the chosen effects on the camera and microphone as they are published, and switches them live', async () => {
    const { effects, store, camera, microphone, publish, noiseProcessor } = setup({ background: { kind: 'blur' } });
    await publish();
    await vi.waitFor(() => expect(store.getState().backgroundStatus).toEqual({ state: 'on' }));
    expect(camera.getProcessor()).toEqual({ name: 'bg-blur' });
    expect(microphone.getProcessor()).toBe(noiseProcessor);
    expect(store.getState().noiseStatus).toEqual({ state: 'on' });

    await effects.setNoiseSuppression(false);
    expect(microphone.getProcessor()).toBeUndefined();
    await effects.setBackground({ kind: 'none' });
    expect(camera.getProcessor()).toBeUndefined();
    expect(store.getState()).toMatchObject({ noiseSuppression: false, background: { kind: 'none' }, backgroundStatus: { state: 'off' } });
  });

  it('reopens the microphone with new echo cancellation and auto gain, keeping its device and leaving noise suppression to RNNoise', async () => {
    const { effects, microphone, publish } = setup();
    await publish();
    await effects.setMicrophoneProcessing({ echoCancellation: false });
    expect(microphone.restarts).toEqual([{ echoCancellation: false, autoGainControl: true, noiseSuppression: false, deviceId: 'audio-device' }]);
  });

  it('lowers the camera to 360p at 15 fps, and audio-only turns the camera off and stops receiving video', async () => {
    const { effects, camera, room, receiving, publish } = setup();
    await publish();
    await effects.setVideoMode('low');
    expect(camera.restarts).toEqual([{ resolution: { width: 640, height: 360, frameRate: 15 }, deviceId: 'video-device' }]);
    await effects.setVideoMode('audio-only');
    expect(receiving.setVideoReceived).toHaveBeenLastCalledWith(false);
    expect(room.localParticipant.setCameraEnabled).toHaveBeenCalledWith(false);
    await effects.setVideoMode('normal');
    expect(receiving.setVideoReceived).toHaveBeenLastCalledWith(true);
    expect(camera.restarts.at(-1)).toEqual({ resolution: { width: 1280, height: 720, frameRate: 30 }, deviceId: 'video-device' });
  });

  it('when the encoder stays CPU-limited: pauses the background effect, then lowers the video, and says so each time', async () => {
    const { store, clock, camera, publish } = setup({ background: { kind: 'blur' } });
    await publish();
    await vi.waitFor(() => expect(camera.getProcessor()).toBeDefined());
    camera.reason = 'cpu';
    for (let i = 0; i < DEGRADATION.window; i++) await clock.advance(DEGRADATION.sampleMs);
    await vi.waitFor(() => expect(camera.getProcessor()).toBeUndefined());
    expect(store.getState().background).toEqual({ kind: 'none' });
    expect(store.getState().degraded).toEqual([expect.stringMatching(/paused it/)]);
    expect(camera.restarts).toEqual([]);

    for (let i = 0; i < DEGRADATION.settleMs / DEGRADATION.sampleMs; i++) await clock.advance(DEGRADATION.sampleMs);
    await vi.waitFor(() => expect(camera.restarts).toHaveLength(1));
    expect(camera.restarts[0]).toMatchObject({ resolution: { width: 640, height: 360 } });
    expect(store.getState()).toMatchObject({ videoMode: 'low', degraded: [expect.stringMatching(/paused/), expect.stringMatching(/360p/)] });

    for (let i = 0; i < 20; i++) await clock.advance(DEGRADATION.sampleMs);
    expect(store.getState().degraded).toHaveLength(2);
  });

  it('does nothing while the encoder is not CPU-limited, and stops sampling when the call ends', async () => {
    const { effects, store, clock, camera, publish } = setup({ background: { kind: 'blur' } });
    await publish();
    camera.reason = 'bandwidth';
    for (let i = 0; i < 10; i++) await clock.advance(DEGRADATION.sampleMs);
    expect(store.getState().degraded).toEqual([]);
    effects.stop();
    const calls = camera.getSenderStats.mock.calls.length;
    await clock.advance(DEGRADATION.sampleMs);
    expect(camera.getSenderStats.mock.calls.length).toBe(calls);
  });

  it('starts in audio-only without receiving video', () => {
    const { receiving } = setup({ videoMode: 'audio-only' });
    expect(receiving.setVideoReceived).toHaveBeenCalledWith(false);
  });
});
