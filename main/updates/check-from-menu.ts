import type { UpdateStatus } from '../../shared/updates';

/** What Help → Check for Updates says once the check is over (Settings → Updates offers the next step). */
export function describeMenuCheck(status: UpdateStatus, currentVersion: string): string {
  switch (status.state) {
    case 'disabled':
    case 'not-supported':
    case 'error':
      return status.message;
    case 'up-to-date':
      return `Sealroom ${currentVersion} is up to date.`;
    case 'available':
      return `Sealroom ${status.version} is available. Download it in Settings → Updates.`;
    case 'downloading':
      return `Downloading Sealroom ${status.version}. Settings → Updates shows the progress.`;
    case 'ready':
      return `Sealroom ${status.version} is downloaded. Restart from Settings → Updates to install it.`;
    case 'deferred':
      return `Sealroom will restart to install ${status.version} after this call.`;
    case 'idle':
    case 'checking':
      return 'Checking for updates. Settings → Updates shows the result.';
  }
}

/** Runs a check (when this copy can update itself) and answers what to tell the user. */
export async function checkForUpdatesFromMenu(updates: { getStatus(): UpdateStatus; check(): Promise<void> }, currentVersion: string): Promise<string> {
  const before = updates.getStatus();
  if (before.state !== 'disabled' && before.state !== 'not-supported') await updates.check();
  return describeMenuCheck(updates.getStatus(), currentVersion);
}
