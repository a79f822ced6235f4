import { useEffect } from 'react';
import { useAppStoreApi } from '../store';

/** Elements that handle these keys themselves. */
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return (
    target.closest('button, input, select, textarea, a[href], [contenteditable="true"]') !== null
  );
}

/** Space: play/pause. →: step (when paused). */
export function useKeyboardShortcuts(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.altKey || e.ctrlKey || e.metaKey || ownsKeys(e.target)) return;
      const state = store.getState();
      if (e.key === ' ') {
        e.preventDefault();
        state.togglePlay();
      } else if (e.key === 'ArrowRight' && !state.playing) {
        e.preventDefault();
        state.stepOnce();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
