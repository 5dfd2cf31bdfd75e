import { defenceOn } from './defences';

/**
 * Guards what livekit-client's E2EE manager tells its worker. The manager decides decryption per participant
 * identity from the server's track metadata: one publication the server marks `encryption: NONE` makes it post
 * `{ kind: 'enable', enabled: false }` for that identity, and the worker then passes every frame of that participant
 * through undecrypted, so the server could play its own plaintext media as any member. In an E2EE call no remote
 * identity is ever switched off here; the local identity may be switched off only before it was first switched on
 * (the SDK reports the state before `setE2EEEnabled(true)`). Two other server-controlled inputs are dropped: the
 * "server injected frame" trailer from the join response (frames ending with it would skip decryption) and ratchet
 * requests (our keys never ratchet).
 *
 * The worker itself is guarded too (`worker/decode-guard.ts`): no frame leaves it undecrypted, whatever this side
 * posted.
 */

export interface WorkerGuardOptions {
  /** The local participant's identity ('' before connect). */
  localIdentity(): string;
  /** A message the server caused and this guard refused (for the UI and logs; never carries key material). */
  onRefused(refused: RefusedWorkerMessage): void;
}

export type RefusedWorkerMessage = { kind: 'disable-decryption'; identity: string } | { kind: 'sif-trailer' } | { kind: 'ratchet' };

interface WorkerMessage {
  kind?: unknown;
  data?: { enabled?: unknown; participantIdentity?: unknown };
}

/** Returns the same worker with `postMessage` guarded; pass it to the Room as `e2ee.worker`. */
export function guardE2eeWorker<W extends Pick<Worker, 'postMessage'>>(worker: W, options: WorkerGuardOptions): W {
  const post = worker.postMessage.bind(worker) as (message: unknown, transfer?: unknown) => void;
  let localEnabled = false;
  const guarded = (message: unknown, transfer?: unknown): void => {
    const { kind, data } = (message ?? {}) as WorkerMessage;
    if (!defenceOn('worker-guard')) return post(message, transfer);
    if (kind === 'setSifTrailer') return options.onRefused({ kind: 'sif-trailer' });
    if (kind === 'ratchetRequest') return options.onRefused({ kind: 'ratchet' });
    if (kind === 'enable' && data) {
      const identity = String(data.participantIdentity ?? '');
      const local = identity !== '' && identity === options.localIdentity();
      if (local && data.enabled === true) localEnabled = true;
      if (data.enabled !== true && (!local || localEnabled)) {
        if (!local) options.onRefused({ kind: 'disable-decryption', identity });
        // The manager expects its message echoed; a remote identity is confirmed as encrypted instead.
        return post({ kind: 'enable', data: { ...data, enabled: true } }, transfer);
      }
    }
    post(message, transfer);
  };
  (worker as { postMessage: typeof guarded }).postMessage = guarded;
  return worker;
}
