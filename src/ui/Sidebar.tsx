import { lazy, Suspense, useId } from 'react';
import { useAppStore, type PanelName } from '../store';
import { ActionsPanel } from './ActionsPanel';
import { EventList } from './EventList';
import { ExpectChecklist } from './ExpectChecklist';

// The inspector and the charts are not needed for the first paint: their own chunks.
const Inspector = lazy(() => import('./Inspector'));
const MetricsPanel = lazy(() => import('./MetricsPanel'));

const TABS: readonly { id: PanelName; label: string }[] = [
  { id: 'act', label: 'Act' },
  { id: 'inspect', label: 'Inspect' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'checks', label: 'Checks' },
];

/** Tabs for acting, inspecting, metrics and the lesson's checks, and the event list under them. */
export function Sidebar() {
  const id = useId();
  const panel = useAppStore((s) => s.panel);
  const setPanel = useAppStore((s) => s.setPanel);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === panel);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const tab = TABS[(next + TABS.length) % TABS.length];
    setPanel(tab.id);
    document.getElementById(`${id}-${tab.id}`)?.focus();
  };
  return (
    <aside className="sidebar" aria-label="Act, inspect and events">
      <div className="tabs" role="tablist" aria-label="Panels" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`${id}-${t.id}`}
            type="button"
            role="tab"
            aria-selected={panel === t.id}
            aria-controls={`${id}-panel`}
            tabIndex={panel === t.id ? 0 : -1}
            className="tab"
            onClick={() => setPanel(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-${panel}`}
      >
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {panel === 'act' && <ActionsPanel />}
          {panel === 'inspect' && <Inspector />}
          {panel === 'metrics' && <MetricsPanel />}
          {panel === 'checks' && <ExpectChecklist />}
        </Suspense>
      </div>
      <EventList />
    </aside>
  );
}
