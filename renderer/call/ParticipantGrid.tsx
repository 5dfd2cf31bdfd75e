import type { TrackReferenceOrPlaceholder } from '@livekit/components-react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { computeGridLayout, pageCount } from './grid-layout';
import { ParticipantTile } from './ParticipantTile';
import { useSession, useSessionStore } from './CallSessionContext';

function useElementSize<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 1024, height: 640 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, size };
}

/** Paginated grid; reports which tiles are on screen so only their video is received. */
export function ParticipantGrid({
  tracks,
  onVisibleChange,
}: {
  tracks: TrackReferenceOrPlaceholder[];
  onVisibleChange(identities: string[]): void;
}) {
  const { ref, size } = useElementSize<HTMLDivElement>();
  const ui = useSession().stores.ui;
  const page = useSessionStore('ui', (state) => state.page);
  const setPage = useCallback((next: number) => ui.setState({ page: next }), [ui]);
  const layout = computeGridLayout(size.width, size.height, tracks.length);
  const pages = pageCount(tracks.length, layout.perPage);
  const current = Math.min(page, pages - 1);
  const visible = tracks.slice(current * layout.perPage, (current + 1) * layout.perPage);
  const visibleKey = visible.map((t) => t.participant.identity).join('\n');

  useEffect(() => {
    if (current !== page) setPage(current);
  }, [current, page, setPage]);
  useEffect(() => onVisibleChange(visibleKey ? visibleKey.split('\n') : []), [visibleKey, onVisibleChange]);

  return (
    <section className="grid-area" aria-label="Participants">
      <div
        ref={ref}
        className="grid"
        data-testid="participant-grid"
        data-per-page={layout.perPage}
        style={{ gridTemplateColumns: `repeat(${layout.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${layout.rows}, minmax(0, 1fr))` }}
      >
        {visible.map((trackRef) => (
          <ParticipantTile key={`${trackRef.participant.identity}:${trackRef.source}`} trackRef={trackRef} />
        ))}
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label="Grid pages">
          <button type="button" className="secondary" onClick={() => setPage(current - 1)} disabled={current === 0} aria-label="Previous page" data-testid="grid-prev">
            ‹
          </button>
          <span data-testid="grid-page" aria-live="polite">
            Page {current + 1} of {pages}
          </span>
          <button type="button" className="secondary" onClick={() => setPage(current + 1)} disabled={current >= pages - 1} aria-label="Next page" data-testid="grid-next">
            ›
          </button>
        </nav>
      )}
    </section>
  );
}
