import { BaseKeyProvider, type KeyProviderOptions } from 'livekit-client';
import { copyBytes } from './bytes';
import { KeyExchangeEvent, type KeyExchange } from './key-exchange';
import { KEYRING_SIZE } from './media-keys';

/**
 * The key provider handed to livekit-client's `Room` (`e2ee: { keyProvider, worker }`). It only ever receives keys
 * from the key exchange: one per sender and epoch, at key index epoch mod 256. The SDK's ratchet is disabled
 * (window 0, requests refused) because its output reveals the previous frame key, and keys are never marked invalid
 * (failure tolerance -1): a frame that fails to decrypt is dropped, and the key stays for the frames that follow.
 */
export const SEALROOM_KEY_PROVIDER_OPTIONS: Partial<KeyProviderOptions> = {
  sharedKey: false,
  ratchetWindowSize: 0,
  failureTolerance: -1,
  keyringSize: KEYRING_SIZE,
  // HKDF salt the worker uses to turn our key material into the AES-GCM frame key; ours, not the SDK default.
  ratchetSalt: 'sealroom/e2ee/v1 frame-key',
};

export class SealroomKeyProvider extends BaseKeyProvider {
  private pending: Promise<void> = Promise.resolve();

  constructor() {
    super(SEALROOM_KEY_PROVIDER_OPTIONS);
  }

  /**
   * Installs a media key for `identity` (own identity for the key to encrypt with). Keys are applied in call order,
   * so a later epoch is never overtaken by an earlier one.
   */
  setSenderKey(identity: string, keyIndex: number, keyBytes: Uint8Array): Promise<void> {
    const bytes = copyBytes(keyBytes);
    const applied = this.pending.then(async () => {
      const material = await crypto.subtle.importKey('raw', bytes, 'HKDF', false, ['deriveBits', 'deriveKey']);
      bytes.fill(0);
      this.onSetEncryptionKey(material, identity, keyIndex);
    });
    // One failed import must not block every later key.
    this.pending = applied.catch(() => undefined);
    return applied;
  }

  /** Refused: ratcheting with livekit-client's `ratchet()` would hand out the previous frame key. */
  override ratchetKey(): void {
    throw new Error('Sealroom never ratchets media keys; keys come only from the key exchange.');
  }

  /** Feeds this provider from a key exchange; returns the function that stops it. */
  follow(keyExchange: KeyExchange): () => void {
    const offRemote = keyExchange.on(KeyExchangeEvent.KeyForSender, (identity, keyIndex, keyBytes) => {
      void this.setSenderKey(identity, keyIndex, keyBytes);
    });
    const offOwn = keyExchange.on(KeyExchangeEvent.OwnKeyChanged, (keyIndex, keyBytes) => {
      void this.setSenderKey(keyExchange.identity, keyIndex, keyBytes);
    });
    return () => {
      offRemote();
      offOwn();
    };
  }

  /** Resolves once every key passed so far has been handed to the SDK. */
  settled(): Promise<void> {
    return this.pending;
  }
}
