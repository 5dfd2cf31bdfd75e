import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { ScreenSelection, ScreenSource } from '../../shared/ipc/channels';
import { bridge } from '../bridge/bridge';
import { selectPickerRequest, selectSelectedSource, useScreenPickerStore } from './useScreenPickerStore';
import './screen-share.css';

const GROUPS: Array<{ kind: ScreenSource['kind']; title: string }> = [
  { kind: 'screen', title: 'Screens' },
  { kind: 'window', title: 'Windows' },
  { kind: 'tab', title: 'Browser tabs' },
];

function SourceOption({ source, selected, onSelect }: { source: ScreenSource; selected: boolean; onSelect(): void }) {
  return (
    <button
      type="button"
      role="radio"
      aria-checked={selected}
      className={`screen-source${selected ? ' selected' : ''}`}
      onClick={onSelect}
      data-testid="screen-source"
      data-source-id={source.id}
    >
      {source.thumbnail ? <img className="screen-source-thumb" src={source.thumbnail} alt="" /> : <span className="screen-source-thumb placeholder" aria-hidden="true" />}
      <span className="screen-source-name">
        {source.appIcon && <img className="screen-source-icon" src={source.appIcon} alt="" />}
        {source.name}
      </span>
    </button>
  );
}

/**
 * Sealroom's screen picker. Mount it once while a call can share: it opens whenever getDisplayMedia is called
 * (main's display-media handler on the desktop, the web bridge in a browser) and always answers, so a cancelled
 * pick never leaves the next share hanging.
 */
export function ScreenSharePicker() {
  const request = useScreenPickerStore(selectPickerRequest);
  const selected = useScreenPickerStore(selectSelectedSource);
  const shareAudio = useScreenPickerStore((state) => state.shareAudio);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialogRef = useRef<HTMLElement>(null);
  const titleId = useId();

  useEffect(() => {
    const { open, updateSources, close } = useScreenPickerStore.getState();
    const unsubscribe = [
      bridge.onScreenPickRequest(open),
      bridge.onScreenSourcesUpdated(({ requestId, sources }) => updateSources(requestId, sources)),
      bridge.onScreenPickCancelled(({ requestId }) => close(requestId)),
    ];
    return () => unsubscribe.forEach((off) => off());
  }, []);

  // A new request (not a refreshed one) starts without the previous error and takes the focus.
  const requestId = request?.requestId;
  useEffect(() => {
    setError(null);
    if (requestId !== undefined) dialogRef.current?.focus();
  }, [requestId]);

  if (!request) return null;

  const answer = async (choice: ScreenSelection['choice']) => {
    setBusy(true);
    const store = useScreenPickerStore.getState();
    if (choice && selected) store.choose(selected);
    const result = await bridge.selectScreenSource({ requestId: request.requestId, choice });
    setBusy(false);
    // A cancel ends the request whatever main answered; a refused choice leaves the picker open to pick again.
    if (result.ok || !choice) store.close(request.requestId);
    else setError(result.error.message);
  };
  const cancel = () => void answer(null);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    }
  };
  const openSettings = async (pane: NonNullable<NonNullable<typeof request.blocked>['pane']>) => {
    const result = await bridge.openMediaSettings(pane);
    if (!result.ok) setError(result.error.message);
  };

  return (
    <div className="modal-backdrop">
      <section
        ref={dialogRef}
        className="screen-picker"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid="screen-picker"
      >
        <h2 id={titleId}>Share your screen</h2>
        {request.blocked ? (
          <>
            <p className="warning" role="alert" data-testid="screen-picker-blocked">
              {request.blocked.message}
            </p>
            {error && <p className="field-error" role="alert">{error}</p>}
            <div className="row">
              {request.blocked.pane && (
                <button type="button" onClick={() => void openSettings(request.blocked!.pane!)} data-testid="screen-picker-open-settings">
                  Open System Settings
                </button>
              )}
              <button type="button" className="secondary" onClick={cancel} data-testid="screen-picker-cancel">
                Close
              </button>
            </div>
          </>
        ) : (
          <>
            <div className="screen-picker-body">
              <div className="screen-picker-sources">
                {request.sources.length === 0 && <p className="field-hint">No screens or windows to share right now.</p>}
                {GROUPS.map(({ kind, title }) => {
                  const sources = request.sources.filter((source) => source.kind === kind);
                  if (sources.length === 0) return null;
                  return (
                    <div key={kind} role="radiogroup" aria-label={title}>
                      <h3>{title}</h3>
                      <div className="screen-source-grid">
                        {sources.map((source) => (
                          <SourceOption
                            key={source.id}
                            source={source}
                            selected={source.id === selected?.id}
                            onSelect={() => useScreenPickerStore.getState().select(source.id)}
                          />
                        ))}
                      </div>
                    </div>
                  );
                })}
              </div>
              <aside className="screen-picker-preview" aria-label="What will be shared" data-testid="screen-picker-preview">
                {selected?.thumbnail ? (
                  <img src={selected.thumbnail} alt={`Preview of ${selected.name}`} />
                ) : selected ? (
                  <p className="field-hint">
                    Your browser asks which {selected.kind === 'tab' ? 'tab' : selected.kind} to share next. You will see exactly what is
                    shared before anyone else does.
                  </p>
                ) : null}
                {selected && <p className="screen-picker-selected">{selected.name}</p>}
              </aside>
            </div>
            {request.audioSupported && (
              <label className="switch">
                <input
                  type="checkbox"
                  checked={shareAudio}
                  onChange={(event) => useScreenPickerStore.getState().setShareAudio(event.target.checked)}
                  data-testid="screen-picker-audio"
                />
                Also share the sound it plays
              </label>
            )}
            {error && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
            <div className="row">
              <button type="button" className="secondary" onClick={cancel} disabled={busy} data-testid="screen-picker-cancel">
                Cancel
              </button>
              <button
                type="button"
                onClick={() => selected && void answer({ sourceId: selected.id, audio: shareAudio })}
                disabled={!selected || busy}
                data-testid="screen-picker-share"
              >
                Share
              </button>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
