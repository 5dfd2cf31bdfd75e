import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useSession, useSessionStore } from './CallSessionContext';
import { nameFor } from './participant-names';
import { CHAT_MAX_LENGTH } from './session';

export function ChatPanel() {
  const { actions } = useSession();
  const chat = useSessionStore('feed', (state) => state.chat);
  const trust = useSessionStore('trust', (state) => state);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const id = useId();

  useEffect(() => {
    listRef.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [chat.length]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = draft;
    setDraft('');
    try {
      await actions.sendChat(text);
      setError(null);
    } catch (failure) {
      setDraft(text);
      setError(failure instanceof RangeError ? failure.message : 'Your message could not be sent. Check your connection and try again.');
    }
  };

  return (
    <aside className="panel" aria-labelledby={`${id}-title`} data-testid="chat-panel">
      <h2 id={`${id}-title`}>Chat</h2>
      <div role="log" aria-live="polite" className="chat-log-region" data-testid="chat-log">
      <ol className="chat-log" ref={listRef}>
        {chat.map((entry) => (
          <li key={entry.key} className={entry.local ? 'mine' : ''}>
            <span className="chat-from">{entry.fromName}</span>
            <span className="chat-text">{entry.text}</span>
            {entry.notSentTo.length > 0 && (
              <span className="chat-partial" data-testid="chat-partial">
                Not sent to: {entry.notSentTo.map((identity) => nameFor(trust, identity, undefined, false)).join(', ')}
              </span>
            )}
            {entry.local && entry.awaiting.length > 0 && entry.undelivered.length === 0 && (
              <span className="chat-partial" data-testid="chat-sending">
                Sending…
              </span>
            )}
            {entry.undelivered.length > 0 && (
              <span className="chat-partial" data-testid="chat-undelivered">
                Not delivered to: {entry.undelivered.map((identity) => nameFor(trust, identity, undefined, false)).join(', ')}{' '}
                <button type="button" className="link-button" onClick={() => void actions.retryChat(entry.key).catch(() => undefined)} data-testid="chat-retry">
                  Send again
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      </div>
      <form onSubmit={(event) => void submit(event)} className="chat-form">
        <label htmlFor={`${id}-input`} className="visually-hidden">
          Message
        </label>
        <input
          id={`${id}-input`}
          data-testid="chat-input"
          value={draft}
          maxLength={CHAT_MAX_LENGTH}
          placeholder="Message everyone"
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" data-testid="chat-send" disabled={!draft.trim()}>
          Send
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </aside>
  );
}
