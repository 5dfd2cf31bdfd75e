import type { MediaAccessStatus } from '../../shared/ipc/channels';

/** The OS (not Sealroom, not the browser) refuses the device: only the user or an admin can change that. */
export function isBlockedByOs(status: MediaAccessStatus | undefined): boolean {
  return status === 'denied' || status === 'restricted';
}
