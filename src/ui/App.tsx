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
import { ProblemPanel } from './ProblemPanel';
import { Sidebar } from './Sidebar';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { useUrlReflection } from './useUrlReflection';

/**
 * Header with playback controls, the timeline, narration and announcements, the cluster and
 * the sidebar. Embedded in someone's page (`?embed`), only the view and minimal controls.
 */
export function App() {
  useKeyboardShortcuts();
  useUrlReflection();
  const embed = useAppStore((s) => s.mode === 'embed');
  return (
    <AppFrame>
      <Header />
      <ErrorBoundary>
        {/* The header has Step back and Step already. */}
        <Timeline />
      </ErrorBoundary>
      <div className="banner">
        <NarrationCaption />
        <Announcer />
      </div>
      <main className="main">
        <ErrorBoundary>
          {!embed && <RestoredNotice />}
          <ProblemPanel />
          {!embed && <ViewToggle />}
          {!embed && <EditorWhenOpen />}
          <MainView />
        </ErrorBoundary>
      </main>
      {!embed && (
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
