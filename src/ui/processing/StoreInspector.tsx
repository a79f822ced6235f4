import { useId } from 'react';
import { formatEventTime, formatWindow } from '../../runtime';
import { aggregateLabels } from './queryInfo';
import { nextCommitOf, spanText, storeRows, type StoreRow } from './storeRows';
import type { ProcessingPartProps } from './types';
import { useCompiledQuery } from './useCompiledQuery';
import './panels.css';

/**
 * The query's state store: what the underlying store holds (flushed), and in front of it the
 * record cache's dirty entries, which reach the store, its changelog and the sink only at the
 * next commit. One row per task, key and window: the aggregates by the query's column names,
 * the window's max event time (the row's ROWTIME), the task, and HAVING's verdict.
 */
export function StoreInspector({ app, query, nowMs }: ProcessingPartProps) {
  const titleId = useId();
  const compiled = useCompiledQuery(app, query.queryId);
  const aggregates = compiled?.kind === 'CTAS' ? compiled.aggregates.length : 0;
  const labels = aggregateLabels(compiled, Math.max(aggregates, valueCount(query)));
  const { rows, more, dirty } = storeRows(query, labels);
  if (query.storeName === null)
    return (
      <section className="pp-panel" aria-labelledby={titleId}>
        <h3 id={titleId}>State store</h3>
        <p className="muted">This query keeps no state: each record goes straight through.</p>
      </section>
    );
  const valueHeads = rows[0]?.values.map((v) => v.label) ?? labels;
  const columns = 5 + valueHeads.length;
  return (
    <section className="pp-panel pp-store" aria-labelledby={titleId}>
      <h3 id={titleId}>
        State store <code className="pp-name">{query.storeName}</code>
      </h3>
      <p className="pp-sub">
        {query.cacheEnabled ? (
          <>
            Record cache on: {dirty} dirty {dirty === 1 ? 'entry' : 'entries'} · commit every{' '}
            {spanText(query.commitIntervalMs)}
            <CommitCountdown {...{ app, query, nowMs }} />
          </>
        ) : (
          <>
            <strong>Record cache off: every update goes downstream</strong> (store, changelog and
            sink at once) · commit every {spanText(query.commitIntervalMs)}
          </>
        )}
      </p>
      {rows.length === 0 ? (
        <p className="muted">The store is empty: no record has been counted yet.</p>
      ) : (
        <table className="pp-table">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Window</th>
              {valueHeads.map((h) => (
                <th scope="col" key={h} className="pp-num">
                  {h}
                </th>
              ))}
              <th scope="col">ROWTIME</th>
              <th scope="col">Task</th>
              <th scope="col">HAVING</th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((row) => [
              <StoreTableRow key={row.id} row={row} hasHaving={query.hasHaving} />,
              ...(row.dirty
                ? [
                    <tr key={`${row.id}-dirty`} className="pp-dirty-note">
                      <td colSpan={columns}>
                        <span className="pp-badge pp-badge-dirty">dirty</span> reaches store,
                        changelog and sink at the next commit
                        <RowCountdown {...{ app, query, nowMs, task: row.task }} />
                        {row.storeText === null
                          ? ' (the store has no row for it yet)'
                          : ` (the store still holds ${row.storeText})`}
                      </td>
                    </tr>,
                  ]
                : []),
            ])}
          </tbody>
        </table>
      )}
      {more > 0 && <p className="pp-more muted">+{more} more</p>}
      <ClosedStores query={query} />
    </section>
  );
}

/** How many aggregates the view's rows carry (when the statements no longer compile). */
function valueCount(query: ProcessingPartProps['query']): number {
  const first = query.store[0] ?? query.cache[0];
  return first === undefined ? 0 : Object.keys(first.value).length;
}

function StoreTableRow({ row, hasHaving }: { row: StoreRow; hasHaving: boolean }) {
  return (
    <tr className={row.dirty ? 'pp-row-dirty' : undefined} data-testid="store-row">
      <th scope="row" className="pp-key" data-label="Key">
        {row.key}
      </th>
      <td data-label="Window">{row.window === null ? '—' : formatWindow(row.window)}</td>
      {row.values.map((v) => (
        <td key={v.label} className="pp-num" data-label={v.label}>
          {v.text}
        </td>
      ))}
      <td data-label="ROWTIME">{formatEventTime(row.timestampMs)}</td>
      <td data-label="Task">{row.task}</td>
      <td data-label="HAVING">
        {!hasHaving ? (
          <span className="muted">no HAVING</span>
        ) : row.passesHaving ? (
          <span className="pp-pass">✓ passes</span>
        ) : (
          <span className="pp-fail">✗ not yet</span>
        )}
      </td>
    </tr>
  );
}

/** " · next commit in 1.4 s (fraud-1)": the soonest commit among the instances running tasks. */
function CommitCountdown({ app, query, nowMs }: ProcessingPartProps) {
  const next = query.tasks
    .map((t) => nextCommitOf(app, query, t.id, nowMs))
    .filter((n) => n !== null)
    .sort((a, b) => a.inMs - b.inMs)[0];
  if (next === undefined) return null;
  return (
    <>
      {' '}
      · next commit in {spanText(next.inMs)} ({next.instance})
    </>
  );
}

function RowCountdown({ app, query, nowMs, task }: ProcessingPartProps & { task: string }) {
  const next = nextCommitOf(app, query, task, nowMs);
  if (next === null) return <> (its task has no running instance now)</>;
  return (
    <>
      : next commit in <strong>{spanText(next.inMs)}</strong> ({next.instance})
    </>
  );
}

/**
 * Tasks whose store is not open (RESTORING, UNASSIGNED): their rows are not listed, and say
 * why. The store lives in the aggregating sub-topology (the last one).
 */
function ClosedStores({ query }: { query: ProcessingPartProps['query'] }) {
  const last = Math.max(...query.topology.map((s) => s.id));
  const tasks = query.tasks.filter((t) => t.id.startsWith(`${last}_`));
  const closed = tasks.filter((t) => t.state === 'RESTORING' || t.state === 'UNASSIGNED');
  if (closed.length === 0) return null;
  const restoring = closed.filter((t) => t.state === 'RESTORING').length;
  return (
    <p className="pp-sub muted" data-testid="closed-stores">
      {closed.length} of {tasks.length} tasks with a store are not running (
      {restoring > 0 ? `${restoring} restoring, ` : ''}
      {closed.length - restoring} unassigned): their rows are not listed; the changelog{' '}
      {query.changelogTopic === null ? '' : <code className="pp-name">{query.changelogTopic}</code>}{' '}
      keeps their state.
    </p>
  );
}
