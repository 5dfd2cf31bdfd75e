import { describe, expect, it } from 'vitest';
import { describeMediaError } from './media-errors';

const named = (name: string) => Object.assign(new Error('x'), { name });

describe('describeMediaError', () => {
  it('gives a specific, actionable message per cause', () => {
    expect(describeMediaError(named('NotAllowedError'), 'camera', 'electron')).toMatch(/privacy settings/);
    expect(describeMediaError(named('NotAllowedError'), 'microphone', 'web')).toMatch(/address bar/);
    expect(describeMediaError(named('NotFoundError'), 'camera', 'web')).toMatch(/No camera was found/);
    expect(describeMediaError(named('NotReadableError'), 'microphone', 'web')).toMatch(/in use by another app/);
    expect(describeMediaError('weird', 'camera', 'web')).toMatch(/Could not start your camera/);
  });
});
