import { afterEach, describe, expect, it } from 'vitest';
import { switchDefencesOff } from './defences';
import { guardE2eeWorker, type RefusedWorkerMessage } from './worker-guard';

function fakeWorker() {
  const posted: unknown[] = [];
  return { posted, worker: { postMessage: (message: unknown) => void posted.push(message) } };
}

let restore: (() => void) | null = null;
afterEach(() => restore?.());

describe('guardE2eeWorker', () => {
  const setup = () => {
    const { posted, worker } = fakeWorker();
    const refused: RefusedWorkerMessage[] = [];
    guardE2eeWorker(worker, { localIdentity: () => 'me', onRefused: (message) => refused.push(message) });
    return { posted, worker, refused };
  };

  it('never lets the SDK switch decryption off for a remote participant: the server cannot mark a member plaintext', () => {
    const { posted, worker, refused } = setup();
    worker.postMessage({ kind: 'enable', data: { enabled: false, participantIdentity: 'bob' } });
    worker.postMessage({ kind: 'enable', data: { enabled: true, participantIdentity: 'carol' } });
    expect(posted).toEqual([
      { kind: 'enable', data: { enabled: true, participantIdentity: 'bob' } },
      { kind: 'enable', data: { enabled: true, participantIdentity: 'carol' } },
    ]);
    expect(refused).toEqual([{ kind: 'disable-decryption', identity: 'bob' }]);
  });

  it('lets the local participant start disabled, but never go back once encrypting', () => {
    const { posted, worker, refused } = setup();
    worker.postMessage({ kind: 'enable', data: { enabled: false, participantIdentity: 'me' } });
    worker.postMessage({ kind: 'enable', data: { enabled: true, participantIdentity: 'me' } });
    worker.postMessage({ kind: 'enable', data: { enabled: false, participantIdentity: 'me' } });
    expect(posted.map((m) => (m as { data: { enabled: boolean } }).data.enabled)).toEqual([false, true, true]);
    expect(refused).toEqual([]);
  });

  it('drops the server-injected-frame trailer and ratchet requests, and passes everything else unchanged', () => {
    const { posted, worker, refused } = setup();
    const setKey = { kind: 'setKey', data: { participantIdentity: 'bob', keyIndex: 3 } };
    worker.postMessage({ kind: 'setSifTrailer', data: { trailer: new Uint8Array([1, 2]) } });
    worker.postMessage({ kind: 'ratchetRequest', data: {} });
    worker.postMessage(setKey);
    expect(posted).toEqual([setKey]);
    expect(refused).toEqual([{ kind: 'sif-trailer' }, { kind: 'ratchet' }]);
  });

  it('with the defence off (bench only) behaves like the SDK: the server can switch a member to plaintext', () => {
    restore = switchDefencesOff(['worker-guard']);
    const { posted, worker } = setup();
    worker.postMessage({ kind: 'enable', data: { enabled: false, participantIdentity: 'bob' } });
    expect(posted).toEqual([{ kind: 'enable', data: { enabled: false, participantIdentity: 'bob' } }]);
  });
});
