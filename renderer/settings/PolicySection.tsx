import { useId } from 'react';
import type { PolicyState } from '../../shared/policy';
import { ManagedLock } from '../app/ManagedLock';
import { managedValues } from './managed-values';

/** What the organisation decides, and any problem with its policy; nothing at all on an unmanaged computer. */
export function PolicySection({ policyState }: { policyState: PolicyState | null }) {
  const titleId = useId();
  if (!policyState) return null;
  const values = managedValues(policyState);
  const strict = policyState.issues.filter((issue) => issue.outcome === 'strict');
  const ignored = policyState.issues.filter((issue) => issue.outcome === 'ignored');
  if (values.length === 0 && policyState.issues.length === 0) return null;

  return (
    <section className="card" aria-labelledby={titleId} data-testid="settings-policy">
      <h2 id={titleId}>Managed by your organisation</h2>
      {strict.length > 0 && (
        <div className="banner-danger" role="alert" data-testid="policy-issues-strict">
          <p>Your organisation&apos;s policy has problems, so Sealroom uses its safest settings for them. Tell your IT team:</p>
          <ul>
            {strict.map((issue) => (
              <li key={`${issue.source}:${issue.key}`}>
                {issue.message} <span className="policy-source">({issue.source})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {values.length > 0 && (
        <dl className="managed-values">
          {values.map((entry) => (
            <div key={entry.key} className="managed-value" data-testid={`managed-${entry.key}`}>
              <dt>{entry.label}</dt>
              <dd>
                {entry.value} <ManagedLock />
              </dd>
            </div>
          ))}
        </dl>
      )}
      {ignored.length > 0 && (
        <div className="field-hint" data-testid="policy-issues-ignored">
          {ignored.map((issue) => (
            <p key={`${issue.source}:${issue.key}`}>
              {issue.message} ({issue.source})
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
