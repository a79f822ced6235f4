import { useState } from 'react';
import { STREAMS_HISTORY_CAP } from '../../engine';
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
        <div
          className="processing-chooser"
          role="radiogroup"
          aria-label="Application and query shown"
        >
          <span className="muted">Showing</span>
          {queries.map((q) => {
            const key = `${q.app.id}/${q.query.queryId}`;
            const on = q === current;
            return (
              <button
                key={key}
                type="button"
                role="radio"
                aria-checked={on}
                className={on ? 'button small chosen' : 'button small'}
                title={`${q.query.queryId} → ${q.query.sinkTopic}`}
                onClick={() => setChosen(key)}
              >
                {q.app.queries.length > 1 ? `${q.app.id}: ${q.query.queryId}` : q.app.id}
                <span className="muted"> → {q.query.sinkTopic}</span>
                {/* Side by side at a glance: how many rows each wrote (lesson 15's comparison). */}
                <span className="chooser-rows"> · {rowsWritten(q.query.outputs)}</span>
              </button>
            );
          })}
        </div>
      )}
      {/* Two columns on a wide screen (windows and state left, tasks and output right); one on
          a narrow one, in the order a lesson needs them. */}
      <div className="processing-columns">
        <div className="processing-column wide">
          <div className="processing-area processing-windows">
            <WindowView {...props} />
          </div>
          <div className="processing-area processing-store">
            <StoreInspector {...props} />
          </div>
          <div className="processing-area processing-query">
            <QueryPanel {...props} />
          </div>
        </div>
        <div className="processing-column">
          <div className="processing-area processing-instances">
            <InstancesPanel {...props} />
          </div>
          <div className="processing-area processing-topology">
            <TopologyDiagram {...props} />
          </div>
          <div className="processing-area processing-output">
            <OutputList {...props} />
          </div>
          <div className="processing-area processing-produce">
            <ProduceAttempt {...props} />
          </div>
        </div>
      </div>
    </section>
  );
}

/** "5 rows" (the rows a query wrote; the view keeps the last STREAMS_HISTORY_CAP). */
function rowsWritten(outputs: readonly unknown[]): string {
  const n = outputs.length;
  return `${n >= STREAMS_HISTORY_CAP ? `${n}+` : n} row${n === 1 ? '' : 's'}`;
}
