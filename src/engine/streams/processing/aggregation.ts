/**
 * The aggregation node of a ksqlDB `GROUP BY` query, as Kafka Streams runs it:
 * `KStreamWindowAggregate` (tumbling and hopping windows), `KStreamSessionWindowAggregate`
 * (sessions) and `KStreamAggregate` (no window), with EMIT CHANGES (`emitStrategy
 * onWindowUpdate`: every update, through the record cache when it is on) or EMIT FINAL
 * (`onWindowClose`: each window once, when stream time passes its end plus grace). Each step
 * returns the changes the node forwards: (key, window, new aggregate, old aggregate, timestamp).
 */
import type { AggregateQuery, SqlValue, WindowSpec } from '../plan';
import {
  addToAggregate,
  initialAggregate,
  mergeAggregates,
  type AggregateState,
} from './aggregates';
import {
  entryKey,
  flushCache,
  entriesOfKey,
  readEntry,
  visibleEntries,
  writeCache,
  writeStore,
  type AggregationState,
  type StoreEntry,
} from './windowStore';

/** A change the aggregation forwards downstream (`Change<VAgg>` on a windowed key). */
export interface AggregateChange {
  readonly key: SqlValue;
  readonly window: { readonly startMs: number; readonly endMs: number } | null;
  readonly newAggregates: readonly AggregateState[] | null;
  readonly oldAggregates: readonly AggregateState[] | null;
  readonly timestampMs: number;
}

/** A record at the aggregation: its group key, the aggregate arguments' values, its timestamp. */
export interface AggregateInput {
  readonly key: SqlValue;
  /** Each aggregate's argument on this row (undefined for COUNT(*)). */
  readonly args: readonly (SqlValue | undefined)[];
  readonly timestampMs: number;
  /** The clock (`currentSystemTimeMs`) EMIT FINAL's throttle reads; absent: no throttle. */
  readonly nowMs?: number;
}

export interface AggregationStep {
  readonly changes: AggregateChange[];
  /** Records dropped here: a null key, or late for a window (once per window). */
  readonly dropped: number;
  /** Windows a late record missed, for the trace ("[0,300000)"). */
  readonly lateWindows: { startMs: number; endMs: number; closeMs: number }[];
}

const initial = (q: AggregateQuery) => q.aggregates.map(initialAggregate);
const added = (q: AggregateQuery, state: readonly AggregateState[], input: AggregateInput) =>
  q.aggregates.map((call, i) => addToAggregate(call, state[i], input.args[i]));

/** Time windows containing `ts`, ascending by start (`TimeWindows#windowsFor`). */
export function windowsFor(window: WindowSpec, ts: number): { startMs: number; endMs: number }[] {
  if (window.kind === 'SESSION') return [];
  const size = window.sizeMs;
  const advance = window.kind === 'HOPPING' ? window.advanceMs : size;
  const out: { startMs: number; endMs: number }[] = [];
  // Java's long division truncates toward zero; timestamps here are never negative.
  for (
    let start = Math.trunc(Math.max(0, ts - size + advance) / advance) * advance;
    start <= ts;
    start += advance
  )
    out.push({ startMs: start, endMs: start + size });
  return out;
}

/** Processes one record at the aggregation node. */
export function aggregateRecord(
  q: AggregateQuery,
  state: AggregationState,
  input: AggregateInput,
): AggregationStep {
  if (input.key === null) return { changes: [], dropped: 1, lateWindows: [] };
  if (q.window === null) return aggregateUnwindowed(q, state, input);
  if (q.window.kind === 'SESSION') return aggregateSession(q, q.window, state, input);
  return aggregateTimeWindows(q, q.window, state, input);
}

function put(
  state: AggregationState,
  id: string,
  entry: StoreEntry | null,
  segmentTimeMs: number,
  segmentTimeOfEntry: (e: StoreEntry) => number,
): void {
  if (state.cache !== null) writeCache(state, id, entry);
  else writeStore(state, id, entry, segmentTimeMs, segmentTimeOfEntry);
}

/** The time a store entry is filed under: a window's start, a session's end (0 without a window). */
export function segmentTimeOf(q: AggregateQuery): (e: StoreEntry) => number {
  if (q.window === null) return () => 0;
  return q.window.kind === 'SESSION' ? (e) => e.endMs : (e) => e.startMs;
}

/** Whether the store's point read returns the entry: not cut by strict retention (`get`). */
function readableFrom(q: AggregateQuery, state: AggregationState): (e: StoreEntry) => boolean {
  if (q.window === null || state.retentionMs === null) return () => true;
  const cut = state.storeObservedMs - state.retentionMs + 1;
  const time = segmentTimeOf(q);
  return (e) => time(e) >= cut;
}

function aggregateUnwindowed(
  q: AggregateQuery,
  state: AggregationState,
  input: AggregateInput,
): AggregationStep {
  state.observedMs = Math.max(state.observedMs, input.timestampMs);
  const id = entryKey(input.key, 0, 0);
  const old = readEntry(state, id);
  const oldAggregates = old?.aggregates ?? initial(q);
  const timestampMs =
    old === null ? input.timestampMs : Math.max(input.timestampMs, old.timestampMs);
  const entry: StoreEntry = {
    key: input.key,
    startMs: 0,
    endMs: 0,
    aggregates: added(q, oldAggregates, input),
    timestampMs,
  };
  put(state, id, entry, 0, segmentTimeOf(q));
  const changes: AggregateChange[] =
    state.cache !== null
      ? []
      : [
          {
            key: input.key,
            window: null,
            newAggregates: entry.aggregates,
            oldAggregates,
            timestampMs,
          },
        ];
  return { changes, dropped: 0, lateWindows: [] };
}

function aggregateTimeWindows(
  q: AggregateQuery,
  window: Exclude<WindowSpec, { kind: 'SESSION' }>,
  state: AggregationState,
  input: AggregateInput,
): AggregationStep {
  state.observedMs = Math.max(state.observedMs, input.timestampMs);
  const closeMs = state.observedMs - window.graceMs;
  const changes: AggregateChange[] = [];
  const lateWindows: AggregationStep['lateWindows'] = [];
  for (const w of windowsFor(window, input.timestampMs)) {
    // A record joins window w iff w.end > stream time − grace (`>`, not `≥`).
    if (!(w.endMs > closeMs)) {
      lateWindows.push({ ...w, closeMs });
      continue;
    }
    const id = entryKey(input.key, w.startMs, w.endMs);
    const old = readEntry(state, id);
    const oldAggregates = old?.aggregates ?? initial(q);
    const timestampMs =
      old === null ? input.timestampMs : Math.max(input.timestampMs, old.timestampMs);
    const entry: StoreEntry = {
      key: input.key,
      ...w,
      aggregates: added(q, oldAggregates, input),
      timestampMs,
    };
    put(state, id, entry, w.startMs, segmentTimeOf(q));
    if (q.emit === 'CHANGES' && state.cache === null)
      changes.push({
        key: input.key,
        window: w,
        newAggregates: entry.aggregates,
        oldAggregates,
        timestampMs,
      });
  }
  if (q.emit === 'FINAL' && mayEmitNow(state, input.nowMs))
    changes.push(...emitClosedWindows(window, state, closeMs));
  return { changes, dropped: lateWindows.length, lateWindows };
}

/**
 * EMIT FINAL's throttle (`shouldEmitFinal`): with an emit interval, at most one emit check per
 * interval of the clock, the next one counted from now. Checked before whether the close time
 * moved, as Kafka does, so a check that finds nothing closed still uses up the interval.
 */
function mayEmitNow(state: AggregationState, nowMs: number | undefined): boolean {
  if (state.emitIntervalMs <= 0 || nowMs === undefined) return true;
  if (nowMs < state.nextEmitAtMs) return false;
  state.nextEmitAtMs = nowMs + state.emitIntervalMs;
  return true;
}

/**
 * EMIT FINAL for time windows (`AbstractKStreamTimeWindowAggregateProcessor#maybeForwardFinalResult`
 * with TTD's emit interval 0): when the close time passed the last emit's, every stored window
 * whose start is in [lower, close − size] is forwarded once, in (start, key bytes) order, except
 * those the store's retention already cut (start < store time − retention: strict retention).
 */
function emitClosedWindows(
  window: Exclude<WindowSpec, { kind: 'SESSION' }>,
  state: AggregationState,
  closeMs: number,
): AggregateChange[] {
  if (!(state.lastEmitCloseMs === -1 || state.lastEmitCloseMs < closeMs)) return [];
  const upper = closeMs - window.sizeMs;
  if (upper < 0) return [];
  const lower =
    state.lastEmitCloseMs === -1 ? 0 : Math.max(0, state.lastEmitCloseMs - window.sizeMs) + 1;
  if (
    state.lastEmitCloseMs !== -1 &&
    sameWindows(windowsFor(window, upper), windowsFor(window, lower - 1))
  )
    return [];
  // The store cuts windows older than its observed time − retention (strict retention); the
  // cache, when on, still holds them.
  const cut = state.storeObservedMs - window.retentionMs;
  const emitted = visibleEntries(state, (e) => e.startMs >= cut)
    .filter((e) => e.startMs >= lower && e.startMs <= upper)
    .sort((a, b) => a.startMs - b.startMs || compareKeyBytes(a.key, b.key));
  state.lastEmitCloseMs = closeMs;
  return emitted.map(finalResult);
}

function sameWindows(a: { startMs: number }[], b: { startMs: number }[]): boolean {
  return a.length === b.length && a.every((w, i) => w.startMs === b[i].startMs);
}

/** Key order in RocksDB: the serialized key's bytes, unsigned (UTF-8 for a STRING key). */
export function compareKeyBytes(a: SqlValue, b: SqlValue): number {
  const x = keyBytes(a);
  const y = keyBytes(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function keyBytes(v: SqlValue): Uint8Array {
  if (typeof v === 'number' && Number.isInteger(v)) {
    // A BIGINT key: 8 bytes big-endian, two's complement.
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, BigInt(v));
    return bytes;
  }
  return new TextEncoder().encode(v === null ? '' : String(v));
}

function aggregateSession(
  q: AggregateQuery,
  window: Extract<WindowSpec, { kind: 'SESSION' }>,
  state: AggregationState,
  input: AggregateInput,
): AggregationStep {
  const ts = input.timestampMs;
  state.observedMs = Math.max(state.observedMs, ts);
  // Kafka's session close time counts the gap too (`KStreamSessionWindowAggregate`).
  const closeMs = state.observedMs - window.graceMs - window.gapMs;
  // The store hides sessions ending before its observed time − retention + 1; the cache does not.
  const cut = state.storeObservedMs - window.retentionMs + 1;
  const merged = entriesOfKey(state, input.key, (e) => e.endMs >= cut)
    .filter((e) => e.endMs >= ts - window.gapMs && e.startMs <= ts + window.gapMs)
    .sort((a, b) => a.endMs - b.endMs || a.startMs - b.startMs);
  let aggregates = initial(q);
  let startMs = ts;
  let endMs = ts;
  for (const e of merged) {
    aggregates = q.aggregates.map((call, i) =>
      mergeAggregates(call, aggregates[i], e.aggregates[i]),
    );
    startMs = Math.min(startMs, e.startMs);
    endMs = Math.max(endMs, e.endMs);
  }
  const changes: AggregateChange[] = [];
  if (endMs < closeMs) {
    const dropped = { startMs, endMs, closeMs };
    if (q.emit === 'FINAL' && mayEmitNow(state, input.nowMs))
      changes.push(...emitClosedSessions(state, closeMs));
    return { changes, dropped: 1, lateWindows: [dropped] };
  }
  const forward = q.emit === 'CHANGES' && state.cache === null;
  if (startMs !== ts || endMs !== ts) {
    for (const e of merged) {
      put(state, entryKey(e.key, e.startMs, e.endMs), null, e.endMs, segmentTimeOf(q));
      if (forward)
        changes.push({
          key: e.key,
          window: { startMs: e.startMs, endMs: e.endMs },
          newAggregates: null,
          oldAggregates: e.aggregates,
          timestampMs: e.endMs,
        });
    }
  }
  aggregates = added(q, aggregates, input);
  put(
    state,
    entryKey(input.key, startMs, endMs),
    { key: input.key, startMs, endMs, aggregates, timestampMs: endMs },
    endMs,
    segmentTimeOf(q),
  );
  if (forward)
    changes.push({
      key: input.key,
      window: { startMs, endMs },
      newAggregates: aggregates,
      oldAggregates: null,
      timestampMs: endMs,
    });
  if (q.emit === 'FINAL' && mayEmitNow(state, input.nowMs))
    changes.push(...emitClosedSessions(state, closeMs));
  return { changes, dropped: 0, lateWindows: [] };
}

/** EMIT FINAL for sessions: sessions ending in [last close, close − 1], in (end, start, key bytes) order. */
function emitClosedSessions(state: AggregationState, closeMs: number): AggregateChange[] {
  if (!(state.lastEmitCloseMs === -1 || state.lastEmitCloseMs < closeMs)) return [];
  const upper = closeMs - 1;
  if (upper < 0) return [];
  const lower = Math.max(0, state.lastEmitCloseMs);
  if (upper < lower) return [];
  // The range read goes to the store alone (`CachingSessionStore` passes the end-time range
  // fetch through; cached entries are not consulted), and `fetchSessions` takes no retention
  // cut: only dropped segments hide a session.
  const emitted = Object.values(state.store)
    .filter((e) => e.endMs >= lower && e.endMs <= upper)
    .sort((a, b) => a.endMs - b.endMs || a.startMs - b.startMs || compareKeyBytes(a.key, b.key));
  state.lastEmitCloseMs = closeMs;
  return emitted.map(finalResult);
}

/**
 * An EMIT FINAL result: `Change(aggregate, null)` stamped with the entry's timestamp (a time
 * window's max input timestamp; a session's end, which is what a session entry holds).
 */
function finalResult(e: StoreEntry): AggregateChange {
  return {
    key: e.key,
    window: { startMs: e.startMs, endMs: e.endMs },
    newAggregates: e.aggregates,
    oldAggregates: null,
    timestampMs: e.timestampMs,
  };
}

/**
 * A commit: the cache's dirty entries flushed in last-update order. With EMIT CHANGES each is
 * forwarded with the store's previous value as its old value, unless both are null.
 */
export function flushAggregation(q: AggregateQuery, state: AggregationState): AggregateChange[] {
  const flushed = flushCache(state, segmentTimeOf(q), readableFrom(q, state));
  if (q.emit === 'FINAL') return [];
  return flushed
    .filter((f) => f.entry !== null || f.old !== null)
    .map((f) => {
      const e = (f.entry ?? f.old) as StoreEntry;
      return {
        key: e.key,
        window: q.window === null ? null : { startMs: e.startMs, endMs: e.endMs },
        newAggregates: f.entry?.aggregates ?? null,
        oldAggregates: f.old?.aggregates ?? null,
        timestampMs: f.entry?.timestampMs ?? e.timestampMs,
      };
    });
}
