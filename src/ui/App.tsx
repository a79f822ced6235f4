import { Announcer } from './Announcer';
import { AppFrame } from './AppFrame';
import { ClusterView } from './ClusterView';
import { LogView } from './LogView';
import { ViewToggle } from './ViewToggle';
import { useAppStore } from '../store';
import { ErrorBoundary } from './ErrorBoundary';
import { Header } from './Header';
import { NarrationCaption } from './NarrationCaption';
import { ProblemPanel } from './ProblemPanel';
import { Sidebar } from './Sidebar';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

/** Header with playback controls, narration and announcements, the cluster, the sidebar. */
export function App() {
  useKeyboardShortcuts();
  return (
    <AppFrame>
      <Header />
      <div className="banner">
        <NarrationCaption />
        <Announcer />
      </div>
      <main className="main">
        <ErrorBoundary>
          <ProblemPanel />
          <ViewToggle />
          <MainView />
        </ErrorBoundary>
      </main>
      <ErrorBoundary>
        <Sidebar />
      </ErrorBoundary>
    </AppFrame>
  );
}

/** The cluster picture or the log view (`?view=log`). */
function MainView() {
  const view = useAppStore((s) => s.view);
  return view === 'log' ? <LogView /> : <ClusterView />;
}
