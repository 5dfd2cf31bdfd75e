import { describe, expect, it } from 'vitest';
import { speakerSink } from './speaker-output';

const speakers = [{ deviceId: 'desk' }, { deviceId: 'headset' }];

describe('speakerSink', () => {
  it('plays through the system default when nothing was chosen', () => {
    expect(speakerSink(null, speakers, true)).toEqual({ sinkId: '', missing: false });
    expect(speakerSink('default', speakers, true)).toEqual({ sinkId: '', missing: false });
  });

  it('uses the chosen speaker while it is connected, falls back when it is unplugged, and returns to it when it is back', () => {
    expect(speakerSink('headset', speakers, true)).toEqual({ sinkId: 'headset', missing: false });
    expect(speakerSink('headset', [{ deviceId: 'desk' }], true)).toEqual({ sinkId: '', missing: true });
    expect(speakerSink('headset', speakers, true)).toEqual({ sinkId: 'headset', missing: false });
  });

  it('trusts the choice until the devices have been listed', () => {
    expect(speakerSink('headset', [], false)).toEqual({ sinkId: 'headset', missing: false });
  });
});
