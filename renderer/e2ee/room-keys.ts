import { decodeBase64Url } from '../../shared/base64url';
import { encodeFields } from './bytes';
import { hkdfAesKey, hkdfHmacKey, labelBytes } from './kdf';

/**
 * Keys every holder of the link's room secret can derive, and nobody else: the server never sees the fragment.
 * HKDF-SHA-256 with the room name as salt and a distinct label per purpose. The secret's bytes are imported into a
 * non-extractable WebCrypto key and the copy is wiped, so no JavaScript value holds the secret afterwards; this
 * object has no accessor for it and renders as "[RoomKeys]" if it is ever logged or serialised.
 */
export class RoomKeys {
  private constructor(
    readonly room: string,
    /** AES-256-GCM for room-wide control messages (hellos). */
    readonly envelopeKey: CryptoKey,
    /** HMAC key that salts every pairwise key, so pairwise keys also depend on the room secret. */
    readonly pairSaltKey: CryptoKey,
  ) {}

  /** `secret` is the base64url body of a `v1.<secret>` link fragment (43 characters, 256 bits). */
  static async derive(room: string, secret: string): Promise<RoomKeys> {
    const decoded = decodeBase64Url(secret);
    if (decoded === null || decoded.length !== 32) throw new Error('The room secret must be 256 bits of base64url.');
    const bytes = new Uint8Array(decoded);
    decoded.fill(0);
    try {
      const ikm = await crypto.subtle.importKey('raw', bytes, 'HKDF', false, ['deriveBits', 'deriveKey']);
      const salt = encodeFields('room', room);
      const envelopeKey = await hkdfAesKey(ikm, salt, labelBytes('room-envelope'));
      const pairSaltKey = await hkdfHmacKey(ikm, salt, labelBytes('pair-salt'));
      return new RoomKeys(room, envelopeKey, pairSaltKey);
    } finally {
      bytes.fill(0);
    }
  }

  toString(): string {
    return '[RoomKeys]';
  }

  toJSON(): string {
    return '[RoomKeys]';
  }
}
