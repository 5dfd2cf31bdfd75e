import type { LucideIcon } from 'lucide-react';
import { forwardRef, type ButtonHTMLAttributes } from 'react';

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  icon: LucideIcon;
  /** The accessible name and the tooltip. */
  label: string;
  /** Shown in the tooltip and announced (aria-keyshortcuts), e.g. "M". */
  shortcut?: string | undefined;
  /** A small count on the icon (unread chat). */
  count?: number | undefined;
  /** Show the label beside the icon as well (Leave). */
  showLabel?: boolean | undefined;
}

/** A control-bar button: an icon, its label as the accessible name and as a tooltip on hover and keyboard focus. */
export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton({ icon: Icon, label, shortcut, count, showLabel = false, className, ...rest }, ref) {
  return (
    <button ref={ref} type="button" aria-label={label} aria-keyshortcuts={shortcut} className={`icon-button ${className ?? 'secondary'}`} {...rest}>
      <Icon aria-hidden="true" size={20} />
      {showLabel && <span className="icon-button-text">{label}</span>}
      {count !== undefined && count > 0 && (
        <span className="unread" aria-hidden="true">
          {count}
        </span>
      )}
      {!showLabel && (
        <span className="tooltip" aria-hidden="true">
          {label}
          {shortcut ? ` (${shortcut})` : ''}
        </span>
      )}
    </button>
  );
});
