import { RoomServiceClient } from 'livekit-server-sdk';
import type { RoomDirectory } from '../token-service';

/** LiveKit's RoomService at `url` (ws(s) or http(s)), authorised with the API key and secret. */
export function livekitRoomService(url: string, apiKey: string, apiSecret: string): RoomServiceClient {
  return new RoomServiceClient(url, apiKey, apiSecret, { requestTimeout: 5 });
}

/** Which rooms a LiveKit deployment is running, through ListRooms by name. */
export function livekitRoomDirectory(rooms: Pick<RoomServiceClient, 'listRooms'>): RoomDirectory {
  return { exists: async (room) => (await rooms.listRooms([room])).some((each) => each.name === room) };
}
