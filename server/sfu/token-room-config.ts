import { RoomConfiguration } from '@livekit/protocol';
import type { ClaimGrants } from 'livekit-server-sdk';
import { describe } from '../describe';

type JsonValue = Parameters<typeof RoomConfiguration.fromJson>[0];

/**
 * The participant limit for a room a join opens: the token's `roomConfig.maxParticipants` (LiveKit's room
 * configuration in the token, read as protobuf JSON like LiveKit reads it) when it is lower than the server's own,
 * else the server's. A roomConfig that is not a RoomConfiguration makes the token invalid.
 */
export function roomLimitFromToken(claims: ClaimGrants, serverLimit: number): { ok: true; value: number } | { ok: false; message: string } {
  const raw: unknown = claims.roomConfig;
  if (raw === undefined || raw === null) return { ok: true, value: serverLimit };
  let config: RoomConfiguration;
  try {
    config = RoomConfiguration.fromJson(raw as JsonValue, { ignoreUnknownFields: true });
  } catch (error) {
    return { ok: false, message: `roomConfig is not a room configuration (${describe(error)})` };
  }
  const asked = config.maxParticipants;
  return { ok: true, value: asked > 0 && asked < serverLimit ? asked : serverLimit };
}
