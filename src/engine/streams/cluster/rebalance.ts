/**
 * Kafka Streams' side of a rebalance, for one instance's consumer: the stream assignor on the
 * group leader, taking up tasks after SyncGroup (resuming its own, restoring others' stores from
 * their changelogs), and giving them up (committing first, unless the member was fenced) or
 * losing them with the process.
 */
import { byOffsetOf, indexAtOrAfter } from '../../logIndex';
import type { ConsumerState, TopicPartitionRef } from '../../model';
import { tpKey } from '../../model';
import { commitPositions } from '../../offsetCommits';
import { emit, schedule, type World } from '../../world';
import { createQueryTask } from '../processing/queryTask';
import { commitTask, contextOf, processOne, producerOf, type Context } from './runtime';
import { changelogRecords, replayChangelog } from './store';
import { assignTasks, tasksOf } from './taskAssignment';
import type { StreamsQueryState, StreamsTaskState } from './types';

/** Records a restore consumer reads per fetch (its max.poll.records), one round trip each. */
const RESTORE_BATCH_RECORDS = 1000;
/** Time to put one restored record into the store (a RocksDB write, ~10 µs). */
const RESTORE_PUT_MS = 0.01;
/** `emit.interval.ms.kstreams.windowed.aggregation`: Kafka's default, which ksqlDB keeps. */
const EMIT_FINAL_INTERVAL_MS = 1000;

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
  // The records restored: a cleaned changelog holds fewer than its offsets span.
  const byOffset = byOffsetOf(log);
  const records =
    log.cleanerCheckpoint === undefined
      ? toOffset - fromOffset
      : Math.max(0, indexAtOrAfter(byOffset, toOffset) - indexAtOrAfter(byOffset, fromOffset));
  const roundTrip = 2 * world.config.network.latencyMs;
  const delayMs =
    roundTrip * (1 + Math.ceil(records / RESTORE_BATCH_RECORDS)) + records * RESTORE_PUT_MS;
  task.phase = 'RESTORING';
  task.restoring = {
    fromOffset,
    toOffset,
    startedAtMs: world.nowMs,
    doneAtMs: world.nowMs + delayMs,
  };
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
