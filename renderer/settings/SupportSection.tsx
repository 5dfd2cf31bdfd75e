import { useId, useState } from 'react';

export type ExportOutcome = { ok: true; saved: boolean; file: string | null } | { ok: false; message: string };

function outcomeMessage(outcome: ExportOutcome): { text: string; error: boolean } {
  if (!outcome.ok) return { text: `${outcome.message} Try again, or send your support contact a description instead.`, error: true };
  if (!outcome.saved) return { text: 'Nothing was saved.', error: false };
  return { text: outcome.file ? `Saved to ${outcome.file}. Send this file to your support contact.` : 'Downloaded. Send the file to your support contact.', error: false };
}

/** Export diagnostics: what support needs, with call keys, links' fragments and tokens taken out. */
export function SupportSection({ exportDiagnostics }: { exportDiagnostics(): Promise<ExportOutcome> }) {
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const message = outcome && outcomeMessage(outcome);

  const run = async () => {
    setBusy(true);
    setOutcome(await exportDiagnostics());
    setBusy(false);
  };

  return (
    <section className="card" aria-labelledby={titleId} data-testid="settings-support">
      <h2 id={titleId}>Help and support</h2>
      <p className="field-hint">
        If something goes wrong, export a diagnostics file and send it to whoever supports you. It holds the app and system versions,
        your organisation&apos;s policy, your settings (not your name or devices) and recent logs. Call keys, the part of links
        after &quot;#&quot; and tokens are removed.
      </p>
      <div className="row">
        <button type="button" className="secondary" disabled={busy} onClick={() => void run()} data-testid="settings-export-diagnostics">
          Export diagnostics…
        </button>
      </div>
      {message && (
        <p className={message.error ? 'field-error' : 'field-hint'} aria-live="polite" data-testid="settings-export-result">
          {message.text}
        </p>
      )}
    </section>
  );
}
