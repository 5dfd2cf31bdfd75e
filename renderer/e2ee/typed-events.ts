/**
 * A minimal typed emitter (string enum + callback map, as livekit-client's TypedEmitter). Node's `events` module is
 * not available to the renderer's layer, and we need only on/off/emit. A throwing listener cannot break the
 * protocol: its error goes to `onListenerError` (with the event it was handling) instead of into the state machine.
 */
type Callbacks = Record<string, (...args: never[]) => void>;

export class TypedEvents<C extends Callbacks> {
  private readonly listeners = new Map<keyof C, Set<C[keyof C]>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof C) => void = () => undefined) {}

  on<E extends keyof C>(event: E, listener: C[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<E extends keyof C>(event: E, listener: C[E]): void {
    this.listeners.get(event)?.delete(listener);
  }

  protected emit<E extends keyof C>(event: E, ...args: Parameters<C[E]>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (...a: Parameters<C[E]>) => void)(...args);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
