/**
 * The streams runtime's own rules, checked after every engine step in tests (with Kafka's in
 * ../../invariants.ts):
 *
 * - a running task's store is the replay of its changelog: the records in the changelog
 *   partition's leader log, then the owner's writes still on their way (in its producer);
 * - no window takes a record after it closed (counted as the runtime goes, must stay 0).
 *
 * Output offsets are dense because every log's are (checked for all topics).
 * The replay check is skipped where Kafka at-least-once itself would not promise it: a write
 * to the changelog from another producer (a zombie owner's late batch) after the owner took
 * over, a changelog partition without a leader, or records of it lost.
 */
import { logEndOffset, tpKey, type LogRecord, type ProducerState } from '../../model';
import type { World } from '../../world';
import type { AggregateQuery } from '../plan';
import { createAggregationState, type AggregationState } from '../processing/windowStore';
import { producerIdOf } from './runtime';
import { changelogRecords, replayChangelog } from './store';
import type { StreamsQueryState, StreamsTaskState } from './types';

/**
 * What each task's store was last checked against: the changelog's end, the owner's producer
 * sequence and the task's epoch. A store write always sends a changelog record (moving the
 * sequence), so while these stand still the store has not changed and is not replayed again.
 */
const checkedAt = new WeakMap<World, Map<string, string>>();

export function checkStreamsInvariants(world: World): string[] {
  const problems: string[] = [];
  let seen = checkedAt.get(world);
  if (seen === undefined) checkedAt.set(world, (seen = new Map()));
  for (const appId of world.streamsOrder) {
    const app = world.streams[appId];
    for (const query of app.queries) {
      const plan = app.program.queries[query.index];
      for (const id of query.taskOrder) {
        const task = query.tasks[id];
        const where = `${app.id} ${query.queryId} task ${task.id}`;
        if (task.closedWindowWrites > 0)
          problems.push(`${where}: ${task.closedWindowWrites} record(s) joined a closed window`);
        if (plan.kind === 'CTAS') {
          const mark = storeMark(world, query, task);
          if (seen.get(where) === mark) continue;
          const problem = storeProblem(world, plan, query, task);
          if (problem !== null) problems.push(`${where}: ${problem}`);
          else seen.set(where, mark);
        }
      }
    }
  }
  return problems;
}

function storeMark(world: World, query: StreamsQueryState, task: StreamsTaskState): string {
  if (query.changelogTopic === null || task.owner === null) return `${task.phase}`;
  const p = world.topics[query.changelogTopic].partitions[task.partition];
  const log = p.leader === -1 ? undefined : p.logs[p.leader];
  const producerId = producerIdOf(task.owner);
  const sequence = Object.hasOwn(world.producers, producerId)
    ? world.producers[producerId].nextSequence
    : -1;
  return `${task.phase}|${task.epoch}|${p.leader}|${log === undefined ? -1 : `${log.records.length}/${log.endOffset}`}|${sequence}`;
}

function storeProblem(
  world: World,
  plan: AggregateQuery,
  query: StreamsQueryState,
  task: StreamsTaskState,
): string | null {
  const live = task.state?.aggregation;
  if (task.phase !== 'RUNNING' || live == null || query.changelogTopic === null) return null;
  if (task.owner === null) return null;
  const p = world.topics[query.changelogTopic].partitions[task.partition];
  if (p.leader === -1) return null;
  if (world.lostScan.lost.some((r) => r.topic === query.changelogTopic)) return null;
  const producerId = producerIdOf(task.owner);
  const end = logEndOffset(p.logs[p.leader]);
  const inLog = changelogRecords(world, query, task.partition, 0, end);
  const ownSequences = new Set<number>();
  for (const r of inLog) {
    if (r.offset < task.changelogFromOffset) continue;
    if (r.producer !== producerId || r.sequence < task.changelogSequenceFrom) return null;
    ownSequences.add(r.sequence);
  }
  const producer = Object.hasOwn(world.producers, producerId) ? world.producers[producerId] : null;
  if (producer === null) return null;
  const pending = pendingWrites(producer, query.changelogTopic, task.partition).filter(
    (r) => !ownSequences.has(r.sequence) && r.sequence >= task.changelogSequenceFrom,
  );
  const replayed = createAggregationState(false, live.retentionMs);
  replayChangelog(plan, replayed, [...inLog, ...pending]);
  return sameStore(live, replayed);
}

/** Records of a producer for one partition not yet acknowledged: open, queued and in flight. */
function pendingWrites(producer: ProducerState, topic: string, partition: number): LogRecord[] {
  const key = tpKey(topic, partition);
  const requests = [...(producer.inFlight[key] ?? []), ...(producer.queued[key] ?? [])];
  const open = Object.hasOwn(producer.openBatches, topic)
    ? producer.openBatches[topic][partition]
    : undefined;
  return [...requests.flatMap((r) => r.records), ...(open?.records ?? [])];
}

function sameStore(live: AggregationState, replayed: AggregationState): string | null {
  const a = Object.keys(live.store).sort();
  const b = Object.keys(replayed.store).sort();
  if (a.join('\n') !== b.join('\n'))
    return `store holds [${a.join(', ')}] but its changelog replays to [${b.join(', ')}]`;
  for (const id of a) {
    const x = live.store[id];
    const y = replayed.store[id];
    if (
      JSON.stringify(x.aggregates) !== JSON.stringify(y.aggregates) ||
      x.timestampMs !== y.timestampMs
    )
      return `store entry ${id} is ${JSON.stringify(x)} but its changelog replays to ${JSON.stringify(y)}`;
  }
  return null;
}
