import { select, type BaseType, type Selection } from 'd3-selection';
import type { LogRecord } from '../engine';
import {
  formatOmitted,
  leaderText,
  type LogStrip,
  type SegmentMark,
  type PositionMarker,
  SIZES,
} from './clusterLayout';
import {
  changedData,
  sameData,
  type DrawnFrom,
  setAttr,
  setAttrIfChanged,
  setClass,
  setTextIfChanged,
  setClasses,
  setText,
  translate,
  putInOrder,
} from './dom';
import { keyColorClass } from './keyColor';
import { describeWindow } from './logWindow';
import { cellFonts, cellText, isTallCell, recordDetailLines } from './recordCell';
import { labelTextWidth } from './textMetrics';

export function recordAriaLabel(
  topic: string,
  partition: number,
  record: Pick<LogRecord, 'offset' | 'key'> & Partial<Pick<LogRecord, 'value'>>,
): string {
  const value = record.value === undefined ? '' : `, value ${record.value ?? 'null'}`;
  return `${topic}-${partition} offset ${record.offset}, ${record.key === null ? 'no key' : `key ${record.key}`}${value}`;
}

/**
 * The part of the picture that must show the moment now (see `drawLogs`), and, while playing,
 * which share of the strips outside it this frame draws: those whose index is `phase` modulo
 * `of`.
 */
export interface CurrentBand {
  readonly top: number;
  readonly bottom: number;
  readonly turn?: { readonly of: number; readonly phase: number };
}

/**
 * Each partition's log (the leader's copy) as a strip of record cells, oldest on the left.
 * A cell shows its offset, key and value (what fits; all of it in the tooltip on hover or
 * focus), coloured by key; cells at or above the high watermark are dashed (written but not
 * yet readable). The high watermark and log end offset are marked on the strip, consumer
 * positions under it. Each strip draws its window (`LogStrip.window`): the newest records,
 * the pinned ones with a gap "… N" between, and older/newer paging controls. Returns true
 * when strips were left for later (outside `current`): the caller draws again without it.
 */
export function drawLogs(
  g: SVGGElement,
  strips: readonly LogStrip[],
  recordsPerStrip: number,
  visible: { top: number; bottom: number } = { top: -Infinity, bottom: Infinity },
  current?: CurrentBand,
  fillSpares = false,
): boolean {
  const allRows = select(g)
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
      // The ellipsis is also the "older records" control; a "newer" one appears when paged back.
      const ellipsis = row
        .append('g')
        .attr('class', 'strip-ellipsis')
        .attr('data-log-page', 'older');
      ellipsis
        .append('rect')
        .attr('class', 'page-hit')
        .attr('x', -20)
        .attr('y', -2)
        .attr('width', 40)
        .attr('height', 40);
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
      row.append('g').attr('class', 'segment-marks');
      row.append('line').attr('class', 'hw-line');
      row.append('line').attr('class', 'leo-line');
      row.append('text').attr('class', 'strip-hw').attr('y', 17);
      row.append('text').attr('class', 'strip-leo').attr('y', 33);
      row.append('g').attr('class', 'markers');
      const newer = row
        .append('g')
        .attr('class', 'strip-newer')
        .attr('data-log-page', 'newer')
        .attr('role', 'button')
        .attr('tabindex', 0);
      newer.append('rect').attr('class', 'page-hit newer-cell').attr('rx', 4);
      newer.append('text').attr('class', 'newer-arrow').attr('y', 16).attr('text-anchor', 'middle');
      newer.append('text').attr('class', 'newer-count').attr('y', 31).attr('text-anchor', 'middle');
      // One tooltip per strip, drawn last so it sits over the strip's cells.
      const tip = row
        .append('g')
        .attr('class', 'record-tip')
        .attr('role', 'tooltip')
        .attr('display', 'none');
      tip.append('rect').attr('class', 'record-tip-box').attr('rx', 4);
      return row;
    });
  // What the strip is, for assistive technology and tests: kept true on every strip, on
  // screen or not (attributes no style or layout depends on, so cheap to change).
  const described = changedData(allRows, sameDescription, undefined, describedFrom);
  setAttr(described, 'aria-label', stripAriaLabel);
  setAttr(described, 'data-topic', (d) => d.topic);
  setAttr(described, 'data-partition', (d) => d.partition);
  setAttr(described, 'data-log-end-offset', (d) => d.logEndOffset);
  setAttr(described, 'data-high-watermark', (d) => d.highWatermark);
  setAttr(described, 'data-first-drawn-offset', (d) => d.window.fromOffset);
  setAttr(described, 'data-records-omitted', (d) => d.window.omitted);
  setAttr(
    described,
    'data-last-drawn-offset',
    (d) => d.window.records.at(-1)?.offset ?? d.window.toOffset - 1,
  );
  setAttr(described, 'data-records-newer', (d) => d.window.newer);
  setAttr(described, 'data-window', (d) => describeWindow(d.window, logStartOf(d)));
  setAttr(described, 'data-leader', (d) => d.leader);
  setAttr(described, 'data-lost', (d) => d.lostCount);
  setAttr(described, 'data-ownership', (d) => d.ownership);
  setAttr(described, 'data-paused-groups', (d) => d.pausedGroups.join(' '));

  // What it looks like: drawn only for strips on screen (records, markers, numbers, lines),
  // and again only when something it shows changed (most strips are quiet each frame). A
  // strip off screen is drawn once as it leaves (records and markers dropped) and then only
  // moved: its numbers change with every record, and redrawing text nobody can see made the
  // browser lay it out again many times a frame. Scrolling redraws (ClusterView).
  const within = (d: LogStrip, band: { top: number; bottom: number }) =>
    d.y + d.height >= band.top && d.y <= band.bottom;
  const onScreen = (d: LogStrip) => within(d, visible);
  // A strip off screen by less than the window's height again keeps its cells as hidden
  // spares: strips at the edge of the window go off and on screen as the cards above them
  // change height from one moment to the next (a broker down, back), and each time back
  // they had every cell built again. Farther off, a strip keeps none (a large cluster).
  const span = visible.bottom - visible.top;
  const keepsSpares = (d: LogStrip) =>
    within(d, { top: visible.top - span, bottom: visible.bottom + span });
  // With a `current` band (a seek or step while paused), strips in the margin outside it are
  // left as they were, only moved to their place: nobody sees them, and drawing them doubled
  // what a seek cost. The caller draws again without it once the new moment is on screen.
  // While playing, each frame draws its `turn` of them (every fourth strip in turn).
  const deferred = (d: LogStrip, i: number) =>
    current !== undefined &&
    onScreen(d) &&
    !within(d, current) &&
    (current.turn === undefined || i % current.turn.of !== current.turn.phase);
  const later = allRows.filter(deferred);
  setAttr(later, 'transform', (d) => translate(0, d.y));
  // On screen: everything drawn; off screen: only where the strip is (see above).
  const rows = changedData(
    allRows.filter((d, i) => !deferred(d, i)),
    (last, now) =>
      onScreen(now) ? sameData(last, now) : last.y === now.y && last.height === now.height,
    (d) => (onScreen(d) ? recordsPerStrip : -1),
  );
  setClass(described, 'paused', (d) => d.ownership === 'paused');
  setClass(described, 'offline', (d) => d.leader === -1);
  setAttr(
    described.select<SVGGElement>('g.strip-head'),
    'aria-label',
    (d) => `Inspect ${d.id}: ${leaderText(d)}`,
  );
  setAttr(rows, 'transform', (d) => translate(0, d.y));
  const head = rows.select<SVGGElement>('g.strip-head');
  const hit = head.select<SVGRectElement>('rect.strip-head-hit');
  setAttr(hit, 'x', (d) => d.labelX - 4);
  setAttr(hit, 'width', (d) => d.ellipsisX - d.labelX);

  const name = rows.select<SVGTextElement>('text.strip-name');
  setAttr(name, 'x', (d) => d.labelX);
  setText(name, (d) => d.id);
  const leader = rows.select<SVGTextElement>('text.strip-leader');
  setAttr(leader, 'x', (d) => d.labelX);
  setText(leader, (d) => d.leaderLine);
  const track = rows.select<SVGRectElement>('rect.strip-track');
  setAttr(track, 'x', (d) => d.cellsX - 4);
  setAttr(track, 'y', () => -3);
  // The same room on every strip, whatever its cells' width (wider cells, fewer of them).
  setAttr(
    track,
    'width',
    (d) =>
      Math.max(
        d.window.capacity * d.cellPitch,
        recordsPerStrip * (SIZES.cellWidth + SIZES.cellGap),
      ) + 5,
  );
  setAttr(track, 'height', (d) => d.cellHeight + 6);

  const ellipsis = rows.select<SVGGElement>('g.strip-ellipsis');
  setAttr(ellipsis, 'transform', (d) => translate(d.ellipsisX + 18, 0));
  const older = (d: LogStrip) =>
    d.window.omitted > 0 || d.window.slots.some((x) => x.kind === 'gap');
  setAttr(ellipsis, 'display', (d) => (older(d) ? 'inline' : 'none'));
  setAttr(ellipsis, 'role', (d) => (older(d) ? 'button' : null));
  setAttr(ellipsis, 'tabindex', (d) => (older(d) ? 0 : null));
  setAttr(ellipsis, 'aria-label', (d) =>
    older(d)
      ? `Older records of ${d.id}${d.window.omitted > 0 ? `: ${d.window.omitted} earlier records not drawn` : ''} (${describeWindow(d.window, logStartOf(d))})`
      : null,
  );
  setText(ellipsis.select('text.ellipsis-dots'), (d) => (d.window.omitted > 0 ? '‹ …' : '‹'));
  setText(ellipsis.select('text.ellipsis-count'), (d) =>
    d.window.omitted > 0 ? formatOmitted(d.window.omitted) : '',
  );
  const newer = rows.select<SVGGElement>('g.strip-newer');
  setAttr(newer, 'display', (d) => (d.window.newer > 0 ? 'inline' : 'none'));
  setAttr(newer, 'transform', (d) => translate(d.cellsX + d.window.slots.length * d.cellPitch, 0));
  setAttr(newer, 'aria-label', (d) =>
    d.window.newer > 0
      ? `Newer records of ${d.id}: ${d.window.newer} not drawn (${describeWindow(d.window, logStartOf(d))}); End follows the newest`
      : null,
  );
  setAttr(newer.select<SVGRectElement>('rect.newer-cell'), 'width', (d) => d.cellWidth);
  setAttr(newer.select<SVGRectElement>('rect.newer-cell'), 'height', (d) => d.cellHeight);
  const arrow = newer.select<SVGTextElement>('text.newer-arrow');
  setAttr(arrow, 'x', (d) => d.cellWidth / 2);
  setText(arrow, () => '… ›');
  const newerCount = newer.select<SVGTextElement>('text.newer-count');
  setAttr(newerCount, 'x', (d) => d.cellWidth / 2);
  setText(newerCount, (d) => formatOmitted(d.window.newer));

  setAttr(rows, 'data-drawn', (d) => String(onScreen(d)));
  rows.each(function (d) {
    const shown = onScreen(d);
    drawRecords(
      (this as SVGGElement).querySelector('g.records') as SVGGElement,
      shown ? d : { ...d, window: { ...d.window, records: [], slots: [] } },
      shown || keepsSpares(d),
    );
    drawMarkers(
      (this as SVGGElement).querySelector('g.markers') as SVGGElement,
      shown ? d : { ...d, markers: [] },
    );
  });

  // Cells built ahead (see `fillSpareCells`), in every strip on screen, drawn or not now.
  if (fillSpares)
    allRows.each(function (d) {
      if (onScreen(d)) fillSpareCells((this as SVGGElement).querySelector('g.records')!, d);
    });

  rows.each(function (d) {
    drawSegmentMarks((this as SVGGElement).querySelector('g.segment-marks') as SVGGElement, d);
  });
  boundary(rows.select<SVGLineElement>('line.hw-line'), (d) => d.highWatermarkX, -6);
  boundary(rows.select<SVGLineElement>('line.leo-line'), (d) => d.logEndX, -3);
  const hw = rows.select<SVGTextElement>('text.strip-hw');
  setAttr(hw, 'x', (d) => d.infoX + 8);
  setText(hw, (d) => `HW ${d.highWatermark}`);
  const leo = rows.select<SVGTextElement>('text.strip-leo');
  setAttr(leo, 'x', (d) => d.infoX + 8);
  setText(leo, (d) => `LEO ${d.logEndOffset}`);
  return !later.empty();
}

/** What each strip's description (`aria-label`, data attributes) was last written from. */
const describedFrom = new WeakMap<Element, DrawnFrom>();

/** Whether two strips are described alike (`aria-label`, the data attributes, its classes). */
function sameDescription(a: LogStrip, b: LogStrip): boolean {
  if (a === b) return true;
  if (
    a.logEndOffset !== b.logEndOffset ||
    a.highWatermark !== b.highWatermark ||
    a.leader !== b.leader ||
    a.lostCount !== b.lostCount ||
    a.ownership !== b.ownership ||
    a.id !== b.id ||
    !sameData(a.isr, b.isr) ||
    !sameData(a.pausedGroups, b.pausedGroups)
  )
    return false;
  const x = a.window;
  const y = b.window;
  if (
    x.fromOffset !== y.fromOffset ||
    x.toOffset !== y.toOffset ||
    x.omitted !== y.omitted ||
    x.newer !== y.newer ||
    x.records.length !== y.records.length ||
    x.slots.length !== y.slots.length
  )
    return false;
  // `describeWindow` reads the offsets of the slots (records and gaps).
  for (let i = 0; i < x.slots.length; i++) {
    const s = x.slots[i];
    const t = y.slots[i];
    if (s.kind !== t.kind) return false;
    if (s.kind === 'record' && t.kind === 'record' && s.record.offset !== t.record.offset)
      return false;
    if (s.kind === 'gap' && t.kind === 'gap' && s.fromOffset !== t.fromOffset) return false;
  }
  return true;
}

function stripAriaLabel(d: LogStrip): string {
  const size = d.logEndOffset === 0 ? 'empty' : `log end offset ${d.logEndOffset}`;
  const lost = d.lostCount > 0 ? `, ${d.lostCount} acknowledged records lost` : '';
  const shown = d.logEndOffset === 0 ? '' : `, ${describeWindow(d.window, logStartOf(d))}`;
  return `${d.id} log, ${leaderText(d)}, ${size}, high watermark ${d.highWatermark}${lost}${shown}`;
}

/** The log start offset: the window counts what it left out before its first cell. */
function logStartOf(d: LogStrip): number {
  return d.window.logStartOffset;
}

export { leaderText };

/**
 * A divider before each segment's first record, reaching above the cells; the active segment's
 * is solid and labelled, closed ones dashed (the log cleaner and retention act on closed ones).
 */
function drawSegmentMarks(g: SVGGElement, strip: LogStrip): void {
  const marks = select(g)
    .selectAll<SVGGElement, SegmentMark>('g.segment-mark')
    .data(strip.segmentMarks, (d) => String(d.baseOffset))
    .join((enter) => {
      const mark = enter.append('g').attr('role', 'img');
      mark.append('line').attr('y1', -7);
      mark.append('text').attr('class', 'segment-label').attr('x', 3).attr('y', -1);
      return mark;
    });
  setClasses(marks, (d) => `segment-mark${d.active ? ' active' : ''}`);
  setAttr(marks, 'transform', (d) => translate(d.x, 0));
  setAttr(marks, 'data-base-offset', (d) => d.baseOffset);
  setAttr(marks, 'aria-label', (d) =>
    d.active
      ? `Active segment of ${strip.id} from offset ${d.baseOffset}`
      : `Segment of ${strip.id} from offset ${d.baseOffset}`,
  );
  setAttr(marks.select<SVGLineElement>('line'), 'y2', () => strip.cellHeight + 3);
  setText(marks.select<SVGTextElement>('text.segment-label'), (d) => (d.active ? 'active' : ''));
}

function boundary(
  line: Selection<SVGLineElement, LogStrip, BaseType, unknown>,
  x: (d: LogStrip) => number,
  overhang: number,
): void {
  setAttr(line, 'x1', x);
  setAttr(line, 'x2', x);
  setAttr(line, 'y1', () => overhang);
  setAttr(line, 'y2', (d) => d.cellHeight - overhang);
}

type Slot = LogStrip['window']['slots'][number];

/** A drawn slot: a record cell (keyed by offset and producer identity) or a gap. */
interface SlotCell {
  /** A record rewritten at the same offset after a truncation is a new cell. */
  id: string;
  index: number;
  slot: Slot;
}

function slotCells(strip: LogStrip): SlotCell[] {
  let gaps = 0;
  return strip.window.slots.map((slot, index) => ({
    // A gap by its place among the strip's gaps, not its offsets: the same element shows it
    // when a seek (or the log moving on) changes what it skips, rather than a new one.
    id:
      slot.kind === 'record'
        ? `${slot.record.offset}:${slot.record.producer}:${slot.record.sequence}`
        : `gap:${gaps++}`,
    index,
    slot,
  }));
}

/**
 * What each record cell was last fitted to: the strip's cell width (with its height class),
 * and the record whose text it shows. A re-used cell in a strip whose width did not change
 * keeps its shapes and only has its text rewritten.
 */
const drawnWidth = new WeakMap<Element, number>();
const drawnText = new WeakMap<Element, LogRecord>();

const rec = (d: SlotCell): LogRecord => (d.slot as { record: LogRecord }).record;

/** Each strip's record cells by the id of the record they show (see `recordCells`). */
const cellsOf = new WeakMap<SVGGElement, Map<string, SVGGElement>>();
/**
 * Each strip's spare cells, hidden (`visibility="hidden"`, class `record-spare`: not painted,
 * out of the accessibility tree, of hit testing and of every `g.record` query): seeking from
 * one moment to another changes how many cells a strip draws by a few, and building them
 * again cost more than keeping them (an empty log on screen keeps its spares too). Hidden,
 * not `display="none"`: that took a cell out of layout, so a seek that hid ~20 cells and
 * showed ~25 others had the browser destroy and rebuild the boxes of each (bench:ui's seek
 * case). A strip far off screen keeps none (see `keepsSpares` in `drawLogs`).
 */
const sparesOf = new WeakMap<SVGGElement, SVGGElement[]>();
/** A strip's whole window (a strip whose leader is offline draws none, then all again). */
const MAX_SPARE_CELLS = 64;

/**
 * The strip's record cells, one per record drawn, in offset order. A record still drawn keeps
 * its cell (it only moves); a cell whose record left the window is handed to a record that
 * came in, its description rewritten, rather than removed while another is built: a seek
 * changes every record of every strip on screen, and building ~200 cells of six elements each
 * (then fitting their text) was most of what a seek cost the browser.
 */
function recordCells(
  g: SVGGElement,
  strip: LogStrip,
  cells: readonly SlotCell[],
  keepSpares: boolean,
): Selection<SVGGElement, SlotCell, BaseType, unknown> {
  let byId = cellsOf.get(g);
  if (byId === undefined) {
    byId = new Map();
    // Cells drawn before this map existed (none in practice): start from them, by record.
    for (const el of g.querySelectorAll<SVGGElement>(':scope > g.record')) {
      const d = (el as unknown as { __data__?: SlotCell }).__data__;
      if (d !== undefined) byId.set(d.id, el);
    }
    cellsOf.set(g, byId);
  }
  const wanted = new Set(cells.map((c) => c.id));
  const pool = new Set<Element>(sparesOf.get(g));
  for (const [id, el] of byId)
    if (!wanted.has(id)) {
      byId.delete(id);
      // A cell with the keyboard's focus goes with its record (as it always did), rather
      // than have another record take its place under the reader.
      if (el === el.ownerDocument.activeElement) el.remove();
      else pool.add(el);
    }
  // Free cells and spares are handed out together in DOM order: after a seek every record
  // is new, and taking them in order keeps the DOM in offset order, so `order()` below moves
  // nothing. Taking the last first reversed them all, and spares were taken last first: a
  // strip drawing records again after none (its leader back) had every cell taken out and
  // put back, which made the browser build each one's boxes and lay out its text again.
  const free: SVGGElement[] = [];
  if (pool.size > 0) for (const el of g.children) if (pool.has(el)) free.push(el as SVGGElement);
  let nextFree = 0;
  for (const c of cells) {
    let el = byId.get(c.id);
    if (el === undefined) {
      el = nextFree < free.length ? free[nextFree++] : newRecordCell(g);
      el.removeAttribute('visibility');
      byId.set(c.id, el);
      describeRecordCell(el, strip, rec(c));
    }
    (el as unknown as { __data__: SlotCell }).__data__ = c;
  }
  const spares: SVGGElement[] = [];
  for (const el of free.slice(nextFree)) {
    if (keepSpares && spares.length < MAX_SPARE_CELLS) {
      // A spare already hidden is left as it is (each attribute written costs the browser).
      if (el.getAttribute('class') !== 'record-spare') hideAsSpare(el);
      spares.push(el);
    } else el.remove();
  }
  sparesOf.set(g, spares);
  const joined = select(g)
    .selectAll<SVGGElement, SlotCell>(':scope > g.record')
    .data(cells, (d) => d.id);
  // Offset order in the DOM too (screen readers, ←/→): a re-used cell moves to its place.
  putInOrder(g, joined.nodes());
  return joined;
}

/**
 * Hidden spare cells added until the strip holds as many cells as its window has slots
 * (`MAX_SPARE_CELLS` spares at most), asked for when the page is idle: a strip drawn empty
 * so far (a log with no records yet, the first picture of a lesson opened paused) otherwise
 * built all its cells in the viewer's first seek, which then took ~7 ms more to draw.
 */
function fillSpareCells(g: SVGGElement, strip: LogStrip): void {
  const spares = sparesOf.get(g) ?? [];
  const inUse = cellsOf.get(g)?.size ?? 0;
  const wanted = Math.min(MAX_SPARE_CELLS, strip.window.capacity - inUse);
  while (spares.length < wanted) spares.push(hideAsSpare(newRecordCell(g)));
  sparesOf.set(g, spares);
}

/** A cell hidden as a spare, with no record's description left on it. */
function hideAsSpare(cell: SVGGElement): SVGGElement {
  cell.setAttribute('class', 'record-spare');
  cell.setAttribute('visibility', 'hidden');
  // No stale record for a query by entity or offset (a caption's focus) to find.
  for (const name of ['data-offset', 'data-key', 'data-entity', 'aria-label'])
    cell.removeAttribute(name);
  return cell;
}

/** A record cell's text elements, found once per cell: a seek rewrites them in ~130 cells. */
interface CellTexts {
  readonly offset: Element;
  readonly valueInline: Element;
  readonly key: Element;
  readonly title: Element;
}
const cellTexts = new WeakMap<Element, CellTexts>();

function textsOf(cell: Element): CellTexts {
  let texts = cellTexts.get(cell);
  if (texts === undefined) {
    texts = {
      offset: cell.querySelector('text.cell-offset')!,
      valueInline: cell.querySelector('text.cell-value-inline')!,
      key: cell.querySelector('text.cell-key')!,
      title: cell.querySelector('title')!,
    };
    cellTexts.set(cell, texts);
  }
  return texts;
}

function newRecordCell(g: SVGGElement): SVGGElement {
  const cell = select(g).append('g').attr('role', 'listitem').attr('tabindex', -1);
  cell.append('rect').attr('class', 'cell').attr('rx', 4);
  cell.append('rect').attr('class', 'cell-band').attr('height', 5).attr('rx', 2);
  cell.append('text').attr('class', 'cell-offset').attr('x', 4).attr('y', 15);
  cell.append('text').attr('class', 'cell-value-inline').attr('y', 15);
  cell.append('text').attr('class', 'cell-key').attr('text-anchor', 'middle');
  cell.append('title');
  cell.on('focus mouseenter', function (_event, d) {
    showRecordTip(this as SVGGElement, d as unknown as SlotCell);
  });
  cell.on('blur mouseleave', function () {
    hideRecordTip(this as SVGGElement);
  });
  return cell.node()!;
}

/** What a cell's record is (a record never changes; a rewrite at its offset is another). */
function describeRecordCell(el: SVGGElement, strip: LogStrip, r: LogRecord): void {
  const set = (name: string, value: string | number | null): void => {
    // A re-used cell keeps what its new record shares with the old (topic, partition, often
    // the key's colour): an attribute written with its own value still costs the browser.
    if (value === null) el.removeAttribute(name);
    else setAttrIfChanged(el, name, String(value));
  };
  set('class', `record ${keyColorClass(r.key)}`);
  set('data-topic', strip.topic);
  set('data-partition', strip.partition);
  set('data-offset', r.offset);
  // No data-key attribute at all for a null key, so getAttribute('data-key') reads null.
  set('data-key', r.key);
  // No data-value: the value is in the label and the title, and nothing queried it; a seek
  // writes the attributes of ~130 cells, and each write costs the browser a few µs.
  set('data-entity', recordEntityId(strip.topic, strip.partition, r.offset));
  set('aria-label', recordAriaLabel(strip.topic, strip.partition, r));
  setTextIfChanged(textsOf(el).title, recordDetailLines(r).join('\n'));
}

/** Draws the strip's records; `keepSpares` false (far off screen): it keeps no spare. */
function drawRecords(g: SVGGElement, strip: LogStrip, keepSpares = true): void {
  const all = slotCells(strip);
  const tall = isTallCell(strip.cellHeight);
  const cells = all.filter((c) => c.slot.kind === 'record');
  const records = recordCells(g, strip, cells, keepSpares);
  const width = strip.cellWidth;
  // A cell's text depends only on its record (immutable) and the strip's cell width, its
  // shapes only on the width: each is redone when what it depends on changed, not in every
  // frame (a seek hands every cell another record, in a strip as wide as before).
  records.each(function (d) {
    const drawn = tall ? width + 0.5 : width;
    const resized = drawnWidth.get(this) !== drawn;
    if (!resized && drawnText.get(this) === rec(d)) return;
    drawnWidth.set(this, drawn);
    drawnText.set(this, rec(d));
    const cell = select(this);
    if (resized) fitCellShapes(cell, strip, tall);
    const text = cellText(rec(d), width, tall, cellFonts(strip.room));
    const texts = textsOf(this);
    setTextIfChanged(texts.offset, text.offset);
    setTextIfChanged(texts.valueInline, tall ? '' : text.value);
    const key = texts.key;
    setAttrIfChanged(
      key,
      'class',
      text.mainKind === 'value' ? 'cell-key cell-keyless' : 'cell-key',
    );
    setTextIfChanged(key, text.main);
    if (tall) {
      // Tall cells' lines come and go with the cell's height (fitCellShapes): found each time.
      setTextIfChanged(this.querySelector('text.cell-value')!, text.value);
      setTextIfChanged(this.querySelector('text.cell-value-2')!, text.value2);
    }
  });
  setAttr(records, 'transform', (d) => translate(strip.cellsX + d.index * strip.cellPitch, 0));
  setClass(records, 'uncommitted', (d) => rec(d).offset >= strip.highWatermark);

  // Gaps: "… N …" records between two drawn runs (pinned offsets and the newest).
  const gaps = select(g)
    .selectAll<SVGGElement, SlotCell>('g.record-gap')
    .data(
      all.filter((c) => c.slot.kind === 'gap'),
      (d) => d.id,
    )
    .join((enter) => {
      const gap = enter.append('g').attr('class', 'record-gap').attr('role', 'listitem');
      gap.append('rect').attr('class', 'gap-cell').attr('rx', 4);
      gap.append('text').attr('class', 'gap-dots').attr('y', 15).attr('text-anchor', 'middle');
      gap.append('text').attr('class', 'gap-count').attr('y', 30).attr('text-anchor', 'middle');
      return gap;
    });
  const skipped = (d: SlotCell) =>
    d.slot.kind === 'gap'
      ? { from: d.slot.fromOffset, to: d.slot.toOffset, count: d.slot.count }
      : { from: 0, to: 0, count: 0 };
  setAttr(gaps, 'transform', (d) => translate(strip.cellsX + d.index * strip.cellPitch, 0));
  setAttr(gaps, 'data-from-offset', (d) => skipped(d).from);
  setAttr(gaps, 'data-to-offset', (d) => skipped(d).to);
  setAttr(gaps, 'aria-label', (d) => {
    const { from, to, count } = skipped(d);
    return `${count} records not drawn, offsets ${from}–${to - 1}`;
  });
  setAttr(gaps.select<SVGRectElement>('rect.gap-cell'), 'width', () => width);
  setAttr(gaps.select<SVGRectElement>('rect.gap-cell'), 'height', () => strip.cellHeight);
  setAttr(gaps.select<SVGTextElement>('text.gap-dots'), 'x', () => width / 2);
  setText(gaps.select<SVGTextElement>('text.gap-dots'), () => '…');
  const count = gaps.select<SVGTextElement>('text.gap-count');
  setAttr(count, 'x', () => width / 2);
  setText(count, (d) => formatOmitted(skipped(d).count).slice(1));
}

/** A record cell's shapes and text positions for the strip's cell width and height. */
function fitCellShapes(
  cell: Selection<SVGGElement, unknown, null, undefined>,
  strip: LogStrip,
  tall: boolean,
): void {
  const width = strip.cellWidth;
  // Taller cells (the log view, a stage with height to spare) show the value on a line of
  // its own; a strip's cells change height when the stage is fitted again.
  if (tall && cell.select('text.cell-value').empty()) {
    cell.append('text').attr('class', 'cell-value').attr('y', 47).attr('text-anchor', 'middle');
    cell.append('text').attr('class', 'cell-value-2').attr('y', 60).attr('text-anchor', 'middle');
  } else if (!tall) cell.selectAll('text.cell-value, text.cell-value-2').remove();
  cell.select('rect.cell').attr('width', width).attr('height', strip.cellHeight);
  cell.select('rect.cell-band').attr('width', width);
  cell
    .select('text.cell-value-inline')
    .attr('x', width - 4)
    .attr('text-anchor', 'end');
  cell
    .select('text.cell-key')
    .attr('x', width / 2)
    .attr('y', tall ? 32 : 30);
  if (tall) {
    cell.select('text.cell-value').attr('x', width / 2);
    cell.select('text.cell-value-2').attr('x', width / 2);
  }
}

/** `record:orders-0@104`: a record cell's id in captions' focus lists. */
export function recordEntityId(topic: string, partition: number, offset: number): string {
  return `record:${topic}-${partition}@${offset}`;
}

/** The strip's tooltip shows the focused or hovered record's key, value and headers in full. */
function showRecordTip(cell: SVGGElement, d: SlotCell): void {
  if (d.slot.kind !== 'record') return;
  const row = cell.closest('g.strip');
  const tip = row?.querySelector<SVGGElement>('g.record-tip');
  const strip =
    row === null || row === undefined ? null : (select<Element, LogStrip>(row).datum() ?? null);
  if (tip === null || tip === undefined || strip === null) return;
  const lines = recordDetailLines(d.slot.record);
  const lineHeight = 16;
  const width = Math.ceil(Math.max(...lines.map((l) => labelTextWidth(l, 12))) + 16);
  const height = lines.length * lineHeight + 8;
  const cellX = strip.cellsX + d.index * strip.cellPitch;
  const right = strip.infoX + strip.infoWidth;
  const x = Math.max(strip.labelX, Math.min(cellX, right - width));
  tip.setAttribute('transform', translate(x, -height - 4));
  tip.setAttribute('id', tipId(strip));
  const rect = tip.querySelector('rect');
  rect?.setAttribute('width', String(width));
  rect?.setAttribute('height', String(height));
  select(tip)
    .selectAll<SVGTextElement, string>('text')
    .data(lines)
    .join('text')
    .attr('x', 8)
    .attr('y', (_l, i) => 8 + (i + 1) * lineHeight - 4)
    .text((l) => l);
  tip.removeAttribute('display');
  cell.setAttribute('aria-describedby', tipId(strip));
}

function hideRecordTip(cell: SVGGElement): void {
  cell.closest('g.strip')?.querySelector('g.record-tip')?.setAttribute('display', 'none');
  cell.removeAttribute('aria-describedby');
}

function tipId(strip: LogStrip): string {
  return `record-tip-${strip.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
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
  // A cut edge: the log's start moved past deleted segments.
  deleted: 'M-4,0 V10 M-1,0 L3,5 L-1,10',
  // A broom: the log cleaner's pass.
  cleaned: 'M3,0 L-1,7 M-5,7 H3 L1,11 H-7 Z',
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
  setClasses(markers, (d) =>
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
  setAttr(markers, 'aria-label', (d) =>
    d.kind === 'lost'
      ? `Inspect lost records: ${d.label} on ${strip.id}`
      : `${d.label} on ${strip.id}`,
  );
  setAttr(markers, 'data-group', (d) => d.group ?? '');
  setAttr(markers, 'data-consumers', (d) => d.consumers.join(' '));
  setAttr(markers, 'data-position', (d) => d.position);
  setAttr(markers, 'data-kind', (d) => d.kind);
  setAttr(markers, 'opacity', (d) =>
    d.age === undefined ? null : Math.round((1 - 0.7 * d.age) * 100) / 100,
  );
  const label = markers.select<SVGTextElement>('text.marker-label');
  setAttr(label, 'x', (d) => (d.anchor === 'end' ? -9 : 9));
  setAttr(label, 'text-anchor', (d) => d.anchor);
  setText(markers.select<SVGTextElement>('text.marker-label'), (d) =>
    // Lost and truncation labels name their offsets; "◂" would sit between glyph and words.
    d.clipped && d.kind !== 'lost' && d.kind !== 'truncated' ? `◂ ${d.text}` : d.text,
  );
}

/** The strip an element belongs to, from the D3 datum (a paging control, a record, the head). */
export function stripOfElement(el: Element): LogStrip | null {
  const row = el.closest('g.strip');
  if (row === null) return null;
  return select<Element, LogStrip | undefined>(row).datum() ?? null;
}
