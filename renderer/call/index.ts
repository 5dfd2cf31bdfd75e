/** The call feature: its screen, what the lobby hands it, and the lobby's head start on the token. */
export { CallScreen } from './CallScreen';
export type { JoinChoices } from './join-choices';
export { prefetchCallToken } from './session/default-factories';
