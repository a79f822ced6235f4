/**
 * What a snapshot shows of the streams applications: per application its instances and per
 * query its topology, tasks (owner, phase, stream time) and store entries. Copies, so the view
 * stays true to the moment it was taken.
 */
import type { World } from '../../world';
import type { SqlValue, SubTopology } from '../plan';
import { storeEntriesOf } from './store';
import type { StreamsTaskPhase } from './types';

/** Store entries listed per query at most (a snapshot is taken every frame). */
export const STORE_ENTRIES_CAP = 500;

export interface StreamsAppView {
  readonly id: string;
  /** The first query's application id (each query is an application of its own). */
  readonly applicationId: string;
  readonly statements: string;
  readonly instances: readonly { readonly id: string; readonly running: boolean }[];
  readonly queries: readonly StreamsQueryView[];
  /** dropped-records over every query. */
  readonly droppedRecords: number;
}

export interface StreamsTaskView {
  readonly id: string;
  readonly query: string;
  /** The instance running it (or whose state it holds), null when none. */
  readonly instance: string | null;
  readonly state: StreamsTaskPhase;
  readonly streamTimeMs: number;
  readonly processed: number;
  readonly restoring: { readonly fromOffset: number; readonly toOffset: number } | null;
}

export interface StoreEntryView {
  readonly task: string;
  readonly key: SqlValue;
  readonly window: { readonly startMs: number; readonly endMs: number } | null;
  /** The aggregates by ksqlDB's internal names (`KSQL_AGG_VARIABLE_0`). */
  readonly value: Readonly<Record<string, SqlValue>>;
  readonly timestampMs: number;
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
}

export function streamsViews(world: World): StreamsAppView[] {
  return world.streamsOrder.map((id) => {
    const app = world.streams[id];
    const queries = app.queries.map((q): StreamsQueryView => {
      const plan = app.program.queries[q.index];
      const entries: StoreEntryView[] = [];
      const tasks = q.taskOrder.map((taskId): StreamsTaskView => {
        const t = q.tasks[taskId];
        const owner =
          t.owner !== null && Object.hasOwn(world.consumers, t.owner)
            ? world.consumers[t.owner]
            : null;
        if (plan.kind === 'CTAS' && (t.phase === 'RUNNING' || t.phase === 'SUSPENDED'))
          for (const e of storeEntriesOf(plan, t)) entries.push({ task: t.id, ...e });
        return {
          id: t.id,
          query: q.queryId,
          instance: owner?.processor.kind === 'streams' ? owner.processor.instance : null,
          state: t.phase,
          streamTimeMs: t.streamTimeMs,
          processed: t.processed,
          restoring: t.restoring === null ? null : { ...t.restoring },
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
      };
    });
    return {
      id: app.id,
      applicationId: app.queries[0]?.applicationId ?? '',
      statements: app.statements,
      instances: app.instances.map((i) => ({ id: i, running: app.running[i] === true })),
      queries,
      droppedRecords: app.queries.reduce((n, q) => n + q.droppedRecords, 0),
    };
  });
}
