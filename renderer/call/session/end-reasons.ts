import { DisconnectReason } from 'livekit-client';
import type { RoomLink } from '../../../shared/room-link';

/** Why a call ended, in words for the user. */
export function endMessageFor(reason: DisconnectReason | undefined): string {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return 'You left the call.';
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'You joined this call from somewhere else, so this window left it.';
    case DisconnectReason.PARTICIPANT_REMOVED:
      return 'You were removed from the call.';
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return 'The call has ended.';
    case DisconnectReason.SERVER_SHUTDOWN:
      return 'The server shut down. The call has ended.';
    default:
      return 'The call was disconnected.';
  }
}

export const TIME_LIMIT_MESSAGE = 'The call reached its 24-hour limit and has ended. Start a new call to continue.';

/** Why joining failed, without the link's secret (only the host is named). */
export function describeConnectError(error: unknown, link: RoomLink): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/room is full/i.test(message)) return 'This call is full (100 people). Try again later.';
  if (/401|unauthori[sz]ed|token/i.test(message)) return `The server at ${link.host} refused to let you in. Check the link with whoever sent it.`;
  // Signalling worked but no media path came up: usually UDP blocked by a firewall, not a server that is down.
  if (/could not establish pc connection/i.test(message)) {
    return `Reached the server at ${link.host}, but audio and video could not get through (a firewall may block them). Try another network, or ask the server's operator about a TURN relay.`;
  }
  if (/fetch|network|failed to connect|could not establish|websocket/i.test(message)) {
    return `Could not reach the server at ${link.host}. Check your connection and try again.`;
  }
  return `Could not join the call: ${message.slice(0, 200)}`;
}
