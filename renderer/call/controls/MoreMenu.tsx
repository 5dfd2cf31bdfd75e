import { Ellipsis, type LucideIcon } from 'lucide-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { IconButton } from './IconButton';

/** One entry of the control bar's "More" menu. Add an entry to the list the bar passes; nothing else changes. */
export interface MoreMenuItem {
  id: string;
  label: string;
  icon: LucideIcon;
  onSelect(): void;
  /** For toggles (a panel that is open): shown as a checked item. */
  checked?: boolean | undefined;
  disabled?: boolean | undefined;
  testId?: string | undefined;
}

const enabledItems = (menu: HTMLElement | null) => [...(menu?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])') ?? [])];
const focusAt = (menu: HTMLElement | null, index: number) => {
  const all = enabledItems(menu);
  all[(index + all.length) % all.length]?.focus();
};

/**
 * The secondary actions of the control bar, as a menu button (WAI-ARIA menu pattern): Enter, Space or ArrowDown
 * opens it on the first item, arrows and Home/End move, Escape and Tab close it, and focus returns to the button.
 */
export function MoreMenu({ items }: { items: readonly MoreMenuItem[] }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const id = useId();

  const menuItems = () => enabledItems(menuRef.current);
  const focusItem = (index: number) => focusAt(menuRef.current, index);
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    focusAt(menuRef.current, 0);
    const outside = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const onMenuKey = (event: KeyboardEvent) => {
    const all = menuItems();
    const current = all.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: all.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      focusItem(moves[event.key]!);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') close(false);
  };

  return (
    <div className="more-menu" ref={wrapperRef}>
      <IconButton
        ref={buttonRef}
        icon={Ellipsis}
        label="More"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setOpen(true);
          }
        }}
        data-testid="more-menu"
      />
      {open && (
        <ul id={id} role="menu" aria-label="More" className="more-menu-list" ref={menuRef} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <li
              key={item.id}
              role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
              aria-checked={item.checked}
              aria-disabled={item.disabled || undefined}
              tabIndex={-1}
              data-testid={item.testId}
              onClick={() => {
                if (item.disabled) return;
                close(true);
                item.onSelect();
              }}
              onKeyDown={(event) => {
                if (event.key !== 'Enter' && event.key !== ' ') return;
                event.preventDefault();
                if (item.disabled) return;
                close(true);
                item.onSelect();
              }}
            >
              <item.icon aria-hidden="true" size={18} />
              <span>{item.label}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
