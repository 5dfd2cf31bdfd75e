import { useId, useState } from 'react';
import { ManagedLock } from '../app/ManagedLock';
import type { UpdateStatus } from '../../shared/updates';
import { updateView, type UpdateAction } from './update-view';

/** `run` performs a button's action and answers a message only when it failed (settings-actions' runUpdateAction). */
export function UpdatesSection({ status, run }: { status: UpdateStatus | null; run(kind: UpdateAction): Promise<string | null> }) {
  const [actionMessage, setActionMessage] = useState<string | null>(null);
  const titleId = useId();
  const view = updateView(status);
  const action = view.action;

  return (
    <section className="card" aria-labelledby={titleId} data-testid="settings-updates">
      <h2 id={titleId}>Updates</h2>
      <p className={view.tone === 'error' ? 'field-error' : 'field-hint'} aria-live="polite" data-testid="updates-message">
        {view.message} {view.tone === 'managed' && <ManagedLock />}
      </p>
      {view.percent !== null && <progress max={100} value={view.percent} aria-labelledby={titleId} data-testid="updates-progress" />}
      {action && (
        <div className="row">
          <button type="button" data-testid={`updates-${action.kind}`} onClick={() => void run(action.kind).then(setActionMessage)}>
            {action.label}
          </button>
        </div>
      )}
      {actionMessage && (
        <p className="field-error" role="alert">
          {actionMessage}
        </p>
      )}
    </section>
  );
}
