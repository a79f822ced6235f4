import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, FocusEvent as ReactFocusEvent } from 'react';

/**
 * A button that opens a small non-modal dialog under it (the lesson list, the share menu),
 * following the WAI-ARIA disclosure pattern: the button says whether it is expanded; opening
 * moves focus into the dialog (to `initialFocus`, else its first control); Escape closes it
 * and gives focus back to the button; a click outside, or focus moving elsewhere, closes it.
 */
export function usePopover(initialFocus?: (panel: HTMLElement) => HTMLElement | null) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const focusFirst = useRef(initialFocus);
  useEffect(() => {
    focusFirst.current = initialFocus;
  });

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) triggerRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    const panel = panelRef.current;
    if (panel !== null) {
      keepInViewport(panel);
      const target =
        focusFirst.current?.(panel) ??
        panel.querySelector<HTMLElement>('button:not(:disabled), input, textarea, select');
      target?.focus();
    }
    const onPointerDown = (e: PointerEvent): void => {
      if (e.target instanceof Node && rootRef.current?.contains(e.target) !== true) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  /** Goes on the element holding both the button and the dialog. */
  const rootProps = {
    ref: rootRef,
    onKeyDown(e: ReactKeyboardEvent) {
      if (e.key !== 'Escape' || !open) return;
      // Ours alone: the page's shortcuts (Escape closes the help overlay) do not see it.
      e.preventDefault();
      e.stopPropagation();
      close(true);
    },
    onBlur(e: ReactFocusEvent) {
      // Focus left for somewhere else on the page (not for nowhere: a click on empty space).
      const next = e.relatedTarget;
      if (open && next instanceof Node && rootRef.current?.contains(next) !== true) setOpen(false);
    },
  };

  const triggerProps = {
    ref: triggerRef,
    type: 'button' as const,
    'aria-expanded': open,
    'aria-controls': open ? panelId : undefined,
    'aria-haspopup': 'dialog' as const,
    onClick: () => setOpen((was) => !was),
  };

  const panelProps = { ref: panelRef, id: panelId, role: 'dialog' as const };

  return { open, close, rootProps, triggerProps, panelProps };
}

/**
 * Shifts an open panel sideways so it stays on screen: its anchor button moves with the
 * header's layout (the stage's thin bar, a long title), so no fixed side is always right.
 */
function keepInViewport(panel: HTMLElement, marginPx = 8): void {
  panel.style.translate = '';
  const rect = panel.getBoundingClientRect();
  const right = window.innerWidth - marginPx;
  const shift =
    rect.left < marginPx
      ? marginPx - rect.left
      : rect.right > right
        ? Math.max(marginPx - rect.left, right - rect.right)
        : 0;
  if (shift !== 0) panel.style.translate = `${Math.round(shift)}px 0`;
}
