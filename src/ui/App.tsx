import { Announcer } from './Announcer';
import { AppFrame } from './AppFrame';
import { ClusterView } from './ClusterView';
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
          <ClusterView />
        </ErrorBoundary>
      </main>
      <ErrorBoundary>
        <Sidebar />
      </ErrorBoundary>
    </AppFrame>
  );
}
