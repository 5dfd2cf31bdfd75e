import { describeRoomLinkForLog, formatRoomLink, parseRoomLink, type RoomLink } from '../../shared/room-link';
import type { Logger } from '../logger';
import { createPendingLink } from '../pending-link';
import { findLinkInArgv } from './argv-link';

export type LinkSource = 'argv' | 'second-instance' | 'open-url' | 'universal-link';

/** Whether a link's server may be joined straight away, needs the user's yes, or is refused (with the reason). */
export type HostDecision = { kind: 'allowed' } | { kind: 'ask' } | { kind: 'denied'; message: string };

export interface LinkRouterDeps {
  decideHost(link: RoomLink): HostDecision;
  /** "Join a call on <host>?"; `remember` when the user ticked "always allow". */
  confirmHost(link: RoomLink): Promise<{ join: boolean; remember: boolean }>;
  rememberHost(link: RoomLink): Promise<void>;
  isInCall(): boolean;
  /** "Leave the current call?"; true to switch. */
  confirmLeaveCall(link: RoomLink): Promise<boolean>;
  /** Explains a refused link (organisation policy). */
  tellUser(message: string): Promise<void>;
  /** Hands the canonical link to a renderer that is already running (`link:opened`). */
  deliver(link: string): void;
  log: Logger;
}

/**
 * Every room link the OS hands us (cold-start argv, a second instance, macOS open-url) goes through here. Only a
 * parsed link is kept; it waits until the app is ready to ask questions and the window is ready to take it, then
 * passes the host check and, during a call, the "leave this call?" question. Links are handled one at a time and
 * the newest waiting link replaces an older one, so two quick clicks never produce two dialogs for stale links.
 */
export function createLinkRouter(deps: LinkRouterDeps) {
  let appReady = false;
  let rendererReady = false;
  let waiting: RoomLink | null = null;
  /** Accepted, for the renderer to take when it loads. */
  const accepted = createPendingLink();
  let draining: Promise<void> = Promise.resolve();

  const admit = async (link: RoomLink): Promise<boolean> => {
    const decision = deps.decideHost(link);
    if (decision.kind === 'denied') {
      deps.log.warn(`link refused by policy: ${describeRoomLinkForLog(link)}`);
      await deps.tellUser(decision.message);
      return false;
    }
    if (decision.kind === 'ask') {
      const answer = await deps.confirmHost(link);
      if (!answer.join) {
        deps.log.info(`link declined by the user: ${describeRoomLinkForLog(link)}`);
        return false;
      }
      if (answer.remember) await deps.rememberHost(link);
    }
    if (deps.isInCall() && !(await deps.confirmLeaveCall(link))) {
      deps.log.info(`link arrived during a call; the user stayed: ${describeRoomLinkForLog(link)}`);
      return false;
    }
    return true;
  };

  const drainOnce = async (): Promise<void> => {
    while (appReady && waiting) {
      const link = waiting;
      waiting = null;
      if (!(await admit(link))) continue;
      deps.log.info(`opening ${describeRoomLinkForLog(link)}`);
      if (rendererReady) deps.deliver(formatRoomLink(link, 'web'));
      else accepted.offer(formatRoomLink(link, 'web'));
    }
  };

  const drain = (): Promise<void> => {
    draining = draining.then(drainOnce).catch((error: unknown) => {
      deps.log.error(`link handling failed: ${error instanceof Error ? error.message : 'unknown error'}`);
    });
    return draining;
  };

  const queue = (link: RoomLink, source: LinkSource): Promise<void> => {
    deps.log.info(`link received (${source}): ${describeRoomLinkForLog(link)}`);
    waiting = link;
    return drain();
  };

  return {
    /** A URL from the OS (macOS open-url). Returns whether it was a room link. */
    receiveUrl(url: unknown, source: LinkSource): boolean {
      const parsed = parseRoomLink(url);
      if (!parsed.ok) {
        deps.log.warn(`ignored a ${source} URL that is not a room link (${parsed.error.code})`);
        return false;
      }
      void queue(parsed.value, source);
      return true;
    },
    /** A command line (cold start, second instance). Returns whether it carried a room link. */
    receiveArgv(argv: readonly string[], source: LinkSource): boolean {
      const found = findLinkInArgv(argv);
      if (found.kind === 'rejected') deps.log.warn(`ignored a ${source} command line with an unsafe link (${found.reason})`);
      if (found.kind !== 'link') return false;
      void queue(found.link, source);
      return true;
    },
    /** From 'ready' on, dialogs can be shown. */
    appReady(): Promise<void> {
      appReady = true;
      return drain();
    },
    /** The renderer asks once it has loaded (`link:take-pending`); from then on links are pushed to it. */
    takePending(): string | null {
      rendererReady = true;
      return accepted.take();
    },
    /** The window closed or reloads: hold links again until the renderer asks. */
    rendererGone(): void {
      rendererReady = false;
    },
    /** Resolves when every link received so far has been handled (tests, orderly shutdown). */
    settled: (): Promise<void> => draining,
  };
}

export type LinkRouter = ReturnType<typeof createLinkRouter>;
