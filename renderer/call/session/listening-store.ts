import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * How this device plays each member: a volume and "mute for me" per identity. Only this device's playback changes;
 * nothing is sent, and the member is not told.
 */
export interface ListeningState {
  /** 0…1 per identity; absent: full volume. */
  volume: Record<string, number>;
  mutedForMe: Record<string, boolean>;
}

/** What the call's live region says next (joins, leaves, hands); `id` changes with every announcement. */
export interface AnnouncerState {
  announcement: { id: number; text: string } | null;
}

export const createListeningStore = (): StoreApi<ListeningState> => createStore<ListeningState>(() => ({ volume: {}, mutedForMe: {} }));
export const createAnnouncerStore = (): StoreApi<AnnouncerState> => createStore<AnnouncerState>(() => ({ announcement: null }));

/** The volume an identity's audio element gets. */
export const selectPlaybackVolume = (identity: string) => (state: ListeningState) => (state.mutedForMe[identity] ? 0 : (state.volume[identity] ?? 1));

export const listeningActions = {
  setVolume(store: StoreApi<ListeningState>, identity: string, volume: number): void {
    const clamped = Math.min(1, Math.max(0, Number.isFinite(volume) ? volume : 1));
    store.setState((state) => ({ volume: { ...state.volume, [identity]: clamped } }));
  },
  setMutedForMe(store: StoreApi<ListeningState>, identity: string, muted: boolean): void {
    store.setState((state) => ({ mutedForMe: { ...state.mutedForMe, [identity]: muted } }));
  },
  announce(store: StoreApi<AnnouncerState>, text: string): void {
    store.setState((state) => ({ announcement: { id: (state.announcement?.id ?? 0) + 1, text } }));
  },
};
