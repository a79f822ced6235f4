import { selectCanStep, useAppStore } from '../store';

/** Play/Pause, Step and Restart: real buttons with accessible names. */
export function PlaybackControls() {
  const playing = useAppStore((s) => s.playing);
  const canStep = useAppStore(selectCanStep);
  const togglePlay = useAppStore((s) => s.togglePlay);
  const stepOnce = useAppStore((s) => s.stepOnce);
  const restart = useAppStore((s) => s.restart);
  return (
    <>
      <button
        type="button"
        className="button primary"
        onClick={togglePlay}
        disabled={!canStep}
        aria-keyshortcuts="Space"
      >
        <span aria-hidden="true" className="button-icon">
          {playing ? '❚❚' : '▶'}
        </span>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        className="button"
        onClick={stepOnce}
        disabled={!canStep}
        aria-keyshortcuts="ArrowRight"
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
