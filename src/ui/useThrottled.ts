import { useEffect, useEffectEvent, useState } from 'react';

/** What `useThrottledSelection` reads: a zustand store's vanilla API. */
export interface Subscribable<S> {
  getState(): S;
  subscribe(listener: (state: S, previous: S) => void): () => void;
}

/**
 * `selector(state)`, re-rendering the component at most once every `intervalMs`: right after
 * the next frame when the last value shown is older than that, else at the end of the
 * interval (so the latest value always shows after a pause or a step). After the frame, not
 * in the same task: a seek or a step while paused shows its new moment in the picture first
 * (the event list's 60 new rows had been laid out before the picture's frame, in every seek).
 *
 * For what changes every frame while playing but cannot be read that fast: a list of events
 * scrolling at 1,600 a second redrawn 60 times a second cost layout and DOM work on every
 * frame and told a reader nothing more.
 *
 * It subscribes to the store itself rather than throttling a value the component already
 * selected: a component subscribed with `useAppStore` renders on every change even when what
 * it shows is held back, and React then writes its inputs' attributes again in every frame.
 * `selector` is read at each change, so it may be an inline function.
 *
 * `settle`: while `settle.when(state)` (paused), changes show once they stop for `quietMs`:
 * a seek, a step, clicks on the timeline in quick succession, a drag or a held key show the
 * last of them `quietMs` after it, not every `intervalMs` in between. That refresh (the event
 * list's 60 new rows, then their layout) ran wherever it fell among the seeks, and the next
 * click waited for it; shown right after the frame of a seek after a quiet spell, it fell on
 * the second click of a series or the second frame of a drag (bench:ui's seeks: the second
 * click waited ~10 ms for it).
 */
export interface Settle<S> {
  readonly when: (state: S) => boolean;
  readonly quietMs: number;
}

export function useThrottledSelection<S, T>(
  store: Subscribable<S>,
  selector: (state: S) => T,
  intervalMs: number,
  settle?: Settle<S>,
): T {
  const select = useEffectEvent((state: S) => selector(state));
  const settling = useEffectEvent((state: S) => settle !== undefined && settle.when(state));
  const quietMs = settle?.quietMs ?? 0;
  const [shown, setShown] = useState<{ value: T }>(() => ({ value: selector(store.getState()) }));
  useEffect(() => {
    let shownAtMs = -Infinity;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let frame: number | null = null;
    let pending = false;
    let disposed = false;
    const sync = (): void => {
      const value = select(store.getState());
      setShown((current) => (Object.is(current.value, value) ? current : { value }));
    };
    const cancelScheduled = (): void => {
      if (timer !== null) clearTimeout(timer);
      if (frame !== null) cancelAnimationFrame(frame);
      timer = null;
      frame = null;
    };
    const show = (): void => {
      timer = null;
      pending = false;
      if (disposed) return;
      shownAtMs = performance.now();
      sync();
    };
    // What changed between the first render and this subscription (not a change shown: the
    // first change after it still shows at once).
    sync();
    const unsubscribe = store.subscribe((state, previous) => {
      if (Object.is(select(state), select(previous))) return;
      if (settling(state)) {
        // Held until the changes stop: each one starts the wait over.
        cancelScheduled();
        pending = true;
        timer = setTimeout(show, quietMs);
        return;
      }
      if (pending) return;
      pending = true;
      const waitMs = shownAtMs + intervalMs - performance.now();
      if (waitMs > 0) timer = setTimeout(show, waitMs);
      // Once the frame that the same task drew is on screen (and after the changes made in
      // that task: a load sets several states).
      else if (typeof requestAnimationFrame === 'function')
        frame = requestAnimationFrame(() => {
          frame = null;
          timer = setTimeout(show, 0);
        });
      else queueMicrotask(show);
    });
    return () => {
      disposed = true;
      unsubscribe();
      cancelScheduled();
    };
  }, [store, intervalMs, quietMs]);
  return shown.value;
}
