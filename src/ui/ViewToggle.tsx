import { useAppStore, type ViewName } from '../store';
import { OpenScenarioButton } from './OpenScenarioButton';
import { EditScenarioButton } from './EditScenarioButton';

/** Switches the main area between the cluster picture and the log view. */
export function ViewToggle() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const next: ViewName = view === 'log' ? 'cluster' : 'log';
  return (
    <div className="view-toggle" role="toolbar" aria-label="View">
      <button type="button" className="button small" data-view={view} onClick={() => setView(next)}>
        {next === 'log' ? 'Log view' : 'Cluster view'}
      </button>
      <OpenScenarioButton />
      <EditScenarioButton />
      <span className="muted view-hint">
        {view === 'log'
          ? 'Every partition’s log, full width, with keys, positions and commits'
          : 'Brokers, groups and logs'}
      </span>
    </div>
  );
}
