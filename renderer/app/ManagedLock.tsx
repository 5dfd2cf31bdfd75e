/** Marks a value the organisation's policy decides; the user cannot change it here. */
export function ManagedLock({ label = 'Set by your organisation' }: { label?: string }) {
  return (
    <span className="managed-lock" data-testid="policy-lock">
      <span aria-hidden="true">🔒</span> {label}
    </span>
  );
}
