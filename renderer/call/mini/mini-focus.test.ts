import type { TrackReferenceOrPlaceholder } from '@livekit/components-react';
import { describe, expect, it } from 'vitest';
import { chooseMiniFocus } from './mini-focus';

type Tile = Omit<TrackReferenceOrPlaceholder, 'participant'> & {
  participant: { identity: string; isLocal: boolean; isSpeaking: boolean; lastSpokeAt?: Date };
};
const tile = (identity: string, options: { local?: boolean; speaking?: boolean; spokeAt?: number; source?: string } = {}): Tile =>
  ({
    source: options.source ?? 'camera',
    participant: {
      identity,
      isLocal: options.local ?? false,
      isSpeaking: options.speaking ?? false,
      ...(options.spokeAt === undefined ? {} : { lastSpokeAt: new Date(options.spokeAt) }),
    },
  }) as Tile;
const pick = (screens: Tile[], cameras: Tile[]) => chooseMiniFocus(screens, cameras)?.participant.identity;

describe('what the mini window shows', () => {
  it('someone else’s screen share before any speaker; never our own share', () => {
    const cameras = [tile('me', { local: true, speaking: true }), tile('bob', { speaking: true })];
    expect(pick([tile('cy', { source: 'screen_share' })], cameras)).toBe('cy');
    expect(pick([tile('me', { local: true, source: 'screen_share' })], cameras)).toBe('bob');
  });

  it('whoever speaks now, else whoever spoke last, else the first other person', () => {
    expect(pick([], [tile('me', { local: true }), tile('bob', { spokeAt: 10 }), tile('cy', { speaking: true }), tile('di', { spokeAt: 20 })])).toBe('cy');
    expect(pick([], [tile('me', { local: true, speaking: true }), tile('bob', { spokeAt: 10 }), tile('di', { spokeAt: 20 })])).toBe('di');
    expect(pick([], [tile('me', { local: true }), tile('bob'), tile('cy')])).toBe('bob');
  });

  it('ourselves when nobody else is there, and nothing before the call has tiles', () => {
    expect(pick([], [tile('me', { local: true })])).toBe('me');
    expect(pick([], [])).toBeUndefined();
  });
});
