import { useEffect, useState } from 'react';
import { useSession, useSessionStore } from './CallSessionContext';
import { describeReconnect } from './reconnect-message';

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

function useSecondTicks(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** While the call reconnects: what is happening, for how long, and a way out. */
export function ReconnectBanner() {
  const session = useSession();
  const reconnect = useSessionStore('status', (state) => state.reconnect);
  const online = useOnline();
  const now = useSecondTicks(reconnect !== null);
  if (!reconnect) return null;
  const message = describeReconnect(reconnect, { now, online, host: session.link.host });
  return (
    <p className="warning" role="status" data-testid="reconnecting" data-kind={message.kind}>
      {message.text} <span data-testid="reconnecting-elapsed">{message.elapsedSeconds} s</span>{' '}
      <button type="button" className="link-button" onClick={() => void session.leave()} data-testid="reconnecting-leave">
        Leave
      </button>
    </p>
  );
}
