import type { Room, RoomOptions } from 'livekit-client';
import type { RoomLink } from '../../../shared/room-link';
import type { PreparedTracks } from '../../devices';
import type { SealroomKeyProvider } from '../../e2ee';
import type { EffectFactories } from './call-effects';

/** `participantName` is undefined in an encrypted call: names travel only inside the authenticated handshake. */
export type TokenFetcher = (link: RoomLink, participantName: string | undefined) => Promise<{ serverUrl: string; participantToken: string }>;

/** Everything a call session creates, behind small factories so tests can substitute each one. */
export interface CallFactories {
  createRoom(options: RoomOptions): Room;
  fetchToken: TokenFetcher;
  createKeyProvider(): SealroomKeyProvider;
  /** livekit-client's E2EE worker with Sealroom's decode guard (`renderer/e2ee/worker`). */
  createE2eeWorker(): Worker;
  /** The lobby's live camera and microphone, to publish instead of capturing again (none: capture). */
  takePreparedTracks(): PreparedTracks;
  /** The background and noise processors; absent: the real ones (renderer/devices/effects). */
  effects?: EffectFactories;
}
