/**
 * The defences against a hostile server, by name. Each one can be switched off in exactly two places, so that the
 * hostile-server bench can show every attack succeeding without its defence and failing with it: the unit tests
 * (Vitest defines the build flag) and the bench's own renderer build (`vite build --mode testable`). The app's
 * build defines `__SEALROOM_TESTABLE_DEFENCES__` as false, so `defenceOn` folds to `true` and the switch is
 * removed from the shipped bundle (`scripts/build-check.test.ts` checks that no trace of it is left). Where the flag
 * is not defined at all (the e2e tests importing these modules in Node) every defence is on.
 */

declare const __SEALROOM_TESTABLE_DEFENCES__: boolean;

export type Defence =
  /** livekit-client never switches decryption off for a remote identity, and no undecrypted frame leaves the worker. */
  | 'worker-guard'
  /** Nothing reaches a <video>/<audio> sink unless asked for, encrypted, verified and keyed; NONE publications flag their sender. */
  | 'sink-guard'
  /** A hello reusing a known session nonce must repeat that session's transcript byte for byte. */
  | 'session-binding'
  /** One session per identity for the whole call: no hello can replace a member's session. */
  | 'single-session'
  /** Authenticated heartbeats: a silent member is treated as gone for keys whatever the server says. */
  | 'liveness'
  /** Per-sender replay window in the worker, and retired keys wiped from the SDK keyring. */
  | 'replay-window'
  /** The security code covers each member's name and session start, not only its keys. */
  | 'code-coverage'
  /** Chat is signed over its recipients, and a message not sent to everyone says so. */
  | 'chat-recipients'
  /** Hands and reactions go only to verified members, and a newly verified member is told about a raised hand. */
  | 'verified-messages'
  /** Caps on the outbox, tracked peers, hello rate and channel restarts; oversize messages refused at send. */
  | 'resource-bounds';

const SWITCH = '__sealroomDefencesOff';

export function defenceOn(defence: Defence): boolean {
  if (typeof __SEALROOM_TESTABLE_DEFENCES__ === 'undefined' || !__SEALROOM_TESTABLE_DEFENCES__) return true;
  const off = (globalThis as Record<string, unknown>)[SWITCH];
  return !(Array.isArray(off) && off.includes(defence));
}

/** Tests only (has no effect in the app's build): switches the given defences off until the returned function runs. */
export function switchDefencesOff(defences: readonly Defence[]): () => void {
  const global = globalThis as Record<string, unknown>;
  const previous = global[SWITCH];
  global[SWITCH] = [...defences];
  return () => {
    global[SWITCH] = previous;
  };
}
