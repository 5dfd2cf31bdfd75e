import { BaseKeyProvider, type KeyProviderOptions } from 'livekit-client';
import { copyBytes } from './bytes';
import { defenceOn } from './defences';
import { KeyExchangeEvent, type Clock, type KeyExchange } from './key-exchange';
import { KEYRING_SIZE, MEDIA_KEY_BYTES } from './media-keys';

/**
 * The key provider handed to livekit-client's `Room` (`e2ee: { keyProvider, worker }`). It only ever receives keys
 * from the key exchange: one per sender and epoch, at key index epoch mod 256. The SDK's ratchet is disabled
 * (window 0, requests refused) because its output reveals the previous frame key, and keys are never marked invalid
 * (failure tolerance -1): a frame that fails to decrypt is dropped, and the key stays for the frames that follow.
 *
 * Retired keys leave the keyring: a remote sender's key is overwritten with a random one nobody holds
 * `RETIRE_AFTER_MS` after a newer key of that sender arrived, or after the sender left or must verify again. The SDK
 * has no way to delete a key, and it re-posts every key it was given on reconnect, so overwriting is what removes
 * it. Without this a server could replay recorded frames of any earlier epoch whose slot was still filled.
 */
export const SEALROOM_KEY_PROVIDER_OPTIONS: Partial<KeyProviderOptions> = {
  sharedKey: false,
  ratchetWindowSize: 0,
  failureTolerance: -1,
  keyringSize: KEYRING_SIZE,
  // HKDF salt the worker uses to turn our key material into the AES-GCM frame key; ours, not the SDK default.
  ratchetSalt: 'sealroom/e2ee/v1 frame-key',
};

/** Long enough for frames still in flight after a sender switched (it switches within about 1 s of a rotation). */
export const RETIRE_AFTER_MS = 5000;

const systemClock: Pick<Clock, 'setTimeout' | 'clearTimeout'> = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export class SealroomKeyProvider extends BaseKeyProvider {
  private pending: Promise<void> = Promise.resolve();
  /** Per remote sender: which epoch each filled key index holds. */
  private readonly slots = new Map<string, Map<number, number>>();
  private readonly timers = new Set<unknown>();
  /** A sender that must verify again has its keys wiped unless it gives us one again first. */
  private readonly pendingUnverified = new Map<string, unknown>();

  constructor(private readonly clock: Pick<Clock, 'setTimeout' | 'clearTimeout'> = systemClock) {
    super(SEALROOM_KEY_PROVIDER_OPTIONS);
  }

  /**
   * Installs a media key for `identity` (own identity for the key to encrypt with). Keys are applied in call order,
   * so a later epoch is never overtaken by an earlier one.
   */
  setSenderKey(identity: string, keyIndex: number, keyBytes: Uint8Array): Promise<void> {
    const bytes = copyBytes(keyBytes);
    return this.enqueue(async () => {
      const material = await crypto.subtle.importKey('raw', bytes, 'HKDF', false, ['deriveBits', 'deriveKey']);
      bytes.fill(0);
      this.onSetEncryptionKey(material, identity, keyIndex);
    });
  }

  /** Refused: ratcheting with livekit-client's `ratchet()` would hand out the previous frame key. */
  override ratchetKey(): void {
    throw new Error('Sealroom never ratchets media keys; keys come only from the key exchange.');
  }

  /** Feeds this provider from a key exchange; returns the function that stops it. */
  follow(keyExchange: KeyExchange): () => void {
    const offs = [
      keyExchange.on(KeyExchangeEvent.KeyForSender, (identity, keyIndex, keyBytes, epoch) => {
        const unverified = this.pendingUnverified.get(identity);
        if (unverified !== undefined) {
          this.clock.clearTimeout(unverified);
          this.timers.delete(unverified);
          this.pendingUnverified.delete(identity);
        }
        this.slotsOf(identity).set(keyIndex, epoch);
        void this.setSenderKey(identity, keyIndex, keyBytes);
        this.retireLater(identity, epoch);
      }),
      keyExchange.on(KeyExchangeEvent.OwnKeyChanged, (keyIndex, keyBytes) => {
        void this.setSenderKey(keyExchange.identity, keyIndex, keyBytes);
      }),
      keyExchange.on(KeyExchangeEvent.MemberUnverified, (identity) => {
        const epochs = [...this.slotsOf(identity).values()];
        const timer = epochs.length > 0 ? this.retireLater(identity, Math.max(...epochs) + 1) : null;
        if (timer !== null) this.pendingUnverified.set(identity, timer);
      }),
    ];
    return () => {
      for (const off of offs) off();
      for (const timer of this.timers) this.clock.clearTimeout(timer);
      this.timers.clear();
    };
  }

  /** Resolves once every key passed so far has been handed to the SDK. */
  settled(): Promise<void> {
    return this.pending;
  }

  /** Key indices of `identity` currently holding a real key (for tests). */
  filledSlots(identity: string): number[] {
    return [...this.slotsOf(identity).keys()].sort((a, b) => a - b);
  }

  private slotsOf(identity: string): Map<number, number> {
    let slots = this.slots.get(identity);
    if (!slots) {
      slots = new Map();
      this.slots.set(identity, slots);
    }
    return slots;
  }

  /** Overwrites, after the grace period, every slot of `identity` that still holds an epoch below `below`. */
  private retireLater(identity: string, below: number): unknown {
    if (!defenceOn('replay-window')) return null;
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      if (this.pendingUnverified.get(identity) === timer) this.pendingUnverified.delete(identity);
      const slots = this.slotsOf(identity);
      for (const [index, epoch] of [...slots]) {
        if (epoch >= below) continue;
        slots.delete(index);
        void this.enqueue(async () => {
          const junk = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(MEDIA_KEY_BYTES)), 'HKDF', false, ['deriveBits', 'deriveKey']);
          this.onSetEncryptionKey(junk, identity, index);
        });
      }
    }, RETIRE_AFTER_MS);
    this.timers.add(timer);
    return timer;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const applied = this.pending.then(task);
    // One failed import must not block every later key.
    this.pending = applied.catch(() => undefined);
    return applied;
  }
}
