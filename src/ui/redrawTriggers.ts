/**
 * Redraws a view when its container changes width or anything scrolls (which brings other
 * strips on screen), at most once per animation frame for scrolling. Returns the cleanup.
 */
export function watchRedrawTriggers(
  container: HTMLElement,
  onWidth: (width: number) => void,
  redraw: () => void,
): () => void {
  let width = container.clientWidth;
  const resize =
    typeof ResizeObserver === 'function'
      ? new ResizeObserver(() => {
          if (container.clientWidth !== width) {
            width = container.clientWidth;
            onWidth(width);
          }
        })
      : null;
  resize?.observe(container);
  let scrollFrame = 0;
  const onScroll = (): void => {
    if (scrollFrame !== 0) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      redraw();
    });
  };
  document.addEventListener('scroll', onScroll, { capture: true, passive: true });
  return () => {
    resize?.disconnect();
    document.removeEventListener('scroll', onScroll, { capture: true });
    if (scrollFrame !== 0) cancelAnimationFrame(scrollFrame);
  };
}
