import { useState } from 'react';
import { useAppStore } from '../../store';
import { InstancesPanel } from './InstancesPanel';
import { OutputList } from './OutputList';
import { ProduceAttempt } from './ProduceAttempt';
import { QueryPanel } from './QueryPanel';
import { StoreInspector } from './StoreInspector';
import { TopologyDiagram } from './TopologyDiagram';
import { WindowView } from './WindowView';
import './processing.css';

/**
 * The processing view: a streams application as Kafka Streams runs it. Its instances and
 * tasks, its topology, the windows filling per key on an event-time axis, the state store and
 * record cache, the rows it writes with why, and the query itself. Loaded lazily (the first
 * screen of a scenario without streams never pays for it).
 */
export default function ProcessingView() {
  const apps = useAppStore((s) => s.snapshot?.streams ?? null);
  const nowMs = useAppStore((s) => s.snapshot?.timeMs ?? 0);
  const [chosen, setChosen] = useState<string | null>(null);
  if (apps === null) return <p className="muted processing-empty">Loading…</p>;
  if (apps.length === 0)
    return (
      <p className="muted processing-empty">
        This scenario runs no streams application: add a <code>streams:</code> section to see one
        process records here.
      </p>
    );
  const queries = apps.flatMap((app) => app.queries.map((query) => ({ app, query })));
  const current = queries.find((q) => `${q.app.id}/${q.query.queryId}` === chosen) ?? queries[0];
  const props = { app: current.app, query: current.query, nowMs };
  return (
    <section className="processing" aria-label="Stream processing">
      {queries.length > 1 && (
        <label className="processing-chooser">
          Query{' '}
          <select
            value={`${current.app.id}/${current.query.queryId}`}
            onChange={(e) => setChosen(e.target.value)}
          >
            {queries.map((q) => (
              <option
                key={`${q.app.id}/${q.query.queryId}`}
                value={`${q.app.id}/${q.query.queryId}`}
              >
                {q.app.id}: {q.query.queryId}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="processing-grid">
        <div className="processing-area processing-instances">
          <InstancesPanel {...props} />
        </div>
        <div className="processing-area processing-topology">
          <TopologyDiagram {...props} />
        </div>
        <div className="processing-area processing-windows">
          <WindowView {...props} />
        </div>
        <div className="processing-area processing-output">
          <OutputList {...props} />
        </div>
        <div className="processing-area processing-store">
          <StoreInspector {...props} />
        </div>
        <div className="processing-area processing-query">
          <QueryPanel {...props} />
          <ProduceAttempt {...props} />
        </div>
      </div>
    </section>
  );
}
