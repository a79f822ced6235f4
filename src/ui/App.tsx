import { lazy, Suspense } from 'react';
import { Announcer } from './Announcer';
import { AppFrame } from './AppFrame';
import { ClusterView } from './ClusterView';
import { DropZone } from './DropZone';
import { LogView } from './LogView';
import { RestoredNotice } from './RestoredNotice';
import { ShortcutHelp } from './ShortcutHelp';
import { Timeline } from './Timeline';
import { ViewToggle } from './ViewToggle';
import { useAppStore } from '../store';
import { ErrorBoundary } from './ErrorBoundary';
import { Header } from './Header';
import { NarrationCaption } from './NarrationCaption';
import { PosterFrame } from './PosterFrame';
import { ProblemPanel } from './ProblemPanel';
import { Sidebar } from './Sidebar';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { useUrlReflection } from './useUrlReflection';

/**
 * Header with playback controls, the timeline, narration and announcements, the cluster and
 * the sidebar. Embedded in someone's page (`?embed`), only the view and minimal controls
 * (`&chrome=` chooses), with a poster frame until the reader plays.
 */
export function App() {
  useKeyboardShortcuts();
  useUrlReflection();
  const embed = useAppStore((s) => s.mode === 'embed');
  // `&chrome=`: full (the app's controls, also in an embed), minimal (embed mode's compact
  // bar), none (only the picture; the keyboard and the embed API still drive it).
  const chrome = useAppStore((s) => (s.chrome === 'full' && embed ? 'embed-full' : s.chrome));
  const full = chrome === 'full' || chrome === 'embed-full';
  return (
    <AppFrame>
      {chrome !== 'none' && <Header />}
      {chrome !== 'none' && (
        <ErrorBoundary>
          {/* The header has Step back and Step already. */}
          <Timeline />
        </ErrorBoundary>
      )}
      <div className="banner">
        <NarrationCaption />
        <Announcer />
      </div>
      <main className="main">
        <ErrorBoundary>
          {!embed && <RestoredNotice />}
          <ProblemPanel />
          {full && <ViewToggle />}
          {full && <EditorWhenOpen />}
          <MainView />
        </ErrorBoundary>
      </main>
      <PosterFrame />
      {full && (
        <ErrorBoundary>
          <Sidebar />
        </ErrorBoundary>
      )}
      <ShortcutHelp />
      <DropZone />
    </AppFrame>
  );
}

// The editor (and its styles) loads the first time it is opened.
const ScenarioEditor = lazy(() => import('./ScenarioEditor'));

/** The scenario editor panel, while open. */
function EditorWhenOpen() {
  const open = useAppStore((s) => s.editorOpen);
  if (!open) return null;
  return (
    <Suspense fallback={<p className="muted">Loading the editor…</p>}>
      <ScenarioEditor />
    </Suspense>
  );
}

/** The cluster picture or the log view (`?view=log`). */
function MainView() {
  const view = useAppStore((s) => s.view);
  return view === 'log' ? <LogView /> : <ClusterView />;
}
