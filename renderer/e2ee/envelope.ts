import { concatBytes, copyBytes, encodeFields } from './bytes';

/**
 * The wire format of every Sealroom data packet in an E2EE call:
 *
 *   offset 0  2 bytes  "SR" (0x53 0x52)
 *          2  1 byte   format version (2: protocol sealroom/e2ee/v2)
 *          3  1 byte   kind: 1 = room (key derived from the link secret), 2 = pair (key shared by two members)
 *          4  12 bytes AES-GCM nonce (random)
 *         16  …        AES-256-GCM ciphertext with its 16-byte tag
 *
 * The associated data is the 16-byte header followed by (room, sender identity, recipient identity), so the
 * server cannot re-label a packet as coming from someone else, re-route it to another member or move it to another
 * room: any such change fails authentication and the packet is dropped. What is inside is JSON that the caller
 * validates with zod after decryption; nothing is parsed before the tag has been checked.
 */

export const ENVELOPE_VERSION = 2;
export const HEADER_BYTES = 16;
export const MAX_ENVELOPE_BYTES = 15 * 1024;
const MAGIC_0 = 0x53;
const MAGIC_1 = 0x52;
const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export enum EnvelopeKind {
  Room = 1,
  Pair = 2,
}

export interface EnvelopeAddress {
  room: string;
  from: string;
  /** The recipient's identity: every envelope is addressed to exactly one participant. */
  to: string;
}

function associatedData(header: Uint8Array, address: EnvelopeAddress): Uint8Array<ArrayBuffer> {
  return concatBytes(header, encodeFields(address.room, address.from, address.to));
}

export async function sealEnvelope(
  kind: EnvelopeKind,
  key: CryptoKey,
  address: EnvelopeAddress,
  plaintext: Uint8Array,
  randomBytes: (length: number) => Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const header = new Uint8Array(HEADER_BYTES);
  header.set([MAGIC_0, MAGIC_1, ENVELOPE_VERSION, kind]);
  const nonce = randomBytes(NONCE_BYTES);
  if (nonce.length !== NONCE_BYTES) throw new Error('random source returned the wrong length');
  header.set(nonce, 4);
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: copyBytes(nonce), additionalData: associatedData(header, address) },
    key,
    copyBytes(plaintext),
  );
  const out = concatBytes(header, new Uint8Array(ciphertext));
  if (out.length > MAX_ENVELOPE_BYTES) throw new RangeError('message too large for one data packet');
  return out;
}

/** Reads only the unauthenticated header, to pick the key; returns null for anything that is not an envelope. */
export function envelopeKind(bytes: Uint8Array): EnvelopeKind | null {
  if (bytes.length < HEADER_BYTES + TAG_BYTES || bytes.length > MAX_ENVELOPE_BYTES) return null;
  if (bytes[0] !== MAGIC_0 || bytes[1] !== MAGIC_1 || bytes[2] !== ENVELOPE_VERSION) return null;
  const kind = bytes[3];
  return kind === EnvelopeKind.Room || kind === EnvelopeKind.Pair ? kind : null;
}

/** Returns the plaintext, or null when the packet is malformed or fails authentication. Never throws. */
export async function openEnvelope(
  kind: EnvelopeKind,
  key: CryptoKey,
  address: EnvelopeAddress,
  bytes: Uint8Array,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (envelopeKind(bytes) !== kind) return null;
  const header = bytes.subarray(0, HEADER_BYTES);
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: copyBytes(bytes.subarray(4, 4 + NONCE_BYTES)), additionalData: associatedData(header, address) },
      key,
      copyBytes(bytes.subarray(HEADER_BYTES)),
    );
    return new Uint8Array(plaintext);
  } catch {
    return null;
  }
}
