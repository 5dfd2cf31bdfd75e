import { describe, expect, it } from 'vitest';
import { handoffLink } from './handoff-link';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

describe('handoff link', () => {
  it('offers sealroom:// with the same host, path and fragment for a /r/ page in the browser', () => {
    expect(handoffLink('web', `/r/${ROOM}`, `https://meet.example.com/r/${ROOM}#v1.${SECRET}`)).toBe(`sealroom://meet.example.com/r/${ROOM}#v1.${SECRET}`);
    expect(handoffLink('web', `/r/${ROOM}`, `http://127.0.0.1:7880/r/${ROOM}#v1.off`)).toBe(`sealroom://127.0.0.1:7880/r/${ROOM}#v1.off`);
  });

  it('offers nothing in the desktop app, off a /r/ page, or for a damaged link', () => {
    expect(handoffLink('electron', `/r/${ROOM}`, `https://meet.example.com/r/${ROOM}#v1.off`)).toBeNull();
    expect(handoffLink('web', '/', `https://meet.example.com/r/${ROOM}#v1.off`)).toBeNull();
    expect(handoffLink('web', `/r/${ROOM}`, `https://meet.example.com/r/${ROOM}#v1.short`)).toBeNull();
  });
});
