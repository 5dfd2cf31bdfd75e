import { create } from 'zustand';
import type { ScreenPickRequest, ScreenSource } from '../../shared/ipc/channels';

interface ScreenPickerState {
  /** The open request, or null when the picker is closed. */
  request: ScreenPickRequest | null;
  selectedId: string | null;
  shareAudio: boolean;
  /** What the user last chose, so the sharing bar can name it ("You are sharing Quarterly report.pdf"). */
  chosen: { name: string; kind: ScreenSource['kind'] } | null;
  open(request: ScreenPickRequest): void;
  updateSources(requestId: string, sources: ScreenSource[]): void;
  close(requestId: string): void;
  select(sourceId: string): void;
  setShareAudio(shareAudio: boolean): void;
  choose(source: ScreenSource): void;
}

/** Plain picker state: the request main (or the web bridge) sent and what the user has selected in it. */
export const useScreenPickerStore = create<ScreenPickerState>((set) => ({
  request: null,
  selectedId: null,
  shareAudio: false,
  chosen: null,
  open: (request) => set({ request, selectedId: request.sources[0]?.id ?? null, shareAudio: false }),
  updateSources: (requestId, sources) =>
    set((state) => {
      if (state.request?.requestId !== requestId) return state;
      // A window that closed while the picker was open drops out, and so does the selection pointing at it.
      const selectedId = sources.some((source) => source.id === state.selectedId) ? state.selectedId : (sources[0]?.id ?? null);
      return { request: { ...state.request, sources }, selectedId };
    }),
  close: (requestId) => set((state) => (state.request?.requestId === requestId ? { request: null, selectedId: null } : state)),
  select: (selectedId) => set({ selectedId }),
  setShareAudio: (shareAudio) => set({ shareAudio }),
  choose: (source) => set({ chosen: { name: source.name, kind: source.kind } }),
}));

export const selectPickerRequest = (state: ScreenPickerState) => state.request;
export const selectSelectedSource = (state: ScreenPickerState): ScreenSource | null =>
  state.request?.sources.find((source) => source.id === state.selectedId) ?? null;
