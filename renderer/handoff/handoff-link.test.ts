import { describe, expect, it } from 'vitest';
import { parseRoomLink, type RoomLink } from '../../shared/room-link';
import { handoffLink } from './handoff-link';

const link = (text: string): RoomLink => {
  const parsed = parseRoomLink(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

describe('handoff link', () => {
  it('offers sealroom:// with the same host, path and fragment for a /r/ page in the browser', () => {
    expect(handoffLink('web', `/r/${ROOM}`, link(`https://meet.example.com/r/${ROOM}#v1.${SECRET}`))).toBe(`sealroom://meet.example.com/r/${ROOM}#v1.${SECRET}`);
    expect(handoffLink('web', `/r/${ROOM}`, link(`http://127.0.0.1:7880/r/${ROOM}#v1.off`))).toBe(`sealroom://127.0.0.1:7880/r/${ROOM}#v1.off`);
  });

  it('offers nothing in the desktop app or off a /r/ page', () => {
    expect(handoffLink('electron', `/r/${ROOM}`, link(`https://meet.example.com/r/${ROOM}#v1.off`))).toBeNull();
    expect(handoffLink('web', '/', link(`https://meet.example.com/r/${ROOM}#v1.off`))).toBeNull();
  });
});
