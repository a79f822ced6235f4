import { dict } from './names';
import {
  logEndOffset,
  tpKey,
  type ConsumerState,
  type LogRecord,
  type Partition,
  type ReplicaLog,
} from './model';
import { isBrokerAlive, partitionOf } from './cluster';
import type { MetadataChange } from './metadataChanges';
import { processFetched } from './processor';
import { OFFSET_OUT_OF_RANGE, type FetchRequest } from './protocol';
import { truncationOffset } from './replication/highWatermark';
import { emit, networkDelayMs, nextId, schedule, type World } from './world';

/**
 * The fetching side of Kafka: followers replicating from their leader and consumers reading
 * below the high watermark. Each (follower, partition) and (consumer, partition) runs a loop:
 * send a fetch, wait for the answer, apply it, fetch again. The leader long-polls an empty
 * fetch (replica.fetch.wait.max.ms / fetch.max.wait.ms), so an idle loop costs two events
 * per wait, and a busy one one round trip per batch: cost per record stays flat.
 */

/** Sends a fetch for `fetchOffset` to the partition's current leader. */
function sendFetch(
  world: World,
  p: Partition,
  fetchOffset: number,
  who: { follower: number | null; consumer: string | null },
): FetchRequest {
  const fetch: FetchRequest = {
    id: nextId(world),
    topic: p.topic,
    partition: p.partition,
    leader: p.leader,
    fetchOffset,
    follower: who.follower,
    consumer: who.consumer,
    parked: false,
  };
  world.fetches.set(fetch.id, fetch);
  schedule(world, world.nowMs + networkDelayMs(world), { kind: 'fetchArrived', fetchId: fetch.id });
  return fetch;
}

/** Starts (or restarts) a follower's fetch loop for one partition; an older loop's answers are then ignored. */
export function startFollowerFetch(world: World, p: Partition, follower: number): void {
  if (p.leader === -1 || p.leader === follower || !isBrokerAlive(world, follower)) return;
  p.followerFetches[follower] = sendFetch(world, p, logEndOffset(p.logs[follower]), {
    follower,
    consumer: null,
  }).id;
}

/**
 * A replica follows a (new) leader: it truncates its log to where its history diverges from
 * the leader's, by leader epoch (KIP-101/279), then fetches from there.
 */
export function becomeFollower(world: World, p: Partition, follower: number): void {
  if (p.leader === -1 || follower === p.leader || !isBrokerAlive(world, follower)) return;
  const log = p.logs[follower];
  const leaderLog = p.logs[p.leader];
  const end = logEndOffset(log);
  const target = truncationOffset(log.epochs, end, leaderLog.epochs, logEndOffset(leaderLog));
  if (target < end) truncateLog(world, p, log, target);
  startFollowerFetch(world, p, follower);
}

/** Followers learn of a new leader (a metadata change): each truncates to it and fetches from it. */
export function followersOnMetadataChange(world: World, change: MetadataChange): void {
  if (change.type !== 'leaderChanged') return;
  const p = change.partition;
  if (p.leader === -1) return;
  for (const id of p.replicas) if (id !== p.leader) becomeFollower(world, p, id);
}

/** Copy on truncate: snapshots holding the old array stay true to their moment. */
function truncateLog(world: World, p: Partition, log: ReplicaLog, toOffset: number): void {
  const fromOffset = logEndOffset(log);
  log.records = log.records.slice(0, Math.max(0, toOffset - log.logStartOffset));
  log.epochs = log.epochs.filter((e) => e.startOffset < toOffset);
  log.highWatermark = Math.min(log.highWatermark, toOffset);
  log.lastSequences = dict();
  for (const record of log.records) log.lastSequences[record.producer] = record.sequence;
  emit(world, {
    type: 'logTruncated',
    atMs: world.nowMs,
    topic: p.topic,
    partition: p.partition,
    broker: log.brokerId,
    fromOffset,
    toOffset,
  });
}

/**
 * Consumers learn a new leader at once (kafkascope propagates metadata to them instantly; a
 * simplification: producers keep and refresh their own metadata, see clientMetadata.ts):
 * they refetch from it. A position beyond the new leader's log end means the log was truncated
 * under the consumer (an unclean election): like a KIP-320 consumer it detects that and
 * resets its position to the new log end.
 */
export function restartConsumerFetches(world: World, p: Partition): void {
  const key = tpKey(p.topic, p.partition);
  const end = logEndOffset(p.logs[p.leader]);
  for (const id of world.consumerOrder) {
    const consumer = world.consumers[id];
    const position = consumer.positions[key];
    if (position !== undefined && position > end) {
      consumer.positions[key] = end;
      emit(world, {
        type: 'consumerPositionReset',
        atMs: world.nowMs,
        consumer: id,
        topic: p.topic,
        partition: p.partition,
        from: position,
        to: end,
        reason: 'log truncated',
      });
    }
    if (consumer.fetching[key] === undefined) continue;
    world.fetches.delete(consumer.fetching[key]);
    delete consumer.fetching[key];
    startConsumerFetch(world, consumer, p.topic, p.partition);
  }
}

/** Starts a consumer's fetch for one assigned partition unless one is already out. */
export function startConsumerFetch(
  world: World,
  consumer: ConsumerState,
  topic: string,
  partition: number,
): void {
  const key = tpKey(topic, partition);
  if (!consumer.alive || consumer.stalled || consumer.fetching[key] !== undefined) return;
  if (consumer.pausedPartitions.includes(key)) return;
  const p = partitionOf(world, topic, partition);
  if (p.leader === -1) return;
  const position = consumer.positions[key];
  if (position === undefined) return;
  consumer.fetching[key] = sendFetch(world, p, position, {
    follower: null,
    consumer: consumer.id,
  }).id;
}

/** A fetch answer arrived at the follower or consumer that asked. */
export function handleFetchAnswered(
  world: World,
  fetchId: number,
  records: readonly LogRecord[],
  highWatermark: number,
  flightId: number,
  error: string | null,
): void {
  if (flightId !== 0) world.flights.delete(flightId);
  const fetch = world.fetches.get(fetchId);
  if (fetch === undefined) return;
  world.fetches.delete(fetchId);
  const p = partitionOf(world, fetch.topic, fetch.partition);
  if (fetch.follower !== null) applyFollowerFetch(world, p, fetch, records, highWatermark);
  else if (fetch.consumer !== null) applyConsumerFetch(world, p, fetch, records, error);
}

function applyFollowerFetch(
  world: World,
  p: Partition,
  fetch: FetchRequest,
  records: readonly LogRecord[],
  highWatermark: number,
): void {
  const follower = fetch.follower as number;
  if (!isBrokerAlive(world, follower) || p.followerFetches[follower] !== fetch.id) return;
  const log = p.logs[follower];
  // Stale answer (leader changed, or the log was truncated meanwhile): drop it and refetch.
  if (fetch.leader === p.leader && fetch.fetchOffset === logEndOffset(log) && records.length > 0) {
    for (const record of records) {
      const lastEpoch = log.epochs[log.epochs.length - 1];
      if (lastEpoch === undefined || lastEpoch.epoch < record.leaderEpoch) {
        log.epochs.push({ epoch: record.leaderEpoch, startOffset: record.offset });
      }
      log.records.push(record);
      log.lastSequences[record.producer] = record.sequence;
    }
    emit(world, {
      type: 'replicaFetched',
      atMs: world.nowMs,
      topic: p.topic,
      partition: p.partition,
      broker: follower,
      fromOffset: fetch.fetchOffset,
      count: records.length,
    });
  }
  if (highWatermark >= 0) log.highWatermark = Math.min(highWatermark, logEndOffset(log));
  startFollowerFetch(world, p, follower);
}

function applyConsumerFetch(
  world: World,
  p: Partition,
  fetch: FetchRequest,
  records: readonly LogRecord[],
  error: string | null,
): void {
  const consumer = world.consumers[fetch.consumer as string];
  if (consumer === undefined) return;
  const key = tpKey(p.topic, p.partition);
  if (consumer.fetching[key] === fetch.id) delete consumer.fetching[key];
  // A seek or reassignment since the fetch left makes its records stale.
  if (consumer.positions[key] !== fetch.fetchOffset) {
    startConsumerFetch(world, consumer, p.topic, p.partition);
    return;
  }
  // Records that reach a consumer not polling, or a paused partition, are not returned by
  // poll(); Kafka keeps them buffered, here they are fetched again from the same position
  // on resume, which returns the same records.
  if (consumer.stalled || consumer.pausedPartitions.includes(key)) return;
  consumer.membership.lastPollMs = world.nowMs;
  if (error === OFFSET_OUT_OF_RANGE) {
    resetOutOfRange(world, consumer, p);
    return;
  }
  if (records.length > 0) {
    consumer.positions[key] = fetch.fetchOffset + records.length;
    consumer.consumed += records.length;
    emit(world, {
      type: 'consumerFetched',
      atMs: world.nowMs,
      consumer: consumer.id,
      topic: p.topic,
      partition: p.partition,
      fromOffset: fetch.fetchOffset,
      count: records.length,
    });
    processFetched(world, consumer, { topic: p.topic, partition: p.partition, records });
  }
  if (isAssigned(consumer, p.topic, p.partition))
    startConsumerFetch(world, consumer, p.topic, p.partition);
}

/** OFFSET_OUT_OF_RANGE: the position is reset by auto.offset.reset (earliest, else latest). */
function resetOutOfRange(world: World, consumer: ConsumerState, p: Partition): void {
  const key = tpKey(p.topic, p.partition);
  const from = consumer.positions[key];
  const log = p.logs[p.leader];
  const to = consumer.from === 'earliest' ? log.logStartOffset : p.highWatermark;
  consumer.positions[key] = to;
  emit(world, {
    type: 'consumerPositionReset',
    atMs: world.nowMs,
    consumer: consumer.id,
    topic: p.topic,
    partition: p.partition,
    from,
    to,
    reason: 'out of range',
  });
  if (isAssigned(consumer, p.topic, p.partition))
    startConsumerFetch(world, consumer, p.topic, p.partition);
}

function isAssigned(consumer: ConsumerState, topic: string, partition: number): boolean {
  for (const tp of consumer.assignment)
    if (tp.topic === topic && tp.partition === partition) return true;
  return false;
}
