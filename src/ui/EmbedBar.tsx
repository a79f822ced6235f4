import { selectCanStep, selectTitle, useAppStore } from '../store';
import { formatVirtualTime } from './virtualTime';
import { OpenFullAppLink } from './OpenFullAppLink';
import { PlayPauseButton } from './PlayPauseButton';
import { ariaKeysFor } from './shortcuts';
import { SpeedControl } from './SpeedControl';
import './embed.css';

/**
 * `&chrome=minimal` (embed mode's default): one thin bar, so the picture gets the frame. Play
 * or Pause, step back and forward, the title, the virtual time, the speed and a way out to the
 * full app; the step buttons show symbols only, with their names for assistive technology.
 */
export function EmbedBar() {
  const title = useAppStore(selectTitle);
  const name = useAppStore((s) => s.scenarioName);
  const canStep = useAppStore(selectCanStep);
  const atStart = useAppStore((s) => s.timeMs === 0);
  const stepOnce = useAppStore((s) => s.stepOnce);
  const stepBack = useAppStore((s) => s.stepBack);
  const heading = title ?? (name === null ? '' : `scenario: ${name}`);
  return (
    <header className="header header-embed embed-bar">
      <div className="controls" role="toolbar" aria-label="Playback">
        <PlayPauseButton />
        <button
          type="button"
          className="button icon-button"
          onClick={() => stepBack()}
          disabled={!canStep || atStart}
          aria-label="Step back"
          aria-keyshortcuts={ariaKeysFor('stepBack')}
          title="Back to just after the previous event (←)"
        >
          <span aria-hidden="true">❚◀</span>
        </button>
        <button
          type="button"
          className="button icon-button"
          onClick={stepOnce}
          disabled={!canStep}
          aria-label="Step"
          aria-keyshortcuts={ariaKeysFor('stepForward')}
          title="Run until the next event (→)"
        >
          <span aria-hidden="true">▶❚</span>
        </button>
      </div>
      <h1 className="scenario-title" title={heading}>
        {heading}
      </h1>
      <div className="readouts">
        <EmbedClock />
        <SpeedControl labelHidden />
        <OpenFullAppLink />
      </div>
    </header>
  );
}

/** Virtual time in the bar: "12.5 s / 54 s". Not a live region (it changes every frame). */
function EmbedClock() {
  const timeMs = useAppStore((s) => s.timeMs);
  const durationMs = useAppStore((s) => s.scenario?.durationMs);
  return (
    <span className="embed-clock mono" title="Virtual time: the simulation's own clock">
      <span aria-label="Virtual time">{formatVirtualTime(timeMs)}</span>
      {durationMs !== undefined && (
        <span className="readout-sub"> / {formatVirtualTime(durationMs).replace('.000', '')}</span>
      )}
    </span>
  );
}
