import type { createIpcRegistrar } from '../ipc/register-handler';
import type { Logger } from '../logger';

/** `log:write` (the renderer's lines into the app's log file) and `diagnostics:export`. */
export function registerLogHandlers(
  handle: ReturnType<typeof createIpcRegistrar>,
  deps: { rendererLogger(scope: string): Logger; exportDiagnostics(): Promise<{ saved: boolean; file: string | null }> },
): void {
  handle('log:write', ({ level, scope, message }) => {
    deps.rendererLogger(scope)[level](message);
    return null;
  });
  handle('diagnostics:export', () => deps.exportDiagnostics());
}
