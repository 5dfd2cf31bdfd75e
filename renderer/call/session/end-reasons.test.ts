import { describe, expect, it } from 'vitest';
import { parseRoomLink } from '../../../shared/room-link';
import { describeConnectError } from './end-reasons';

const parsed = parseRoomLink('sealroom://127.0.0.1:7880/r/AAAAAAAAAAAAAAAAAAAAAA#v1.off');
if (!parsed.ok) throw new Error('test link');
const link = parsed.value;

describe('describeConnectError', () => {
  it('tells a media path that never came up from a server that cannot be reached', () => {
    expect(describeConnectError(new Error('could not establish pc connection'), link)).toMatch(/^Reached the server at 127\.0\.0\.1:7880, but audio and video could not get through/);
    expect(describeConnectError(new Error('could not establish signal connection: Failed to fetch'), link)).toBe('Could not reach the server at 127.0.0.1:7880. Check your connection and try again.');
  });

  it('names a full room and a refused token, and keeps anything else short', () => {
    expect(describeConnectError(new Error('room is full'), link)).toBe('This call is full (100 people). Try again later.');
    expect(describeConnectError(new Error('401 unauthorized'), link)).toMatch(/refused to let you in/);
    expect(describeConnectError(new Error('x'.repeat(500)), link)).toHaveLength('Could not join the call: '.length + 200);
  });
});
