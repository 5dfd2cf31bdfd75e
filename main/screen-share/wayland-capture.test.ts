import { describe, expect, it } from 'vitest';
import { enablePipeWireCapture, isWaylandSession, mergeFeatureList } from './wayland-capture';

function fakeCommandLine(enableFeatures: string) {
  const appended: Array<[string, string | undefined]> = [];
  return { appended, getSwitchValue: (name: string) => (name === 'enable-features' ? enableFeatures : ''), appendSwitch: (name: string, value?: string) => void appended.push([name, value]) };
}

describe('Wayland screen capture', () => {
  it('merges with the features the user passed instead of replacing them', () => {
    expect(mergeFeatureList('', ['WebRTCPipeWireCapturer'])).toBe('WebRTCPipeWireCapturer');
    expect(mergeFeatureList('VaapiVideoDecoder, UseOzonePlatform', ['WebRTCPipeWireCapturer'])).toBe('VaapiVideoDecoder,UseOzonePlatform,WebRTCPipeWireCapturer');
    expect(mergeFeatureList('WebRTCPipeWireCapturer,Foo', ['WebRTCPipeWireCapturer'])).toBe('WebRTCPipeWireCapturer,Foo');
  });

  it('turns the PipeWire capturer on only in a Linux Wayland session', () => {
    const wayland = fakeCommandLine('Foo');
    expect(enablePipeWireCapture(wayland, 'linux', { XDG_SESSION_TYPE: 'wayland' })).toBe(true);
    expect(wayland.appended).toEqual([['enable-features', 'Foo,WebRTCPipeWireCapturer']]);

    const x11 = fakeCommandLine('');
    expect(enablePipeWireCapture(x11, 'linux', { XDG_SESSION_TYPE: 'x11' })).toBe(false);
    expect(enablePipeWireCapture(x11, 'darwin', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(false);
    expect(x11.appended).toEqual([]);
    expect(isWaylandSession({ WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
  });
});
