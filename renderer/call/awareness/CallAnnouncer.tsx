import { useSessionStore } from '../CallSessionContext';

/** The call's polite live region: joins, leaves and raised hands, read out by screen readers. */
export function CallAnnouncer() {
  const announcement = useSessionStore('announcer', (state) => state.announcement);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="call-announcer">
      {announcement && <span key={announcement.id}>{announcement.text}</span>}
    </div>
  );
}
