import { compareBytes, encodeFields, utf8 } from './bytes';
import { defenceOn } from './defences';
import { labelBytes, sha256 } from './kdf';

/**
 * The code members read aloud to each other, and a short fingerprint per member to find who differs when codes do
 * not match.
 *
 * The code covers every member this device has verified and hears from (itself included): identity, display name,
 * session start, both public keys and the session nonce, sorted by identity. Two devices show the same code exactly
 * when they see the same members, with the same names and keys.
 *
 * Why 100 bits and a slow hash: a member-in-the-middle (a link holder helped by the server) chooses the keys and
 * nonces of the fake members on both sides, so it needs a collision between two codes, not a preimage: about
 * 2^(bits/2) attempts. With 30 digits (99.7 bits) and PBKDF2-HMAC-SHA-256 at 2^17 iterations per attempt, that is
 * about 2^50 × 2^18 = 2^68 SHA-256 compressions, and it has to be done during the join (every member's keys are
 * fresh per call), while the victims see the member as "verifying". docs/e2ee.md has the numbers.
 */

export interface CodeMember {
  identity: string;
  displayName: string;
  startedAt: number;
  signingPublic: Uint8Array;
  agreementPublic: Uint8Array;
  nonce: Uint8Array;
}

export const CODE_DIGITS = 30;
export const CODE_GROUP = 5;
export const CODE_ITERATIONS = 2 ** 17;
export const FINGERPRINT_DIGITS = 12;

function memberFields(member: CodeMember): Uint8Array {
  // The previous code covered keys only, so one member could show different names to different people.
  if (!defenceOn('code-coverage')) return encodeFields(member.identity, member.signingPublic, member.agreementPublic, member.nonce);
  return encodeFields(member.identity, member.displayName, String(member.startedAt), member.signingPublic, member.agreementPublic, member.nonce);
}

function digits(bytes: Uint8Array, count: number): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return (value % 10n ** BigInt(count)).toString().padStart(count, '0');
}

function grouped(text: string, size: number): string {
  return text.match(new RegExp(`.{1,${size}}`, 'g'))!.join(' ');
}

/**
 * 30 digits in six groups of five, e.g. "04219 93011 74508 26613 90417 33820". `iterations` exists for tests that
 * compute thousands of codes; the app always uses the default.
 */
export async function computeSecurityCode(room: string, members: readonly CodeMember[], iterations = CODE_ITERATIONS): Promise<string> {
  const sorted = [...members].sort((a, b) => compareBytes(utf8(a.identity), utf8(b.identity)));
  const transcript = await sha256(encodeFields(labelBytes('security-code'), room, sorted.length, ...sorted.map(memberFields)));
  const password = await crypto.subtle.importKey('raw', transcript, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: encodeFields(labelBytes('security-code'), room), iterations }, password, 128);
  // 128 bits reduced mod 10^30: the bias is below 2^-28 per value.
  return grouped(digits(new Uint8Array(bits), CODE_DIGITS), CODE_GROUP);
}

/** One member's fingerprint, e.g. "4821 0937 5512": locates a mismatch once the codes differ. */
export async function computeFingerprint(room: string, member: CodeMember): Promise<string> {
  const digest = await sha256(encodeFields(labelBytes('fingerprint'), room, memberFields(member)));
  return grouped(digits(digest.subarray(0, 8), FINGERPRINT_DIGITS), 4);
}
