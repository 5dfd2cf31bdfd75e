import type { MessageBoxOptionsLike } from '../deep-links/link-dialogs';

export interface ReloadTarget {
  reload(): void;
  reloadIgnoringCache(): void;
}

/** A reload ends the call for this user, so during one it happens only after they agree. */
export function createReloadGuard(deps: {
  target(): ReloadTarget | null;
  isInCall(): boolean;
  showMessageBox(options: MessageBoxOptionsLike): Promise<{ response: number }>;
}) {
  return async function reload(kind: 'reload' | 'force-reload'): Promise<boolean> {
    if (deps.target() === null) return false;
    if (deps.isInCall()) {
      const { response } = await deps.showMessageBox({
        type: 'question',
        title: 'You are in a call',
        noLink: true,
        buttons: ['Reload and leave the call', 'Stay in the call'],
        defaultId: 1,
        cancelId: 1,
        message: 'Reload Sealroom and leave the call?',
        detail: 'Reloading the window ends the call for you. The others stay in it, and you can join again with the link.',
      });
      if (response !== 0) return false;
    }
    // The window may have closed while the question was open.
    const target = deps.target();
    if (target === null) return false;
    if (kind === 'force-reload') target.reloadIgnoringCache();
    else target.reload();
    return true;
  };
}
