import { describe, expect, it, vi } from 'vitest';
import { MiniWindowController } from './mini-window-controller';
import { miniWindowHost, offerAutomaticPictureInPicture, type HostPage, type MiniWindowHost } from './mini-window-host';

/** A stand-in for the other window: its location, load state and pagehide, as the opener sees them. */
function fakePopup(pathname = '/mini.html') {
  const listeners = new Map<string, () => void>();
  const popup = {
    location: { pathname },
    document: { readyState: 'complete' },
    closed: false,
    close: vi.fn(() => {
      popup.closed = true;
      listeners.get('pagehide')?.();
    }),
    addEventListener: (event: string, listener: () => void) => listeners.set(event, listener),
  };
  return popup;
}
const asWindow = (popup: ReturnType<typeof fakePopup>) => popup as unknown as Window;

function page(overrides: Partial<HostPage> = {}): HostPage & { opened: unknown[][] } {
  const opened: unknown[][] = [];
  return {
    opened,
    open: (...args) => (opened.push(args), null),
    setTimeout: (run) => setTimeout(run, 1),
    ...overrides,
  };
}

describe('where the mini window comes from', () => {
  it('in Electron: window.open of the mini page under its name, ready once mini.html has loaded; null when main refuses', async () => {
    const popup = fakePopup('/');
    const electron = page({ open: () => asWindow(popup) });
    const opening = miniWindowHost('electron', electron)!.open();
    setTimeout(() => (popup.location.pathname = '/mini.html'), 10);
    await expect(opening).resolves.toBe(popup);

    const refused = page();
    await expect(miniWindowHost('electron', refused)!.open()).resolves.toBeNull();
    expect(refused.opened).toEqual([['/mini.html', 'sealroom-mini', 'popup']]);
  });

  it('in Electron: a popup closed before its page loaded is given up', async () => {
    const popup = fakePopup('/');
    popup.closed = true;
    await expect(miniWindowHost('electron', page({ open: () => asWindow(popup) }))!.open()).resolves.toBeNull();
  });

  it('in the browser: Document Picture-in-Picture at the mini window’s size, and nothing where the browser lacks it', async () => {
    const popup = fakePopup();
    const requestWindow = vi.fn(async () => asWindow(popup));
    const host = miniWindowHost('web', page({ documentPictureInPicture: { requestWindow } }))!;
    expect(host.kind).toBe('document-pip');
    await expect(host.open()).resolves.toBe(popup);
    expect(requestWindow).toHaveBeenCalledWith({ width: 320, height: 240 });
    expect(miniWindowHost('web', page())).toBeNull();
  });

  it('offers Chromium’s automatic picture-in-picture through the media session, and takes it back', () => {
    const handlers = new Map<string, (() => void) | null>();
    const open = vi.fn();
    const stop = offerAutomaticPictureInPicture({ setActionHandler: (action, handler) => void handlers.set(action, handler) }, open);
    handlers.get('enterpictureinpicture')!();
    expect(open).toHaveBeenCalledOnce();
    stop!();
    expect(handlers.get('enterpictureinpicture')).toBeNull();
    const unknownAction = {
      setActionHandler: () => {
        throw new TypeError("Failed to execute 'setActionHandler': 'enterpictureinpicture' is not a valid enum value");
      },
    };
    expect(offerAutomaticPictureInPicture(unknownAction, open)).toBeNull();
    expect(offerAutomaticPictureInPicture(undefined, open)).toBeNull();
  });
});

function controller(host: MiniWindowHost) {
  const prepared: unknown[] = [];
  const errors: string[] = [];
  const callPage = { document: {} as Document, setInterval: () => 1, clearInterval: () => undefined };
  const made = new MiniWindowController(host, callPage, (_from, to) => prepared.push(to), (message) => errors.push(message));
  const changes = vi.fn();
  made.subscribe(changes);
  return { made, prepared, errors, changes };
}

describe('the mini window of a call view', () => {
  it('opens once however often it is asked, prepares its page, and forgets it when it closes', async () => {
    const popup = fakePopup();
    const open = vi.fn(async () => asWindow(popup));
    const { made, prepared, changes } = controller({ kind: 'document-pip', open });
    made.start();
    const [first, second] = await Promise.all([made.open(), made.open()]);
    expect(first).toBe(popup);
    expect(second).toBe(popup);
    await made.open();
    expect(open).toHaveBeenCalledOnce();
    expect(prepared).toEqual([popup.document]);
    expect(made.getSnapshot()).toBe(popup);
    // The user (or main) closes it: the page says so on its way out.
    popup.close();
    expect(made.getSnapshot()).toBeNull();
    expect(changes).toHaveBeenCalledTimes(2);
  });

  it('does not open before the call view starts or after it stops, and closes what arrives too late', async () => {
    const popup = fakePopup();
    let arrive: (value: Window) => void = () => undefined;
    const { made } = controller({ kind: 'electron-window', open: () => new Promise<Window>((resolve) => (arrive = resolve)) });
    await expect(made.open()).resolves.toBeNull();
    made.start();
    const opening = made.open();
    made.stop();
    arrive(asWindow(popup));
    await expect(opening).resolves.toBeNull();
    expect(popup.close).toHaveBeenCalled();
    expect(made.getSnapshot()).toBeNull();
  });

  it('stopping closes an open mini window; a refusal from the browser becomes a message', async () => {
    const popup = fakePopup();
    const { made } = controller({ kind: 'document-pip', open: async () => asWindow(popup) });
    made.start();
    await made.open();
    made.stop();
    expect(popup.close).toHaveBeenCalled();

    const refused = controller({
      kind: 'document-pip',
      open: () => Promise.reject(new DOMException('Document PiP requires user activation', 'NotAllowedError')),
    });
    refused.made.start();
    await expect(refused.made.open()).resolves.toBeNull();
    expect(refused.errors).toEqual(['The mini window could not open: Document PiP requires user activation']);
  });
});
