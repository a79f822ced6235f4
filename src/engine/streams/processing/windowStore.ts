/**
 * The state of one aggregation in one task: Kafka Streams' window (or session, or key-value)
 * store, the record cache in front of it, and the processor's own clocks. Plain data, so a
 * task's state can live in a checkpointed world.
 *
 * - `store` is what the underlying (RocksDB) store holds: what was flushed.
 * - `cache` (when the record cache is on) holds recent entries, clean or dirty; `order` lists
 *   the dirty ones in last-update order (`NamedCache`'s dirty set). A read sees the cache
 *   first. A flush writes the dirty entries to the store in that order and forwards each change
 *   with the store's previous value as its old value (`CachingWindowStore#putAndMaybeForward`);
 *   the entries stay in the cache, clean, until evicted. So a read through the cache can see an
 *   entry the store's retention cut would hide (the conformance vectors show it for sessions).
 * - `storeObservedMs` is the store's own observed time (max window start put; a session's end)
 *   that its retention cut-off counts from. With the cache on it moves only at flush.
 */
import { dict } from '../../names';
import type { SqlValue } from '../plan';
import type { AggregateState } from './aggregates';

/** A stored aggregate: a key's window (null for an unwindowed aggregation) and its value. */
export interface StoreEntry {
  readonly key: SqlValue;
  /** Window start and end in ms (time windows: end exclusive; sessions: end inclusive). */
  readonly startMs: number;
  readonly endMs: number;
  readonly aggregates: readonly AggregateState[];
  /** The entry's timestamp: the max input timestamp (windows), the session's end (sessions). */
  readonly timestampMs: number;
}

export interface AggregationState {
  /** The store's retention (windows: size + grace unless RETENTION; sessions: gap + grace); null for a key-value store. */
  readonly retentionMs: number | null;
  /** The processor's observed stream time (`observedStreamTime`), −1 before any record. */
  observedMs: number;
  storeObservedMs: number;
  /** EMIT FINAL: the window close time of the last emit (`lastEmitWindowCloseTime`), −1 for none. */
  lastEmitCloseMs: number;
  /**
   * EMIT FINAL's throttle (`emit.interval.ms.kstreams.windowed.aggregation`: 1000 ms in a
   * cluster, 0 in TopologyTestDriver mode, as the harness sets it) and when, on the clock
   * (`currentSystemTimeMs`), the next emit may happen.
   */
  readonly emitIntervalMs: number;
  nextEmitAtMs: number;
  store: Record<string, StoreEntry>;
  /** The oldest live segment id so far: older segments were dropped. */
  liveFromSegment: number;
  /** Entry ids by key (JSON of the key), in store or cache: a key's sessions without a full scan. */
  keyIndex: Record<string, string[]>;
  /** Cached entries (null: a delete not yet flushed), keyed like `store`; null when caching is off. */
  cache: { order: string[]; entries: Record<string, StoreEntry | null> } | null;
  /**
   * Writes to the underlying store not yet sent to its changelog topic, oldest first (the
   * change-logging layer logs every put, even one into a dropped segment); null when the store
   * is not logged (TopologyTestDriver mode keeps no changelog topic).
   */
  changelog: ChangelogWrite[] | null;
}

/** One write of the underlying store as its changelog records it: a tombstone when `entry` is null. */
export interface ChangelogWrite {
  readonly key: SqlValue;
  readonly startMs: number;
  readonly endMs: number;
  readonly entry: StoreEntry | null;
}

export function createAggregationState(
  caching: boolean,
  retentionMs: number | null,
  logged = false,
  emitIntervalMs = 0,
): AggregationState {
  return {
    retentionMs,
    observedMs: -1,
    storeObservedMs: -1,
    lastEmitCloseMs: -1,
    emitIntervalMs,
    nextEmitAtMs: Number.MIN_SAFE_INTEGER,
    store: dict(),
    liveFromSegment: Number.MIN_SAFE_INTEGER,
    keyIndex: dict(),
    cache: caching ? { order: [], entries: dict() } : null,
    changelog: logged ? [] : null,
  };
}

/** The entry key: the key's canonical text, then the window. */
export function entryKey(key: SqlValue, startMs: number, endMs: number): string {
  return `${JSON.stringify(key)}@${startMs}/${endMs}`;
}

/** The key and window an {@link entryKey} was made of. */
export function parseEntryKey(id: string): { key: SqlValue; startMs: number; endMs: number } {
  const at = id.lastIndexOf('@');
  const slash = id.lastIndexOf('/');
  return {
    key: JSON.parse(id.slice(0, at)) as SqlValue,
    startMs: Number(id.slice(at + 1, slash)),
    endMs: Number(id.slice(slash + 1)),
  };
}

/** Forgets index ids whose entries are in neither the store nor the cache (after segments drop). */
function pruneIndex(state: AggregationState): void {
  const cached = state.cache?.entries;
  for (const k of Object.keys(state.keyIndex)) {
    const live = state.keyIndex[k].filter(
      (id) => Object.hasOwn(state.store, id) || (cached !== undefined && Object.hasOwn(cached, id)),
    );
    if (live.length === 0) delete state.keyIndex[k];
    else state.keyIndex[k] = live;
  }
}

function indexEntry(state: AggregationState, entry: StoreEntry, id: string): void {
  const k = JSON.stringify(entry.key);
  const ids = Object.hasOwn(state.keyIndex, k) ? state.keyIndex[k] : (state.keyIndex[k] = []);
  if (!ids.includes(id)) ids.push(id);
}

/**
 * A key's live entries as a read sees them (cache over store; store entries through `keep`, the
 * store's retention cut). Ids gone from both are forgotten on the way.
 */
export function entriesOfKey(
  state: AggregationState,
  key: SqlValue,
  keep: (entry: StoreEntry) => boolean,
): StoreEntry[] {
  const k = JSON.stringify(key);
  if (!Object.hasOwn(state.keyIndex, k)) return [];
  const cached = state.cache?.entries;
  const out: StoreEntry[] = [];
  const live: string[] = [];
  for (const id of state.keyIndex[k]) {
    const inCache = cached !== undefined && Object.hasOwn(cached, id);
    const inStore = Object.hasOwn(state.store, id);
    if (!inCache && !inStore) continue;
    live.push(id);
    const e = inCache ? cached[id] : state.store[id];
    if (e !== null && (inCache || keep(e))) out.push(e);
  }
  if (live.length === 0) delete state.keyIndex[k];
  else state.keyIndex[k] = live;
  return out;
}

/** What a read sees: the cache's write if there is one, else the store's. */
export function readEntry(state: AggregationState, id: string): StoreEntry | null {
  if (state.cache !== null && Object.hasOwn(state.cache.entries, id))
    return state.cache.entries[id];
  return Object.hasOwn(state.store, id) ? state.store[id] : null;
}

/**
 * Every live entry a range read sees: the cache's entries as they are, and the store's others
 * that pass `keep` (the store's own retention cut), in no particular order.
 */
export function visibleEntries(
  state: AggregationState,
  keep: (entry: StoreEntry) => boolean = () => true,
): StoreEntry[] {
  const out: StoreEntry[] = [];
  const cached = state.cache?.entries;
  if (cached !== undefined)
    for (const id of Object.keys(cached)) {
      const e = cached[id];
      if (e !== null) out.push(e);
    }
  for (const id of Object.keys(state.store))
    if ((cached === undefined || !Object.hasOwn(cached, id)) && keep(state.store[id]))
      out.push(state.store[id]);
  return out;
}

/** `Segments`' interval: max(retention / 2, 60 s) for window and session stores. */
export function segmentIntervalMs(retentionMs: number): number {
  return Math.max(Math.trunc(retentionMs / 2), 60_000);
}

/**
 * A write to the underlying store (`AbstractRocksDBSegmentedBytesStore#put`): the store's
 * observed time moves to the entry's segment time; segments older than the oldest live one
 * (observed − retention) are dropped, entries and all, and a write into one is skipped.
 * Returns the value replaced.
 */
export function writeStore(
  state: AggregationState,
  id: string,
  entry: StoreEntry | null,
  segmentTimeMs: number,
  segmentTimeOf: (entry: StoreEntry) => number,
): StoreEntry | null {
  const old = Object.hasOwn(state.store, id) ? state.store[id] : null;
  if (state.changelog !== null) state.changelog.push({ ...parseEntryKey(id), entry });
  state.storeObservedMs = Math.max(state.storeObservedMs, segmentTimeMs);
  if (state.retentionMs !== null && entry !== null) {
    const interval = segmentIntervalMs(state.retentionMs);
    const minLive = Math.floor((state.storeObservedMs - state.retentionMs) / interval);
    // Segments are dropped when the oldest live one moves on: a scan per segment, not per write.
    if (minLive > state.liveFromSegment) {
      state.liveFromSegment = minLive;
      for (const key of Object.keys(state.store))
        if (Math.floor(segmentTimeOf(state.store[key]) / interval) < minLive)
          delete state.store[key];
      pruneIndex(state);
    }
    if (Math.floor(segmentTimeMs / interval) < minLive) return old;
  }
  if (entry === null) delete state.store[id];
  else {
    state.store[id] = entry;
    indexEntry(state, entry, id);
  }
  return old;
}

/** A write through the cache (marks the entry dirty, most recent last). */
export function writeCache(state: AggregationState, id: string, entry: StoreEntry | null): void {
  const cache = state.cache;
  if (cache === null) return;
  const at = cache.order.indexOf(id);
  if (at >= 0) cache.order.splice(at, 1);
  cache.order.push(id);
  cache.entries[id] = entry;
  if (entry !== null) indexEntry(state, entry, id);
}

/**
 * Empties the cache's dirty entries into the store in last-update order: (id, new, old). The old
 * value is read from the store through its retention cut (`readable`); a delete with nothing
 * readable below is skipped, neither written nor forwarded (`CachingSessionStore`).
 */
export function flushCache(
  state: AggregationState,
  segmentTimeOf: (entry: StoreEntry) => number,
  readable: (entry: StoreEntry) => boolean,
): { id: string; entry: StoreEntry | null; old: StoreEntry | null }[] {
  const cache = state.cache;
  if (cache === null || cache.order.length === 0) return [];
  const flushed = cache.order.map((id) => {
    const entry = cache.entries[id];
    const stored = Object.hasOwn(state.store, id) ? state.store[id] : null;
    const old = stored !== null && readable(stored) ? stored : null;
    if (entry !== null || old !== null) {
      const time = entry !== null ? segmentTimeOf(entry) : segmentTimeOf(old as StoreEntry);
      writeStore(state, id, entry, time, segmentTimeOf);
    }
    return { id, entry, old };
  });
  cache.order = [];
  // Flushed entries stay cached, clean; a flushed delete leaves nothing behind.
  for (const f of flushed) if (f.entry === null) delete cache.entries[f.id];
  return flushed;
}
