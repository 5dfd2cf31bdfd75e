import { useState } from 'react';
import './handoff.css';

/**
 * A room link opened in a browser: "Open in Sealroom" hands the same link to the desktop app through sealroom://,
 * "Join in the browser" stays on this page. The lobby underneath works either way.
 */
export function HandoffBanner({ appLink }: { appLink: string }) {
  const [choice, setChoice] = useState<'none' | 'app' | 'browser'>('none');
  if (choice === 'browser') return null;
  return (
    <section className="handoff" aria-label="Open this call in the Sealroom app" data-testid="handoff-choice">
      <p>Have the Sealroom desktop app? Open this call there, or join right here in the browser.</p>
      <div className="row">
        <a className="button" href={appLink} onClick={() => setChoice('app')} data-testid="handoff-open-app">
          Open in Sealroom
        </a>
        <button type="button" className="secondary" onClick={() => setChoice('browser')} data-testid="handoff-join-browser">
          Join in the browser
        </button>
      </div>
      {choice === 'app' && (
        <p className="field-hint" role="status" data-testid="handoff-app-hint">
          If Sealroom did not open, it may not be installed on this computer. Choose "Join in the browser" instead.
        </p>
      )}
    </section>
  );
}
