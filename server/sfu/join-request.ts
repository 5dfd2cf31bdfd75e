import { JoinRequest, ReconnectReason, WrappedJoinRequest, WrappedJoinRequest_Compression } from '@livekit/protocol';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { describe } from '../describe';

/**
 * The `join_request` parameter of `/rtc/v1` (LiveKit's single peer-connection signalling): a base64url
 * WrappedJoinRequest whose JoinRequest is plain or gzip-compressed protobuf, read here into a checked value. Nothing
 * past this file sees the raw parameter: an unreadable or out-of-bounds request is refused with a reason the client
 * can show, and the rest of the server keeps running.
 */

/** Largest `join_request` parameter accepted (base64url characters); Node refuses request heads over 16 KiB anyway. */
export const MAX_JOIN_REQUEST_CHARS = 16 * 1024;
/** Largest JoinRequest once decompressed: an offer with the six pre-added sections and a few tracks is ≈ 8 KiB. */
export const MAX_JOIN_REQUEST_BYTES = 64 * 1024;
/** Largest publisher offer carried by a join. */
const MAX_OFFER_SDP = 48 * 1024;

const ParticipantSidSchema = z.string().regex(/^PA_\w{1,32}$/, 'participant_sid must be a PA_ sid');

export const JoinRequestSchema = z
  .object({
    connectionSettings: z.object({ autoSubscribe: z.boolean() }).optional(),
    reconnect: z.boolean(),
    reconnectReason: z.number().int().refine((value) => value in ReconnectReason, 'unknown reconnect_reason'),
    participantSid: z.string(),
    publisherOffer: z
      .object({
        type: z.literal('offer', { error: 'publisher_offer must be an offer' }),
        sdp: z.string().min(1, 'publisher_offer has no SDP').max(MAX_OFFER_SDP, `publisher_offer over ${MAX_OFFER_SDP} bytes`),
        id: z.number().int().nonnegative(),
      })
      .optional(),
  })
  .superRefine((request, context) => {
    if (!request.reconnect) return;
    const sid = ParticipantSidSchema.safeParse(request.participantSid);
    if (!sid.success) context.addIssue({ code: 'custom', message: sid.error.issues[0]?.message ?? 'bad participant_sid', path: ['participantSid'] });
  })
  .transform((request) => ({
    autoSubscribe: request.connectionSettings?.autoSubscribe ?? false,
    reconnect: request.reconnect,
    reconnectReason: request.reconnectReason as ReconnectReason,
    participantSid: request.participantSid,
    publisherOffer: request.publisherOffer ?? null,
  }));

export type V1JoinRequest = z.infer<typeof JoinRequestSchema>;

export type JoinRequestResult = { ok: true; request: V1JoinRequest } | { ok: false; message: string };

/** Reads `join_request` (null when the URL has none). */
export function parseJoinRequest(parameter: string | null): JoinRequestResult {
  if (parameter === null || parameter === '') return refused('join_request is required on /rtc/v1');
  if (parameter.length > MAX_JOIN_REQUEST_CHARS) return refused(`join_request over ${MAX_JOIN_REQUEST_CHARS} characters`);
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(parameter)) return refused('join_request is not base64url');
  let wrapped: WrappedJoinRequest;
  try {
    wrapped = WrappedJoinRequest.fromBinary(Buffer.from(parameter, 'base64url'));
  } catch (error) {
    return refused(`join_request is not a WrappedJoinRequest (${describe(error)})`);
  }
  let bytes: Uint8Array;
  switch (wrapped.compression) {
    case WrappedJoinRequest_Compression.NONE:
      bytes = wrapped.joinRequest;
      break;
    case WrappedJoinRequest_Compression.GZIP:
      try {
        bytes = gunzipSync(wrapped.joinRequest, { maxOutputLength: MAX_JOIN_REQUEST_BYTES });
      } catch (error) {
        return refused(
          error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
            ? `join_request decompresses to over ${MAX_JOIN_REQUEST_BYTES} bytes`
            : `join_request is not valid gzip (${describe(error)})`,
        );
      }
      break;
    default:
      return refused(`join_request uses an unknown compression (${String(wrapped.compression)})`);
  }
  if (bytes.length > MAX_JOIN_REQUEST_BYTES) return refused(`join_request over ${MAX_JOIN_REQUEST_BYTES} bytes`);
  let decoded: JoinRequest;
  try {
    decoded = JoinRequest.fromBinary(bytes);
  } catch (error) {
    return refused(`join_request does not hold a JoinRequest (${describe(error)})`);
  }
  const parsed = JoinRequestSchema.safeParse(decoded);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refused(`join_request: ${issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'invalid'}`);
  }
  return { ok: true, request: parsed.data };
}

function refused(message: string): JoinRequestResult {
  return { ok: false, message };
}
