import type { LogRecord, LogView } from '../engine';
import { indexAtOrAfter } from '../engine/light';

/** A drawn slot of a strip: one record cell, or a gap "… N …" standing for skipped records. */
export type WindowSlot =
  | { readonly kind: 'record'; readonly record: LogRecord }
  | {
      readonly kind: 'gap';
      /** First skipped offset. */
      readonly fromOffset: number;
      /** One past the last skipped offset. */
      readonly toOffset: number;
      /** Records skipped (fewer than the offsets between in a compacted log). */
      readonly count: number;
    };

/**
 * The part of a partition's log that is drawn: the newest records (or, paged back, the records
 * before `endOffset`), plus the pinned offsets that matter now (what the caption names, lost
 * records, consumer positions), with a gap slot between runs that are not contiguous.
 */
export interface LogWindow {
  /** First drawn offset. */
  readonly fromOffset: number;
  /** One past the last drawn offset (the log end offset unless paged back). */
  readonly toOffset: number;
  /** Records in the log before the window (not drawn; counted next to an ellipsis). */
  readonly omitted: number;
  /** Records after the window (paged back: counted on the "newer" control). */
  readonly newer: number;
  /** Every drawn record, oldest first. */
  readonly records: readonly LogRecord[];
  /** Records and gaps in drawing order: slot i is drawn at the strip's i-th cell position. */
  readonly slots: readonly WindowSlot[];
  /** Slots the strip has room for (a "newer" control takes one when paged back). */
  readonly capacity: number;
  /** The log's start and end offsets (its first offset, and one past its last). */
  readonly logStartOffset: number;
  readonly logEndOffset: number;
}

export interface LogWindowOptions {
  /**
   * Offsets to keep in view, most important first (a caption's focus, lost records, consumer
   * positions). They take at most half the slots; the newest records get the rest.
   */
  readonly pinned?: readonly number[];
  /**
   * Paged back: draw the records before this offset instead of the newest (null or at/after
   * the log end: follow the newest). Pins are ignored while paged: the learner is browsing.
   */
  readonly endOffset?: number | null;
}

/**
 * A run of consecutive records [from, to), as indexes into the log's records: in a log never
 * compacted the same as offsets less the log start; in a compacted one (offsets with holes)
 * neighbouring records are still drawn side by side, and a gap stands for records, not offsets.
 */
interface Run {
  from: number;
  to: number;
}

/**
 * O(capacity + pins²) and independent of the log's length: a long log costs no more per frame
 * than a short one.
 */
export function logWindow(
  log: LogView,
  capacity: number,
  options: LogWindowOptions = {},
): LogWindow {
  const logEnd = log.endOffset ?? log.startOffset + log.length;
  const start = 0;
  const length = log.length;
  const slotsAvailable = Math.max(1, Math.floor(capacity));
  const fitsWhole = length <= slotsAvailable;
  const requestedEnd = options.endOffset ?? null;
  const paged = !fitsWhole && requestedEnd !== null && requestedEnd < logEnd;
  // Paged back: the "newer" control takes a slot, and at least one record is drawn.
  const budget = Math.max(1, slotsAvailable - (paged ? 1 : 0));
  const end = paged
    ? Math.max(Math.min(start + budget, length), indexAtOrAfter(log, requestedEnd))
    : length;
  let runs: Run[];
  if (end - start <= budget) runs = end > start ? [{ from: start, to: end }] : [];
  else if (paged) runs = [{ from: end - budget, to: end }];
  else runs = withPins(start, end, budget, pinIndexes(log, logEnd, options.pinned ?? []));
  return assemble(log, runs, logEnd, slotsAvailable);
}

/**
 * Pinned offsets as record indexes, in the same order: an offset inside the log pins the record
 * at it (or, compacted away, the next one: where a consumer at that offset reads next).
 */
function pinIndexes(log: LogView, logEnd: number, pinned: readonly number[]): number[] {
  const out: number[] = [];
  for (const p of pinned) {
    if (!Number.isInteger(p) || p < log.startOffset || p >= logEnd) continue;
    const i = indexAtOrAfter(log, p);
    if (i < log.length) out.push(i);
  }
  return out;
}

/** The newest records and as many pins (with a gap slot before each run) as half the budget allows. */
function withPins(start: number, end: number, budget: number, pinned: readonly number[]): Run[] {
  const pinBudget = Math.floor(budget / 2);
  const tailMin = budget - pinBudget;
  const chosen: number[] = [];
  for (const p of pinned) {
    if (!Number.isInteger(p) || p < start || p >= end - tailMin || chosen.includes(p)) continue;
    if (pinCost([...chosen, p]) <= pinBudget) chosen.push(p);
  }
  // A longer tail may reach pins: those cost nothing more, which lengthens the tail again.
  let pins = chosen;
  let tail = budget - pinCost(pins);
  for (let i = 0; i < 4; i++) {
    const outside = pins.filter((p) => p < end - tail);
    if (outside.length === pins.length) break;
    pins = outside;
    tail = budget - pinCost(pins);
  }
  const runs = toRuns(pins);
  const last = runs[runs.length - 1];
  // The last run touching the tail needs no gap before it: one more record fits.
  if (last !== undefined && last.to >= end - tail - 1) tail += 1;
  const tailFrom = Math.max(start, end - tail);
  if (last !== undefined && last.to >= tailFrom) {
    last.to = end;
    return runs;
  }
  return [...runs, { from: tailFrom, to: end }];
}

function toRuns(offsets: readonly number[]): Run[] {
  const runs: Run[] = [];
  for (const o of [...offsets].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && o <= last.to) last.to = Math.max(last.to, o + 1);
    else runs.push({ from: o, to: o + 1 });
  }
  return runs;
}

/** Slots the pins take: their cells, and one slot after each run (a gap, or the one record between). */
function pinCost(pins: readonly number[]): number {
  return toRuns(pins).reduce((n, r) => n + (r.to - r.from) + 1, 0);
}

function assemble(log: LogView, runs: readonly Run[], logEnd: number, capacity: number): LogWindow {
  const slots: WindowSlot[] = [];
  const records: LogRecord[] = [];
  const record = (i: number): void => {
    const r = log.records[i];
    slots.push({ kind: 'record', record: r });
    records.push(r);
  };
  /** The offset of record i, or the log end past the last record. */
  const offsetAt = (i: number): number => (i < log.length ? log.records[i].offset : logEnd);
  let previousEnd: number | null = null;
  for (const run of runs) {
    if (previousEnd !== null && run.from > previousEnd) {
      // One skipped record is drawn rather than a gap: the same room, and nothing hidden.
      if (run.from - previousEnd === 1) record(previousEnd);
      else
        slots.push({
          kind: 'gap',
          fromOffset: offsetAt(previousEnd),
          toOffset: offsetAt(run.from),
          count: run.from - previousEnd,
        });
    }
    for (let i = run.from; i < run.to; i++) record(i);
    previousEnd = run.to;
  }
  const fromIndex = runs.length > 0 ? runs[0].from : log.length;
  const toIndex = previousEnd ?? log.length;
  return {
    fromOffset: offsetAt(fromIndex),
    toOffset: offsetAt(toIndex),
    omitted: fromIndex,
    newer: log.length - toIndex,
    logStartOffset: log.startOffset,
    logEndOffset: logEnd,
    records,
    slots,
    capacity,
  };
}

/**
 * Where the boundary before `offset` falls, in slots from the first cell: i for a drawn record
 * in slot i, i + ½ inside a gap slot, the slot count just after the last drawn record, and the
 * middle of the "newer" control beyond it. Offsets before the window sit at 0 (clipped).
 */
export function slotOfOffset(window: LogWindow, offset: number): number {
  if (offset <= window.fromOffset) return 0;
  if (offset >= window.toOffset) return window.slots.length + (offset > window.toOffset ? 0.5 : 0);
  for (let i = 0; i < window.slots.length; i++) {
    const slot = window.slots[i];
    if (slot.kind === 'record') {
      if (slot.record.offset === offset) return i;
    } else if (offset === slot.fromOffset) return i;
    else if (offset > slot.fromOffset && offset < slot.toOffset) return i + 0.5;
  }
  return window.slots.length;
}

/** "offsets 0–16 and 90–120 of 0–120": the window in words, for a strip's label and paging. */
export function describeWindow(window: LogWindow, logStartOffset: number): string {
  if (window.records.length === 0) return 'no records';
  const parts: string[] = [];
  let runFrom: number | null = null;
  let runTo = 0;
  for (const slot of window.slots) {
    if (slot.kind === 'gap') {
      if (runFrom !== null) parts.push(range(runFrom, runTo));
      runFrom = null;
      continue;
    }
    // Records drawn side by side are neighbours in the log (only a gap slot skips any),
    // though a compacted log's offsets between them may have holes.
    runFrom ??= slot.record.offset;
    runTo = slot.record.offset;
  }
  if (runFrom !== null) parts.push(range(runFrom, runTo));
  const last = window.logEndOffset - 1;
  const joined =
    parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `showing offset${parts.length === 1 && !parts[0].includes('–') ? '' : 's'} ${joined} of ${range(logStartOffset, last)}`;
}

function range(from: number, to: number): string {
  return from === to ? String(from) : `${from}–${to}`;
}

export type PageDirection = 'older' | 'newer' | 'newest';

/**
 * The window's end offset after paging (null: follow the newest). Older moves the newest run
 * back by what it shows; newer moves forward by a window and follows the newest again on
 * reaching the log end.
 */
export function pageEnd(window: LogWindow, direction: PageDirection): number | null {
  const logEnd = window.logEndOffset;
  const current = window.newer > 0 ? window.toOffset : null;
  if (direction === 'newest') return null;
  if (direction === 'newer') {
    if (current === null) return null;
    const end = current + Math.max(1, window.capacity - 1);
    return end >= logEnd ? null : end;
  }
  // The first record of the last run drawn without a gap (the newest records drawn).
  let first = window.slots.length;
  while (first > 0 && window.slots[first - 1].kind === 'record') first--;
  const slot = window.slots[first];
  // No records, or the run starts at the log's first record: nothing older to show.
  if (slot === undefined || slot.kind !== 'record' || (first === 0 && window.omitted === 0))
    return current;
  return slot.record.offset;
}
