/**
 * Sealroom end-to-end encryption: the integration surface. The protocol is specified in docs/e2ee.md.
 *
 * Wiring an E2EE call (a link whose fragment is `v1.<secret>`):
 *
 *   const keyProvider = new SealroomKeyProvider();
 *   const worker = guardE2eeWorker(new SealroomE2eeWorker(), { localIdentity: () => room.localParticipant.identity, onRefused });
 *   const room = new Room({ e2ee: { keyProvider, worker } });      // `e2ee`, not `encryption`: see docs/e2ee.md
 *   const roomKeys = await RoomKeys.derive(link.room, link.secret); // the secret goes nowhere else
 *   const connected = room.connect(url, token);                     // token: random per-call identity, no name
 *   // once RoomEvent.SignalConnected fired (identity and members known; ICE/DTLS may still run):
 *   const session = await startE2eeSession({ room, roomKeys, keyProvider, displayName });
 *   await connected;
 *   // only now publish camera/microphone/screen; on disconnect: session.stop()
 *
 * `SealroomE2eeWorker` is `./worker/sealroom-e2ee-worker?worker` (Vite): livekit-client's E2EE worker behind our decode
 * guard (no undecrypted or replayed frame leaves it). `guardE2eeWorker` stops the SDK from ever switching decryption
 * off for a remote identity because the server marked a track unencrypted.
 *
 * What the UI reads from `session.keyExchange` (events: KeyExchangeEvent + KeyExchangeCallbacks, `on` returns an
 * unsubscribe function):
 *   - MemberVerified(identity, displayName) / MemberUnverified(identity): who completed the handshake. Show names
 *     only from here, never `participant.name` from the server. `members()` gives a snapshot for the metadata panel.
 *   - MemberUnresponsive / MemberResponsive(identity): a verified member stopped (or resumed) acknowledging
 *     heartbeats; it gets no new keys meanwhile. Show it as not responding.
 *   - SecurityCode(summary): the code and each covered member's fingerprint; show them and invite people to compare
 *     the code aloud; it changes with membership.
 *   - ProtocolViolation(identity, kind): a handshake no honest client sends for that member was dropped; warn.
 *   - Message(ChatMessage): chat and any other in-call message; send with `sendMessage(text)` (the call's own
 *     message JSON can be the text). In an E2EE call nothing else may be sent or accepted as data packets.
 *   - DeliveryStalled(identity) / DeliveryRecovered(identity): key messages to that member are not acknowledged;
 *     show a warning until it recovers or the member is unverified.
 *   - ProtocolError(reason): treat the call as not secure and say so.
 *   - KeyForSender / OwnKeyChanged: consumed by the key provider; the UI does not need them.
 *
 * Fail closed: a remote track reaches a sink only when it is marked encrypted and `keyExchange.canRender(identity)`
 * (verified, and has given us a key); the call's ReceivePolicy (renderer/call/session) enforces it, re-checking on
 * every trust and track event. Never offer a way to turn encryption off in an E2EE call.
 *
 * Calls without E2EE (`v1.off`): none of this runs; the UI shows its persistent banner.
 */
export { RoomKeys } from './room-keys';
export { defenceOn, type Defence } from './defences';
export { TypedEvents } from './typed-events';
export { guardE2eeWorker, type RefusedWorkerMessage, type WorkerGuardOptions } from './worker-guard';
export { requestDecodeCounts, type DecodeCounts } from './decode-counts';
export { SealroomKeyProvider, SEALROOM_KEY_PROVIDER_OPTIONS } from './sealroom-key-provider';
export { startE2eeSession, E2EE_DATA_TOPIC, type E2eeRoom, type E2eeSession, type E2eeSessionOptions } from './room-session';
export {
  KeyExchange,
  KeyExchangeEvent,
  type KeyExchangeCallbacks,
  type KeyExchangeOptions,
  type KeyExchangeTiming,
  type MemberInfo,
  type MemberStatus,
  type CodeEntry,
  type SecuritySummary,
  type ViolationKind,
  type Clock,
  type Transport,
} from './key-exchange';
export type { ChatMessage } from './chat';
export { MAX_MESSAGE_TEXT, MAX_DISPLAY_NAME, normalizeDisplayName } from './messages';
