import { useEffect, type RefObject } from 'react';

/** Smallest text scale a band's text may shrink to (then the rest is cut, not pushed). */
const MIN_FIT = 0.65;

/**
 * Keeps each band in `band` (its direct children: the caption and the announcement) at a
 * fixed height: when a band's text overflows, `--fit` on that band shrinks its font (CSS
 * multiplies the font size by it), down to `MIN_FIT`. The diagram under the bands never moves.
 */
export function useFitBand(band: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = band.current;
    if (el === null) return;
    let frame = 0;
    const fitAll = (): void => {
      frame = 0;
      for (const child of el.children) {
        if (!(child instanceof HTMLElement)) continue;
        let fit = 1;
        child.style.setProperty('--fit', '1');
        while (child.scrollHeight > child.clientHeight + 1 && fit > MIN_FIT) {
          fit = Math.max(MIN_FIT, fit - 0.06);
          child.style.setProperty('--fit', fit.toFixed(2));
        }
      }
    };
    const schedule = (): void => {
      if (frame === 0) frame = requestAnimationFrame(fitAll);
    };
    fitAll();
    const mutations = new MutationObserver(schedule);
    mutations.observe(el, { childList: true, subtree: true, characterData: true });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(schedule) : null;
    resize?.observe(el);
    return () => {
      mutations.disconnect();
      resize?.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [band]);
}
