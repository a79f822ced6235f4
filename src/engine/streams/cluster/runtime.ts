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
 *   the consumer's positions are committed;
 * - a task that moves to another instance restores its store from the changelog first
 *   (RESTORING, its records wait), and its stream time starts again from the first record.
 */
import { commitPositions } from '../../groupMember';
import type { ConsumerState, LogRecord, TopicPartitionRef } from '../../model';
import { tpKey } from '../../model';
import type { StreamsProcessor } from '../../processor';
import { send } from '../../producer';
import { emit, schedule, type World } from '../../world';
import type { AggregateQuery, PersistentQuery, Row, SqlValue } from '../plan';
import { aggregateResult } from '../processing/aggregates';
import { segmentTimeOf } from '../processing/aggregation';
import {
  aggregateKeyType,
  aggregateRekeyed,
  commitQueryTask,
  createQueryTask,
  processRecord,
  rekeyForAggregate,
  type SinkRecord,
  type SourceRecord,
  type StepOutput,
} from '../processing/queryTask';
import {
  entryKey,
  writeStore,
  type AggregationState,
  type StoreEntry,
} from '../processing/windowStore';
import { keyText, parseKey, streamPartitionOf } from './keys';
import { assignTasks, tasksOf } from './taskAssignment';
import type {
  StreamsAppState,
  StreamsQueryState,
  StreamsSubtopology,
  StreamsTaskState,
} from './types';

/** Records a restore consumer reads per fetch (its max.poll.records), one round trip each. */
const RESTORE_BATCH_RECORDS = 1000;
/** Time to put one restored record into the store (a RocksDB write, ~10 µs). */
const RESTORE_PUT_MS = 0.01;
/** `emit.interval.ms.kstreams.windowed.aggregation`: Kafka's default, which ksqlDB keeps. */
const EMIT_FINAL_INTERVAL_MS = 1000;

interface Context {
  readonly app: StreamsAppState;
  readonly query: StreamsQueryState;
  readonly plan: PersistentQuery;
}

function contextOf(world: World, processor: StreamsProcessor): Context | null {
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

function processOne(
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
        out = aggregateRekeyed(
          plan,
          state,
          { key, row, timestampMs: record.timestampMs },
          world.nowMs,
        );
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
      if (state !== null) out = aggregateRekeyed(plan, state, rekeyed, world.nowMs);
    }
  } else {
    const source = sourceRecordOf(plan, topic, record);
    if (source === undefined) return dropped('bad key');
    if (task.state !== null) out = processRecord(plan, task.state, source);
  }
  if (out !== null) {
    checkWindowsOpen(plan, task, out);
    query.droppedRecords += out.dropped;
    if (out.late.length > 0) dropped('late', Math.max(...out.late.map((w) => w.closeMs)));
    else if (out.dropped > 0) dropped(plan.kind === 'CTAS' ? 'null key' : 'negative timestamp');
    writeOutputs(world, ctx, task, consumerId, out.records);
  }
  writeChangelog(world, ctx, task, consumerId);
  processed(world, ctx, task, topic, partition, record);
}

/** The engine's own rule, checked as it goes: no window takes a record after it closed. */
function checkWindowsOpen(plan: PersistentQuery, task: StreamsTaskState, out: StepOutput): void {
  if (plan.kind !== 'CTAS' || plan.window === null || plan.window.kind === 'SESSION') return;
  const state = task.state?.aggregation;
  if (state === undefined || state === null) return;
  const closeMs = state.observedMs - plan.window.graceMs;
  for (const r of out.records)
    if (
      r.window !== null &&
      r.window.endMs <= closeMs &&
      plan.emit === 'CHANGES' &&
      state.cache === null
    )
      task.closedWindowWrites++;
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

function producerOf(world: World, consumerId: string) {
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
function commitTask(world: World, ctx: Context, task: StreamsTaskState, consumerId: string): void {
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
  writeOutputs(world, ctx, task, consumerId, out.records);
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

// ---------------------------------------------------------------------------------------------
// Rebalances: the assignor, assignment and revocation

/**
 * `StreamsPartitionAssignor` on the group leader: the query's tasks spread over the members,
 * each member's previous tasks kept where balance allows (Streams carries them in the
 * subscription's user data; here they are read from the members' processors). Returns member
 * id → the partitions of its tasks.
 */
export function assignStreamsGroup(
  world: World,
  leader: ConsumerState,
  memberIds: readonly string[],
): Record<string, TopicPartitionRef[]> {
  const result: Record<string, TopicPartitionRef[]> = {};
  for (const id of memberIds) result[id] = [];
  if (leader.processor.kind !== 'streams') return result;
  const ctx = contextOf(world, leader.processor);
  if (ctx === null) return result;
  const tasks = tasksOf(ctx.query.subtopologies, (t) =>
    Object.hasOwn(world.topics, t) ? world.topics[t].partitions.length : undefined,
  );
  const owners = memberIds.map((memberId) => {
    const c = Object.hasOwn(world.consumers, memberId) ? world.consumers[memberId] : undefined;
    const previous = c?.processor.kind === 'streams' ? c.processor.previousTasks : [];
    return { memberId, previousTasks: previous };
  });
  // Like HighAvailabilityTaskAssignor: stateful tasks are balanced first, then stateless ones,
  // so each instance gets its share of the state (and of the restoring).
  const stateful = (t: { subtopology: number }) =>
    ctx.query.subtopologies[t.subtopology].role !== 'rekey' && ctx.query.changelogTopic !== null;
  const rounds = [
    assignTasks(owners, tasks.filter(stateful)),
    assignTasks(
      owners,
      tasks.filter((t) => !stateful(t)),
    ),
  ];
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const order = new Map(tasks.map((t, i) => [t.id, i]));
  for (const memberId of memberIds)
    result[memberId] = rounds
      .flatMap((r) => r.get(memberId) ?? [])
      .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
      .flatMap((id) => byId.get(id)?.partitions ?? [])
      .sort((a, b) =>
        a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
      );
  return result;
}

/** Internal topics are read from the start whatever auto.offset.reset says (Streams resets them to earliest). */
export function streamsOffsetReset(
  world: World,
  consumer: ConsumerState,
  topic: string,
): 'earliest' | null {
  if (consumer.processor.kind !== 'streams') return null;
  const ctx = contextOf(world, consumer.processor);
  return ctx !== null && ctx.query.repartitionTopic === topic ? 'earliest' : null;
}

function heldTaskIds(query: StreamsQueryState, assignment: readonly TopicPartitionRef[]): string[] {
  const held = new Set(assignment.map((tp) => tpKey(tp.topic, tp.partition)));
  return query.taskOrder.filter((id) => {
    const t = query.tasks[id];
    const s = query.subtopologies[t.subtopology];
    return s.sourceTopics.some((topic) => held.has(tpKey(topic, t.partition)));
  });
}

/** After SyncGroup: the instance takes up its tasks (resuming its own, restoring others'). */
export function streamsOnAssigned(world: World, consumer: ConsumerState): void {
  if (consumer.processor.kind !== 'streams') return;
  const processor = consumer.processor;
  const ctx = contextOf(world, processor);
  if (ctx === null) return;
  const ids = heldTaskIds(ctx.query, consumer.assignment);
  const added: string[] = [];
  for (const id of ids) {
    const task = ctx.query.tasks[id];
    if (task.owner === consumer.id && (task.phase === 'RUNNING' || task.phase === 'RESTORING'))
      continue;
    if (task.owner === consumer.id && task.phase === 'SUSPENDED') {
      task.phase = 'RUNNING';
      continue;
    }
    added.push(id);
    takeOver(world, ctx, task, consumer);
  }
  processor.previousTasks = ids;
  emit(world, {
    type: 'streamsTasksAssigned',
    atMs: world.nowMs,
    app: ctx.app.id,
    query: ctx.query.queryId,
    instance: processor.instance,
    tasks: ids,
    added,
  });
}

/** A task comes to a new owner: a fresh state, restored from the changelog if it has a store. */
function takeOver(
  world: World,
  ctx: Context,
  task: StreamsTaskState,
  consumer: ConsumerState,
): void {
  task.owner = consumer.id;
  task.epoch++;
  task.changelogSequenceFrom = producerOf(world, consumer.id)?.nextSequence ?? 0;
  task.streamTimeMs = -1;
  task.buffered = [];
  const stateful = ctx.query.subtopologies[task.subtopology].role !== 'rekey';
  task.state = stateful
    ? createQueryTask(
        ctx.plan,
        ctx.app.program.properties.cacheMaxBytes,
        ctx.query.changelogTopic !== null,
        EMIT_FINAL_INTERVAL_MS,
      )
    : null;
  // EMIT FINAL's last close time travels with the committed offsets (processor metadata).
  if (task.state?.aggregation != null)
    task.state.aggregation.lastEmitCloseMs = task.committedLastEmitCloseMs;
  const changelog = ctx.query.changelogTopic;
  if (!stateful || changelog === null || task.state?.aggregation === null) {
    task.phase = 'RUNNING';
    task.restoring = null;
    task.changelogFromOffset = 0;
    return;
  }
  const p = world.topics[changelog].partitions[task.partition];
  const log = p.logs[p.leader] ?? p.logs[p.replicas[0]];
  const fromOffset = log.logStartOffset;
  const toOffset = p.highWatermark;
  task.phase = 'RESTORING';
  task.restoring = { fromOffset, toOffset };
  task.changelogFromOffset = toOffset;
  emit(world, {
    type: 'streamsTaskRestoring',
    atMs: world.nowMs,
    app: ctx.app.id,
    query: ctx.query.queryId,
    task: task.id,
    instance: instanceOf(consumer),
    changelog,
    fromOffset,
    toOffset,
  });
  const records = toOffset - fromOffset;
  const roundTrip = 2 * world.config.network.latencyMs;
  const delayMs =
    roundTrip * (1 + Math.ceil(records / RESTORE_BATCH_RECORDS)) + records * RESTORE_PUT_MS;
  schedule(world, world.nowMs + delayMs, {
    kind: 'streamsRestoreDone',
    app: ctx.app.id,
    query: ctx.query.index,
    task: task.id,
    epoch: task.epoch,
  });
}

function instanceOf(consumer: ConsumerState): string {
  return consumer.processor.kind === 'streams' ? consumer.processor.instance : consumer.id;
}

/**
 * Restoration read to the end: the store is the replay of the changelog's records up to the
 * offset it aimed for; the records that waited are processed now.
 */
export function handleStreamsRestoreDone(
  world: World,
  appId: string,
  queryIndex: number,
  taskId: string,
  epoch: number,
): void {
  const app = Object.hasOwn(world.streams, appId) ? world.streams[appId] : null;
  const query = app?.queries[queryIndex];
  if (app === null || query === undefined || !Object.hasOwn(query.tasks, taskId)) return;
  const task = query.tasks[taskId];
  if (task.epoch !== epoch || task.phase !== 'RESTORING' || task.restoring === null) return;
  const ctx: Context = { app, query, plan: app.program.queries[query.index] };
  const { fromOffset, toOffset } = task.restoring;
  const records = changelogRecords(world, query, task.partition, fromOffset, toOffset);
  if (task.state?.aggregation != null && ctx.plan.kind === 'CTAS')
    replayChangelog(ctx.plan, task.state.aggregation, records);
  task.restoring = null;
  task.phase = 'RUNNING';
  emit(world, {
    type: 'streamsTaskRestored',
    atMs: world.nowMs,
    app: app.id,
    query: query.queryId,
    task: task.id,
    instance: Object.hasOwn(world.consumers, task.owner ?? '')
      ? instanceOf(world.consumers[task.owner as string])
      : (task.owner ?? ''),
    records: records.length,
  });
  const waiting = task.buffered;
  task.buffered = [];
  const owner = task.owner;
  if (owner === null) return;
  for (const b of waiting) processOne(world, ctx, task, owner, b.topic, b.partition, b.record);
}

/** The changelog partition's records in [from, to) on its leader's log. */
export function changelogRecords(
  world: World,
  query: StreamsQueryState,
  partition: number,
  fromOffset: number,
  toOffset: number,
): LogRecord[] {
  if (query.changelogTopic === null) return [];
  const p = world.topics[query.changelogTopic].partitions[partition];
  const log = p.logs[p.leader] ?? p.logs[p.replicas[0]];
  const from = Math.max(fromOffset, log.logStartOffset) - log.logStartOffset;
  const to = Math.min(toOffset, log.logStartOffset + log.records.length) - log.logStartOffset;
  return log.records.slice(from, Math.max(from, to));
}

/**
 * Puts changelog records into a store as restoration does (`restoreAll`): each record a put of
 * its key and window, a tombstone a delete, segments expiring as the store's time moves.
 */
export function replayChangelog(
  plan: AggregateQuery,
  state: AggregationState,
  records: readonly LogRecord[],
): void {
  const logged = state.changelog;
  state.changelog = null;
  const keyType = aggregateKeyType(plan);
  const segmentTime = segmentTimeOf(plan);
  for (const r of records) {
    const key = parseKey(r.key, keyType);
    if (key === undefined) continue;
    const startMs = r.window?.startMs ?? 0;
    const endMs = r.window?.endMs ?? 0;
    const id = entryKey(key, startMs, endMs);
    const entry: StoreEntry | null =
      r.value === null
        ? null
        : {
            key,
            startMs,
            endMs,
            aggregates: JSON.parse(r.value) as StoreEntry['aggregates'],
            timestampMs: r.timestampMs,
          };
    const segment =
      entry !== null
        ? segmentTime(entry)
        : segmentTime({ key, startMs, endMs, aggregates: [], timestampMs: 0 });
    writeStore(state, id, entry, segment, segmentTime);
  }
  state.changelog = logged;
}

/**
 * Partitions leave the instance (eager rebalancing revokes all before rejoining): its running
 * tasks commit and are suspended, keeping their state should they come back. `lost`: the
 * member was fenced, so its tasks are closed without a commit (`onPartitionsLost`).
 */
export function streamsOnRevoked(
  world: World,
  consumer: ConsumerState,
  partitions: readonly TopicPartitionRef[],
  lost: boolean,
): void {
  if (consumer.processor.kind !== 'streams') return;
  const ctx = contextOf(world, consumer.processor);
  if (ctx === null) return;
  const ids = heldTaskIds(ctx.query, partitions);
  const tasks = ids.map((id) => ctx.query.tasks[id]).filter((t) => t.owner === consumer.id);
  if (!lost) {
    for (const task of tasks) commitTask(world, ctx, task, consumer.id);
    if (consumer.membership.phase !== 'idle' && tasks.some((t) => t.phase === 'RUNNING'))
      commitPositions(world, consumer);
  }
  for (const task of tasks) {
    if (lost || task.phase === 'RESTORING') dropTaskState(task);
    else task.phase = 'SUSPENDED';
  }
}

/** The instance's process is gone: the state of every task it held goes with it. */
export function streamsOnStopped(world: World, consumer: ConsumerState): void {
  if (consumer.processor.kind !== 'streams') return;
  const ctx = contextOf(world, consumer.processor);
  if (ctx === null) return;
  for (const id of ctx.query.taskOrder) {
    const task = ctx.query.tasks[id];
    if (task.owner === consumer.id) dropTaskState(task);
  }
  consumer.processor.previousTasks = [];
}

function dropTaskState(task: StreamsTaskState): void {
  task.owner = null;
  task.phase = 'UNASSIGNED';
  task.state = null;
  task.restoring = null;
  task.buffered = [];
  task.epoch++;
}

/** An aggregate store's entries as a report shows them: key, window, the aggregates by name. */
export function storeEntriesOf(
  plan: AggregateQuery,
  task: StreamsTaskState,
): {
  key: SqlValue;
  window: { startMs: number; endMs: number } | null;
  value: Record<string, SqlValue>;
  timestampMs: number;
}[] {
  const state = task.state?.aggregation;
  if (state === undefined || state === null) return [];
  return Object.keys(state.store)
    .sort()
    .map((id) => {
      const e = state.store[id];
      const value: Record<string, SqlValue> = {};
      plan.aggregates.forEach((call, i) => {
        value[`KSQL_AGG_VARIABLE_${i}`] = aggregateResult(call, e.aggregates[i]);
      });
      return {
        key: e.key,
        window: plan.window === null ? null : { startMs: e.startMs, endMs: e.endMs },
        value,
        timestampMs: e.timestampMs,
      };
    });
}
