import type { Logger } from '../logger';

/** The slice of Electron's powerSaveBlocker this module needs. */
export interface PowerSaveBlockerLike {
  start(type: 'prevent-display-sleep'): number;
  stop(id: number): void;
}

/**
 * Whether a call is running, as the renderer reports it (`call:set-active`). While it is, the display stays awake;
 * other parts of main ask `isInCall()` (a link arriving mid-call, an update waiting to restart).
 */
export function createCallActivity(blocker: PowerSaveBlockerLike, log: Logger) {
  let blockerId: number | null = null;
  const listeners = new Set<(inCall: boolean) => void>();

  const setActive = (active: boolean): void => {
    if (active === (blockerId !== null)) return;
    if (active) {
      blockerId = blocker.start('prevent-display-sleep');
    } else if (blockerId !== null) {
      blocker.stop(blockerId);
      blockerId = null;
    }
    log.info(active ? 'call started: keeping the display awake' : 'call ended');
    listeners.forEach((listener) => listener(active));
  };

  return {
    setActive,
    isInCall: (): boolean => blockerId !== null,
    /** Called with the new state on every change; returns an unsubscribe. */
    onChange(listener: (inCall: boolean) => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export type CallActivity = ReturnType<typeof createCallActivity>;
