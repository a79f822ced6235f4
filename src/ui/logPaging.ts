import type { LogStrip } from '../viz/scenes';
import { stripOfElement } from '../viz/scenes';
import { pageEnd, type PageDirection } from '../viz/scenes';

/**
 * Paging through a strip's older records, shared by the cluster and log views. The views pass
 * `pages` to their layout; a strip not in it follows the newest records. The "older"/"newer"
 * controls (`data-log-page`) and, with focus in a strip, PageUp/PageDown (older/newer), Home
 * (oldest) and End (newest) page it; each page is announced in a polite live region. A new
 * caption or a jump in time returns every strip to the newest (`reset`).
 */
export interface LogPaging {
  readonly pages: ReadonlyMap<string, number>;
  /** A click or Enter on a paging control: true when it paged (redraw). */
  activate(target: Element): boolean;
  /** A paging key with focus inside a strip: true when handled (redraw, prevent default). */
  key(e: KeyboardEvent): boolean;
  /** Follow the newest everywhere again; true when anything was paged. */
  reset(): boolean;
  /** Removes the live region. */
  dispose(): void;
}

export function createLogPaging(container: HTMLElement): LogPaging {
  const pages = new Map<string, number>();
  const status = container.ownerDocument.createElement('div');
  status.className = 'visually-hidden log-page-status';
  status.setAttribute('aria-live', 'polite');
  status.setAttribute('role', 'status');
  container.appendChild(status);

  const page = (strip: LogStrip, direction: PageDirection | 'oldest'): boolean => {
    const before = pages.get(strip.id) ?? null;
    const logStart = strip.window.logStartOffset;
    const end =
      direction === 'oldest'
        ? logStart + Math.max(1, strip.window.capacity - 1)
        : pageEnd(strip.window, direction);
    const next = end !== null && end >= strip.logEndOffset ? null : end;
    if (next === before) return false;
    if (next === null) pages.delete(strip.id);
    else pages.set(strip.id, next);
    const shownFrom = Math.max(logStart, (next ?? 0) - Math.max(1, strip.window.capacity - 1));
    status.textContent =
      next === null
        ? `${strip.id}: following the newest records`
        : `${strip.id}: showing offsets ${shownFrom}–${next - 1} of ${logStart}–${strip.logEndOffset - 1}`;
    return true;
  };

  return {
    pages,
    activate(target) {
      const control = target.closest('[data-log-page]');
      if (control === null) return false;
      const strip = stripOfElement(control);
      const direction = control.getAttribute('data-log-page');
      if (strip === null || (direction !== 'older' && direction !== 'newer')) return false;
      page(strip, direction);
      return true;
    },
    key(e) {
      if (!(e.target instanceof Element) || e.altKey || e.ctrlKey || e.metaKey) return false;
      const direction: PageDirection | 'oldest' | null =
        e.key === 'PageUp'
          ? 'older'
          : e.key === 'PageDown'
            ? 'newer'
            : e.key === 'Home'
              ? 'oldest'
              : e.key === 'End'
                ? 'newest'
                : null;
      if (direction === null) return false;
      const strip = stripOfElement(e.target);
      if (strip === null) return false;
      page(strip, direction);
      return true;
    },
    reset() {
      if (pages.size === 0) return false;
      pages.clear();
      return true;
    },
    dispose() {
      status.remove();
    },
  };
}
