import { useEffect, useState, type RefObject } from 'react';

/** How long the bar stays after the pointer leaves its zone or focus leaves it (ms). */
export const AUTO_HIDE_AFTER_MS = 2500;
/** The pointer this far below the bar's bottom edge still shows it (px). */
const REVEAL_MARGIN_PX = 48;

/**
 * Presenter mode's controls: a bar laid over the top of the caption band that shows while it
 * is wanted and otherwise gets out of the picture's way (as slideshow players do). It shows
 * when presenter mode starts, while the pointer is near the top of the screen (a tap there
 * too), while focus is inside it (Tab reaches it; keyboard users see what they focus), and
 * while it is expanded; it hides `AUTO_HIDE_AFTER_MS` after none of these holds. Hidden, it
 * takes no pointer events, so a tap on the caption never lands on an invisible button.
 *
 * Returns whether the bar is hidden. Off (`enabled` false), it never hides.
 */
export function useAutoHide(ref: RefObject<HTMLElement | null>, enabled: boolean): boolean {
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!enabled || el === null) {
      setHidden(false);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wanted = (): boolean =>
      el.contains(document.activeElement) || el.dataset.expanded === 'true';
    const show = (): void => {
      clearTimeout(timer);
      setHidden(false);
      timer = setTimeout(hideUnlessWanted, AUTO_HIDE_AFTER_MS);
    };
    const hideUnlessWanted = (): void => {
      if (wanted()) timer = setTimeout(hideUnlessWanted, AUTO_HIDE_AFTER_MS);
      else setHidden(true);
    };
    const near = (e: PointerEvent): void => {
      if (e.clientY <= el.getBoundingClientRect().height + REVEAL_MARGIN_PX) show();
    };
    show();
    window.addEventListener('pointermove', near, { passive: true });
    window.addEventListener('pointerdown', near, { passive: true });
    el.addEventListener('focusin', show);
    el.addEventListener('focusout', show);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointermove', near);
      window.removeEventListener('pointerdown', near);
      el.removeEventListener('focusin', show);
      el.removeEventListener('focusout', show);
    };
  }, [ref, enabled]);
  return enabled && hidden;
}
