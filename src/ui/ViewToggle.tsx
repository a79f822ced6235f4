import { useAppStore, type ViewName } from '../store';
import { OpenScenarioButton } from './OpenScenarioButton';

/** Writes `?view=log` into the address (or removes it), so a shared link opens the same view. */
function reflectInUrl(view: ViewName): void {
  if (typeof window === 'undefined') return;
  const url = new URL(window.location.href);
  if (view === 'log') url.searchParams.set('view', 'log');
  else url.searchParams.delete('view');
  window.history.replaceState(window.history.state, '', url);
}

/** Switches the main area between the cluster picture and the log view. */
export function ViewToggle() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const next: ViewName = view === 'log' ? 'cluster' : 'log';
  return (
    <div className="view-toggle" role="toolbar" aria-label="View">
      <button
        type="button"
        className="button small"
        data-view={view}
        onClick={() => {
          setView(next);
          reflectInUrl(next);
        }}
      >
        {next === 'log' ? 'Log view' : 'Cluster view'}
      </button>
      <OpenScenarioButton />
      <span className="muted view-hint">
        {view === 'log'
          ? 'Every partition’s log, full width, with keys, positions and commits'
          : 'Brokers, groups and logs'}
      </span>
    </div>
  );
}
