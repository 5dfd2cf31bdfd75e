import { Room, TokenSource } from 'livekit-client';
// A Vite worker import names the worker's entry file itself; it cannot go through the e2ee feature's index.
import SealroomE2eeWorker from '../../e2ee/worker/sealroom-e2ee-worker?worker';
import { takePrepared } from '../../devices';
import { SealroomKeyProvider } from '../../e2ee';
import type { CallFactories, TokenFetcher } from './factories';
import { prefetchToken, withPrefetched } from './token-prefetch';
import { warmWorker } from './warm-worker';

/** The standard LiveKit token endpoint at `<origin>/api/token`. Only the room name (and, unencrypted, the name) is sent: never the key. */
export const fetchTokenFromEndpoint: TokenFetcher = async (link, participantName) => {
  const source = TokenSource.endpoint(`${link.origin}/api/token`);
  return source.fetch({ roomName: link.room, ...(participantName ? { participantName } : {}) });
};

const e2eeWorkers = warmWorker(() => new SealroomE2eeWorker());

export const defaultFactories: CallFactories = {
  createRoom: (options) => new Room(options),
  fetchToken: withPrefetched(fetchTokenFromEndpoint),
  createKeyProvider: () => new SealroomKeyProvider(),
  createE2eeWorker: () => e2eeWorkers.take(),
  takePreparedTracks: takePrepared,
};

/** Called by the lobby: the token is on its way, and the E2EE worker loaded, before Join is clicked. */
export function prefetchCallToken(link: Parameters<TokenFetcher>[0]): void {
  prefetchToken(fetchTokenFromEndpoint, link);
  if (link.e2ee) e2eeWorkers.warm();
}
