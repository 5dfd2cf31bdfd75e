import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DeleteRoomRequest,
  DeleteRoomResponse,
  DisconnectReason,
  ListParticipantsRequest,
  ListParticipantsResponse,
  ListRoomsRequest,
  ListRoomsResponse,
  MuteRoomTrackRequest,
  MuteRoomTrackResponse,
  MuteTrackRequest,
  RemoveParticipantResponse,
  RoomParticipantIdentity,
} from '@livekit/protocol';
import type { ClaimGrants } from 'livekit-server-sdk';
import { describe } from '../describe';
import { bearerToken, readBody, sendJson } from '../http-util';
import type { RtcServer } from './rtc-server';

/**
 * The subset of LiveKit's Twirp RoomService that admin tools and tests use, JSON only, authorised
 * like LiveKit: a Bearer token signed with the API secret, with `roomList`, `roomCreate` (DeleteRoom)
 * or `roomAdmin` for the room.
 */
const PREFIX = '/twirp/livekit.RoomService/';
const BODY_LIMIT = 64 * 1024;

type TwirpCode = 'malformed' | 'unauthenticated' | 'permission_denied' | 'not_found' | 'bad_route' | 'internal';
const STATUS: Record<TwirpCode, number> = {
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  internal: 500,
};

class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }
}

/** protobuf-es's `JsonValue`: what a message's `fromJson` reads. */
type JsonValue = Parameters<typeof DeleteRoomRequest.fromJson>[0];

/** A protobuf-es message class, as far as reading a request needs it. */
interface JsonMessageType<T> {
  readonly typeName: string;
  fromJson(json: JsonValue, options: { ignoreUnknownFields: boolean }): T;
}

/** Reads a Twirp JSON body (empty means `{}`) as `type`; anything unreadable is `malformed`. */
function parseRequest<T>(type: JsonMessageType<T>, body: Buffer): T {
  try {
    const json: JsonValue = JSON.parse(body.length === 0 ? '{}' : body.toString('utf8'));
    return type.fromJson(json, { ignoreUnknownFields: true });
  } catch (error) {
    throw new TwirpError('malformed', `request is not valid JSON for ${type.typeName}: ${describe(error)}`);
  }
}

function requireAdmin(claims: ClaimGrants, room: string): void {
  if (!claims.video?.roomAdmin || (claims.video.room && claims.video.room !== room)) {
    throw new TwirpError('permission_denied', `token lacks roomAdmin for room ${room}`);
  }
}

export async function handleRoomService(rtc: RtcServer, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  try {
    if (!pathname.startsWith(PREFIX)) throw new TwirpError('bad_route', `no such service: ${pathname}`);
    if (req.method !== 'POST') throw new TwirpError('bad_route', 'Twirp methods are POST');
    if (!(req.headers['content-type'] ?? '').includes('application/json')) {
      throw new TwirpError('malformed', 'only application/json requests are supported');
    }
    const token = bearerToken(req);
    if (!token) throw new TwirpError('unauthenticated', 'missing Authorization: Bearer token');
    let claims: ClaimGrants;
    try {
      claims = await rtc.verify.verify(token);
    } catch (error) {
      throw new TwirpError('unauthenticated', `invalid token: ${describe(error)}`);
    }
    const body = await readBody(req, BODY_LIMIT);
    if (!body.ok) throw new TwirpError('malformed', body.message);
    const method = pathname.slice(PREFIX.length);
    sendJson(res, 200, await dispatch(rtc, method, claims, body.body));
  } catch (error) {
    const twirp = error instanceof TwirpError ? error : new TwirpError('internal', 'internal error');
    if (!(error instanceof TwirpError)) rtc.log('error', 'room service failed', { error: describe(error) });
    sendJson(res, STATUS[twirp.code], { code: twirp.code, msg: twirp.message });
  }
}

async function dispatch(rtc: RtcServer, method: string, claims: ClaimGrants, body: Buffer): Promise<unknown> {
  const json = { useProtoFieldName: false, emitDefaultValues: false } as const;
  switch (method) {
    case 'ListRooms': {
      const request = parseRequest(ListRoomsRequest, body);
      if (!claims.video?.roomList) throw new TwirpError('permission_denied', 'token lacks roomList');
      const rooms = [...rtc.rooms.values()]
        .filter((room) => request.names.length === 0 || request.names.includes(room.name))
        .map((room) => room.roomInfo());
      return new ListRoomsResponse({ rooms }).toJson(json);
    }
    case 'ListParticipants': {
      const request = parseRequest(ListParticipantsRequest, body);
      requireAdmin(claims, request.room);
      const room = rtc.rooms.get(request.room);
      const participants = room ? [...room.participants.values()].map((p) => p.info()) : [];
      return new ListParticipantsResponse({ participants }).toJson(json);
    }
    case 'GetParticipant': {
      const request = parseRequest(RoomParticipantIdentity, body);
      requireAdmin(claims, request.room);
      const participant = rtc.rooms.get(request.room)?.participants.get(request.identity);
      if (!participant) throw new TwirpError('not_found', 'participant not found');
      return participant.info().toJson(json);
    }
    case 'RemoveParticipant': {
      const request = parseRequest(RoomParticipantIdentity, body);
      requireAdmin(claims, request.room);
      const room = rtc.rooms.get(request.room);
      const participant = room?.participants.get(request.identity);
      if (!room || !participant) throw new TwirpError('not_found', 'participant not found');
      participant.signalling.sendLeave(DisconnectReason.PARTICIPANT_REMOVED);
      room.leave(participant, 'removed by the room service');
      return new RemoveParticipantResponse().toJson(json);
    }
    case 'MutePublishedTrack': {
      const request = parseRequest(MuteRoomTrackRequest, body);
      requireAdmin(claims, request.room);
      const participant = rtc.rooms.get(request.room)?.participants.get(request.identity);
      const track = participant?.tracks.get(request.trackSid);
      if (!participant || !track) throw new TwirpError('not_found', 'track not found');
      participant.setTrackMuted(request.trackSid, request.muted);
      participant.signalling.send({ case: 'mute', value: new MuteTrackRequest({ sid: request.trackSid, muted: request.muted }) });
      return new MuteRoomTrackResponse({ track: track.info }).toJson(json);
    }
    case 'DeleteRoom': {
      const request = parseRequest(DeleteRoomRequest, body);
      if (!claims.video?.roomCreate) throw new TwirpError('permission_denied', 'token lacks roomCreate');
      const room = rtc.rooms.get(request.room);
      if (!room) throw new TwirpError('not_found', 'room not found');
      room.close(DisconnectReason.ROOM_DELETED, 'deleted by the room service');
      return new DeleteRoomResponse().toJson(json);
    }
    default:
      throw new TwirpError('bad_route', `method ${method} is not implemented by this server`);
  }
}
