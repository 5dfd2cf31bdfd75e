export interface ContentProtectable {
  setContentProtection(enable: boolean): void;
}

/**
 * While anything is shared, Sealroom's own windows (the call, its chat, the picker) are kept out of every capture,
 * including a whole-screen share. Turned on by main as soon as it grants a source, so it does not depend on the
 * renderer remembering; turned off when the renderer reports the share stopped, the call ends or the window reloads.
 */
export function createContentProtection(windows: () => ContentProtectable[]) {
  let protectedNow = false;
  return {
    set(enable: boolean): void {
      if (enable === protectedNow) return;
      protectedNow = enable;
      for (const window of windows()) window.setContentProtection(enable);
    },
    isOn: (): boolean => protectedNow,
  };
}

export type ContentProtection = ReturnType<typeof createContentProtection>;
