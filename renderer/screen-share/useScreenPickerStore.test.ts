import { beforeEach, describe, expect, it } from 'vitest';
import type { ScreenSource } from '../../shared/ipc/channels';
import { selectSelectedSource, useScreenPickerStore } from './useScreenPickerStore';

const source = (id: string, kind: ScreenSource['kind'] = 'window'): ScreenSource => ({ id, name: id, kind, thumbnail: null, appIcon: null });

describe('screen picker store', () => {
  beforeEach(() => useScreenPickerStore.setState({ request: null, selectedId: null, shareAudio: false, chosen: null }));

  it('opens with the first source selected and audio off', () => {
    useScreenPickerStore.getState().setShareAudio(true);
    useScreenPickerStore.getState().open({ requestId: 'r1', sources: [source('screen:0:0', 'screen'), source('window:1:0')], audioSupported: true, blocked: null });
    expect(useScreenPickerStore.getState()).toMatchObject({ selectedId: 'screen:0:0', shareAudio: false });
  });

  it('keeps the selection across refreshes and moves off a window that closed', () => {
    const store = useScreenPickerStore.getState();
    store.open({ requestId: 'r1', sources: [source('screen:0:0', 'screen'), source('window:1:0')], audioSupported: false, blocked: null });
    store.select('window:1:0');
    store.updateSources('r1', [source('screen:0:0', 'screen'), source('window:1:0'), source('window:2:0')]);
    expect(selectSelectedSource(useScreenPickerStore.getState())?.id).toBe('window:1:0');
    store.updateSources('r1', [source('screen:0:0', 'screen')]);
    expect(useScreenPickerStore.getState().selectedId).toBe('screen:0:0');
    store.updateSources('other', []);
    expect(useScreenPickerStore.getState().request?.sources).toHaveLength(1);
  });

  it('closes only the request it was told about', () => {
    const store = useScreenPickerStore.getState();
    store.open({ requestId: 'r2', sources: [], audioSupported: false, blocked: null });
    store.close('r1');
    expect(useScreenPickerStore.getState().request?.requestId).toBe('r2');
    store.close('r2');
    expect(useScreenPickerStore.getState().request).toBeNull();
  });
});
