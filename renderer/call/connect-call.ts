import { Room, TokenSource, type RoomOptions } from 'livekit-client';
import type { RoomLink } from '../../shared/room-link';
import type { JoinChoices } from '../lobby/LobbyScreen';

export type RoomFactory = (options: RoomOptions) => Room;
export type TokenFetcher = (link: RoomLink, participantName: string) => Promise<{ serverUrl: string; participantToken: string }>;

/** The standard LiveKit token endpoint at `<origin>/api/token`. Only the room name and display name are sent: never the key. */
export const fetchTokenFromEndpoint: TokenFetcher = async (link, participantName) => {
  const source = TokenSource.endpoint(`${link.origin}/api/token`);
  return source.fetch({ roomName: link.room, participantName });
};

export function roomOptions(choices: JoinChoices): RoomOptions {
  return {
    // Only video the user can see is received, at the size it is shown.
    adaptiveStream: true,
    dynacast: true,
    videoCaptureDefaults: choices.cameraDeviceId ? { deviceId: choices.cameraDeviceId } : {},
    audioCaptureDefaults: choices.microphoneDeviceId ? { deviceId: choices.microphoneDeviceId } : {},
    publishDefaults: { simulcast: true },
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

/** Joins with autoSubscribe off: the grid decides which video to receive (see useVisibleSubscriptions). */
export async function connectCall(options: {
  link: RoomLink;
  choices: JoinChoices;
  createRoom?: RoomFactory;
  fetchToken?: TokenFetcher;
}): Promise<Room> {
  const createRoom = options.createRoom ?? ((roomOpts: RoomOptions) => new Room(roomOpts));
  const fetchToken = options.fetchToken ?? fetchTokenFromEndpoint;
  const room = createRoom(roomOptions(options.choices));
  const { serverUrl, participantToken } = await fetchToken(options.link, options.choices.displayName);
  await room.connect(serverUrl, participantToken, { autoSubscribe: false });
  return room;
}
