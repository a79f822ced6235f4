/**
 * One persistent query's processing in one task: what the topology ksqlDB builds does to each
 * record (streams-model.md §1.2). For a `GROUP BY`:
 *
 *   source → WHERE → (re-key by the GROUP BY: null values and null new keys are dropped here,
 *   silently, as the repartition filter drops them) → aggregate (windowed or not) → HAVING (a
 *   KTable filter with old values) → project → sink
 *
 * and for a `CREATE STREAM … AS SELECT`: source → WHERE → PARTITION BY → project → sink.
 * The re-key and the aggregation are separate steps (`rekeyForAggregate`, `aggregateRekeyed`)
 * because in a cluster a repartition topic lies between them; TopologyTestDriver runs them back
 * to back.
 */
import { dict } from '../../names';
import type { AggregateQuery, PersistentQuery, Row, SqlType, SqlValue, StreamQuery } from '../plan';
import { aggregateResult, type AggregateState } from './aggregates';
import { aggregateRecord, flushAggregation, type AggregateChange } from './aggregation';
import { evaluate, typeOfExpr, type EvalContext, type ExprTypes } from './evaluate';
import { readRow, writeValue } from './rows';
import { createAggregationState, type AggregationState } from './windowStore';

/** A record read from a source topic. */
export interface SourceRecord {
  readonly topic: string;
  readonly key: SqlValue;
  readonly value: string | null;
  readonly timestampMs: number;
}

/** A record written to a sink topic. */
export interface SinkRecord {
  readonly topic: string;
  readonly key: SqlValue;
  readonly window: { readonly startMs: number; readonly endMs: number } | null;
  readonly value: string | null;
  readonly timestampMs: number;
  /**
   * Set when HAVING changed its mind about this row: `entered` (the old row failed, the new one
   * passes: its first output), `left` (the old row passed, the new one fails: a tombstone).
   * Absent without HAVING or when nothing changed.
   */
  readonly having?: 'entered' | 'left';
}

/** A record on its way to the aggregation (after the re-key). */
export interface RekeyedRecord {
  readonly key: SqlValue;
  readonly row: Row;
  readonly timestampMs: number;
}

export interface QueryTaskState {
  readonly queryId: string;
  aggregation: AggregationState | null;
  /** dropped-records of this task: negative timestamps, null keys at the aggregation, late records. */
  droppedRecords: number;
}

export interface StepOutput {
  readonly records: SinkRecord[];
  readonly dropped: number;
  /** Late windows missed by a record (for the trace). */
  readonly late: { startMs: number; endMs: number; closeMs: number }[];
}

const NOTHING: StepOutput = { records: [], dropped: 0, late: [] };

/**
 * A task's fresh state. In a cluster: `logged` keeps its store writes for the changelog topic,
 * and `emitIntervalMs` throttles EMIT FINAL by the clock (TopologyTestDriver mode: neither).
 */
export function createQueryTask(
  query: PersistentQuery,
  cacheMaxBytes: number,
  logged = false,
  emitIntervalMs = 0,
): QueryTaskState {
  return {
    queryId: query.queryId,
    aggregation:
      query.kind === 'CTAS'
        ? createAggregationState(
            usesCache(query, cacheMaxBytes),
            query.window?.retentionMs ?? null,
            logged,
            emitIntervalMs,
          )
        : null,
    droppedRecords: 0,
  };
}

/**
 * Whether the aggregation's store has the record cache in front of it: caching is on unless the
 * cache size is 0, except for EMIT FINAL over session windows, whose time-ordered session store
 * Kafka builds without one (flipping the cache never changes those results: conformance).
 */
function usesCache(query: AggregateQuery, cacheMaxBytes: number): boolean {
  if (cacheMaxBytes <= 0) return false;
  return !(query.emit === 'FINAL' && query.window?.kind === 'SESSION');
}

/** Each query's expression types, worked out once (a query is immutable plan data). */
const TYPES = new WeakMap<PersistentQuery, ExprTypes>();

function sourceTypes(query: PersistentQuery): ExprTypes {
  let types = TYPES.get(query);
  if (types === undefined) {
    const columns = new Map(query.source.columns.map((c) => [c.name, c.type]));
    const column = (name: string) => columns.get(name);
    const aggregates = query.kind === 'CTAS' ? query.aggregates.map((a) => a.type) : [];
    const groupBy = query.kind === 'CTAS' ? query.groupBy : [];
    types = {
      column,
      aggregate: (i) => aggregates[i] ?? 'BIGINT',
      groupKey: (i) =>
        i < groupBy.length
          ? typeOfExpr(groupBy[i], { column, aggregate: () => 'BIGINT', groupKey: () => 'NULL' })
          : 'NULL',
    };
    TYPES.set(query, types);
  }
  return types;
}

/** The SQL type of an aggregation's key: its GROUP BY expression's, or the source's key column's. */
export function aggregateKeyType(query: AggregateQuery): SqlType | 'NULL' {
  if (query.repartition) return sourceTypes(query).groupKey(0);
  return query.source.columns.find((c) => c.key)?.type ?? 'STRING';
}

function rowContext(row: Row, timestampMs: number): EvalContext {
  return {
    column: (name) => (Object.hasOwn(row, name) ? row[name] : null),
    pseudo: (name) => (name === 'ROWTIME' ? timestampMs : null),
    groupKey: () => null,
    aggregate: () => null,
  };
}

/** Reads a source record into a row and its event time; null when Kafka or ksqlDB drop it first. */
function readSource(
  query: PersistentQuery,
  record: SourceRecord,
): { row: Row | null; timestampMs: number; dropped: boolean } {
  const row = readRow(query.source.columns, query.source.valueFormat, record.key, record.value);
  let timestampMs = record.timestampMs;
  if (query.source.timestampColumn !== null && row !== null) {
    const t = row[query.source.timestampColumn];
    timestampMs = typeof t === 'number' ? t : -1;
  }
  // A negative event time is dropped at the source and counted (`RecordQueue#updateHead`).
  return { row, timestampMs, dropped: timestampMs < 0 };
}

/**
 * Sub-topology 0 of an aggregation: WHERE, then the GROUP BY's key. Null values (tombstones)
 * and null new keys never reach the aggregation and are not counted (the repartition filter).
 * Without a repartition the record key is the group key, and a null key is the aggregation's
 * to drop and count.
 */
export function rekeyForAggregate(
  query: AggregateQuery,
  record: SourceRecord,
): { rekeyed: RekeyedRecord | null; dropped: number } {
  const { row, timestampMs, dropped } = readSource(query, record);
  if (dropped) return { rekeyed: null, dropped: 1 };
  if (row === null) return { rekeyed: null, dropped: 0 };
  const types = sourceTypes(query);
  const ctx = rowContext(row, timestampMs);
  if (query.where !== null && evaluate(query.where, ctx, types) !== true)
    return { rekeyed: null, dropped: 0 };
  if (!query.repartition) return { rekeyed: { key: record.key, row, timestampMs }, dropped: 0 };
  const key = groupKeyOf(query, ctx, types);
  if (key === null) return { rekeyed: null, dropped: 0 };
  return { rekeyed: { key, row, timestampMs }, dropped: 0 };
}

/** The new key: the GROUP BY expression (several expressions are refused by the front end for KAFKA keys). */
function groupKeyOf(query: AggregateQuery, ctx: EvalContext, types: ExprTypes): SqlValue {
  return query.groupBy.length === 1 ? evaluate(query.groupBy[0], ctx, types) : null;
}

/** Sub-topology 1 of an aggregation: the aggregate, then HAVING and the projection to the sink. */
export function aggregateRekeyed(
  query: AggregateQuery,
  task: QueryTaskState,
  record: RekeyedRecord,
  nowMs?: number,
): StepOutput {
  const state = task.aggregation;
  if (state === null) return NOTHING;
  const types = sourceTypes(query);
  const ctx = rowContext(record.row, record.timestampMs);
  const args = query.aggregates.map((call) =>
    call.arg === null ? undefined : evaluate(call.arg, ctx, types),
  );
  const step = aggregateRecord(query, state, {
    key: record.key,
    args,
    timestampMs: record.timestampMs,
    ...(nowMs === undefined ? {} : { nowMs }),
  });
  task.droppedRecords += step.dropped;
  return {
    records: step.changes.flatMap((c) => sinkRecordOf(query, c)),
    dropped: step.dropped,
    late: step.lateWindows,
  };
}

/** A commit: the record cache flushed, its changes through HAVING to the sink. */
export function commitQueryTask(query: PersistentQuery, task: QueryTaskState): StepOutput {
  if (query.kind !== 'CTAS' || task.aggregation === null) return NOTHING;
  return {
    records: flushAggregation(query, task.aggregation).flatMap((c) => sinkRecordOf(query, c)),
    dropped: 0,
    late: [],
  };
}

/** One record through a query in one go (TopologyTestDriver runs a repartition hop at once). */
export function processRecord(
  query: PersistentQuery,
  task: QueryTaskState,
  record: SourceRecord,
): StepOutput {
  if (query.kind === 'CTAS') {
    const { rekeyed, dropped } = rekeyForAggregate(query, record);
    task.droppedRecords += dropped;
    if (rekeyed === null) return { records: [], dropped, late: [] };
    return aggregateRekeyed(query, task, rekeyed);
  }
  if (query.kind === 'CSAS') return processStream(query, task, record);
  throw new Error(`kafkascope does not run ${query.kind} queries yet`);
}

/**
 * HAVING as `KTableFilter` with old values: the new row passes → the row; it fails and the old
 * one passed → a tombstone; neither passed → nothing. Then the projection.
 */
function sinkRecordOf(query: AggregateQuery, change: AggregateChange): SinkRecord[] {
  const passes = (aggregates: readonly AggregateState[] | null): boolean =>
    aggregates !== null && passesHaving(query, change, aggregates);
  const newPasses = passes(change.newAggregates);
  const oldPasses = passes(change.oldAggregates);
  if (!newPasses && !oldPasses) return [];
  const value = newPasses
    ? projectAggregate(query, change, change.newAggregates as readonly AggregateState[])
    : null;
  const record: SinkRecord = {
    topic: query.sink.topic,
    key: change.key,
    window: change.window,
    value,
    timestampMs: change.timestampMs,
  };
  if (query.having === null || newPasses === oldPasses) return [record];
  return [{ ...record, having: newPasses ? 'entered' : 'left' }];
}

/** Whether a row (a key's window and its aggregates) passes the query's HAVING (true without one). */
export function passesHaving(
  query: AggregateQuery,
  row: Pick<AggregateChange, 'key' | 'window' | 'timestampMs'>,
  aggregates: readonly AggregateState[],
): boolean {
  if (query.having === null) return true;
  const ctx = aggregateContext(query, row, aggregates);
  return evaluate(query.having, ctx, sourceTypes(query)) === true;
}

function aggregateContext(
  query: AggregateQuery,
  change: Pick<AggregateChange, 'key' | 'window' | 'timestampMs'>,
  aggregates: readonly AggregateState[],
): EvalContext {
  return {
    column: () => null,
    pseudo: (name) =>
      name === 'WINDOWSTART'
        ? (change.window?.startMs ?? null)
        : name === 'WINDOWEND'
          ? (change.window?.endMs ?? null)
          : name === 'ROWTIME'
            ? change.timestampMs
            : null,
    groupKey: () => change.key,
    aggregate: (i) => aggregateResult(query.aggregates[i], aggregates[i]),
  };
}

function projectAggregate(
  query: AggregateQuery,
  change: Pick<AggregateChange, 'key' | 'window' | 'timestampMs'>,
  aggregates: readonly AggregateState[],
): string {
  const ctx = aggregateContext(query, change, aggregates);
  const types = sourceTypes(query);
  const row: Row = dict<SqlValue>();
  for (const p of query.projection) if (!p.key) row[p.name] = evaluate(p.expr, ctx, types);
  return writeValue(query.sink.columns, query.sink.valueFormat, row);
}

/** CREATE STREAM … AS SELECT: WHERE, PARTITION BY, projection (joins are not run yet). */
function processStream(query: StreamQuery, task: QueryTaskState, record: SourceRecord): StepOutput {
  if (query.join !== null) throw new Error('kafkascope does not run stream–table joins yet');
  const { row, timestampMs, dropped } = readSource(query, record);
  if (dropped) {
    task.droppedRecords++;
    return { records: [], dropped: 1, late: [] };
  }
  if (row === null) return NOTHING;
  const types = sourceTypes(query);
  const ctx = rowContext(row, timestampMs);
  if (query.where !== null && evaluate(query.where, ctx, types) !== true) return NOTHING;
  const key =
    query.partitionBy !== null
      ? evaluate(query.partitionBy, ctx, types)
      : keyOfProjection(query, ctx, types, record.key);
  const out: Row = dict<SqlValue>();
  for (const p of query.projection) if (!p.key) out[p.name] = evaluate(p.expr, ctx, types);
  const value = writeValue(query.sink.columns, query.sink.valueFormat, out);
  return {
    records: [{ topic: query.sink.topic, key, window: null, value, timestampMs }],
    dropped: 0,
    late: [],
  };
}

function keyOfProjection(
  query: StreamQuery,
  ctx: EvalContext,
  types: ExprTypes,
  recordKey: SqlValue,
): SqlValue {
  const keyColumn = query.projection.find((p) => p.key);
  return keyColumn === undefined ? recordKey : evaluate(keyColumn.expr, ctx, types);
}
