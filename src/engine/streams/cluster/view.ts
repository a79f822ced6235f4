/**
 * What a snapshot shows of the streams applications: per application its instances and per
 * query its topology, tasks (owner, phase, stream time) and store entries. Copies, so the view
 * stays true to the moment it was taken.
 */
import type { World } from '../../world';
import type { AggregateQuery, SqlValue, SubTopology } from '../plan';
import { aggregateResult } from '../processing/aggregates';
import { windowsFor } from '../processing/aggregation';
import { passesHaving } from '../processing/queryTask';
import type { StoreEntry } from '../processing/windowStore';
import { consumerIdOf } from './app';
import type {
  AggregationInput,
  EmittedRow,
  StreamsAppState,
  StreamsTaskPhase,
  StreamsTaskState,
} from './types';

export type { AggregationInput, EmittedRow, EmitReason } from './types';

/** Store entries listed per query at most (a snapshot is taken every frame). */
export const STORE_ENTRIES_CAP = 500;

export interface StreamsAppView {
  readonly id: string;
  /** The first query's application id (each query is an application of its own). */
  readonly applicationId: string;
  readonly statements: string;
  readonly instances: readonly StreamsInstanceView[];
  readonly queries: readonly StreamsQueryView[];
  /** dropped-records over every query. */
  readonly droppedRecords: number;
}

export interface StreamsInstanceView {
  readonly id: string;
  readonly running: boolean;
  /** When its next commit is due (the earliest over its queries' clients); null when stopped. */
  readonly nextCommitAtMs: number | null;
}

export interface StreamsTaskView {
  readonly id: string;
  readonly query: string;
  /** The instance running it (or whose state it holds), null when none. */
  readonly instance: string | null;
  readonly state: StreamsTaskPhase;
  readonly streamTimeMs: number;
  readonly processed: number;
  /**
   * Restoration in progress: the changelog range, when it started and ends (modelled), and the
   * records put so far at the model's even pace.
   */
  readonly restoring: {
    readonly fromOffset: number;
    readonly toOffset: number;
    readonly startedAtMs: number;
    readonly doneAtMs: number;
    readonly restoredRecords: number;
  } | null;
  /** The window close line: the aggregation's stream time − grace (null: no time window, or no record yet). */
  readonly closeMs: number | null;
}

export interface StoreEntryView {
  readonly task: string;
  readonly key: SqlValue;
  readonly window: { readonly startMs: number; readonly endMs: number } | null;
  /** The aggregates by ksqlDB's internal names (`KSQL_AGG_VARIABLE_0`). */
  readonly value: Readonly<Record<string, SqlValue>>;
  readonly timestampMs: number;
  /** Whether the row passes HAVING (always true without one). */
  readonly passesHaving: boolean;
}

/** An entry of a task's record cache: dirty ones are not yet in the store, changelog or sink. */
export interface CacheEntryView extends StoreEntryView {
  readonly dirty: boolean;
}

/** The query's window as the view draws it. */
export interface WindowView {
  readonly kind: 'TUMBLING' | 'HOPPING' | 'SESSION';
  readonly sizeMs: number;
  /** HOPPING: the advance; TUMBLING: the size; SESSION: 0. */
  readonly advanceMs: number;
  /** SESSION: the inactivity gap. */
  readonly gapMs: number;
  readonly graceMs: number;
}

export interface StreamsQueryView {
  readonly queryId: string;
  readonly applicationId: string;
  readonly sinkTopic: string;
  readonly repartitionTopic: string | null;
  readonly changelogTopic: string | null;
  readonly storeName: string | null;
  readonly topology: readonly SubTopology[];
  readonly tasks: readonly StreamsTaskView[];
  readonly droppedRecords: number;
  /** Store entries of running tasks (what the underlying stores hold), by task, key and window. */
  readonly store: readonly StoreEntryView[];
  readonly storeOmitted: number;
  /** CTAS: the aggregation's window (null: unwindowed), EMIT mode, and whether HAVING is given. */
  readonly window: WindowView | null;
  readonly emit: 'CHANGES' | 'FINAL' | null;
  readonly hasHaving: boolean;
  /** Whether the store has the record cache in front of it, and the commit interval. */
  readonly cacheEnabled: boolean;
  readonly commitIntervalMs: number;
  /** Entries of running tasks' record caches (dirty first, in last-update order). */
  readonly cache: readonly CacheEntryView[];
  /** The last records the aggregation saw and the last rows written to the sink, oldest first. */
  readonly inputs: readonly AggregationInput[];
  readonly outputs: readonly EmittedRow[];
}

export function streamsViews(world: World): StreamsAppView[] {
  return world.streamsOrder.map((id) => {
    const app = world.streams[id];
    const queries = app.queries.map((q): StreamsQueryView => {
      const plan = app.program.queries[q.index];
      const entries: StoreEntryView[] = [];
      const cache: CacheEntryView[] = [];
      const tasks = q.taskOrder.map((taskId): StreamsTaskView => {
        const t = q.tasks[taskId];
        const owner =
          t.owner !== null && Object.hasOwn(world.consumers, t.owner)
            ? world.consumers[t.owner]
            : null;
        if (plan.kind === 'CTAS' && (t.phase === 'RUNNING' || t.phase === 'SUSPENDED')) {
          for (const e of storeViewOf(plan, t)) entries.push(e);
          for (const e of cacheEntriesOf(plan, t)) cache.push(e);
        }
        return {
          id: t.id,
          query: q.queryId,
          instance: owner?.processor.kind === 'streams' ? owner.processor.instance : null,
          state: t.phase,
          streamTimeMs: t.streamTimeMs,
          processed: t.processed,
          restoring: t.restoring === null ? null : restoringView(t.restoring, world.nowMs),
          closeMs: closeLineOf(plan, t),
        };
      });
      return {
        queryId: q.queryId,
        applicationId: q.applicationId,
        sinkTopic: q.sinkTopic,
        repartitionTopic: q.repartitionTopic,
        changelogTopic: q.changelogTopic,
        storeName: q.storeName,
        topology: plan.topology,
        tasks,
        droppedRecords: q.droppedRecords,
        store: entries.slice(0, STORE_ENTRIES_CAP),
        storeOmitted: Math.max(0, entries.length - STORE_ENTRIES_CAP),
        window: plan.kind === 'CTAS' ? windowViewOf(plan) : null,
        emit: plan.kind === 'CTAS' ? plan.emit : null,
        hasHaving: plan.kind === 'CTAS' && plan.having !== null,
        cacheEnabled: app.program.properties.cacheMaxBytes > 0,
        commitIntervalMs: app.program.properties.commitIntervalMs,
        cache: cache.sort((a, b) => Number(b.dirty) - Number(a.dirty)).slice(0, STORE_ENTRIES_CAP),
        inputs: q.recentInputs.slice(),
        outputs: q.recentOutputs.slice(),
      };
    });
    return {
      id: app.id,
      applicationId: app.queries[0]?.applicationId ?? '',
      statements: app.statements,
      instances: app.instances.map((i) => ({
        id: i,
        running: app.running[i] === true,
        nextCommitAtMs: app.running[i] === true ? nextCommitOf(world, app, i) : null,
      })),
      queries,
      droppedRecords: app.queries.reduce((n, q) => n + q.droppedRecords, 0),
    };
  });
}

function windowViewOf(plan: AggregateQuery): WindowView | null {
  const w = plan.window;
  if (w === null) return null;
  if (w.kind === 'SESSION')
    return { kind: w.kind, sizeMs: 0, advanceMs: 0, gapMs: w.gapMs, graceMs: w.graceMs };
  return {
    kind: w.kind,
    sizeMs: w.sizeMs,
    advanceMs: w.kind === 'HOPPING' ? w.advanceMs : w.sizeMs,
    gapMs: 0,
    graceMs: w.graceMs,
  };
}

/** Stream time − grace, as the window aggregate's processor counts it (`observedStreamTime`). */
function closeLineOf(
  plan: { kind: string; window?: AggregateQuery['window'] },
  task: StreamsTaskState,
): number | null {
  const agg = task.state?.aggregation ?? null;
  const w = plan.kind === 'CTAS' ? (plan.window ?? null) : null;
  if (agg === null || w === null || agg.observedMs < 0) return null;
  return agg.observedMs - w.graceMs;
}

/** The underlying store's entries (what was flushed), in id order, with HAVING's verdict. */
function storeViewOf(plan: AggregateQuery, task: StreamsTaskState): StoreEntryView[] {
  const agg = task.state?.aggregation ?? null;
  if (agg === null) return [];
  return Object.keys(agg.store)
    .sort()
    .map((id) => entryView(plan, task, agg.store[id]));
}

function entryView(plan: AggregateQuery, task: StreamsTaskState, e: StoreEntry): StoreEntryView {
  const value: Record<string, SqlValue> = {};
  plan.aggregates.forEach((call, i) => {
    value[`KSQL_AGG_VARIABLE_${i}`] = aggregateResult(call, e.aggregates[i]);
  });
  const window = plan.window === null ? null : { startMs: e.startMs, endMs: e.endMs };
  return {
    task: task.id,
    key: e.key,
    window,
    value,
    timestampMs: e.timestampMs,
    passesHaving: passesHaving(
      plan,
      { key: e.key, window, timestampMs: e.timestampMs },
      e.aggregates,
    ),
  };
}

function cacheEntriesOf(plan: AggregateQuery, task: StreamsTaskState): CacheEntryView[] {
  const cache = task.state?.aggregation?.cache ?? null;
  if (cache === null) return [];
  const dirty = new Set(cache.order);
  const ids = [
    ...cache.order,
    ...Object.keys(cache.entries)
      .filter((id) => !dirty.has(id))
      .sort(),
  ];
  return ids.flatMap((id): CacheEntryView[] => {
    const e = cache.entries[id];
    // A cached delete (null) has no row to show; it reaches the store at the next flush.
    if (e === undefined || e === null) return [];
    return [{ ...entryView(plan, task, e), dirty: dirty.has(id) }];
  });
}

function nextCommitOf(world: World, app: StreamsAppState, instance: string): number | null {
  let next: number | null = null;
  app.queries.forEach((_, i) => {
    const id = consumerIdOf(app, instance, i);
    const at = Object.hasOwn(app.nextCommitAtMs, id) ? app.nextCommitAtMs[id] : null;
    if (at !== null && at >= world.nowMs && (next === null || at < next)) next = at;
  });
  return next;
}

function restoringView(
  r: NonNullable<StreamsTaskState['restoring']>,
  nowMs: number,
): NonNullable<StreamsTaskView['restoring']> {
  const records = r.toOffset - r.fromOffset;
  const spanMs = r.doneAtMs - r.startedAtMs;
  const share = spanMs <= 0 ? 1 : Math.min(1, Math.max(0, (nowMs - r.startedAtMs) / spanMs));
  return { ...r, restoredRecords: Math.floor(records * share) };
}

/** Where a window stands for its task: taking records, past its end but within grace, closed. */
export type WindowState = 'open' | 'grace' | 'closed';

/**
 * A window's state for a task at stream time `streamTimeMs` with close line `closeMs`
 * (stream time − grace), as `KStreamWindowAggregate` decides: a record joins window w iff
 * w.end > close, so w is closed once end ≤ close. Sessions (gap > 0) follow
 * `KStreamSessionWindowAggregate`: closed once end + gap < close, and open while a record at
 * stream time would still merge into it (end + gap ≥ stream time).
 */
export function windowState(
  endMs: number,
  streamTimeMs: number,
  closeMs: number | null,
  sessionGapMs: number | null = null,
): WindowState {
  if (sessionGapMs !== null) {
    const reach = endMs + sessionGapMs;
    if (closeMs !== null && reach < closeMs) return 'closed';
    return reach >= streamTimeMs ? 'open' : 'grace';
  }
  if (closeMs !== null && endMs <= closeMs) return 'closed';
  return endMs > streamTimeMs ? 'open' : 'grace';
}

/** The time windows an event time belongs to, as the aggregation assigns them (none for sessions). */
export function windowsOfView(
  timestampMs: number,
  w: WindowView,
): { startMs: number; endMs: number }[] {
  if (w.kind === 'SESSION' || w.advanceMs <= 0) return [];
  return windowsFor(
    {
      kind: 'HOPPING',
      sizeMs: w.sizeMs,
      advanceMs: w.advanceMs,
      graceMs: w.graceMs,
      retentionMs: 0,
    },
    timestampMs,
  );
}
