import { useId, useState } from 'react';
import { STREAMS_HISTORY_CAP, type EmittedRow } from '../../engine';
import { formatEventTime } from '../../runtime';
import { collapseHint, havingText, outputKeyText, reasonText, updatesIn } from './outputRows';
import type { ProcessingPartProps } from './types';
import './panels.css';

/** Rows listed before "Show all". */
const ROWS_SHOWN = 12;

/**
 * The rows the query wrote to its sink topic, newest first (a new row appears on top; each
 * keeps its identity, keyed by its sequence number). Each row decoded as
 * `key@[start, end) → value`, tombstones badged, with why it was written (update, cache flush,
 * window close), HAVING's change of mind, its partition, when and its ROWTIME.
 */
export function OutputList({ query }: ProcessingPartProps) {
  const titleId = useId();
  const [all, setAll] = useState(false);
  const rows = query.outputs;
  const newestFirst = rows.slice().reverse();
  const shown = all ? newestFirst : newestFirst.slice(0, ROWS_SHOWN);
  const capped = rows.length >= STREAMS_HISTORY_CAP;
  return (
    <section className="pp-panel pp-output" aria-labelledby={titleId}>
      <h3 id={titleId}>
        Output <code className="pp-name">{query.sinkTopic}</code>
      </h3>
      <p className="pp-sub">
        <strong data-testid="rows-written">
          {capped
            ? `the last ${rows.length} rows`
            : `${rows.length} ${rows.length === 1 ? 'row' : 'rows'} written`}
        </strong>{' '}
        · newest first
      </p>
      <p className="pp-hint" data-testid="collapse-hint">
        {collapseHint(query)}
      </p>
      {rows.length === 0 ? (
        <p className="muted">
          No row yet.{' '}
          {query.hasHaving
            ? 'A row is written once a key and window pass HAVING.'
            : 'A row is written when an update leaves the store.'}
        </p>
      ) : (
        <ol className="pp-rows">
          {shown.map((row) => (
            <OutputRow key={row.seq} row={row} updates={updatesIn(query, row)} />
          ))}
        </ol>
      )}
      {rows.length > ROWS_SHOWN && (
        <button type="button" className="button small" onClick={() => setAll(!all)}>
          {all ? `Show the newest ${ROWS_SHOWN}` : `Show all ${rows.length}`}
        </button>
      )}
    </section>
  );
}

function OutputRow({ row, updates }: { row: EmittedRow; updates: number }) {
  const having = havingText(row.having);
  return (
    <li className="pp-row" data-testid="output-row" data-tombstone={row.value === null}>
      <div className="pp-row-main">
        <code className="pp-key">{outputKeyText(row)}</code> →{' '}
        {row.value === null ? (
          <span className="pp-badge pp-badge-tombstone">tombstone</span>
        ) : (
          <code className="pp-value">{row.value}</code>
        )}
      </div>
      <div className="pp-row-why">
        <span className={`pp-reason pp-reason-${row.reason.replace(' ', '-')}`}>
          {reasonText(row.reason)}
        </span>
        {row.reason === 'cache flush' && updates > 1 && (
          <span
            className="pp-collapsed"
            title="The window's aggregate changed this many times since the last row for this key and window; the commit wrote only the latest."
          >
            folds {updates} updates
          </span>
        )}
        {having !== null && (
          <span className={row.having === 'left' ? 'pp-fail' : 'pp-pass'}>{having}</span>
        )}
      </div>
      <div className="pp-row-meta muted">
        {row.partition === null ? row.topic : `partition ${row.partition}`} · written at{' '}
        {formatEventTime(row.atMs)} · ROWTIME {formatEventTime(row.timestampMs)} · task {row.task}
      </div>
    </li>
  );
}
