import { VideoLayer, VideoQuality } from '@livekit/protocol';
import { describe, expect, it } from 'vitest';
import { chooseLayer, dynacastUpdate, layerRank, neededQualities, qualitySwitches, requestedQuality } from './layer-policy';

const { LOW, MEDIUM, HIGH, OFF } = VideoQuality;

/** livekit-client's default camera simulcast: 1280×720 sent as q (320), h (640) and f (1280). */
const CAMERA_LAYERS = [
  new VideoLayer({ quality: LOW, width: 320, height: 180 }),
  new VideoLayer({ quality: MEDIUM, width: 640, height: 360 }),
  new VideoLayer({ quality: HIGH, width: 1280, height: 720 }),
];

describe('layerRank', () => {
  it('orders livekit-client rids lowest first and counts any other rid as the lowest', () => {
    expect(['q', 'h', 'f'].map(layerRank)).toEqual([0, 1, 2]);
    expect(layerRank('')).toBe(0);
    expect(layerRank('x')).toBe(0);
  });
});

describe('requestedQuality', () => {
  it('uses the named quality when no width is given', () => {
    expect(requestedQuality(CAMERA_LAYERS, { width: 0, quality: LOW })).toBe(LOW);
    expect(requestedQuality(CAMERA_LAYERS, { width: 0, quality: OFF })).toBe(OFF);
    expect(requestedQuality([], { width: 0, quality: MEDIUM })).toBe(MEDIUM);
  });

  it('picks the narrowest layer at least as wide as the view', () => {
    expect(requestedQuality(CAMERA_LAYERS, { width: 1, quality: HIGH })).toBe(LOW);
    expect(requestedQuality(CAMERA_LAYERS, { width: 320, quality: HIGH })).toBe(LOW);
    expect(requestedQuality(CAMERA_LAYERS, { width: 321, quality: LOW })).toBe(MEDIUM);
    expect(requestedQuality(CAMERA_LAYERS, { width: 640, quality: LOW })).toBe(MEDIUM);
    expect(requestedQuality(CAMERA_LAYERS, { width: 900, quality: LOW })).toBe(HIGH);
  });

  it('picks the widest layer for a view wider than every layer', () => {
    expect(requestedQuality(CAMERA_LAYERS, { width: 3840, quality: LOW })).toBe(HIGH);
    const twoLayers = [new VideoLayer({ quality: MEDIUM, width: 960 }), new VideoLayer({ quality: LOW, width: 480 })];
    expect(requestedQuality(twoLayers, { width: 1920, quality: LOW })).toBe(MEDIUM);
  });

  it('reads layers in any order', () => {
    const shuffled = [...CAMERA_LAYERS].reverse();
    expect(requestedQuality(shuffled, { width: 500, quality: LOW })).toBe(MEDIUM);
  });

  it('asks for HIGH by width when the track lists no layers', () => {
    expect(requestedQuality([], { width: 200, quality: LOW })).toBe(HIGH);
  });
});

describe('chooseLayer', () => {
  it('chooses nothing while no layer arrives', () => {
    expect(chooseLayer([], 'video', HIGH)).toBeNull();
    expect(chooseLayer([], 'audio', HIGH)).toBeNull();
  });

  it('forwards the only layer of audio and single-layer video whatever was asked', () => {
    expect(chooseLayer([''], 'audio', LOW)).toBe('');
    expect(chooseLayer([''], 'video', LOW)).toBe('');
    expect(chooseLayer(['f'], 'video', LOW)).toBe('f');
  });

  it('forwards the best arriving layer not above the wanted quality', () => {
    const all = ['q', 'h', 'f'];
    expect(chooseLayer(all, 'video', LOW)).toBe('q');
    expect(chooseLayer(all, 'video', MEDIUM)).toBe('h');
    expect(chooseLayer(all, 'video', HIGH)).toBe('f');
    expect(chooseLayer(['q', 'f'], 'video', MEDIUM)).toBe('q');
    expect(chooseLayer(['q', 'h'], 'video', HIGH)).toBe('h');
  });

  it('falls back to the lowest arriving layer when every one is above the wanted quality', () => {
    expect(chooseLayer(['h', 'f'], 'video', LOW)).toBe('h');
    expect(chooseLayer(['f', 'h'], 'video', LOW)).toBe('h');
  });

  it('treats OFF as HIGH (pausing is the subscriber setting `disabled`, not a quality)', () => {
    expect(chooseLayer(['q', 'h', 'f'], 'video', OFF)).toBe('f');
  });

  it('reads arriving layers in any order', () => {
    expect(chooseLayer(['f', 'q', 'h'], 'video', MEDIUM)).toBe('h');
    expect(chooseLayer(['h', 'q'], 'video', HIGH)).toBe('h');
  });

  it('switches with what arrives: a subscriber wanting HIGH follows the publisher down and back up', () => {
    const wanted = requestedQuality(CAMERA_LAYERS, { width: 1280, quality: LOW });
    expect(chooseLayer(['q', 'h', 'f'], 'video', wanted)).toBe('f');
    expect(chooseLayer(['q', 'h'], 'video', wanted)).toBe('h');
    expect(chooseLayer(['q'], 'video', wanted)).toBe('q');
    expect(chooseLayer(['q', 'h', 'f'], 'video', wanted)).toBe('f');
  });
});

describe('neededQualities', () => {
  it('needs nothing when nobody watches', () => {
    expect(neededQualities([])).toEqual([]);
    expect(neededQualities([{ paused: true, quality: HIGH }])).toEqual([]);
  });

  it('needs every quality up to the best one a watching subscriber wants', () => {
    expect(neededQualities([{ paused: false, quality: LOW }])).toEqual([LOW]);
    expect(neededQualities([{ paused: false, quality: MEDIUM }])).toEqual([LOW, MEDIUM]);
    expect(neededQualities([{ paused: false, quality: HIGH }])).toEqual([LOW, MEDIUM, HIGH]);
    expect(
      neededQualities([
        { paused: false, quality: LOW },
        { paused: false, quality: MEDIUM },
        { paused: false, quality: LOW },
      ]),
    ).toEqual([LOW, MEDIUM]);
  });

  it('ignores paused subscribers', () => {
    expect(
      neededQualities([
        { paused: true, quality: HIGH },
        { paused: false, quality: LOW },
      ]),
    ).toEqual([LOW]);
  });

  it('needs every quality for a subscriber asking OFF without pausing', () => {
    expect(neededQualities([{ paused: false, quality: OFF }])).toEqual([LOW, MEDIUM, HIGH]);
  });
});

describe('dynacastUpdate', () => {
  it('announces the first set at once, even an empty one', () => {
    expect(dynacastUpdate(null, [LOW, MEDIUM], false)).toEqual([LOW, MEDIUM]);
    expect(dynacastUpdate(null, [], false)).toEqual([]);
    expect(dynacastUpdate(null, [], true)).toEqual([]);
  });

  it('says nothing when the set did not change', () => {
    expect(dynacastUpdate([LOW, MEDIUM], [LOW, MEDIUM], true)).toBeNull();
    expect(dynacastUpdate([LOW, MEDIUM], [LOW, MEDIUM], false)).toBeNull();
    expect(dynacastUpdate([], [], true)).toBeNull();
  });

  it('enables layers at once', () => {
    expect(dynacastUpdate([], [LOW], false)).toEqual([LOW]);
    expect(dynacastUpdate([LOW], [LOW, MEDIUM, HIGH], false)).toEqual([LOW, MEDIUM, HIGH]);
  });

  it('disables layers only on the periodic refresh', () => {
    expect(dynacastUpdate([LOW, MEDIUM, HIGH], [LOW], false)).toBeNull();
    expect(dynacastUpdate([LOW, MEDIUM, HIGH], [], false)).toBeNull();
    expect(dynacastUpdate([LOW, MEDIUM, HIGH], [LOW], true)).toEqual([LOW]);
    expect(dynacastUpdate([LOW], [], true)).toEqual([]);
  });

  it('holds back a change that enables one layer but disables another until the refresh', () => {
    expect(dynacastUpdate([HIGH], [LOW], false)).toBeNull();
    expect(dynacastUpdate([HIGH], [LOW], true)).toEqual([LOW]);
  });

  it('returns a set of its own, not the caller’s array', () => {
    const needed = [LOW];
    const update = dynacastUpdate(null, needed, true);
    expect(update).toEqual(needed);
    expect(update).not.toBe(needed);
  });

  it('lets a subscriber that leaves and comes back cause no update (churn waits for the refresh)', () => {
    let announced = dynacastUpdate(null, neededQualities([{ paused: false, quality: HIGH }]), false);
    expect(announced).toEqual([LOW, MEDIUM, HIGH]);
    // it leaves: disabling waits
    expect(dynacastUpdate(announced, neededQualities([]), false)).toBeNull();
    // it is back before the refresh: nothing changed for the publisher
    expect(dynacastUpdate(announced, neededQualities([{ paused: false, quality: HIGH }]), true)).toBeNull();
    // it pauses and the refresh runs: everything off
    announced = dynacastUpdate(announced, neededQualities([{ paused: true, quality: HIGH }]), true);
    expect(announced).toEqual([]);
  });
});

describe('qualitySwitches', () => {
  it('lists every simulcast quality lowest first with whether it is sent', () => {
    expect(qualitySwitches([LOW, MEDIUM])).toEqual([
      { quality: LOW, enabled: true },
      { quality: MEDIUM, enabled: true },
      { quality: HIGH, enabled: false },
    ]);
    expect(qualitySwitches([]).map((s) => s.enabled)).toEqual([false, false, false]);
  });
});
