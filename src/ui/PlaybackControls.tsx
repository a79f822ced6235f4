import { useEffect, useRef } from 'react';
import { selectCanStep, useAppStore } from '../store';
import { PlayPauseButton } from './PlayPauseButton';
import { ariaKeysFor } from './shortcuts';

/** Where focus may sit when a lesson is picked: it moves on to Play once the lesson is loaded. */
const LESSON_CONTROLS = '.lesson-picker';

/**
 * Play/Pause, Step back, Step and Restart: real buttons with accessible names. After a lesson
 * is opened from the lesson controls, focus moves to Play: the lesson opens paused, and Space
 * must play it rather than press "Next lesson" again.
 */
export function PlaybackControls() {
  const canStep = useAppStore(selectCanStep);
  const stepOnce = useAppStore((s) => s.stepOnce);
  const stepBack = useAppStore((s) => s.stepBack);
  const atStart = useAppStore((s) => s.timeMs === 0);
  const restart = useAppStore((s) => s.restart);
  const scenario = useAppStore((s) => s.scenario);
  const playRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const focused = document.activeElement;
    if (scenario !== null && focused instanceof Element && focused.closest(LESSON_CONTROLS))
      playRef.current?.focus();
  }, [scenario]);
  return (
    <>
      <PlayPauseButton ref={playRef} />
      <button
        type="button"
        className="button"
        onClick={() => stepBack()}
        disabled={!canStep || atStart}
        aria-keyshortcuts={ariaKeysFor('stepBack')}
        title="Back to just after the previous event (←)"
      >
        <span aria-hidden="true" className="button-icon">
          ❚◀
        </span>
        Step back
      </button>
      <button
        type="button"
        className="button"
        onClick={stepOnce}
        disabled={!canStep}
        aria-keyshortcuts={ariaKeysFor('stepForward')}
        title="Run until the next event (→)"
      >
        <span aria-hidden="true" className="button-icon">
          ▶❚
        </span>
        Step
      </button>
      <button
        type="button"
        className="button"
        onClick={() => restart()}
        disabled={!canStep}
        title="Back to 0 with the same seed"
      >
        <span aria-hidden="true" className="button-icon">
          ↺
        </span>
        Restart
      </button>
    </>
  );
}
