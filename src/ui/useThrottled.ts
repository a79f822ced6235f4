import { useEffect, useRef, useState } from 'react';

/**
 * `value`, passed on at most once every `intervalMs`: at once when the last change shown is
 * older than that, else at the end of the interval (so the latest value always shows, a
 * pause or a step within `intervalMs`). For what changes every frame while playing but
 * cannot be read that fast: a list of events scrolling at 1,600 a second redrawn 60 times a
 * second cost layout and DOM work on every frame and told a reader nothing more.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const shownAtMs = useRef(-Infinity);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const show = () => {
      shownAtMs.current = performance.now();
      setShown(value);
    };
    const waitMs = shownAtMs.current + intervalMs - performance.now();
    if (waitMs <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, waitMs);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs]);
  return shown;
}
