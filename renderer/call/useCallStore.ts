import { create } from 'zustand';
import type { CallMessage } from './call-messages';

export type CallPhase = 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'failed';
export type CallLayout = 'grid' | 'speaker';
export type CallPanel = 'chat' | 'people' | 'server' | null;

export interface ChatEntry {
  id: string;
  from: string;
  fromName: string;
  text: string;
  at: number;
  local: boolean;
}

export interface ReactionEntry {
  key: number;
  identity: string;
  emoji: string;
}

export interface MemberState {
  /** From the authenticated handshake; never the server's participant name. */
  name: string | null;
  verified: boolean;
}

interface CallState {
  phase: CallPhase;
  /** Whether this call is end-to-end encrypted (decided by the link, never switchable in the call). */
  e2ee: boolean;
  localName: string;
  members: Record<string, MemberState>;
  securityCode: string | null;
  securityWarning: string | null;
  /** Bumped whenever a member's media key arrives: what may be received can change then. */
  keysVersion: number;
  /** When each participant was first seen, for the "what the server sees" panel. */
  joinedAt: Record<string, number>;
  /** Why the call ended or failed, in words for the user. */
  endMessage: string | null;
  notice: string | null;
  layout: CallLayout;
  panel: CallPanel;
  page: number;
  chat: ChatEntry[];
  unread: number;
  hands: Record<string, boolean>;
  reactions: ReactionEntry[];
  shortcutsOpen: boolean;
  setPhase(phase: CallPhase, endMessage?: string): void;
  setNotice(notice: string | null): void;
  setLayout(layout: CallLayout): void;
  togglePanel(panel: Exclude<CallPanel, null>): void;
  setPage(page: number): void;
  addChat(entry: ChatEntry): void;
  setHand(identity: string, raised: boolean): void;
  forget(identity: string): void;
  addReaction(identity: string, emoji: string): number;
  removeReaction(key: number): void;
  setShortcutsOpen(open: boolean): void;
  setMember(identity: string, member: MemberState): void;
  setSecurityCode(code: string | null): void;
  noteKeyReceived(): void;
  setSecurityWarning(message: string | null): void;
  noteJoined(identity: string, at: number): void;
  reset(call: { e2ee: boolean; localName: string }): void;
}

const initial = {
  phase: 'connecting' as CallPhase,
  e2ee: true,
  localName: '',
  members: {} as Record<string, MemberState>,
  securityCode: null as string | null,
  securityWarning: null as string | null,
  keysVersion: 0,
  joinedAt: {} as Record<string, number>,
  endMessage: null,
  notice: null,
  layout: 'grid' as CallLayout,
  panel: null as CallPanel,
  page: 0,
  chat: [] as ChatEntry[],
  unread: 0,
  hands: {} as Record<string, boolean>,
  reactions: [] as ReactionEntry[],
  shortcutsOpen: false,
};

let reactionKey = 0;

/** App state of the current call: plain data only. Room, participants and tracks are read through LiveKit hooks. */
export const useCallStore = create<CallState>((set) => ({
  ...initial,
  setPhase: (phase, endMessage) => set((state) => ({ phase, endMessage: endMessage ?? state.endMessage })),
  setNotice: (notice) => set({ notice }),
  setLayout: (layout) => set({ layout }),
  togglePanel: (panel) => set((state) => ({ panel: state.panel === panel ? null : panel, unread: panel === 'chat' ? 0 : state.unread })),
  setPage: (page) => set({ page }),
  addChat: (entry) =>
    set((state) => ({ chat: [...state.chat, entry].slice(-500), unread: state.panel === 'chat' || entry.local ? state.unread : state.unread + 1 })),
  setHand: (identity, raised) => set((state) => ({ hands: { ...state.hands, [identity]: raised } })),
  forget: (identity) =>
    set((state) => {
      const hands = { ...state.hands };
      delete hands[identity];
      return { hands };
    }),
  addReaction: (identity, emoji) => {
    const key = ++reactionKey;
    set((state) => ({ reactions: [...state.reactions, { key, identity, emoji }].slice(-50) }));
    return key;
  },
  removeReaction: (key) => set((state) => ({ reactions: state.reactions.filter((r) => r.key !== key) })),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setMember: (identity, member) => set((state) => ({ members: { ...state.members, [identity]: member } })),
  setSecurityCode: (securityCode) => set({ securityCode }),
  noteKeyReceived: () => set((state) => ({ keysVersion: state.keysVersion + 1 })),
  setSecurityWarning: (securityWarning) => set({ securityWarning }),
  noteJoined: (identity, at) => set((state) => (state.joinedAt[identity] ? state : { joinedAt: { ...state.joinedAt, [identity]: at } })),
  reset: (call) => set({ ...initial, ...call }),
}));

export type { CallMessage };
