import { encodeFields } from './bytes';
import { hkdfBits, labelBytes } from './kdf';

/**
 * Media keys are 32 random bytes per sender and epoch, handed to livekit-client as HKDF material (the SDK derives
 * the AES-GCM frame key from it). On a join the sender moves to the next epoch with our own HKDF step, which is
 * one-way: the joiner gets the new key and cannot compute the previous one. We never use the SDK's ratchet, whose
 * output starts with the previous frame key (ratchet-check.test.ts keeps that fact under watch).
 */

export const MEDIA_KEY_BYTES = 32;
/** livekit-client writes the key index in one byte of every frame, so its keyring holds at most 256 keys. */
export const KEYRING_SIZE = 256;

export function keyIndexForEpoch(epoch: number): number {
  return epoch % KEYRING_SIZE;
}

export async function deriveJoinKey(room: string, sender: string, previous: Uint8Array, nextEpoch: number): Promise<Uint8Array> {
  return hkdfBits(previous, labelBytes('media-join'), encodeFields(room, sender, nextEpoch), MEDIA_KEY_BYTES);
}
