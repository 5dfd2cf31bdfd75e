import { describe, expect, it } from 'vitest';
import { encodeFields } from './bytes';
import { labelBytes, sha256 } from './kdf';
import { CODE_ITERATIONS, computeFingerprint, computeSecurityCode, type CodeMember } from './security-code';

const random = (length: number) => crypto.getRandomValues(new Uint8Array(length));
const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';
const member = (identity: string, displayName = identity.toUpperCase(), startedAt = 1): CodeMember => ({
  identity,
  displayName,
  startedAt,
  signingPublic: random(32),
  agreementPublic: random(32),
  nonce: random(16),
});

describe('security code', () => {
  it('is 30 digits in six groups, independent of order, and changes with members, keys, names and start times', async () => {
    const a = member('a');
    const b = member('b');
    const code = await computeSecurityCode(ROOM, [a, b], 1);
    expect(code).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(await computeSecurityCode(ROOM, [b, a], 1)).toBe(code);
    for (const changed of [
      [a],
      [a, { ...b, signingPublic: random(32) }],
      [a, { ...b, agreementPublic: random(32) }],
      [a, { ...b, nonce: random(16) }],
      // The previous code left these out: a member could show another name to some people without changing it.
      [a, { ...b, displayName: 'Someone else' }],
      [a, { ...b, startedAt: 2 }],
    ]) {
      expect(await computeSecurityCode(ROOM, changed, 1)).not.toBe(code);
    }
    expect(await computeSecurityCode('BBBBBBBBBBBBBBBBBBBBBB', [a, b], 1)).not.toBe(code);
  });

  it('runs the slow hash the bound in docs/e2ee.md assumes: 2^17 PBKDF2 iterations in the app', async () => {
    expect(CODE_ITERATIONS).toBe(2 ** 17);
    const members = [member('a'), member('b')];
    const started = performance.now();
    const slow = await computeSecurityCode(ROOM, members);
    const elapsed = performance.now() - started;
    expect(slow).not.toBe(await computeSecurityCode(ROOM, members, 1));
    // Each attempt a member-in-the-middle makes costs the same; on this machine that is tens of milliseconds.
    expect(elapsed).toBeGreaterThan(5);
  });

  it('gives each member a fingerprint that locates a mismatch', async () => {
    const a = member('a');
    const fingerprint = await computeFingerprint(ROOM, a);
    expect(fingerprint).toMatch(/^\d{4} \d{4} \d{4}$/);
    expect(await computeFingerprint(ROOM, { ...a })).toBe(fingerprint);
    expect(await computeFingerprint(ROOM, { ...a, displayName: 'B' })).not.toBe(fingerprint);
    expect(await computeFingerprint(ROOM, { ...a, signingPublic: random(32) })).not.toBe(fingerprint);
  });
});

/**
 * Attack 5, scaled down so it runs in a test: a member-in-the-middle between Alice and Bob shows each of them a fake
 * of the other, chooses the fakes' nonces freely on both sides, and needs the two codes to match. That is a
 * collision search, so it takes about 2^(bits/2) attempts: here, matching the previous protocol's code on 24 bits
 * takes a few thousand SHA-256 calls. The full previous code (about 66 bits) falls to about 2^33 attempts; the new one
 * needs about 2^50 attempts of 2^17 PBKDF2 iterations each.
 */
describe('member-in-the-middle against the security code', () => {
  /** The previous protocol's code, as it was: SHA-256 over (identity, keys, nonce), no names or start times. */
  async function previousCode(members: { identity: string; signingPublic: Uint8Array; agreementPublic: Uint8Array; nonce: Uint8Array }[]): Promise<Uint8Array> {
    const sorted = [...members].sort((x, y) => (x.identity < y.identity ? -1 : 1));
    const fields = sorted.map((m) => encodeFields(m.identity, m.signingPublic, m.agreementPublic, m.nonce));
    return sha256(encodeFields(labelBytes('security-code'), ROOM, sorted.length, ...fields));
  }

  const prefix = (digest: Uint8Array, bits: number) => Array.from(digest.subarray(0, Math.ceil(bits / 8))).join(',');

  it('finds matching codes for both victims by collision search: work grows with half the code length', async () => {
    const alice = member('alice');
    const bob = member('bob');
    const fakeBob = member('bob');
    const fakeAlice = member('alice');
    const bits = 24;
    const aliceSees = new Map<string, number>();
    let attempts = 0;
    let found: { aliceView: number; bobView: number } | null = null;
    for (let i = 0; found === null && i < 100_000; i++) {
      // Alternate between the two sides, as a birthday search does.
      fakeBob.nonce = encodeFields(`b${i}`).subarray(0, 16);
      const left = prefix(await previousCode([alice, fakeBob]), bits);
      aliceSees.set(left, i);
      fakeAlice.nonce = encodeFields(`a${i}`).subarray(0, 16);
      const right = prefix(await previousCode([fakeAlice, bob]), bits);
      attempts += 2;
      const match = aliceSees.get(right);
      if (match !== undefined) found = { aliceView: match, bobView: i };
    }
    expect(found).not.toBeNull();
    // A birthday search on 24 bits needs about 2^12 = 4096 attempts, far from the 2^24 a preimage would.
    expect(attempts).toBeLessThan(2 ** 17);
    // The new code's attempts each cost a 2^17-iteration PBKDF2 and the code has 99.7 bits: 2^50 attempts.
    const newWork = Math.log2(Math.sqrt((Math.PI / 2) * 10 ** 30)) + Math.log2(2 * CODE_ITERATIONS);
    expect(newWork).toBeGreaterThan(67);
  });
});
