import type { Ref } from 'react';
import { selectCanStep, useAppStore } from '../store';
import { ariaKeysFor } from './shortcuts';

/** Play or Pause, whichever applies, as one primary button (the header's and the embed bar's). */
export function PlayPauseButton({ ref }: { ref?: Ref<HTMLButtonElement> }) {
  const playing = useAppStore((s) => s.playing);
  const canStep = useAppStore(selectCanStep);
  const togglePlay = useAppStore((s) => s.togglePlay);
  return (
    <button
      ref={ref}
      type="button"
      className="button primary"
      onClick={togglePlay}
      disabled={!canStep}
      aria-keyshortcuts={ariaKeysFor('togglePlay')}
    >
      <span aria-hidden="true" className="button-icon">
        {playing ? '❚❚' : '▶'}
      </span>
      {playing ? 'Pause' : 'Play'}
    </button>
  );
}
