import { select, type Selection } from 'd3-selection';
import type { LogRecord } from '../engine';
import {
  formatOmitted,
  leaderText,
  type LogStrip,
  type PositionMarker,
  SIZES,
} from './clusterLayout';
import { setAttr, setText, translate } from './dom';
import { keyColorClass, keyLabel } from './keyColor';

interface RecordCell {
  /** Offset plus producer identity: a record rewritten at the same offset after a truncation is a new cell. */
  id: string;
  strip: LogStrip;
  record: LogRecord;
}

export function recordAriaLabel(
  topic: string,
  partition: number,
  record: Pick<LogRecord, 'offset' | 'key'>,
): string {
  return `${topic}-${partition} offset ${record.offset}, ${record.key === null ? 'no key' : `key ${record.key}`}`;
}

/**
 * Each partition's log (the leader's copy) as a strip of record cells, oldest on the left.
 * A cell shows its offset and key, coloured by key; cells at or above the high watermark are
 * dashed (written but not yet readable). The high watermark and log end offset are marked on
 * the strip, consumer positions under it. Only the newest `recordsPerStrip` records are drawn.
 */
export function drawLogs(
  g: SVGGElement,
  strips: readonly LogStrip[],
  recordsPerStrip: number,
  visible: { top: number; bottom: number } = { top: -Infinity, bottom: Infinity },
): void {
  const rows = select(g)
    .selectAll<SVGGElement, LogStrip>('g.strip')
    .data(strips, (d) => d.id)
    .join((enter) => {
      const row = enter.append('g').attr('class', 'strip').attr('role', 'list');
      const head = row.append('g').attr('class', 'strip-head').attr('role', 'button');
      head.attr('tabindex', 0);
      head.append('rect').attr('class', 'strip-head-hit').attr('y', -2).attr('height', 40);
      head.append('text').attr('class', 'strip-name').attr('y', 17);
      head.append('text').attr('class', 'strip-leader').attr('y', 33);
      row.append('rect').attr('class', 'strip-track').attr('rx', 4);
      const ellipsis = row.append('g').attr('class', 'strip-ellipsis');
      ellipsis
        .append('text')
        .attr('class', 'ellipsis-dots')
        .attr('y', 16)
        .attr('text-anchor', 'middle')
        .text('…');
      ellipsis
        .append('text')
        .attr('class', 'ellipsis-count')
        .attr('y', 32)
        .attr('text-anchor', 'middle');
      row.append('g').attr('class', 'records');
      row.append('line').attr('class', 'hw-line');
      row.append('line').attr('class', 'leo-line');
      row.append('text').attr('class', 'strip-hw').attr('y', 17);
      row.append('text').attr('class', 'strip-leo').attr('y', 33);
      row.append('g').attr('class', 'markers');
      return row;
    });
  setAttr(rows, 'transform', (d) => translate(0, d.y));
  setAttr(rows, 'aria-label', stripAriaLabel);
  setAttr(rows, 'data-topic', (d) => d.topic);
  setAttr(rows, 'data-partition', (d) => d.partition);
  setAttr(rows, 'data-log-end-offset', (d) => d.logEndOffset);
  setAttr(rows, 'data-high-watermark', (d) => d.highWatermark);
  setAttr(rows, 'data-first-drawn-offset', (d) => d.window.fromOffset);
  setAttr(rows, 'data-records-omitted', (d) => d.window.omitted);
  setAttr(rows, 'data-leader', (d) => d.leader);
  setAttr(rows, 'data-lost', (d) => d.lostCount);
  setAttr(rows, 'data-ownership', (d) => d.ownership);
  setAttr(rows, 'data-paused-groups', (d) => d.pausedGroups.join(' '));
  rows.classed('paused', (d) => d.ownership === 'paused');
  rows.classed('offline', (d) => d.leader === -1);
  const head = rows.select<SVGGElement>('g.strip-head');
  setAttr(head, 'aria-label', (d) => `Inspect ${d.id}: ${leaderText(d)}`);
  setAttr(head, 'data-select', (d) =>
    JSON.stringify({ kind: 'partition', topic: d.topic, partition: d.partition }),
  );
  const hit = head.select<SVGRectElement>('rect.strip-head-hit');
  setAttr(hit, 'x', (d) => d.labelX - 4);
  setAttr(hit, 'width', (d) => d.ellipsisX - d.labelX);

  const name = rows.select<SVGTextElement>('text.strip-name');
  setAttr(name, 'x', (d) => d.labelX);
  setText(name, (d) => d.id);
  const leader = rows.select<SVGTextElement>('text.strip-leader');
  setAttr(leader, 'x', (d) => d.labelX);
  setText(leader, leaderText);
  const track = rows.select<SVGRectElement>('rect.strip-track');
  setAttr(track, 'x', (d) => d.cellsX - 4);
  setAttr(track, 'y', () => -3);
  setAttr(track, 'width', (d) => recordsPerStrip * d.cellPitch + 5);
  setAttr(track, 'height', (d) => d.cellHeight + 6);

  const ellipsis = rows.select<SVGGElement>('g.strip-ellipsis');
  setAttr(ellipsis, 'transform', (d) => translate(d.ellipsisX + 18, 0));
  setAttr(ellipsis, 'display', (d) => (d.window.omitted > 0 ? 'inline' : 'none'));
  setAttr(ellipsis, 'aria-label', (d) => `${d.window.omitted} earlier records not drawn`);
  setText(ellipsis.select('text.ellipsis-count'), (d) => formatOmitted(d.window.omitted));

  // Records and markers only for strips on screen: per-frame work follows what is visible.
  const onScreen = (d: LogStrip) => d.y + d.height >= visible.top && d.y <= visible.bottom;
  setAttr(rows, 'data-drawn', (d) => String(onScreen(d)));
  rows.each(function (d) {
    const shown = onScreen(d);
    drawRecords(
      (this as SVGGElement).querySelector('g.records') as SVGGElement,
      shown ? d : { ...d, window: { ...d.window, records: [] } },
    );
    drawMarkers(
      (this as SVGGElement).querySelector('g.markers') as SVGGElement,
      shown ? d : { ...d, markers: [] },
    );
  });

  boundary(rows.select<SVGLineElement>('line.hw-line'), (d) => d.highWatermarkX, -6);
  boundary(rows.select<SVGLineElement>('line.leo-line'), (d) => d.logEndX, -3);
  const hw = rows.select<SVGTextElement>('text.strip-hw');
  setAttr(hw, 'x', (d) => d.infoX + 8);
  setText(hw, (d) => `HW ${d.highWatermark}`);
  const leo = rows.select<SVGTextElement>('text.strip-leo');
  setAttr(leo, 'x', (d) => d.infoX + 8);
  setText(leo, (d) => `LEO ${d.logEndOffset}`);
}

function stripAriaLabel(d: LogStrip): string {
  const size = d.logEndOffset === 0 ? 'empty' : `log end offset ${d.logEndOffset}`;
  const lost = d.lostCount > 0 ? `, ${d.lostCount} acknowledged records lost` : '';
  return `${d.id} log, ${leaderText(d)}, ${size}, high watermark ${d.highWatermark}${lost}`;
}

export { leaderText };

function boundary(
  line: Selection<SVGLineElement, LogStrip, SVGGElement, unknown>,
  x: (d: LogStrip) => number,
  overhang: number,
): void {
  setAttr(line, 'x1', x);
  setAttr(line, 'x2', x);
  setAttr(line, 'y1', () => overhang);
  setAttr(line, 'y2', (d) => d.cellHeight - overhang);
}

function drawRecords(g: SVGGElement, strip: LogStrip): void {
  const cells: RecordCell[] = strip.window.records.map((record) => ({
    id: `${record.offset}:${record.producer}:${record.sequence}`,
    strip,
    record,
  }));
  const records = select(g)
    .selectAll<SVGGElement, RecordCell>('g.record')
    .data(cells, (d) => d.id)
    .join((enter) => {
      const cell = enter.append('g').attr('role', 'listitem');
      cell.attr('class', (d) => `record ${keyColorClass(d.record.key)}`);
      cell
        .attr('data-topic', (d) => d.strip.topic)
        .attr('data-partition', (d) => d.strip.partition);
      cell.attr('data-offset', (d) => d.record.offset);
      // No data-key attribute at all for a null key, so getAttribute('data-key') reads null.
      cell.attr('data-key', (d) => d.record.key);
      cell.attr('aria-label', (d) => recordAriaLabel(d.strip.topic, d.strip.partition, d.record));
      cell.attr('tabindex', -1);
      cell.attr('data-select', (d) =>
        JSON.stringify({
          kind: 'record',
          topic: d.strip.topic,
          partition: d.strip.partition,
          offset: d.record.offset,
        }),
      );
      cell
        .append('rect')
        .attr('class', 'cell')
        .attr('rx', 4)
        .attr('width', strip.cellWidth)
        .attr('height', strip.cellHeight);
      cell
        .append('rect')
        .attr('class', 'cell-band')
        .attr('width', strip.cellWidth)
        .attr('height', 5)
        .attr('rx', 2);
      cell
        .append('text')
        .attr('class', 'cell-offset')
        .attr('x', 4)
        .attr('y', 15)
        .text((d) => String(d.record.offset));
      cell
        .append('text')
        .attr('class', 'cell-key')
        .attr('x', strip.cellWidth / 2)
        .attr('y', 30)
        .attr('text-anchor', 'middle')
        .text((d) => keyLabel(d.record.key));
      // Taller cells (the log view) also show the value: per key, values in order.
      cell
        .filter(() => strip.cellHeight >= 50)
        .append('text')
        .attr('class', 'cell-value')
        .attr('x', strip.cellWidth / 2)
        .attr('y', 46)
        .attr('text-anchor', 'middle')
        .text((d) => shortValue(d.record.value));
      cell.append('title').text((d) => recordTitle(d.record));
      return cell;
    });
  setAttr(records, 'transform', (d) =>
    translate(strip.cellsX + (d.record.offset - strip.window.fromOffset) * strip.cellPitch, 0),
  );
  records.classed('uncommitted', (d) => d.record.offset >= strip.highWatermark);
}

/** The end of a value ("shop-17" → "17"): what fits in a cell and shows the order. */
export function shortValue(value: string | null): string {
  if (value === null) return '∅';
  const tail = /[^-_: ]+$/.exec(value)?.[0] ?? value;
  return tail.length <= 6 ? tail : `${tail.slice(0, 5)}…`;
}

function recordTitle(r: LogRecord): string {
  const key = r.key === null ? 'no key (∅)' : `key ${r.key}`;
  return `offset ${r.offset}, ${key}\nvalue ${r.value ?? 'null'}\nfrom ${r.producer} at ${r.timestampMs} ms`;
}

/**
 * Position ▲, commit ■ (hollow), lost ✕, a lagging follower's LEO ○, a truncation ⊥, a revoked
 * partition ❚❚: shape tells them apart without colour.
 */
const MARKER_GLYPHS: Record<PositionMarker['kind'], string> = {
  position: 'M0,0 L6,9 L-6,9 Z',
  commit: 'M-4,1 H4 V9 H-4 Z',
  lost: 'M-5,0 L5,10 M5,0 L-5,10',
  replica: 'M-4,5 a4,4 0 1,0 8,0 a4,4 0 1,0 -8,0',
  truncated: 'M0,-2 V11 M-4,11 H4',
  revoked: 'M-3,1 V10 M3,1 V10',
};

function drawMarkers(g: SVGGElement, strip: LogStrip): void {
  const markers = select(g)
    // Every marker carries `strip-marker` (its kind class varies): selecting by a kind class
    // would miss the other kinds and append them again on every redraw.
    .selectAll<SVGGElement, PositionMarker>('g.strip-marker')
    .data(strip.markers, (d) => d.id)
    .join((enter) => {
      const marker = enter.append('g').attr('role', 'img');
      marker
        .append('path')
        .attr('class', 'marker-glyph')
        .attr('d', (d) => MARKER_GLYPHS[d.kind]);
      marker.append('text').attr('class', 'marker-label').attr('x', 9).attr('y', 12);
      return marker;
    });
  setAttr(markers, 'transform', (d) =>
    translate(d.x, strip.cellHeight + 4 + d.lane * SIZES.markerLaneHeight),
  );
  setAttr(markers, 'class', (d) =>
    [
      'strip-marker',
      d.kind === 'position' ? 'position-marker' : `${d.kind}-marker`,
      d.colorIndex === null ? '' : `member-${d.colorIndex}`,
    ]
      .filter(Boolean)
      .join(' '),
  );
  // Lost records open their list in the inspector (producer, sequence, offset).
  setAttr(markers, 'role', (d) => (d.kind === 'lost' ? 'button' : 'img'));
  setAttr(markers, 'tabindex', (d) => (d.kind === 'lost' ? 0 : null));
  setAttr(markers, 'data-select', (d) =>
    d.kind === 'lost'
      ? JSON.stringify({ kind: 'lost', topic: strip.topic, partition: strip.partition })
      : null,
  );
  setAttr(markers, 'aria-label', (d) =>
    d.kind === 'lost'
      ? `Inspect lost records: ${d.label} on ${strip.id}`
      : `${d.label} on ${strip.id}`,
  );
  setAttr(markers, 'data-group', (d) => d.group ?? '');
  setAttr(markers, 'data-consumers', (d) => d.consumers.join(' '));
  setAttr(markers, 'data-position', (d) => d.position);
  setAttr(markers, 'data-kind', (d) => d.kind);
  const label = markers.select<SVGTextElement>('text.marker-label');
  setAttr(label, 'x', (d) => (d.anchor === 'end' ? -9 : 9));
  setAttr(label, 'text-anchor', (d) => d.anchor);
  setText(markers.select<SVGTextElement>('text.marker-label'), (d) =>
    // Lost and truncation labels name their offsets; "◂" would sit between glyph and words.
    d.clipped && d.kind !== 'lost' && d.kind !== 'truncated' ? `◂ ${d.label}` : d.label,
  );
}
