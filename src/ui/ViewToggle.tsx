import { useAppStore, type ViewName } from '../store';
import { OpenScenarioButton } from './OpenScenarioButton';
import { EditScenarioButton } from './EditScenarioButton';

const HINTS: Record<ViewName, string> = {
  cluster: 'Brokers, groups and logs',
  log: 'Every partition’s log, full width, with keys, positions and commits',
  processing: 'The streams application: tasks, topology, windows, state and output',
};

/**
 * Switches the main area: the cluster picture and the log view (one button flips between
 * them), and, for a scenario with streams applications, the processing view.
 */
export function ViewToggle() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const hasStreams = useAppStore((s) => (s.scenario?.setup.streams?.length ?? 0) > 0);
  const next: ViewName = view === 'cluster' ? 'log' : 'cluster';
  return (
    <div className="view-toggle" role="toolbar" aria-label="View">
      <button type="button" className="button small" data-view={view} onClick={() => setView(next)}>
        {next === 'log' ? 'Log view' : 'Cluster view'}
      </button>
      {hasStreams && view !== 'processing' && (
        <button
          type="button"
          className="button small"
          data-view="processing"
          onClick={() => setView('processing')}
        >
          Processing view
        </button>
      )}
      <OpenScenarioButton />
      <EditScenarioButton />
      <span className="muted view-hint">{HINTS[view]}</span>
    </div>
  );
}
