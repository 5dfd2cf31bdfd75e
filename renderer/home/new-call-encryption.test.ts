import { describe, expect, it } from 'vitest';
import { newCallEncryption } from './new-call-encryption';

describe('newCallEncryption', () => {
  it('follows the user when the organisation does not require encryption', () => {
    expect(newCallEncryption(false, {})).toEqual({ e2ee: false, locked: false, reason: null });
    expect(newCallEncryption(true, {})).toEqual({ e2ee: true, locked: false, reason: null });
    expect(newCallEncryption(false, { requireE2EE: false })).toMatchObject({ e2ee: false, locked: false });
  });

  it('keeps encryption on and locked, with checkCreateAllowed’s message, when policy requires it', () => {
    const required = newCallEncryption(false, { requireE2EE: true });
    expect(required).toMatchObject({ e2ee: true, locked: true });
    expect(required.reason).toBe('Your organisation requires end-to-end encryption, so calls without it cannot be created.');
  });
});
