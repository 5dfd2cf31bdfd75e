/**
 * The call session: everything a call does outside React. Views use `useCallSession` (renderer/call) and read the
 * session's stores through `CallSessionContext`.
 */
export { CallSession, CallSessionEvent, roomOptions, type CallSessionOptions } from './call-session';
export type { CallFactories, TokenFetcher } from './factories';
export type { CallActions } from './call-messaging';
export { ReceivePolicy, ReceivePolicyEvent, type CallView, type PublicationLike, type TrustView } from './receive-policy';
export { REACTIONS, CHAT_MAX_LENGTH } from './call-messages';
export { uiActions, feedActions, type CallPanel, type CallPhase, type ChatEntry, type MemberView, type SecurityWarning, type SessionStores, type TrustState } from './session-stores';
export { listeningActions, selectPlaybackVolume, type ListeningState, type AnnouncerState } from './listening-store';
