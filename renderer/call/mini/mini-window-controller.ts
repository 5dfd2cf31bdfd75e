import type { MiniWindowHost } from './mini-window-host';

/** How often a closed mini window is noticed when its page could not say so (pagehide is the usual way). */
const CLOSED_POLL_MS = 1000;

export interface ControllerPage {
  readonly document: Document;
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/**
 * The mini window of one call view: opens it through its host, hands its page to the view to draw into, and forgets
 * it when it closes, whoever closed it (the user, main, the call ending). For `useSyncExternalStore`.
 */
export class MiniWindowController {
  private current: Window | null = null;
  private opening: Promise<Window | null> | null = null;
  private watch: unknown = null;
  private active = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly host: MiniWindowHost,
    private readonly page: ControllerPage,
    private readonly prepare: (from: Document, to: Document) => void,
    private readonly onError: (message: string) => void,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): Window | null => this.current;

  /** The call view is showing: the mini window may open. */
  start(): void {
    this.active = true;
  }

  /** The call view is gone: close, and close what is still opening when it arrives. */
  stop(): void {
    this.active = false;
    this.close();
  }

  /** Opens the mini window unless it is open or opening; resolves to its page, or null when refused. */
  open(): Promise<Window | null> {
    if (!this.active) return Promise.resolve(null);
    if (this.current) return Promise.resolve(this.current);
    this.opening ??= this.host
      .open()
      .catch((error: unknown) => {
        this.onError(`The mini window could not open: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      })
      .then((opened) => {
        this.opening = null;
        if (!opened) return null;
        if (!this.active) {
          opened.close();
          return null;
        }
        this.adopt(opened);
        return opened;
      });
    return this.opening;
  }

  close(): void {
    const open = this.current;
    this.forget();
    open?.close();
  }

  private adopt(opened: Window): void {
    this.prepare(this.page.document, opened.document);
    this.current = opened;
    opened.addEventListener('pagehide', () => {
      if (this.current === opened) this.forget();
    });
    this.watch = this.page.setInterval(() => {
      if (this.current === opened && opened.closed) this.forget();
    }, CLOSED_POLL_MS);
    this.listeners.forEach((listener) => listener());
  }

  private forget(): void {
    if (this.watch !== null) this.page.clearInterval(this.watch);
    this.watch = null;
    if (!this.current) return;
    this.current = null;
    this.listeners.forEach((listener) => listener());
  }
}
