import { selectTitle, useAppStore } from '../store';
import { LessonPicker } from './LessonPicker';
import { EmbedBar } from './EmbedBar';
import { PlaybackControls } from './PlaybackControls';
import { SeedControl } from './SeedControl';
import { ShareMenu } from './ShareMenu';
import { ShortcutHelpButton } from './ShortcutHelp';
import { SpeedControl } from './SpeedControl';
import { ThemeToggle } from './ThemeToggle';
import { TraceHashBadge } from './TraceHashBadge';
import { VirtualClock } from './VirtualClock';

export function Header() {
  const title = useAppStore(selectTitle);
  const name = useAppStore((s) => s.scenarioName);
  const minimal = useAppStore((s) => s.chrome === 'minimal');
  const heading = title ?? (name === null ? '' : `scenario: ${name}`);
  // Inside someone's page (`&chrome=minimal`, embed mode's default): one compact bar.
  if (minimal) return <EmbedBar />;
  return (
    <header className="header">
      <div className="brand">
        <span className="wordmark">kafkascope</span>
        <h1 className="scenario-title">{heading}</h1>
      </div>
      <div className="controls" role="toolbar" aria-label="Playback">
        <PlaybackControls />
        <SpeedControl />
        <SeedControl />
      </div>
      <nav className="controls" aria-label="Lessons and sharing">
        <LessonPicker />
        <ShareMenu />
        <PresenterToggle />
        <ThemeToggle />
        <ShortcutHelpButton />
      </nav>
      <div className="readouts">
        <VirtualClock />
        <TraceHashBadge />
      </div>
    </header>
  );
}

/** Presenter mode on and off (P): large type and captions for a projector. */
function PresenterToggle() {
  const presenting = useAppStore((s) => s.mode === 'presenter');
  const setMode = useAppStore((s) => s.setMode);
  return (
    <button
      type="button"
      className="button small"
      aria-pressed={presenting}
      aria-keyshortcuts="P"
      title="Presenter mode: large type and captions for a projector (P)"
      onClick={() => setMode(presenting ? 'app' : 'presenter')}
    >
      Present
    </button>
  );
}
