import { Room, TokenSource, type RoomOptions } from 'livekit-client';
import E2eeWorker from 'livekit-client/e2ee-worker?worker';
import type { RoomLink } from '../../shared/room-link';
import { RoomKeys, SealroomKeyProvider, startE2eeSession, type E2eeSession } from '../e2ee';
import type { JoinChoices } from '../lobby/LobbyScreen';

export type RoomFactory = (options: RoomOptions) => Room;
/** `participantName` is undefined in an encrypted call: names travel only inside the authenticated handshake. */
export type TokenFetcher = (link: RoomLink, participantName: string | undefined) => Promise<{ serverUrl: string; participantToken: string }>;

export interface CallConnection {
  room: Room;
  /** The key exchange of an encrypted call; null for a call created without end-to-end encryption. */
  e2ee: E2eeSession | null;
}

/** The standard LiveKit token endpoint at `<origin>/api/token`. Only the room name (and, unencrypted, the name) is sent: never the key. */
export const fetchTokenFromEndpoint: TokenFetcher = async (link, participantName) => {
  const source = TokenSource.endpoint(`${link.origin}/api/token`);
  return source.fetch({ roomName: link.room, ...(participantName ? { participantName } : {}) });
};

export function roomOptions(choices: JoinChoices, keyProvider: SealroomKeyProvider | null): RoomOptions {
  return {
    // Only video the user can see is received, at the size it is shown.
    adaptiveStream: true,
    dynacast: true,
    videoCaptureDefaults: choices.cameraDeviceId ? { deviceId: choices.cameraDeviceId } : {},
    audioCaptureDefaults: choices.microphoneDeviceId ? { deviceId: choices.microphoneDeviceId } : {},
    publishDefaults: { simulcast: true },
    // `e2ee`, not `encryption`: see docs/e2ee.md (key delivery must not depend on already holding a media key).
    ...(keyProvider ? { e2ee: { keyProvider, worker: new E2eeWorker() } } : {}),
  };
}

export function describeConnectError(error: unknown, link: RoomLink): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/room is full/i.test(message)) return 'This call is full (100 people). Try again later.';
  if (/401|unauthori[sz]ed|token/i.test(message)) return `The server at ${link.host} refused to let you in. Check the link with whoever sent it.`;
  if (/fetch|network|failed to connect|could not establish|websocket/i.test(message)) {
    return `Could not reach the server at ${link.host}. Check your connection and try again.`;
  }
  return `Could not join the call: ${message.slice(0, 200)}`;
}

/**
 * Joins with autoSubscribe off (the grid decides which video to receive). In an encrypted call the key exchange is
 * running before this resolves, so anything published afterwards is encrypted.
 */
export async function connectCall(options: {
  link: RoomLink;
  choices: JoinChoices;
  createRoom?: RoomFactory;
  fetchToken?: TokenFetcher;
}): Promise<CallConnection> {
  const { link, choices } = options;
  const createRoom = options.createRoom ?? ((roomOpts: RoomOptions) => new Room(roomOpts));
  const fetchToken = options.fetchToken ?? fetchTokenFromEndpoint;
  const keyProvider = link.secret ? new SealroomKeyProvider() : null;
  const room = createRoom(roomOptions(choices, keyProvider));
  const { serverUrl, participantToken } = await fetchToken(link, link.e2ee ? undefined : choices.displayName);
  await room.connect(serverUrl, participantToken, { autoSubscribe: false });
  if (!keyProvider || !link.secret) return { room, e2ee: null };
  try {
    const roomKeys = await RoomKeys.derive(link.room, link.secret);
    const e2ee = await startE2eeSession({ room, roomKeys, keyProvider, displayName: choices.displayName });
    return { room, e2ee };
  } catch (error) {
    await room.disconnect();
    throw error;
  }
}
