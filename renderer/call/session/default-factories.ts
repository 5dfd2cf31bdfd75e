import { Room, TokenSource } from 'livekit-client';
import SealroomE2eeWorker from '../../e2ee/worker/sealroom-e2ee-worker?worker';
import { takePrepared } from '../../devices';
import { SealroomKeyProvider } from '../../e2ee';
import type { CallFactories, TokenFetcher } from './factories';

/** The standard LiveKit token endpoint at `<origin>/api/token`. Only the room name (and, unencrypted, the name) is sent: never the key. */
export const fetchTokenFromEndpoint: TokenFetcher = async (link, participantName) => {
  const source = TokenSource.endpoint(`${link.origin}/api/token`);
  return source.fetch({ roomName: link.room, ...(participantName ? { participantName } : {}) });
};

export const defaultFactories: CallFactories = {
  createRoom: (options) => new Room(options),
  fetchToken: fetchTokenFromEndpoint,
  createKeyProvider: () => new SealroomKeyProvider(),
  createE2eeWorker: () => new SealroomE2eeWorker(),
  takePreparedTracks: takePrepared,
};
