/**
 * Kafka Streams inside the simulated cluster: what an instance's stream thread does with the
 * records its consumer polls, on each commit, and when the group moves tasks (streams-model.md
 * §1–2). The processing itself is `../processing` (the same code the TopologyTestDriver mode
 * runs and the conformance harness checks); this module moves records between real topics:
 *
 * - a `rekey` task (sub-topology 0 of a GROUP BY on a non-key column) writes each record to the
 *   repartition topic, partitioned by murmur2 of the new key;
 * - an `aggregate` task updates its store, forwards changes through HAVING to the sink topic
 *   (a windowed key partitioned by its base key), and logs every store write to the changelog
 *   topic's partition of the same number;
 * - every `commit.interval.ms` the record cache is flushed (forwarding its dirty entries) and
 *   the consumer's positions are committed.
 *
 * Rebalances (which tasks an instance runs, restoration) are ./rebalance.ts; the store's
 * changelog replay is ./store.ts.
 */
import { commitPositions } from '../../offsetCommits';
import type { ConsumerState, LogRecord } from '../../model';
import type { StreamsProcessor } from '../../processor';
import { send } from '../../producer';
import { emit, schedule, type World } from '../../world';
import type { AggregateQuery, PersistentQuery, Row, SqlValue } from '../plan';
import { windowsFor } from '../processing/aggregation';
import {
  aggregateKeyType,
  aggregateRekeyed,
  commitQueryTask,
  processRecord,
  rekeyForAggregate,
  type QueryTaskState,
  type RekeyedRecord,
  type SinkRecord,
  type SourceRecord,
  type StepOutput,
} from '../processing/queryTask';
import { entryKey, readEntry } from '../processing/windowStore';
import { keyText, parseKey, streamPartitionOf } from './keys';
import {
  STREAMS_HISTORY_CAP,
  type EmitReason,
  type StreamsAppState,
  type StreamsQueryState,
  type StreamsSubtopology,
  type StreamsTaskState,
} from './types';

export interface Context {
  readonly app: StreamsAppState;
  readonly query: StreamsQueryState;
  readonly plan: PersistentQuery;
}

export function contextOf(world: World, processor: StreamsProcessor): Context | null {
  const app = Object.hasOwn(world.streams, processor.app) ? world.streams[processor.app] : null;
  if (app === null) return null;
  const query = app.queries[processor.query];
  return { app, query, plan: app.program.queries[query.index] };
}

function subtopologyOfTopic(query: StreamsQueryState, topic: string): StreamsSubtopology | null {
  return query.subtopologies.find((s) => s.sourceTopics.includes(topic)) ?? null;
}

function taskOf(
  query: StreamsQueryState,
  topic: string,
  partition: number,
): StreamsTaskState | null {
  const s = subtopologyOfTopic(query, topic);
  if (s === null) return null;
  const id = `${s.id}_${partition}`;
  return Object.hasOwn(query.tasks, id) ? query.tasks[id] : null;
}

/** The producer an instance's consumer writes with (one per stream thread). */
export function producerIdOf(consumerId: string): string {
  return `${consumerId}-producer`;
}

// ---------------------------------------------------------------------------------------------
// Processing

/** A polled batch, handed to the task that reads its partition (held while it restores). */
export function processStreamsBatch(
  world: World,
  consumer: ConsumerState,
  processor: StreamsProcessor,
  batch: { topic: string; partition: number; records: readonly LogRecord[] },
): void {
  const ctx = contextOf(world, processor);
  if (ctx === null) return;
  const task = taskOf(ctx.query, batch.topic, batch.partition);
  if (task === null || task.owner !== consumer.id) return;
  if (task.phase === 'RESTORING') {
    for (const record of batch.records)
      task.buffered.push({ topic: batch.topic, partition: batch.partition, record });
    return;
  }
  if (task.phase !== 'RUNNING') return;
  for (const record of batch.records)
    processOne(world, ctx, task, consumer.id, batch.topic, batch.partition, record);
}

export function processOne(
  world: World,
  ctx: Context,
  task: StreamsTaskState,
  consumerId: string,
  topic: string,
  partition: number,
  record: LogRecord,
): void {
  const { plan, query } = ctx;
  const sub = query.subtopologies[task.subtopology];
  const dropped = (reason: DropReason, closeMs: number | null = null) =>
    recordDropped(world, ctx, task, topic, partition, record.offset, reason, closeMs);
  if (record.timestampMs >= 0) task.streamTimeMs = Math.max(task.streamTimeMs, record.timestampMs);
  task.processed++;
  let out: StepOutput | null = null;
  if (plan.kind === 'CTAS') {
    const state = task.state;
    if (sub.role === 'aggregate' && plan.repartition) {
      const key = parseKey(record.key, aggregateKeyType(plan));
      if (key === undefined || record.value === null) return dropped('bad key');
      const row = JSON.parse(record.value) as Row;
      if (state !== null)
        out = aggregateWatched(world, plan, task, state, {
          key,
          row,
          timestampMs: record.timestampMs,
        });
    } else {
      const source = sourceRecordOf(plan, topic, record);
      if (source === undefined) return dropped('bad key');
      const { rekeyed, dropped: n } = rekeyForAggregate(plan, source);
      if (n > 0) {
        query.droppedRecords += n;
        return dropped('negative timestamp');
      }
      if (rekeyed === null) return processed(world, ctx, task, topic, partition, record);
      if (sub.role === 'rekey') {
        writeRepartition(world, ctx, consumerId, rekeyed.key, rekeyed.row, rekeyed.timestampMs);
        return processed(world, ctx, task, topic, partition, record);
      }
      if (state !== null) out = aggregateWatched(world, plan, task, state, rekeyed);
    }
  } else {
    const source = sourceRecordOf(plan, topic, record);
    if (source === undefined) return dropped('bad key');
    if (task.state !== null) out = processRecord(plan, task.state, source);
  }
  if (out !== null) {
    query.droppedRecords += out.dropped;
    if (out.late.length > 0) dropped('late', Math.max(...out.late.map((w) => w.closeMs)));
    else if (out.dropped > 0) dropped(plan.kind === 'CTAS' ? 'null key' : 'negative timestamp');
    if (plan.kind === 'CTAS') rememberInput(world, ctx, task, topic, partition, record, out);
    writeOutputs(
      world,
      ctx,
      task,
      consumerId,
      out.records,
      plan.kind === 'CTAS' && plan.emit === 'FINAL' ? 'window close' : 'update',
    );
  }
  writeChangelog(world, ctx, task, consumerId);
  processed(world, ctx, task, topic, partition, record);
}

/**
 * The aggregation, watched for the rule an invariant holds it to: no time window takes a record
 * once it closed (end ≤ stream time − grace, the stream time counting this record). The entries
 * of the record's windows are read before and after; a closed one that changed (other than by
 * its segment expiring) is counted in `closedWindowWrites`, which must stay 0.
 */
function aggregateWatched(
  world: World,
  plan: AggregateQuery,
  task: StreamsTaskState,
  state: QueryTaskState,
  record: RekeyedRecord,
): StepOutput {
  const agg = state.aggregation;
  const window = plan.window;
  if (agg === null || window === null || window.kind === 'SESSION' || record.key === null)
    return aggregateRekeyed(plan, state, record, world.nowMs);
  const key = record.key;
  const watched = windowsFor(window, record.timestampMs).map((w) => {
    const id = entryKey(key, w.startMs, w.endMs);
    return { endMs: w.endMs, id, before: readEntry(agg, id) };
  });
  const out = aggregateRekeyed(plan, state, record, world.nowMs);
  const closeMs = agg.observedMs - window.graceMs;
  for (const w of watched) {
    const after = readEntry(agg, w.id);
    if (w.endMs <= closeMs && after !== null && after !== w.before) task.closedWindowWrites++;
  }
  return out;
}

/** Keeps the aggregation's input for the view (bounded: the oldest goes). */
function rememberInput(
  world: World,
  ctx: Context,
  task: StreamsTaskState,
  topic: string,
  partition: number,
  record: LogRecord,
  out: StepOutput,
): void {
  const plan = ctx.plan as AggregateQuery;
  const agg = task.state?.aggregation ?? null;
  const graceMs =
    plan.window === null || plan.window.kind === 'SESSION' ? null : plan.window.graceMs;
  const streamTimeMs = agg !== null && agg.observedMs >= 0 ? agg.observedMs : task.streamTimeMs;
  remember(ctx.query.recentInputs, {
    seq: ctx.query.nextHistorySeq++,
    task: task.id,
    key: record.key ?? '',
    timestampMs: record.timestampMs,
    processedAtMs: world.nowMs,
    topic,
    partition,
    offset: record.offset,
    outcome: out.late.length > 0 ? 'late' : out.dropped > 0 ? 'dropped' : 'counted',
    streamTimeMs,
    closeMs: graceMs === null ? null : streamTimeMs - graceMs,
  });
}

function remember<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > STREAMS_HISTORY_CAP) list.splice(0, list.length - STREAMS_HISTORY_CAP);
}

function processed(
  world: World,
  ctx: Context,
  task: StreamsTaskState,
  topic: string,
  partition: number,
  record: LogRecord,
): void {
  emit(world, {
    type: 'streamsRecordProcessed',
    atMs: world.nowMs,
    app: ctx.app.id,
    query: ctx.query.queryId,
    task: task.id,
    topic,
    partition,
    offset: record.offset,
    streamTimeMs: task.streamTimeMs,
  });
}

type DropReason = 'late' | 'null key' | 'negative timestamp' | 'bad key';

function recordDropped(
  world: World,
  ctx: Context,
  task: StreamsTaskState,
  topic: string,
  partition: number,
  offset: number,
  reason: DropReason,
  closeMs: number | null,
): void {
  // A key that does not deserialize is counted by Streams' RecordDeserializer.
  if (reason === 'bad key') ctx.query.droppedRecords++;
  emit(world, {
    type: 'streamsRecordDropped',
    atMs: world.nowMs,
    app: ctx.app.id,
    query: ctx.query.queryId,
    task: task.id,
    topic,
    partition,
    offset,
    reason,
    closeMs,
  });
}

/** A source topic's record as the query reads it; undefined when its key does not deserialize. */
function sourceRecordOf(
  plan: PersistentQuery,
  topic: string,
  record: LogRecord,
): SourceRecord | undefined {
  const keyType = plan.source.columns.find((c) => c.key)?.type ?? 'STRING';
  const key = parseKey(record.key, keyType);
  if (key === undefined) return undefined;
  return { topic, key, value: record.value, timestampMs: record.timestampMs };
}

export function producerOf(world: World, consumerId: string) {
  const id = producerIdOf(consumerId);
  return Object.hasOwn(world.producers, id) ? world.producers[id] : undefined;
}

function writeRepartition(
  world: World,
  ctx: Context,
  consumerId: string,
  key: SqlValue,
  row: Row,
  timestampMs: number,
): void {
  const topicName = ctx.query.repartitionTopic;
  const producer = producerOf(world, consumerId);
  if (topicName === null || producer === undefined) return;
  const n = world.topics[topicName].partitions.length;
  const plan = ctx.plan as AggregateQuery;
  const partition = streamPartitionOf(key, aggregateKeyType(plan), n);
  send(world, producer, {
    topic: topicName,
    key: keyText(key),
    value: JSON.stringify(row),
    headers: [],
    partition,
    partitionReason: partition === undefined ? undefined : 'key-hash',
    timestampMs,
  });
}

function writeOutputs(
  world: World,
  ctx: Context,
  task: StreamsTaskState,
  consumerId: string,
  records: readonly SinkRecord[],
  reason: EmitReason,
): void {
  const producer = producerOf(world, consumerId);
  if (producer === undefined) return;
  const keyType = ctx.plan.sink.columns.find((c) => c.key)?.type ?? 'STRING';
  for (const r of records) {
    const n = world.topics[r.topic].partitions.length;
    const partition = streamPartitionOf(r.key, keyType, n);
    send(world, producer, {
      topic: r.topic,
      key: keyText(r.key),
      value: r.value,
      headers: [],
      partition,
      partitionReason: partition === undefined ? undefined : 'key-hash',
      timestampMs: r.timestampMs,
      ...(r.window === null
        ? {}
        : { window: { startMs: r.window.startMs, endMs: r.window.endMs } }),
    });
    emit(world, {
      type: 'streamsEmitted',
      atMs: world.nowMs,
      app: ctx.app.id,
      query: ctx.query.queryId,
      task: task.id,
      topic: r.topic,
      partition: partition ?? null,
      key: keyText(r.key),
      window: r.window === null ? null : { startMs: r.window.startMs, endMs: r.window.endMs },
      value: r.value,
      reason,
      ...(r.having === undefined ? {} : { having: r.having }),
    });
    remember(ctx.query.recentOutputs, {
      seq: ctx.query.nextHistorySeq++,
      atMs: world.nowMs,
      task: task.id,
      topic: r.topic,
      partition: partition ?? null,
      key: keyText(r.key),
      window: r.window === null ? null : { startMs: r.window.startMs, endMs: r.window.endMs },
      value: r.value,
      timestampMs: r.timestampMs,
      reason,
      having: r.having ?? null,
    });
  }
}

/** Sends the store's logged writes to its changelog partition (the task's partition). */
function writeChangelog(
  world: World,
  ctx: Context,
  task: StreamsTaskState,
  consumerId: string,
): void {
  const log = task.state?.aggregation?.changelog;
  const topicName = ctx.query.changelogTopic;
  if (log === undefined || log === null || log.length === 0 || topicName === null) return;
  const producer = producerOf(world, consumerId);
  const windowed = ctx.plan.kind === 'CTAS' && ctx.plan.window !== null;
  for (const write of log.splice(0)) {
    if (producer === undefined) continue;
    send(world, producer, {
      topic: topicName,
      key: keyText(write.key),
      value: write.entry === null ? null : JSON.stringify(write.entry.aggregates),
      headers: [],
      partition: task.partition,
      timestampMs: write.entry?.timestampMs ?? Math.max(task.streamTimeMs, 0),
      ...(windowed ? { window: { startMs: write.startMs, endMs: write.endMs } } : {}),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Commit

/** Flushes a task's record cache downstream and logs its store writes. */
export function commitTask(
  world: World,
  ctx: Context,
  task: StreamsTaskState,
  consumerId: string,
): void {
  if (task.phase !== 'RUNNING' || task.state === null) return;
  const out = commitQueryTask(ctx.plan, task.state);
  if (out.records.length > 0 || (task.state.aggregation?.changelog?.length ?? 0) > 0)
    emit(world, {
      type: 'streamsCacheFlushed',
      atMs: world.nowMs,
      app: ctx.app.id,
      query: ctx.query.queryId,
      task: task.id,
      forwarded: out.records.length,
    });
  writeOutputs(world, ctx, task, consumerId, out.records, 'cache flush');
  writeChangelog(world, ctx, task, consumerId);
  task.committedLastEmitCloseMs = task.state.aggregation?.lastEmitCloseMs ?? -1;
}

/** A commit of every running task of the instance: flush, write, commit the consumer's positions. */
export function commitInstance(world: World, consumer: ConsumerState): void {
  if (consumer.processor.kind !== 'streams') return;
  const ctx = contextOf(world, consumer.processor);
  if (ctx === null) return;
  const tasks = ctx.query.taskOrder
    .map((id) => ctx.query.tasks[id])
    .filter((t) => t.owner === consumer.id && t.phase === 'RUNNING');
  for (const task of tasks) commitTask(world, ctx, task, consumer.id);
  if (consumer.membership.phase === 'stable' && consumer.assignment.length > 0) {
    commitPositions(world, consumer);
    emit(world, {
      type: 'streamsCommitted',
      atMs: world.nowMs,
      app: ctx.app.id,
      query: ctx.query.queryId,
      instance: consumer.processor.instance,
      tasks: tasks.map((t) => t.id),
    });
  }
}

/** Starts the commit.interval.ms loop of an instance's consumer (tied to its membership loop). */
export function startCommitLoop(world: World, consumer: ConsumerState, intervalMs: number): void {
  if (consumer.processor.kind === 'streams') {
    const ctx = contextOf(world, consumer.processor);
    if (ctx !== null) ctx.app.nextCommitAtMs[consumer.id] = world.nowMs + intervalMs;
  }
  schedule(world, world.nowMs + intervalMs, {
    kind: 'streamsCommitTick',
    consumer: consumer.id,
    token: consumer.membership.loopToken,
  });
}

export function handleStreamsCommitTick(world: World, consumerId: string, token: number): void {
  const consumer = Object.hasOwn(world.consumers, consumerId) ? world.consumers[consumerId] : null;
  if (consumer === null || !consumer.alive || consumer.membership.loopToken !== token) return;
  if (consumer.processor.kind !== 'streams') return;
  const ctx = contextOf(world, consumer.processor);
  if (ctx === null) return;
  commitInstance(world, consumer);
  startCommitLoop(world, consumer, ctx.app.program.properties.commitIntervalMs);
}
