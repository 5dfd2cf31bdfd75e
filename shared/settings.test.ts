import { describe, expect, it } from 'vitest';
import { BackgroundChoiceSchema, DEFAULT_SETTINGS, SettingsPatchSchema, settingsFromStored } from './settings';

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('video and audio processing settings', () => {
  it('default to noise suppression, echo cancellation and auto gain on, no background effect and normal video', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      background: { kind: 'none' },
      noiseSuppression: true,
      echoCancellation: true,
      autoGainControl: true,
      videoMode: 'normal',
    });
  });

  it('accept blur, a bundled picture and an own picture kept as an image data URL', () => {
    for (const choice of [{ kind: 'blur' }, { kind: 'image', image: 'dusk' }, { kind: 'custom', dataUrl: PIXEL }]) {
      expect(BackgroundChoiceSchema.parse(choice)).toEqual(choice);
    }
  });

  it('refuse a background that is not a picture of ours or an image data URL (no remote address, no script)', () => {
    for (const choice of [
      { kind: 'image', image: 'https://example.com/a.jpg' },
      { kind: 'custom', dataUrl: 'https://example.com/a.jpg' },
      { kind: 'custom', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
      { kind: 'custom', dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' },
      { kind: 'custom', dataUrl: `data:image/png;base64,${'A'.repeat(1_000_001)}` },
      { kind: 'blur', radius: 99 },
      { kind: 'sparkles' },
    ]) {
      expect(BackgroundChoiceSchema.safeParse(choice).success, JSON.stringify(choice).slice(0, 80)).toBe(false);
    }
  });

  it('are patched one at a time and reject unknown video modes', () => {
    expect(SettingsPatchSchema.parse({ noiseSuppression: false })).toEqual({ noiseSuppression: false });
    expect(SettingsPatchSchema.safeParse({ videoMode: 'potato' }).success).toBe(false);
  });

  it('fall back to their defaults one by one when stored values are damaged, keeping the rest', () => {
    const stored = { displayName: 'Ada', background: { kind: 'image', image: 'gone' }, noiseSuppression: 'yes', echoCancellation: false, videoMode: 'low' };
    expect(settingsFromStored(stored)).toMatchObject({
      displayName: 'Ada',
      background: { kind: 'none' },
      noiseSuppression: true,
      echoCancellation: false,
      autoGainControl: true,
      videoMode: 'low',
    });
  });
});
