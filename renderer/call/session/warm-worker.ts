/**
 * One E2EE worker started while the lobby is up, so Join does not wait for the worker's script to load and compile
 * (≈100 ms of a 2-core machine's join, competing with ICE and DTLS). Taken once; later calls get a fresh worker. At
 * most one waits unused (a lobby left without joining), and the next call takes it.
 */
export interface WarmWorker {
  warm(): void;
  take(): Worker;
}

export function warmWorker(create: () => Worker): WarmWorker {
  let waiting: Worker | null = null;
  return {
    warm() {
      waiting ??= create();
    },
    take() {
      const worker = waiting ?? create();
      waiting = null;
      return worker;
    },
  };
}
