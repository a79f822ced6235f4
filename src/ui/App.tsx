import { AppFrame } from './AppFrame';
import { ClusterView } from './ClusterView';
import { ErrorBoundary } from './ErrorBoundary';
import { EventList } from './EventList';
import { Header } from './Header';
import { NarrationCaption } from './NarrationCaption';
import { ProblemPanel } from './ProblemPanel';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

/** The first view: header with playback controls, narration, the cluster, the event list. */
export function App() {
  useKeyboardShortcuts();
  return (
    <AppFrame>
      <Header />
      <NarrationCaption />
      <main className="main">
        <ErrorBoundary>
          <ProblemPanel />
          <ClusterView />
        </ErrorBoundary>
      </main>
      <aside className="sidebar" aria-label="Recent events">
        <EventList />
      </aside>
    </AppFrame>
  );
}
