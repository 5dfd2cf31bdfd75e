import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAnnouncerStore, createListeningStore, type AnnouncerState, type ListeningState } from './listening-store';
import type { EffectChoices } from '../../devices/effects';
import { createEffectsStore, type EffectsState } from './call-effects';

/**
 * The plain, serialisable state a call session writes and its views read. Each session makes its own stores, so a
 * new call never shows the previous call's state, and nothing needs resetting. SDK objects never go in here.
 */

export type CallPhase = 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'failed';
export type CallLayout = 'grid' | 'speaker';
export type CallPanel = 'chat' | 'people' | 'server' | 'security' | 'stats' | null;

/**
 * While the phase is `reconnecting`: `resuming` when only the signalling connection dropped (media and keys carry
 * on), `rejoining` when the SDK rebuilds the whole connection (others drop out of view until it is back).
 */
export interface ReconnectState {
  kind: 'resuming' | 'rejoining';
  since: number;
}

export interface StatusState {
  phase: CallPhase;
  reconnect: ReconnectState | null;
  /** Why the call ended or failed, in words for the user. */
  endMessage: string | null;
  /** A dismissable notice (device errors, time-limit warnings). */
  notice: string | null;
}

export interface UiState {
  layout: CallLayout;
  panel: CallPanel;
  page: number;
  shortcutsOpen: boolean;
  unread: number;
}

export interface ChatEntry {
  /** Unique in the call: the sender's identity and the sender's message id. */
  key: string;
  from: string;
  fromName: string;
  text: string;
  at: number;
  local: boolean;
  /** Received: verified members the sender left out of this message (E2EE calls); empty otherwise. */
  notSentTo: string[];
  /** Sent by us: the transport's ids of each attempt, and who has not acknowledged it yet (E2EE calls). */
  transportIds: string[];
  awaiting: string[];
  /** Sent by us: members it did not reach (they left, or could not be sent to); the user can send it again. */
  undelivered: string[];
}

export interface ReactionEntry {
  key: number;
  identity: string;
  emoji: string;
}

export interface FeedState {
  chat: ChatEntry[];
  hands: Record<string, boolean>;
  reactions: ReactionEntry[];
}

export interface MemberView {
  /** From the authenticated handshake; never the server's participant name. */
  name: string | null;
  verified: boolean;
  /** False while a verified member does not acknowledge heartbeats (it gets no new keys). */
  responsive: boolean;
  hasKey: boolean;
}

export type SecurityWarningKind =
  /** The server reported an unencrypted track for this participant: it is blocked. */
  | 'unencrypted-track'
  /** A conflicting or second handshake for this member was dropped: possible interception. */
  | 'conflicting-hello'
  | 'second-session'
  | 'restart-flood'
  /** Keys are not reaching this member. */
  | 'delivery-stalled'
  /** The server pushed a track nobody asked for; it was stopped. */
  | 'unsolicited-track'
  /** Our own E2EE machinery failed: treat the call as not secure. */
  | 'protocol-error';

export interface SecurityWarning {
  kind: SecurityWarningKind;
  identity: string | null;
}

export interface TrustState {
  /** Decided by the link; never switchable in the call. */
  e2ee: boolean;
  localName: string;
  localIdentity: string;
  members: Record<string, MemberView>;
  code: string | null;
  /** Fingerprint per identity covered by the code (this device included). */
  fingerprints: Record<string, string>;
  warnings: SecurityWarning[];
}

export interface SessionStores {
  status: StoreApi<StatusState>;
  ui: StoreApi<UiState>;
  feed: StoreApi<FeedState>;
  trust: StoreApi<TrustState>;
  listening: StoreApi<ListeningState>;
  announcer: StoreApi<AnnouncerState>;
  effects: StoreApi<EffectsState>;
}

export function createSessionStores(call: { e2ee: boolean; localName: string; effects: EffectChoices }): SessionStores {
  return {
    status: createStore<StatusState>(() => ({ phase: 'connecting', reconnect: null, endMessage: null, notice: null })),
    ui: createStore<UiState>(() => ({ layout: 'grid', panel: null, page: 0, shortcutsOpen: false, unread: 0 })),
    feed: createStore<FeedState>(() => ({ chat: [], hands: {}, reactions: [] })),
    trust: createStore<TrustState>(() => ({ e2ee: call.e2ee, localName: call.localName, localIdentity: '', members: {}, code: null, fingerprints: {}, warnings: [] })),
    listening: createListeningStore(),
    announcer: createAnnouncerStore(),
    effects: createEffectsStore(call.effects),
  };
}

const CHAT_KEPT = 500;
const REACTIONS_KEPT = 50;

/** Small named updates, so views and the session never spread state by hand. */
export const feedActions = {
  addChat(store: StoreApi<FeedState>, ui: StoreApi<UiState>, entry: ChatEntry): boolean {
    const { chat } = store.getState();
    if (chat.some((existing) => existing.key === entry.key)) return false;
    store.setState({ chat: [...chat, entry].slice(-CHAT_KEPT) });
    if (!entry.local && ui.getState().panel !== 'chat') ui.setState((state) => ({ unread: state.unread + 1 }));
    return true;
  },
  /** A member acknowledged (or, having left, never got) one attempt of a message we sent. */
  delivery(store: StoreApi<FeedState>, transportId: string, identity: string, delivered: boolean): void {
    store.setState((state) => ({
      chat: state.chat.map((entry) =>
        entry.transportIds.includes(transportId)
          ? {
              ...entry,
              awaiting: entry.awaiting.filter((id) => id !== identity),
              undelivered: delivered ? entry.undelivered.filter((id) => id !== identity) : [...new Set([...entry.undelivered, identity])],
            }
          : entry,
      ),
    }));
  },
  setHand(store: StoreApi<FeedState>, identity: string, raised: boolean): void {
    store.setState((state) => ({ hands: { ...state.hands, [identity]: raised } }));
  },
  forget(store: StoreApi<FeedState>, identity: string): void {
    store.setState((state) => {
      const hands = { ...state.hands };
      delete hands[identity];
      return { hands };
    });
  },
  addReaction(store: StoreApi<FeedState>, entry: ReactionEntry): void {
    store.setState((state) => ({ reactions: [...state.reactions, entry].slice(-REACTIONS_KEPT) }));
  },
  removeReaction(store: StoreApi<FeedState>, key: number): void {
    store.setState((state) => ({ reactions: state.reactions.filter((reaction) => reaction.key !== key) }));
  },
};

export const uiActions = {
  togglePanel(store: StoreApi<UiState>, panel: Exclude<CallPanel, null>): void {
    store.setState((state) => ({ panel: state.panel === panel ? null : panel, unread: panel === 'chat' ? 0 : state.unread }));
  },
};

export const trustActions = {
  setMember(store: StoreApi<TrustState>, identity: string, change: Partial<MemberView>): void {
    store.setState((state) => {
      const previous = state.members[identity] ?? { name: null, verified: false, responsive: true, hasKey: false };
      return { members: { ...state.members, [identity]: { ...previous, ...change } } };
    });
  },
  warn(store: StoreApi<TrustState>, warning: SecurityWarning): void {
    store.setState((state) =>
      state.warnings.some((w) => w.kind === warning.kind && w.identity === warning.identity) ? state : { warnings: [...state.warnings, warning] },
    );
  },
  clearWarning(store: StoreApi<TrustState>, kind: SecurityWarningKind, identity: string | null): void {
    store.setState((state) => ({ warnings: state.warnings.filter((w) => !(w.kind === kind && w.identity === identity)) }));
  },
};
