import { copyBytes, encodeFields } from './bytes';

/**
 * HKDF-SHA-256 through WebCrypto. Every derivation in Sealroom goes through here with its own label, so no two
 * purposes can ever share key material (the property livekit-client's `ratchet()` lacks: see ratchet-check.test.ts).
 */

export const PROTOCOL = 'sealroom/e2ee/v2';

export type Label =
  | 'room-envelope'
  | 'pair-salt'
  | 'pair-key'
  | 'media-join'
  | 'security-code'
  | 'fingerprint'
  | 'hello'
  | 'chat';

/** The bytes every label expands to: protocol name and label, length-prefixed. */
export function labelBytes(label: Label): Uint8Array<ArrayBuffer> {
  return encodeFields(PROTOCOL, label);
}

async function importIkm(ikm: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', copyBytes(ikm), 'HKDF', false, ['deriveBits', 'deriveKey']);
}

export async function hkdfBits(
  ikm: Uint8Array | CryptoKey,
  salt: Uint8Array,
  info: Uint8Array,
  bytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = ikm instanceof Uint8Array ? await importIkm(ikm) : ikm;
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: copyBytes(salt), info: copyBytes(info) },
    key,
    bytes * 8,
  );
  return new Uint8Array(bits);
}

/** A non-extractable AES-256-GCM key: used for envelopes, never leaves WebCrypto. */
export async function hkdfAesKey(ikm: Uint8Array | CryptoKey, salt: Uint8Array, info: Uint8Array): Promise<CryptoKey> {
  const key = ikm instanceof Uint8Array ? await importIkm(ikm) : ikm;
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: copyBytes(salt), info: copyBytes(info) },
    key,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** A non-extractable HMAC-SHA-256 key. */
export async function hkdfHmacKey(ikm: Uint8Array | CryptoKey, salt: Uint8Array, info: Uint8Array): Promise<CryptoKey> {
  const key = ikm instanceof Uint8Array ? await importIkm(ikm) : ikm;
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: copyBytes(salt), info: copyBytes(info) },
    key,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
}

export async function sha256(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', copyBytes(data)));
}
