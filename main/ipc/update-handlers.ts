import type { InstallRequestResult, UpdateStatus } from '../../shared/updates';
import type { createIpcRegistrar } from './register-handler';

/** The slice of main/updates' UpdateController the renderer may drive. */
export interface UpdateControls {
  getStatus(): UpdateStatus;
  check(): Promise<void>;
  download(): Promise<void>;
  requestInstall(): InstallRequestResult;
}

/**
 * Check and download answer at once: their outcome (progress, ready, error) reaches the renderer as
 * `updates:status` events, so a download of many megabytes never holds an IPC call open.
 */
export function registerUpdateHandlers(handle: ReturnType<typeof createIpcRegistrar>, updates: UpdateControls): void {
  handle('updates:get-status', () => updates.getStatus());
  handle('updates:check', () => {
    void updates.check();
    return null;
  });
  handle('updates:download', () => {
    void updates.download();
    return null;
  });
  handle('updates:install', () => updates.requestInstall());
}
