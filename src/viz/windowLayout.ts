/**
 * The window view's layout: a windowed aggregation's keys as rows on an event-time axis, each
 * row with its windows (count, open / in grace / closed, HAVING, EMIT FINAL's result), its
 * records at their event times (late ones and out-of-order ones marked) and its task's stream
 * time and close line. Pure: a query view and a width in, coordinates and label texts out.
 * Text widths are estimated from character counts (no measuring), so it runs in tests and on
 * every frame alike.
 */
import {
  windowState,
  windowsOfView,
  type AggregationInput,
  type StoreEntryView,
  type StreamsQueryView,
  type StreamsTaskView,
  type WindowState,
  type WindowView,
} from '../engine';

/** A key or aggregate value as the engine gives it (number, text, boolean or null). */
type SqlValue = StoreEntryView['key'];

/** open / in grace / closed: the engine decides (`windowState`), the layout draws it. */
export type { WindowState };

/** The part of a query view the layout reads (a hand-made one will do in tests). */
export type WindowLayoutQuery = Pick<
  StreamsQueryView,
  'inputs' | 'outputs' | 'tasks' | 'store' | 'cache' | 'window' | 'hasHaving' | 'droppedRecords'
>;

export interface WindowLayoutOptions {
  readonly widthPx: number;
  /** Label size: row heights and the room a label needs follow it. */
  readonly fontPx: number;
  /** Keys drawn at most; the rest are counted ("+N more"). */
  readonly maxRows: number;
  /** The axis spans at most this many window sizes (older windows are off-screen, counted). */
  readonly maxWindowsWide?: number;
  /** The simulation's clock: records processed within `freshMs` before it flash. */
  readonly nowMs: number;
  readonly freshMs?: number;
  /** Event times as text ("4:12"): given by the caller, the formatting lives in the runtime. */
  readonly formatTime: (ms: number) => string;
}

export interface Label {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'end' | 'middle';
}

export interface WindowBox {
  readonly id: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly height: number;
  /** Cut by the axis: it starts before the left edge / ends after the right one. */
  readonly clippedLeft: boolean;
  readonly clippedRight: boolean;
  /** The aggregate as the task sees it (record cache first, then store); null: not held. */
  readonly count: SqlValue | null;
  readonly state: WindowState;
  /** In the record cache, not yet flushed to the store, changelog and sink. */
  readonly dirty: boolean;
  /** The query has HAVING and this window's row passes it. */
  readonly passesHaving: boolean;
  /** EMIT FINAL wrote this window's result when it closed. */
  readonly finalResult: boolean;
  /** Records this window dropped because they came after it closed. */
  readonly lateDropped: number;
  /** A record landed in it within the flash interval. */
  readonly fresh: boolean;
  /** What fits inside the box (count, state, HAVING, final), or null when nothing fits. */
  readonly label: Label | null;
  /** Where a window cut on the right ends ("→ 5:00"), when it fits. */
  readonly endLabel: Label | null;
}

export interface RecordMark {
  readonly seq: number;
  readonly key: string;
  readonly timestampMs: number;
  readonly processedAtMs: number;
  readonly x: number;
  readonly y: number;
  /** counted; late (dropped by at least one of its windows, as dropped-records counts); dropped (another reason). */
  readonly outcome: AggregationInput['outcome'];
  /** Its event time is before the stream time it arrived at (an earlier record was newer). */
  readonly outOfOrder: boolean;
  /** Stream time when it arrived (for an out-of-order or late one: where it "should" have been). */
  readonly arrivalStreamTimeMs: number;
  readonly fresh: boolean;
  /** "late" next to a ✕ mark, when it does not cover another mark or label. */
  readonly label: Label | null;
  /** The x of the stream time it arrived at, drawn as an arrow back to it (latest out-of-order / late one of a row only). */
  readonly arrowFromX: number | null;
}

export interface TimeLine {
  readonly timeMs: number;
  /** null: off the axis (then the label sits at the edge with an arrow). */
  readonly x: number | null;
  readonly label: Label;
}

export interface KeyRow {
  readonly key: string;
  /** The aggregate task counting this key (its stream time is the row's). */
  readonly task: string | null;
  readonly taskState: StreamsTaskView['state'] | null;
  readonly y: number;
  readonly height: number;
  /** The top and bottom of the lanes and the record track (where the time lines run). */
  readonly bandTop: number;
  readonly bandBottom: number;
  readonly trackY: number;
  /** Key, task and late count: left of the band (wide) or above it (narrow). */
  readonly keyLabel: Label;
  readonly taskLabel: Label;
  /** The task's phase when it is not RUNNING (its store is then not shown). */
  readonly phaseLabel: Label | null;
  readonly lateLabel: Label | null;
  readonly windows: readonly WindowBox[];
  readonly records: readonly RecordMark[];
  readonly streamLine: TimeLine | null;
  readonly closeLine: TimeLine | null;
  /** Why there are no lines (the task has seen no record since it started), or null. */
  readonly timeNote: Label | null;
  /** Late drops of this key's records (per window, as dropped-records counts them). */
  readonly lateDropped: number;
  /** Windows and records of this row left of the axis. */
  readonly windowsOffscreen: number;
  readonly recordsOffscreen: number;
}

export interface AxisTick {
  readonly timeMs: number;
  readonly x: number;
  readonly text: string;
  readonly anchor: Label['anchor'];
}

export interface WindowLayout {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly plotLeft: number;
  readonly plotRight: number;
  readonly domainMs: readonly [number, number];
  readonly ticks: readonly AxisTick[];
  readonly axisY: number;
  readonly rows: readonly KeyRow[];
  /** Keys not drawn (over the row cap). */
  readonly hiddenKeys: number;
  /** Windows and records of the drawn rows left of the axis. */
  readonly windowsOffscreen: number;
  readonly recordsOffscreen: number;
  /** dropped-records of the query (every task, every reason). */
  readonly droppedRecords: number;
  readonly window: WindowView;
}

const DEFAULT_FRESH_MS = 1200;
const DEFAULT_WINDOWS_WIDE = 4;
/** Below this width the key labels go above each row rather than in a column on the left. */
export const NARROW_WIDTH_PX = 560;

/** DejaVu Sans averages a little over 0.6 em per character in these labels. */
function textWidth(text: string, fontPx: number): number {
  return text.length * fontPx * 0.62;
}

/**
 * Out of order: its event time is below the stream time it arrived at. The stream time after a
 * record is max(before, its time), so that is the same as being below the stream time after it.
 */
export function isOutOfOrder(
  input: Pick<AggregationInput, 'timestampMs' | 'streamTimeMs'>,
): boolean {
  return input.timestampMs < input.streamTimeMs;
}

function keyText(key: SqlValue): string {
  return key === null ? '∅' : String(key);
}

function firstValue(value: Readonly<Record<string, SqlValue>>): SqlValue {
  const names = Object.keys(value);
  return names.length === 0 ? null : value[names[0]];
}

interface TaskLines {
  readonly streamTimeMs: number;
  readonly closeMs: number | null;
  readonly state: StreamsTaskView['state'];
}

/** Per task its stream time and close line (stream time − grace when the view gives none). */
function taskLines(query: WindowLayoutQuery, w: WindowView): Map<string, TaskLines> {
  const lines = new Map<string, TaskLines>();
  for (const t of query.tasks) {
    const closeMs = t.closeMs ?? (t.streamTimeMs >= 0 ? t.streamTimeMs - w.graceMs : null);
    lines.set(t.id, { streamTimeMs: t.streamTimeMs, closeMs, state: t.state });
  }
  return lines;
}

/** Keys, most recently seen first: those with inputs by their last input, then store-only ones. */
function keysInOrder(query: WindowLayoutQuery): string[] {
  const seen = new Set<string>();
  const keys: string[] = [];
  for (let i = query.inputs.length - 1; i >= 0; i--) {
    const k = query.inputs[i].key;
    if (!seen.has(k)) keys.push(k);
    seen.add(k);
  }
  const rest = [...query.cache, ...query.store]
    .filter((e) => !seen.has(keyText(e.key)))
    .sort((a, b) => b.timestampMs - a.timestampMs);
  for (const e of rest) {
    const k = keyText(e.key);
    if (!seen.has(k)) keys.push(k);
    seen.add(k);
  }
  return keys;
}

interface WindowFacts {
  startMs: number;
  endMs: number;
  count: SqlValue | null;
  fromCache: boolean;
  dirty: boolean;
  passesHaving: boolean;
  finalResult: boolean;
  lateDropped: number;
  fresh: boolean;
}

interface RowFacts {
  key: string;
  task: string | null;
  inputs: AggregationInput[];
  windows: WindowFacts[];
}

function gatherRow(
  query: WindowLayoutQuery,
  key: string,
  w: WindowView,
  isFresh: (input: AggregationInput) => boolean,
): RowFacts {
  const inputs = query.inputs.filter((i) => i.key === key);
  const byId = new Map<string, WindowFacts>();
  const at = (startMs: number, endMs: number): WindowFacts => {
    const id = `${startMs}-${endMs}`;
    let f = byId.get(id);
    if (f === undefined) {
      f = {
        startMs,
        endMs,
        count: null,
        fromCache: false,
        dirty: false,
        passesHaving: false,
        finalResult: false,
        lateDropped: 0,
        fresh: false,
      };
      byId.set(id, f);
    }
    return f;
  };
  // The store first, then the cache over it: the cache's value is the one the task reads.
  for (const e of query.store) {
    if (keyText(e.key) !== key || e.window === null) continue;
    const f = at(e.window.startMs, e.window.endMs);
    if (f.fromCache) continue;
    f.count = firstValue(e.value);
    f.passesHaving = query.hasHaving && e.passesHaving;
  }
  for (const e of query.cache) {
    if (keyText(e.key) !== key || e.window === null) continue;
    const f = at(e.window.startMs, e.window.endMs);
    f.count = firstValue(e.value);
    f.passesHaving = query.hasHaving && e.passesHaving;
    f.fromCache = true;
    f.dirty = e.dirty;
  }
  for (const input of inputs) {
    for (const win of windowsOfView(input.timestampMs, w)) {
      const f = at(win.startMs, win.endMs);
      // Per window, as the aggregate decides: a hopping record can miss one window and join the next.
      const missed =
        input.outcome === 'late' && input.closeMs !== null && win.endMs <= input.closeMs;
      if (missed) f.lateDropped += 1;
      else if (input.outcome === 'counted' && isFresh(input)) f.fresh = true;
    }
  }
  for (const o of query.outputs) {
    if (o.key !== key || o.window === null || o.reason !== 'window close') continue;
    at(o.window.startMs, o.window.endMs).finalResult = true;
  }
  const owner = [...query.store, ...query.cache].find((e) => keyText(e.key) === key);
  const task = inputs.length > 0 ? inputs[inputs.length - 1].task : (owner?.task ?? null);
  const windows = [...byId.values()].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return { key, task, inputs, windows };
}

/** A tick step giving about `targetTicks` ticks over the span: 1, 2, 5, 10, 15, 30 s, 1, 2, 5, … min. */
function tickStep(spanMs: number, targetTicks: number): number {
  const steps = [
    100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
    900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
  ];
  const wanted = spanMs / Math.max(1, targetTicks);
  return steps.find((s) => s >= wanted) ?? steps[steps.length - 1];
}

/** The axis: from the earliest window of the drawn rows to the latest stream time plus a margin. */
function chooseDomain(
  rows: readonly RowFacts[],
  lines: Map<string, TaskLines>,
  w: WindowView,
  maxWindowsWide: number,
  labelShare: number,
): [number, number] {
  const streamTimes = rows
    .map((r) => (r.task === null ? undefined : lines.get(r.task)?.streamTimeMs))
    .filter((t): t is number => t !== undefined && t >= 0);
  const eventTimes = rows.flatMap((r) => r.inputs.map((i) => i.timestampMs));
  const starts = rows.flatMap((r) => r.windows.map((f) => f.startMs));
  const latest = Math.max(...streamTimes, ...eventTimes, ...starts, 0);
  let start = starts.length > 0 ? Math.min(...starts) : Math.min(latest, ...eventTimes);
  const unit = w.kind === 'SESSION' ? Math.max(w.gapMs, 1000) : Math.max(w.sizeMs, 1);
  // Too many windows to read: the latest `maxWindowsWide`, from a window boundary.
  const widest = maxWindowsWide * unit;
  if (latest - start > widest) {
    const step = w.kind === 'SESSION' ? 1 : Math.max(w.advanceMs, 1);
    start = Math.ceil((latest - widest) / step) * step;
  }
  // Room right of the latest stream time for its label (a share `labelShare` of the plot):
  // margin m over the span s + m needs m ≥ share · s / (1 − share).
  const share = Math.min(0.45, labelShare);
  const end =
    latest + Math.max(((latest - start) * share) / (1 - share), (latest - start) * 0.06, 500);
  return [start, Math.max(end, start + 1)];
}

interface Geometry {
  readonly fontPx: number;
  readonly narrow: boolean;
  readonly plotLeft: number;
  readonly plotRight: number;
  readonly lanes: number;
  readonly laneH: number;
  readonly trackH: number;
  readonly stripH: number;
  readonly x: (ms: number) => number;
  readonly domain: readonly [number, number];
  /** "stream time", or "stream" where the axis is narrow. */
  readonly streamWord: string;
}

/** How many lanes overlapping (hopping) windows need: size / advance, at most 6. */
function laneCount(w: WindowView): number {
  if (w.kind !== 'HOPPING' || w.advanceMs <= 0) return 1;
  return Math.min(6, Math.max(1, Math.ceil(w.sizeMs / w.advanceMs)));
}

function laneOf(startMs: number, w: WindowView, lanes: number): number {
  if (lanes === 1) return 0;
  return Math.floor(startMs / w.advanceMs) % lanes;
}

export function layoutWindows(
  query: WindowLayoutQuery,
  options: WindowLayoutOptions,
): WindowLayout | null {
  const w = query.window;
  if (w === null) return null;
  const { widthPx, fontPx, formatTime } = options;
  const freshMs = options.freshMs ?? DEFAULT_FRESH_MS;
  const isFresh = (i: AggregationInput) =>
    i.processedAtMs <= options.nowMs && options.nowMs - i.processedAtMs < freshMs;
  const lines = taskLines(query, w);
  const keys = keysInOrder(query);
  const shown = keys.slice(0, Math.max(0, options.maxRows));
  const facts = shown.map((k) => gatherRow(query, k, w, isFresh));
  const narrow = widthPx < NARROW_WIDTH_PX;
  const pad = Math.round(fontPx * 0.6);
  const plotLeft = narrow ? pad : Math.round(fontPx * 7.5);
  const plotRight = Math.max(plotLeft + 40, widthPx - pad);
  const streamWord = narrow ? 'stream' : 'stream time';
  const latestStream = Math.max(0, ...[...lines.values()].map((l) => l.streamTimeMs));
  const labelPx = textWidth(`${streamWord} ${formatTime(latestStream)}`, fontPx * 0.9) + 10;
  const domain = chooseDomain(
    facts,
    lines,
    w,
    options.maxWindowsWide ?? DEFAULT_WINDOWS_WIDE,
    labelPx / (plotRight - plotLeft),
  );
  const span = domain[1] - domain[0];
  const x = (ms: number) =>
    Math.round((plotLeft + ((ms - domain[0]) / span) * (plotRight - plotLeft)) * 10) / 10;
  const lanes = laneCount(w);
  const geo: Geometry = {
    fontPx,
    narrow,
    plotLeft,
    plotRight,
    lanes,
    laneH: Math.round(fontPx * (lanes > 1 ? 1.7 : 2.3)),
    trackH: Math.round(fontPx * 1.3),
    stripH: Math.round(fontPx * 1.4),
    x,
    domain,
    streamWord,
  };

  const rows: KeyRow[] = [];
  let y = Math.round(fontPx * 0.4);
  for (const f of facts) {
    const row = layoutRow(f, y, geo, w, lines, isFresh, formatTime);
    rows.push(row);
    y += row.height + Math.round(fontPx * 0.5);
  }
  const axisY = y + 2;
  const targetTicks = Math.max(2, Math.floor((plotRight - plotLeft) / (fontPx * 6.5)));
  const step = tickStep(span, targetTicks);
  const ticks: AxisTick[] = [];
  for (let t = Math.ceil(domain[0] / step) * step; t <= domain[1]; t += step) {
    const text = formatTime(t);
    const half = textWidth(text, fontPx * 0.9) / 2;
    const at = x(t);
    // Labels at the ends stay inside the picture.
    const anchor = at - half < 0 ? 'start' : at + half > widthPx ? 'end' : 'middle';
    ticks.push({ timeMs: t, x: at, text, anchor });
  }
  return {
    widthPx,
    heightPx: axisY + Math.round(fontPx * 1.8),
    plotLeft,
    plotRight,
    domainMs: domain,
    ticks,
    axisY,
    rows,
    hiddenKeys: keys.length - shown.length,
    windowsOffscreen: rows.reduce((n, r) => n + r.windowsOffscreen, 0),
    recordsOffscreen: rows.reduce((n, r) => n + r.recordsOffscreen, 0),
    droppedRecords: query.droppedRecords,
    window: w,
  };
}

function layoutRow(
  f: RowFacts,
  top: number,
  geo: Geometry,
  w: WindowView,
  lines: Map<string, TaskLines>,
  isFresh: (input: AggregationInput) => boolean,
  formatTime: (ms: number) => string,
): KeyRow {
  const { fontPx, narrow, plotLeft, x, domain } = geo;
  const task = f.task === null ? undefined : lines.get(f.task);
  const lateDropped = f.windows.reduce((n, win) => n + win.lateDropped, 0);
  const lateRecords = f.inputs.filter((i) => i.outcome === 'late').length;
  // Narrow: the key's line above the band; wide: a column left of it.
  const headH = narrow ? geo.stripH : 0;
  const bandTop = top + headH + geo.stripH;
  const lanesBottom = bandTop + geo.lanes * geo.laneH;
  const trackY = lanesBottom + Math.round(geo.trackH / 2);
  const bandBottom = lanesBottom + geo.trackH;
  const labelX = narrow ? plotLeft : Math.round(fontPx * 0.4);
  // Wide: key, task, the task's phase when not running, late records, a line each in the
  // column; narrow: the same on one line above the band.
  const keyText = f.key.length <= 10 ? f.key : `${f.key.slice(0, 9)}…`;
  const phase = task && task.state !== 'RUNNING' ? task.state.toLowerCase() : null;
  const lateText =
    lateRecords === 0
      ? null
      : `✕ ${lateRecords} late${lateDropped !== lateRecords ? ` (${lateDropped} drops)` : ''}`;
  const texts = [keyText, f.task === null ? 'no task' : `task ${f.task}`, phase, lateText];
  const placed: (Label | null)[] = [];
  let lineX = labelX;
  let lineNo = 0;
  texts.forEach((text, i) => {
    if (text === null) return placed.push(null);
    const size = i === 0 ? fontPx * 1.05 : fontPx * 0.85;
    if (narrow) {
      placed.push({ text, x: lineX, y: top + fontPx, anchor: 'start' });
      lineX += textWidth(`${text}  `, size);
    } else {
      placed.push({ text, x: labelX, y: top + fontPx * (1 + 1.2 * lineNo), anchor: 'start' });
      lineNo += 1;
    }
  });
  const [keyLabel, taskLabel, phaseLabel, lateLabel] = placed as [
    Label,
    Label,
    Label | null,
    Label | null,
  ];
  const labelsBottom = narrow ? top : top + Math.round(fontPx * (1.2 * lineNo + 0.3));

  const gap = w.kind === 'SESSION' ? w.gapMs : null;
  let windowsOffscreen = 0;
  const windows: WindowBox[] = [];
  for (const win of f.windows) {
    if (win.endMs <= domain[0]) {
      windowsOffscreen += 1;
      continue;
    }
    const state = task ? windowState(win.endMs, task.streamTimeMs, task.closeMs, gap) : 'open';
    windows.push(windowBox(win, state, bandTop, geo, w, formatTime));
  }
  let recordsOffscreen = 0;
  const records: RecordMark[] = [];
  const arrowFor = [...f.inputs].reverse().find((i) => i.outcome === 'late' || isOutOfOrder(i));
  for (const input of f.inputs) {
    if (input.timestampMs < domain[0]) {
      recordsOffscreen += 1;
      continue;
    }
    const arrowFrom = Math.min(input.streamTimeMs, domain[1]);
    records.push({
      seq: input.seq,
      key: input.key,
      timestampMs: input.timestampMs,
      processedAtMs: input.processedAtMs,
      x: x(input.timestampMs),
      y: trackY,
      outcome: input.outcome,
      outOfOrder: isOutOfOrder(input),
      arrivalStreamTimeMs: input.streamTimeMs,
      fresh: isFresh(input),
      label: null,
      arrowFromX:
        input === arrowFor && input.streamTimeMs > input.timestampMs ? x(arrowFrom) : null,
    });
  }
  const labelled = labelRecords(records, geo);
  return {
    key: f.key,
    task: f.task,
    taskState: task?.state ?? null,
    y: top,
    height: Math.max(bandBottom, labelsBottom) - top,
    bandTop,
    bandBottom,
    trackY,
    keyLabel,
    taskLabel,
    phaseLabel,
    lateLabel,
    windows,
    records: labelled,
    ...timeLines(task, bandTop, geo, formatTime, w),
    lateDropped,
    windowsOffscreen,
    recordsOffscreen,
  };
}

/**
 * "late" beside ✕ marks (and "dropped" for another reason), newest first, skipping any that
 * would cover another mark or label. Out-of-order ones are told by their hollow dot and arrow.
 */
function labelRecords(records: RecordMark[], geo: Geometry): RecordMark[] {
  const marks = records.map((r): [number, number] => [r.x - 5, r.x + 5]);
  const taken: [number, number][] = [];
  const out = records.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    const r = out[i];
    const text = r.outcome === 'late' ? 'late' : r.outcome === 'dropped' ? 'dropped' : null;
    if (text === null) continue;
    const w = textWidth(text, geo.fontPx * 0.85);
    const free = (a: number, b: number) =>
      [...taken, ...marks.filter((_, j) => j !== i)].every(([c, d]) => a >= d + 3 || b <= c - 3);
    const right: [number, number] = [r.x + 7, r.x + 7 + w];
    const left: [number, number] = [r.x - 7 - w, r.x - 7];
    const y = r.y + geo.fontPx * 0.32;
    let label: Label | null = null;
    if (right[1] <= geo.plotRight && free(...right))
      label = { text, x: right[0], y, anchor: 'start' };
    else if (left[0] >= geo.plotLeft && free(...left))
      label = { text, x: left[1], y, anchor: 'end' };
    if (label === null) continue;
    taken.push(label.anchor === 'start' ? right : left);
    out[i] = { ...r, label };
  }
  return out;
}

function windowBox(
  win: WindowFacts,
  state: WindowState,
  bandTop: number,
  geo: Geometry,
  w: WindowView,
  formatTime: (ms: number) => string,
): WindowBox {
  const { x, domain, fontPx } = geo;
  const clippedLeft = win.startMs < domain[0];
  const clippedRight = win.endMs > domain[1];
  const x0 = x(Math.max(win.startMs, domain[0]));
  const x1 = x(Math.min(win.endMs, domain[1]));
  const lane = laneOf(win.startMs, w, geo.lanes);
  const y = bandTop + lane * geo.laneH + 1;
  const height = geo.laneH - 2;
  const room = x1 - x0 - fontPx;
  const count = win.count === null ? '?' : String(win.count);
  // A window known only from records it dropped (no store entry): say that, not "count ?".
  const onlyLate = win.count === null && win.lateDropped > 0;
  const head = onlyLate ? `✕ ${win.lateDropped} late` : `count ${count}`;
  const short = onlyLate ? '✕' : count;
  const stateWord = state === 'grace' ? 'in grace' : state;
  const extras = [
    win.passesHaving ? 'passes HAVING' : null,
    win.finalResult ? 'final result' : null,
  ]
    .filter((s): s is string => s !== null)
    .join(' · ');
  const candidates = [
    `${head} · ${stateWord}${extras ? ` · ${extras}` : ''}`,
    `${short} · ${stateWord}${win.passesHaving ? ' · HAVING ✓' : ''}`,
    `${short}${win.passesHaving ? ' ✓' : ''}`,
    short,
  ];
  const text = candidates.find((c) => textWidth(c, fontPx) <= room) ?? null;
  const baseline = y + Math.min(height - 3, Math.round(height / 2 + fontPx * 0.36));
  const label: Label | null =
    text === null ? null : { text, x: x0 + fontPx * 0.45, y: baseline, anchor: 'start' };
  const endText = `${formatTime(win.endMs)} →`;
  const used = text === null ? 0 : textWidth(text, fontPx) + fontPx;
  const endLabel: Label | null =
    clippedRight && textWidth(endText, fontPx * 0.85) + used + fontPx <= x1 - x0
      ? { text: endText, x: x1 - fontPx * 0.4, y: baseline, anchor: 'end' }
      : null;
  return {
    id: `${win.startMs}-${win.endMs}`,
    startMs: win.startMs,
    endMs: win.endMs,
    x0,
    x1,
    y,
    height,
    clippedLeft,
    clippedRight,
    count: win.count,
    state,
    dirty: win.dirty,
    passesHaving: win.passesHaving,
    finalResult: win.finalResult,
    lateDropped: win.lateDropped,
    fresh: win.fresh,
    label,
    endLabel,
  };
}

/** The row's task's stream time (solid) and close line (dashed), labelled so they do not overlap. */
function timeLines(
  task: TaskLines | undefined,
  bandTop: number,
  geo: Geometry,
  formatTime: (ms: number) => string,
  w: WindowView,
): { streamLine: TimeLine | null; closeLine: TimeLine | null; timeNote: Label | null } {
  const { x, domain, fontPx, plotLeft, plotRight } = geo;
  const y = bandTop - Math.round(fontPx * 0.35);
  if (task === undefined) return { streamLine: null, closeLine: null, timeNote: null };
  // A task's operator time starts again from its first record after a restart or a move.
  if (task.streamTimeMs < 0)
    return {
      streamLine: null,
      closeLine: null,
      timeNote: {
        text: 'no stream time yet: no record since the task started',
        x: plotLeft,
        y,
        anchor: 'start',
      },
    };
  const small = fontPx * 0.9;
  // The fallback place of a close label that has no room above the band: in the record track.
  const trackBaseline =
    bandTop + geo.lanes * geo.laneH + Math.round(geo.trackH / 2 + fontPx * 0.32);
  const inside = (ms: number) => ms >= domain[0] && ms <= domain[1];
  const sx = inside(task.streamTimeMs) ? x(task.streamTimeMs) : null;
  const streamText = `${sx === null ? '← ' : ''}${geo.streamWord} ${formatTime(task.streamTimeMs)}`;
  const sw = textWidth(streamText, small);
  // Right of the line if it fits, else left of it.
  let streamLabel: Label =
    sx === null
      ? { text: streamText, x: plotLeft, y, anchor: 'start' }
      : sx + 4 + sw <= plotRight
        ? { text: streamText, x: sx + 4, y, anchor: 'start' }
        : { text: streamText, x: sx - 4, y, anchor: 'end' };
  const streamLine: TimeLine = { timeMs: task.streamTimeMs, x: sx, label: streamLabel };
  if (task.closeMs === null) return { streamLine, closeLine: null, timeNote: null };
  const cx = inside(task.closeMs) ? x(task.closeMs) : null;
  const graceText = formatTime(w.graceMs);
  let closeText =
    cx === null
      ? `← close (stream time − grace ${graceText})`
      : `close ${formatTime(task.closeMs)}`;
  // The stream label's span, to keep the close label clear of it.
  let sSpan: [number, number] =
    streamLabel.anchor === 'start'
      ? [streamLabel.x, streamLabel.x + sw]
      : [streamLabel.x - sw, streamLabel.x];
  let closeLabel: Label;
  if (cx === null) {
    // Off the axis on the left: at the edge, the long text if it clears the stream label.
    if (plotLeft + textWidth(closeText, small) + 6 > sSpan[0]) closeText = '← close';
    const cw = textWidth(closeText, small);
    closeLabel = { text: closeText, x: plotLeft, y, anchor: 'start' };
    if (sx === null) closeLabel = { ...closeLabel, y: trackBaseline };
    else if (plotLeft + cw + 6 > sSpan[0]) {
      // The stream line is near the left edge too: its label moves right, clear of the close one.
      const moved = plotLeft + cw + 10;
      if (moved + sw <= plotRight) {
        streamLabel = { text: streamText, x: moved, y, anchor: 'start' };
        sSpan = [moved, moved + sw];
      } else closeLabel = { ...closeLabel, y: trackBaseline };
    }
  } else {
    const overlaps = (a: [number, number]) => a[0] < sSpan[1] + 4 && a[1] > sSpan[0] - 4;
    const place = (text: string): Label | null => {
      const cw = textWidth(text, small);
      const left: [number, number] = [cx - 4 - cw, cx - 4];
      if (left[0] >= plotLeft && !overlaps(left)) return { text, x: cx - 4, y, anchor: 'end' };
      const right: [number, number] = [cx + 4, cx + 4 + cw];
      if (right[1] <= plotRight && !overlaps(right)) return { text, x: cx + 4, y, anchor: 'start' };
      return null;
    };
    // Lines close together (a short grace): the short word, or under the band.
    closeLabel = place(closeText) ??
      place('close') ?? {
        text: closeText,
        x: cx - 4,
        y: trackBaseline,
        anchor: 'end',
      };
  }
  return {
    streamLine: { ...streamLine, label: streamLabel },
    closeLine: { timeMs: task.closeMs, x: cx, label: closeLabel },
    timeNote: null,
  };
}
