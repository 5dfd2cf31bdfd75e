import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { bridge } from '../../bridge/bridge';
import { useAppStore } from '../../app/useAppStore';
import { useSession } from '../CallSessionContext';
import { miniWindowHost, offerAutomaticPictureInPicture, prepareMiniDocument } from './mini-window-host';
import { MiniWindowController } from './mini-window-controller';
import { MiniView } from './MiniView';
import './mini-window.css';

const closed = { subscribe: () => () => undefined, getSnapshot: () => null };

/**
 * The call's mini window: opened when main asks (Electron: the call window lost focus or was minimised) or from the
 * Mini window button and Chromium's automatic picture-in-picture (browser), drawn by this renderer into the other
 * window through a portal, and closed with the call view.
 */
export function MiniWindow() {
  const session = useSession();
  const shell = useAppStore((state) => state.appInfo?.shell ?? 'web');
  const automatic = useAppStore((state) => state.settings.miniWindow);
  const controller = useMemo(() => {
    const host = miniWindowHost(shell, window);
    return host ? new MiniWindowController(host, window, prepareMiniDocument, (message) => session.setNotice(message)) : null;
  }, [shell, session]);
  const store = controller ?? closed;
  const target = useSyncExternalStore(store.subscribe, store.getSnapshot);

  useEffect(() => {
    if (!controller) return;
    controller.start();
    const stopAsking = bridge.onMiniWindowOpen(() => void controller.open());
    return () => {
      stopAsking();
      controller.stop();
    };
  }, [controller]);

  useEffect(() => {
    if (controller?.host.kind !== 'document-pip' || !automatic) return;
    return offerAutomaticPictureInPicture(navigator.mediaSession, () => void controller.open()) ?? undefined;
  }, [controller, automatic]);

  if (!controller) return null;
  const onReturn = () => {
    void bridge.returnToCall();
    controller.close();
  };
  return (
    <>
      {controller.host.kind === 'document-pip' && (
        <button
          type="button"
          className="secondary mini-open"
          onClick={() => void controller.open()}
          aria-pressed={target !== null}
          title="A small window with the active speaker that stays on top of other windows"
          data-testid="open-mini-window"
        >
          Mini window
        </button>
      )}
      {target && createPortal(<MiniView onReturn={onReturn} />, target.document.body)}
    </>
  );
}
