import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { AggregationInput, WindowView as WindowSpec } from '../../engine';
import { formatEventTime } from '../../runtime';
import { useAppStore } from '../../store';
import {
  layoutWindows,
  type KeyRow,
  type RecordMark,
  type TimeLine,
  type WindowBox,
  type WindowLayout,
} from '../../viz';
import type { ProcessingPartProps } from './types';
import './windows.css';

const FALLBACK_WIDTH_PX = 640;
/** Recent records listed under the picture, in arrival order. */
const ARRIVALS_LISTED = 10;

/** The element's width, followed as it resizes (jsdom and the first frame: a fallback). */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = (): void => setWidth(el.clientWidth);
    measure();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    observer?.observe(el);
    return () => observer?.disconnect();
  }, [ref]);
  return width > 0 ? width : FALLBACK_WIDTH_PX;
}

/** "0:00–5:00": a window's bounds, half-open like the store's. */
function span(startMs: number, endMs: number): string {
  return `${formatEventTime(startMs)}–${formatEventTime(endMs)}`;
}

function specText(w: WindowSpec, emit: ProcessingPartProps['query']['emit']): string {
  const size =
    w.kind === 'SESSION'
      ? `SESSION gap ${formatEventTime(w.gapMs)}`
      : w.kind === 'HOPPING'
        ? `HOPPING ${formatEventTime(w.sizeMs)} advance ${formatEventTime(w.advanceMs)}`
        : `TUMBLING ${formatEventTime(w.sizeMs)}`;
  return `${size} · grace ${formatEventTime(w.graceMs)} · EMIT ${emit ?? 'CHANGES'}`;
}

function windowWords(b: WindowBox): string {
  const state = b.state === 'grace' ? 'in grace' : b.state;
  const parts = [
    `window ${span(b.startMs, b.endMs)} count ${b.count === null ? 'unknown (not in a running task’s store)' : String(b.count)}`,
    state,
  ];
  if (b.passesHaving) parts.push('passes HAVING');
  if (b.finalResult) parts.push('final result emitted');
  if (b.dirty) parts.push('in the record cache, not yet flushed');
  if (b.lateDropped > 0)
    parts.push(`${b.lateDropped} late record${b.lateDropped === 1 ? '' : 's'} dropped`);
  return parts.join(', ');
}

function rowWords(row: KeyRow): string {
  const head = [`Key ${row.key}`];
  if (row.task !== null)
    head.push(
      `task ${row.task}${row.taskState !== 'RUNNING' && row.taskState !== null ? ` (${row.taskState})` : ''}`,
    );
  if (row.streamLine !== null) head.push(`stream time ${formatEventTime(row.streamLine.timeMs)}`);
  else if (row.timeNote !== null) head.push(row.timeNote.text);
  if (row.closeLine !== null)
    head.push(
      row.closeLine.timeMs < 0
        ? 'close line before 0:00 (nothing closed yet)'
        : `close ${formatEventTime(row.closeLine.timeMs)}`,
    );
  const windows = row.windows.map(windowWords).join('; ');
  const late = row.records.filter((r) => r.outcome === 'late').length;
  const outOfOrder = row.records.filter((r) => r.outOfOrder && r.outcome === 'counted').length;
  const tail = [
    late > 0 ? `${late} late record${late === 1 ? '' : 's'}` : null,
    outOfOrder > 0 ? `${outOfOrder} out of order but counted` : null,
  ].filter((s): s is string => s !== null);
  return `${head.join(', ')}: ${windows || 'no windows'}${tail.length > 0 ? `; ${tail.join('; ')}` : ''}.`;
}

/** What the picture shows, in words (the SVG's accessible name). */
export function describeWindows(
  layout: WindowLayout,
  emit: ProcessingPartProps['query']['emit'],
): string {
  const parts = [`Windows, ${specText(layout.window, emit)}.`, ...layout.rows.map(rowWords)];
  if (layout.hiddenKeys > 0)
    parts.push(`${layout.hiddenKeys} more key${layout.hiddenKeys === 1 ? '' : 's'} not shown.`);
  parts.push(`dropped-records ${layout.droppedRecords} in total.`);
  return parts.join(' ');
}

function WindowRect({ b }: { b: WindowBox }) {
  const cls = [
    'win',
    `win-${b.state}`,
    b.passesHaving ? 'win-having' : '',
    b.dirty ? 'win-dirty' : '',
    b.fresh ? 'is-fresh' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <g className={cls}>
      <title>{windowWords(b)}</title>
      <rect x={b.x0} y={b.y} width={Math.max(1, b.x1 - b.x0)} height={b.height} rx={3} />
      {b.label && (
        // Keyed by the count so a new count remounts and pulses once.
        <text key={String(b.count)} className="win-label" x={b.label.x} y={b.label.y}>
          {b.label.text}
        </text>
      )}
      {b.endLabel && (
        <text className="win-end" x={b.endLabel.x} y={b.endLabel.y} textAnchor="end">
          {b.endLabel.text}
        </text>
      )}
      {b.finalResult && (
        <path
          className="win-final"
          d={`M ${b.x1 - 7} ${b.y - 1} l 5 5 l -5 5 l -5 -5 z`}
          aria-hidden="true"
        />
      )}
    </g>
  );
}

function RecordDot({ r, arrowId }: { r: RecordMark; arrowId: string }) {
  const title = `Record #${r.seq}, event time ${formatEventTime(r.timestampMs)}, arrived at ${formatEventTime(r.processedAtMs)} with stream time ${formatEventTime(r.arrivalStreamTimeMs)}: ${r.outcome}${r.outOfOrder ? ', out of order' : ''}`;
  const cls = ['rec', `rec-${r.outcome}`, r.outOfOrder ? 'rec-ooo' : '', r.fresh ? 'is-fresh' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <g className={cls}>
      <title>{title}</title>
      {r.arrowFromX !== null && (
        <line
          className="rec-arrow"
          x1={r.arrowFromX}
          y1={r.y - 7}
          x2={r.x + 3}
          y2={r.y - 7}
          markerEnd={`url(#${arrowId})`}
        />
      )}
      {r.outcome === 'counted' ? (
        <circle className="rec-mark" cx={r.x} cy={r.y} r={4} />
      ) : (
        <path
          className="rec-mark"
          d={`M ${r.x - 4} ${r.y - 4} l 8 8 M ${r.x + 4} ${r.y - 4} l -8 8`}
        />
      )}
      {r.label && (
        <text className="rec-label" x={r.label.x} y={r.label.y} textAnchor={r.label.anchor}>
          {r.label.text}
        </text>
      )}
    </g>
  );
}

/** The stream-time or close line of a row's task, and its label (the line is off the axis when x is null). */
function VerticalLine({
  className,
  line,
  top,
  bottom,
}: {
  className: string;
  line: TimeLine;
  top: number;
  bottom: number;
}) {
  return (
    <g className={className}>
      {line.x !== null && <line x1={line.x} x2={line.x} y1={top} y2={bottom} />}
      <text x={line.label.x} y={line.label.y} textAnchor={line.label.anchor}>
        {line.label.text}
      </text>
    </g>
  );
}

function Row({ row, layout, arrowId }: { row: KeyRow; layout: WindowLayout; arrowId: string }) {
  const lineTop = row.bandTop - 3;
  return (
    <g className="win-row">
      <text className="row-key" x={row.keyLabel.x} y={row.keyLabel.y}>
        {row.keyLabel.text}
      </text>
      <text className="row-task" x={row.taskLabel.x} y={row.taskLabel.y}>
        {row.taskLabel.text}
      </text>
      {row.phaseLabel && (
        <text className="row-phase" x={row.phaseLabel.x} y={row.phaseLabel.y}>
          {row.phaseLabel.text}
        </text>
      )}
      {row.lateLabel && (
        <text className="row-late" x={row.lateLabel.x} y={row.lateLabel.y}>
          {row.lateLabel.text}
        </text>
      )}
      <line
        className="row-track"
        x1={layout.plotLeft}
        x2={layout.plotRight}
        y1={row.trackY}
        y2={row.trackY}
      />
      {row.windows.map((b) => (
        <WindowRect key={b.id} b={b} />
      ))}
      {row.closeLine && (
        <VerticalLine
          className="line-close"
          line={row.closeLine}
          top={lineTop}
          bottom={row.bandBottom}
        />
      )}
      {row.timeNote && (
        <text className="row-note" x={row.timeNote.x} y={row.timeNote.y}>
          {row.timeNote.text}
        </text>
      )}
      {row.streamLine && (
        <VerticalLine
          className="line-stream"
          line={row.streamLine}
          top={lineTop}
          bottom={row.bandBottom}
        />
      )}
      {row.records.map((r) => (
        <RecordDot key={r.seq} r={r} arrowId={arrowId} />
      ))}
    </g>
  );
}

function Legend() {
  return (
    <ul className="win-legend" aria-label="Legend">
      <li>
        <span className="sw sw-open" aria-hidden="true" /> open
      </li>
      <li>
        <span className="sw sw-grace" aria-hidden="true" /> in grace
      </li>
      <li>
        <span className="sw sw-closed" aria-hidden="true" /> closed
      </li>
      <li>
        <span className="mk mk-late" aria-hidden="true">
          ✕
        </span>{' '}
        late (dropped)
      </li>
      <li>
        <span className="mk mk-ooo" aria-hidden="true">
          ○
        </span>{' '}
        out of order
      </li>
      <li>
        <span className="sw sw-having" aria-hidden="true" /> passes HAVING
      </li>
      <li>
        <span className="mk mk-final" aria-hidden="true">
          ◆
        </span>{' '}
        final result
      </li>
      <li>
        <span className="mk mk-stream" aria-hidden="true">
          │
        </span>{' '}
        stream time
      </li>
      <li>
        <span className="mk mk-close" aria-hidden="true">
          ┆
        </span>{' '}
        close = stream time − grace
      </li>
    </ul>
  );
}

function Arrivals({ inputs }: { inputs: readonly AggregationInput[] }) {
  const recent = inputs.slice(-ARRIVALS_LISTED).reverse();
  if (recent.length === 0) return null;
  return (
    <details className="win-arrivals">
      <summary>Arrival order vs event time (last {recent.length})</summary>
      <ol>
        {recent.map((i) => (
          <li key={i.seq} className={`arr-${i.outcome}`}>
            <span className="arr-key">{i.key}</span> event {formatEventTime(i.timestampMs)}, arrived{' '}
            {formatEventTime(i.processedAtMs)}, task {i.task}
            {i.timestampMs < i.streamTimeMs
              ? `, out of order (stream time ${formatEventTime(i.streamTimeMs)})`
              : ''}
            {i.outcome === 'counted' ? '' : `: ${i.outcome}`}
          </li>
        ))}
      </ol>
    </details>
  );
}

/**
 * The windows of a windowed aggregation on an event-time axis, a row per key: each window's
 * count as the task sees it, whether it is open, in grace or closed by its task's own stream
 * time, which rows pass HAVING and which got EMIT FINAL's result, and every record at its
 * event time (late ones ✕, out-of-order ones hollow with an arrow back from the stream time
 * they arrived at).
 */
export function WindowView({ query, nowMs }: ProcessingPartProps) {
  const plotRef = useRef<HTMLDivElement>(null);
  const widthPx = useWidth(plotRef);
  const presenter = useAppStore((s) => s.mode === 'presenter');
  const titleId = useId();
  // An id usable inside url(#…): useId's may hold characters a URL fragment does not take.
  const arrowId = `win-arrow-${titleId.replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const fontPx = presenter ? 18 : 13;
  const layout = layoutWindows(query, {
    widthPx,
    fontPx,
    maxRows: widthPx < 500 ? 5 : presenter ? 6 : 8,
    nowMs,
    formatTime: formatEventTime,
  });
  return (
    <section className="win-view" aria-labelledby={titleId}>
      <div className="win-head">
        <h2 id={titleId} className="win-title">
          Windows
        </h2>
        {query.window && <span className="win-spec">{specText(query.window, query.emit)}</span>}
        <span className="win-dropped">dropped-records {query.droppedRecords}</span>
      </div>
      <Legend />
      <div className="win-plot" ref={plotRef}>
        {layout === null ? (
          <p className="muted">This query has no time window: it counts per key for ever.</p>
        ) : layout.rows.length === 0 ? (
          <p className="muted">No record has reached the aggregation yet.</p>
        ) : (
          <svg
            className="win-svg"
            role="img"
            aria-label={describeWindows(layout, query.emit)}
            width={layout.widthPx}
            height={layout.heightPx}
            style={{ fontSize: `${fontPx}px` }}
          >
            <defs>
              <marker
                id={arrowId}
                viewBox="0 0 6 6"
                refX="5"
                refY="3"
                markerWidth="6"
                markerHeight="6"
                orient="auto"
              >
                <path d="M 0 0 L 6 3 L 0 6 z" className="rec-arrowhead" />
              </marker>
            </defs>
            <g className="win-grid" aria-hidden="true">
              {layout.ticks.map((t) => (
                <line key={t.timeMs} x1={t.x} x2={t.x} y1={0} y2={layout.axisY} />
              ))}
            </g>
            {layout.rows.map((row) => (
              <Row key={row.key} row={row} layout={layout} arrowId={arrowId} />
            ))}
            <g className="win-axis">
              <line
                x1={layout.plotLeft}
                x2={layout.plotRight}
                y1={layout.axisY}
                y2={layout.axisY}
              />
              {layout.ticks.map((t) => (
                <text key={t.timeMs} x={t.x} y={layout.axisY + fontPx * 1.2} textAnchor={t.anchor}>
                  {t.text}
                </text>
              ))}
            </g>
          </svg>
        )}
      </div>
      {layout !== null && <Footer layout={layout} />}
      <Arrivals inputs={query.inputs} />
    </section>
  );
}

function Footer({ layout }: { layout: WindowLayout }) {
  const notes = ['event time →'];
  if (layout.windowsOffscreen > 0 || layout.recordsOffscreen > 0)
    notes.push(
      `← off-screen: ${layout.windowsOffscreen} earlier window${layout.windowsOffscreen === 1 ? '' : 's'}, ${layout.recordsOffscreen} record${layout.recordsOffscreen === 1 ? '' : 's'}`,
    );
  if (layout.hiddenKeys > 0)
    notes.push(`+${layout.hiddenKeys} more key${layout.hiddenKeys === 1 ? '' : 's'}`);
  return <p className="win-foot">{notes.join(' · ')}</p>;
}
