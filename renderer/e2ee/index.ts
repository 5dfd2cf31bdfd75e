/**
 * Sealroom end-to-end encryption: the integration surface. The protocol is specified in docs/e2ee.md.
 *
 * Wiring an E2EE call (a link whose fragment is `v1.<secret>`):
 *
 *   const keyProvider = new SealroomKeyProvider();
 *   const room = new Room({ e2ee: { keyProvider, worker } });      // `e2ee`, not `encryption`: see docs/e2ee.md
 *   const roomKeys = await RoomKeys.derive(link.room, link.secret); // the secret goes nowhere else
 *   await room.connect(url, token);                                 // token: random per-call identity, no name
 *   const session = await startE2eeSession({ room, roomKeys, keyProvider, displayName });
 *   // only now publish camera/microphone/screen; on disconnect: session.stop()
 *
 * `worker` is livekit-client's E2EE worker (`livekit-client/e2ee-worker`, e.g. Vite's `?worker` import).
 *
 * What the UI reads from `session.keyExchange` (events: KeyExchangeEvent + KeyExchangeCallbacks, `on` returns an
 * unsubscribe function):
 *   - MemberVerified(identity, displayName) / MemberUnverified(identity): who completed the handshake. Show names
 *     only from here, never `participant.name` from the server. `members()` gives a snapshot for the metadata panel.
 *   - SecurityCode(code, verifiedMembers): show it and invite people to compare it aloud; it changes with membership.
 *   - Message(ChatMessage): chat and any other in-call message; send with `sendMessage(text)` (the call's own
 *     message JSON can be the text). In an E2EE call nothing else may be sent or accepted as data packets.
 *   - DeliveryStalled(identity) / DeliveryRecovered(identity): key messages to that member are not acknowledged;
 *     show a warning until it recovers or the member is unverified.
 *   - ProtocolError(reason): treat the call as not secure and say so.
 *   - KeyForSender / OwnKeyChanged: consumed by the key provider; the UI does not need them.
 *
 * Fail closed: attach a remote video or audio track only when `mayRenderRemoteTrack(keyExchange, identity,
 * publication)` is true; re-check on MemberVerified/MemberUnverified and on track (un)publish. Never offer a way to
 * turn encryption off in an E2EE call (`room.setE2EEEnabled(false)` must not be reachable).
 *
 * Calls without E2EE (`v1.off`): none of this runs; the UI shows its persistent banner.
 */
export { RoomKeys } from './room-keys';
export { SealroomKeyProvider, SEALROOM_KEY_PROVIDER_OPTIONS } from './sealroom-key-provider';
export { startE2eeSession, mayRenderRemoteTrack, E2EE_DATA_TOPIC, type E2eeRoom, type E2eeSession, type E2eeSessionOptions } from './room-session';
export {
  KeyExchange,
  KeyExchangeEvent,
  type KeyExchangeCallbacks,
  type KeyExchangeOptions,
  type KeyExchangeTiming,
  type MemberInfo,
  type MemberStatus,
  type Clock,
  type Transport,
} from './key-exchange';
export type { ChatMessage } from './chat';
export { MAX_MESSAGE_TEXT, MAX_DISPLAY_NAME, normalizeDisplayName } from './messages';
