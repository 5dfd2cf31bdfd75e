import { DECODE_COUNTS_KIND, type DecodeCountsReply } from './worker/decode-counts-message';

export type DecodeCounts = DecodeCountsReply['data'];

/**
 * Asks the call's E2EE worker for the frames each receiving stream took in and let out decrypted (its guard keeps
 * them: `worker/install-guards.ts`). Null when the worker does not answer within `timeoutMs`.
 */
export function requestDecodeCounts(worker: Pick<Worker, 'postMessage' | 'addEventListener' | 'removeEventListener'>, timeoutMs = 500): Promise<DecodeCounts | null> {
  return new Promise((resolve) => {
    const done = (value: DecodeCounts | null) => {
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      resolve(value);
    };
    const onMessage = (event: MessageEvent) => {
      const reply = event.data as Partial<DecodeCountsReply> | null;
      if (reply?.kind === DECODE_COUNTS_KIND && reply.data) done(reply.data);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    worker.addEventListener('message', onMessage);
    worker.postMessage({ kind: DECODE_COUNTS_KIND });
  });
}
