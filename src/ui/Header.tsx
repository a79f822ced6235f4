import { selectTitle, useAppStore } from '../store';
import { PlaybackControls } from './PlaybackControls';
import { SeedControl } from './SeedControl';
import { SpeedControl } from './SpeedControl';
import { TraceHashBadge } from './TraceHashBadge';
import { VirtualClock } from './VirtualClock';

export function Header() {
  const title = useAppStore(selectTitle);
  const name = useAppStore((s) => s.scenarioName);
  return (
    <header className="header">
      <div className="brand">
        <span className="wordmark">kafkascope</span>
        <h1 className="scenario-title">{title ?? (name === null ? '' : `scenario: ${name}`)}</h1>
      </div>
      <div className="controls" role="toolbar" aria-label="Playback">
        <PlaybackControls />
        <SpeedControl />
        <SeedControl />
      </div>
      <div className="readouts">
        <VirtualClock />
        <TraceHashBadge />
      </div>
    </header>
  );
}
