import { gzipSync } from 'node:zlib';
import { ConnectionSettings, JoinRequest, ReconnectReason, SessionDescription, WrappedJoinRequest, WrappedJoinRequest_Compression } from '@livekit/protocol';
import { describe, expect, it } from 'vitest';
import { MAX_JOIN_REQUEST_BYTES, parseJoinRequest } from './join-request';

function wrap(request: JoinRequest, compression = WrappedJoinRequest_Compression.GZIP): string {
  const bytes = request.toBinary();
  const joinRequest = compression === WrappedJoinRequest_Compression.GZIP ? gzipSync(bytes) : bytes;
  return Buffer.from(new WrappedJoinRequest({ joinRequest, compression }).toBinary()).toString('base64url');
}

describe('join_request (/rtc/v1)', () => {
  it('reads what livekit-client sends: gzip or plain, settings, the offer, a resume', () => {
    const offer = new SessionDescription({ type: 'offer', sdp: 'v=0\r\n', id: 1 });
    const fresh = parseJoinRequest(wrap(new JoinRequest({ connectionSettings: new ConnectionSettings({ autoSubscribe: true }), publisherOffer: offer })));
    expect(fresh).toEqual({
      ok: true,
      request: { autoSubscribe: true, reconnect: false, reconnectReason: ReconnectReason.RR_UNKNOWN, participantSid: '', publisherOffer: { type: 'offer', sdp: 'v=0\r\n', id: 1 } },
    });
    const resume = parseJoinRequest(wrap(new JoinRequest({ reconnect: true, participantSid: 'PA_abc', reconnectReason: ReconnectReason.RR_SIGNAL_DISCONNECTED }), WrappedJoinRequest_Compression.NONE));
    expect(resume).toMatchObject({ ok: true, request: { autoSubscribe: false, reconnect: true, participantSid: 'PA_abc', publisherOffer: null } });
  });

  it('refuses what is not a join request, saying why', () => {
    const message = (parameter: string | null) => {
      const result = parseJoinRequest(parameter);
      return result.ok ? 'accepted' : result.message;
    };
    expect(message(null)).toBe('join_request is required on /rtc/v1');
    expect(message('not base64!')).toBe('join_request is not base64url');
    expect(message('A'.repeat(17_000))).toMatch(/over 16384 characters/);
    expect(message(Buffer.from([0xff, 0xff, 0xff]).toString('base64url'))).toMatch(/not a WrappedJoinRequest/);
    const badGzip = Buffer.from(new WrappedJoinRequest({ joinRequest: new Uint8Array([1, 2, 3]), compression: WrappedJoinRequest_Compression.GZIP }).toBinary()).toString('base64url');
    expect(message(badGzip)).toMatch(/not valid gzip/);
    // a small gzip that inflates past the limit (a decompression bomb) is stopped at the limit
    const bomb = Buffer.from(new WrappedJoinRequest({ joinRequest: gzipSync(Buffer.alloc(MAX_JOIN_REQUEST_BYTES * 4)), compression: WrappedJoinRequest_Compression.GZIP }).toBinary()).toString('base64url');
    expect(message(bomb)).toBe(`join_request decompresses to over ${MAX_JOIN_REQUEST_BYTES} bytes`);
    expect(message(wrap(new JoinRequest({ publisherOffer: new SessionDescription({ type: 'answer', sdp: 'v=0', id: 1 }) })))).toBe('join_request: publisherOffer.type: publisher_offer must be an offer');
    expect(message(wrap(new JoinRequest({ publisherOffer: new SessionDescription({ type: 'offer', sdp: '', id: 1 }) })))).toMatch(/publisher_offer has no SDP/);
    expect(message(wrap(new JoinRequest({ reconnect: true, participantSid: 'someone' })))).toBe('join_request: participantSid: participant_sid must be a PA_ sid');
    expect(message(wrap(new JoinRequest({ reconnectReason: 99 as ReconnectReason })))).toMatch(/unknown reconnect_reason/);
  });
});
