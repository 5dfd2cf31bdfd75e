import { describe, expect, it, vi } from 'vitest';
import { NoiseSuppression } from './audio-effect';
import { KeepUpMonitor } from './keep-up';
import { describeEffectFailure, EffectUnsupportedError, VideoEffect, type BackgroundProcessorFactory, type EffectStatus } from './video-effect';

/** The processor API of a livekit-client track, recording what was set. */
function fakeTrack() {
  let processor: unknown;
  return {
    set: [] as unknown[],
    stopped: 0,
    getProcessor: () => processor as never,
    setProcessor: vi.fn(async (next: unknown) => {
      processor = next;
    }),
    stopProcessor: vi.fn(async () => {
      processor = undefined;
    }),
  };
}

function fakeFactory(options: { fail?: Error } = {}) {
  const frames: ((ms: number) => void)[] = [];
  const switched: unknown[] = [];
  const factory: BackgroundProcessorFactory = async (choice, onFrameMs) => {
    if (options.fail) throw options.fail;
    frames.push(onFrameMs);
    return { processor: { name: `bg-${choice.kind}` } as never, switchTo: async (next) => void switched.push(next) };
  };
  return { factory, frames, switched };
}

describe('VideoEffect', () => {
  it('sets the processor for blur, switches it live to a picture, and removes it for none', async () => {
    const track = fakeTrack();
    const statuses: EffectStatus[] = [];
    const { factory, switched } = fakeFactory();
    const effect = new VideoEffect(track, (status) => statuses.push(status), factory);
    await effect.apply({ kind: 'blur' });
    expect(track.setProcessor).toHaveBeenCalledTimes(1);
    expect(effect.processing).toBe(true);
    await effect.apply({ kind: 'image', image: 'waves' });
    expect(track.setProcessor).toHaveBeenCalledTimes(1);
    expect(switched).toEqual([{ kind: 'image', image: 'waves' }]);
    await effect.apply({ kind: 'none' });
    expect(track.stopProcessor).toHaveBeenCalledTimes(1);
    expect(track.getProcessor()).toBeUndefined();
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'on', 'on', 'off']);
  });

  it('falls back to the camera as it is, with a message, when the processor cannot start', async () => {
    const track = fakeTrack();
    const statuses: EffectStatus[] = [];
    const effect = new VideoEffect(track, (status) => statuses.push(status), fakeFactory({ fail: new EffectUnsupportedError('this browser has no WebGL 2') }).factory);
    await effect.apply({ kind: 'blur' });
    expect(track.getProcessor()).toBeUndefined();
    expect(statuses.at(-1)).toEqual({ state: 'failed', message: 'Background effects could not start here: this browser has no WebGL 2. Your camera is sent without them.' });
  });

  it('removes a processor whose setup fails half-way (e.g. the model does not load)', async () => {
    const track = fakeTrack();
    track.setProcessor.mockImplementationOnce(async () => {
      throw new Error('Failed to fetch /effects/selfie-segmentation.tflite');
    });
    const statuses: EffectStatus[] = [];
    await new VideoEffect(track, (status) => statuses.push(status), fakeFactory().factory).apply({ kind: 'blur' });
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', message: expect.stringMatching(/could not start here \(Failed to fetch .*\)\. Your camera is sent without them/) });
  });

  it('switches the effect off, with a message, when frames take longer than the budget', async () => {
    const track = fakeTrack();
    const statuses: EffectStatus[] = [];
    const { factory, frames } = fakeFactory();
    const effect = new VideoEffect(track, (status) => statuses.push(status), factory, () => new KeepUpMonitor({ budgetMs: 100, window: 3, warmUp: 1 }));
    await effect.apply({ kind: 'blur' });
    for (const ms of [900, 40, 60, 50]) frames[0]!(ms);
    await effect.apply({ kind: 'blur' });
    expect(effect.processing).toBe(true);
    for (const ms of [300, 320, 310]) frames[0]!(ms);
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe('failed'));
    expect(track.getProcessor()).toBeUndefined();
    expect(statuses.at(-1)).toMatchObject({ message: expect.stringMatching(/took 300 ms a frame, too slow.*sent without them/) });
  });
});

describe('NoiseSuppression', () => {
  it('sets RNNoise on the microphone track, and off sends the raw track again', async () => {
    const track = fakeTrack();
    const statuses: EffectStatus[] = [];
    const processor = { name: 'rnnoise' } as never;
    const noise = new NoiseSuppression(track, (status) => statuses.push(status), () => processor);
    await noise.apply(true);
    expect(track.getProcessor()).toBe(processor);
    await noise.apply(false);
    expect(track.getProcessor()).toBeUndefined();
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'on', 'off']);
  });

  it('leaves the raw microphone, with a message, when RNNoise cannot start', async () => {
    const track = fakeTrack();
    track.setProcessor.mockImplementationOnce(async () => {
      throw new DOMException('AudioWorklet module failed to load', 'AbortError');
    });
    const statuses: EffectStatus[] = [];
    await new NoiseSuppression(track, (status) => statuses.push(status), () => ({ name: 'rnnoise' }) as never).apply(true);
    expect(track.getProcessor()).toBeUndefined();
    expect(statuses.at(-1)).toEqual({ state: 'failed', message: 'Noise suppression could not start here (AudioWorklet module failed to load). Your microphone is sent without it.' });
  });
});

describe('describeEffectFailure', () => {
  it('says what happened and what is sent instead, with at most the first line of a long error', () => {
    expect(describeEffectFailure('background', new Error(`NOT_FOUND: model\n=== Source Location Trace ===\n${'x'.repeat(400)}`))).toBe(
      'Background effects could not start here (NOT_FOUND: model). Your camera is sent without them.',
    );
    expect(describeEffectFailure('noise', 'weird')).toBe('Noise suppression could not start here. Your microphone is sent without it.');
  });
});
