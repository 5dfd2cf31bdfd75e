import { BaseKeyProvider, createKeyMaterialFromBuffer, deriveKeys, importKey, ratchet } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { deriveJoinKey } from './media-keys';
import { SEALROOM_KEY_PROVIDER_OPTIONS } from './sealroom-key-provider';

/**
 * Watches a property of livekit-client 2.23 that our design depends on: `ratchet(M)` returns HKDF bits whose first
 * 16 bytes are the AES-GCM frame key `deriveKeys(M)` produced for M (same HKDF salt and info; deriveKeys asks for
 * 128 bits, ratchet for 256). Handing out a ratcheted key would therefore hand out the previous epoch's key. These
 * tests run the SDK's own exported derivation functions under Node's WebCrypto, with the SDK's own default options,
 * and encrypt frames in the SDK's frame layout (header as associated data, IV and a 2-byte trailer after the
 * ciphertext, as FrameCryptor.encodeFunction writes them). If an SDK update changes the property, the first test fails
 * and the comment in media-keys.ts must be revisited.
 */

const FRAME_HEADER_BYTES = 10; // UNENCRYPTED_BYTES.key for VP8

async function encryptFrame(key: CryptoKey, keyIndex: number, payload: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const header = payload.slice(0, FRAME_HEADER_BYTES);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header }, key, payload.slice(FRAME_HEADER_BYTES)),
  );
  const frame = new Uint8Array(header.length + ciphertext.length + iv.length + 2);
  frame.set(header);
  frame.set(ciphertext, header.length);
  frame.set(iv, header.length + ciphertext.length);
  frame.set([iv.length, keyIndex], header.length + ciphertext.length + iv.length);
  return frame;
}

/** Decrypts a frame the way FrameCryptor.decryptFrame does; null when authentication fails. */
async function decryptFrame(key: CryptoKey, frame: Uint8Array): Promise<Uint8Array | null> {
  const ivLength = frame[frame.length - 2]!;
  const header = frame.slice(0, FRAME_HEADER_BYTES);
  const iv = frame.slice(frame.length - 2 - ivLength, frame.length - 2);
  const ciphertext = frame.slice(FRAME_HEADER_BYTES, frame.length - 2 - ivLength);
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: header }, key, ciphertext);
    const out = new Uint8Array(header.length + plain.byteLength);
    out.set(header);
    out.set(new Uint8Array(plain), header.length);
    return out;
  } catch {
    return null;
  }
}

const payload = () => crypto.getRandomValues(new Uint8Array(200));

describe('livekit-client ratchetKey leaks the previous frame key', () => {
  it('decrypts an epoch-n frame with the first 16 bytes of ratchet(M) (SDK default options)', async () => {
    const options = new BaseKeyProvider().getOptions();
    const material = await createKeyMaterialFromBuffer(crypto.getRandomValues(new Uint8Array(32)).buffer);
    const { encryptionKey } = await deriveKeys(material, options);
    const plain = payload();
    const frame = await encryptFrame(encryptionKey, 3, plain);

    const ratcheted = new Uint8Array(await ratchet(material, options.ratchetSalt));
    const leakedKey = await importKey(ratcheted.slice(0, 16), { name: 'AES-GCM' }, 'encrypt');
    expect(await decryptFrame(leakedKey, frame)).toEqual(plain);
  });

  it('holds with the salt Sealroom configures as well, which is why the provider refuses to ratchet', async () => {
    const options = { ...new BaseKeyProvider().getOptions(), ...SEALROOM_KEY_PROVIDER_OPTIONS };
    const material = await createKeyMaterialFromBuffer(crypto.getRandomValues(new Uint8Array(32)).buffer);
    const { encryptionKey } = await deriveKeys(material, options);
    const plain = payload();
    const frame = await encryptFrame(encryptionKey, 0, plain);
    const ratcheted = new Uint8Array(await ratchet(material, options.ratchetSalt));
    expect(await decryptFrame(await importKey(ratcheted.slice(0, 16)), frame)).toEqual(plain);
  });
});

describe('Sealroom join derivation does not reveal the previous key', () => {
  it('cannot decrypt an epoch-n frame with any 16-byte window of the join key', async () => {
    const options = { ...new BaseKeyProvider().getOptions(), ...SEALROOM_KEY_PROVIDER_OPTIONS };
    const previous = crypto.getRandomValues(new Uint8Array(32));
    const { encryptionKey } = await deriveKeys(await createKeyMaterialFromBuffer(previous.buffer), options);
    const plain = payload();
    const frame = await encryptFrame(encryptionKey, 4, plain);

    const next = await deriveJoinKey('room', 'alice', previous, 5);
    expect(next).not.toEqual(previous);
    for (let offset = 0; offset <= 16; offset++) {
      expect(await decryptFrame(await importKey(new Uint8Array(next.slice(offset, offset + 16))), frame)).toBeNull();
    }
    // The frame key the SDK derives from the next material is a different key, too.
    const { encryptionKey: nextFrameKey } = await deriveKeys(await createKeyMaterialFromBuffer(new Uint8Array(next).buffer), options);
    expect(await decryptFrame(nextFrameKey, frame)).toBeNull();
    expect(await decryptFrame(encryptionKey, frame)).toEqual(plain);
  });
});
