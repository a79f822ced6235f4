/** Where a box that scrolls (the picture in a small frame) scrolls to show the caption's focus. */

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ScrollView {
  scrollLeft: number;
  scrollTop: number;
  /** The visible size (clientWidth, clientHeight). */
  width: number;
  height: number;
  /** The scrollable size (scrollWidth, scrollHeight). */
  contentWidth: number;
  contentHeight: number;
}

/**
 * The scroll position that shows `target` (in content coordinates): unchanged when it is
 * already wholly in view (the reader's own scrolling is not fought); else centred on it where
 * it fits, or its top-left corner in view where it is larger than the view; always within the
 * scrollable range.
 */
export function revealScroll(
  target: Rect,
  view: ScrollView,
): { scrollLeft: number; scrollTop: number } {
  const axis = (start: number, size: number, scroll: number, span: number, content: number) => {
    if (start >= scroll && start + size <= scroll + span) return scroll;
    const wanted = size <= span ? start + size / 2 - span / 2 : start;
    return Math.round(Math.max(0, Math.min(content - span, wanted)));
  };
  return {
    scrollLeft: axis(target.left, target.width, view.scrollLeft, view.width, view.contentWidth),
    scrollTop: axis(target.top, target.height, view.scrollTop, view.height, view.contentHeight),
  };
}

/** The smallest rectangle holding all `rects` (null for none). */
export function unionRect(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const right = Math.max(...rects.map((r) => r.left + r.width));
  const bottom = Math.max(...rects.map((r) => r.top + r.height));
  return { left, top, width: right - left, height: bottom - top };
}
