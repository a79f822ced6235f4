/** Topics and partitions: creation and Kafka's replica placement (CreatePartitions is the controller's). */
import { dict } from './names';
import { OFFSETS_TOPIC, processRuns } from './cluster';
import { startFollowerFetch } from './fetcher';
import { newSegment } from './logSegments';
import { DEFAULT_TOPIC_LOG_CONFIG, type Partition, type ReplicaLog, type Topic } from './model';
import {
  drawPlacement,
  placeReplicasAvoidingFenced,
  placementRefusal,
  type PlacementDraw,
  type UsableBroker,
} from './replication/placement';
import { nextInt } from './prng';
import type { TopicSetup } from './setup';
import { scheduleRetentionCheck } from './retention';
import type { World } from './world';

function emptyLog(brokerId: number, nowMs: number): ReplicaLog {
  return {
    brokerId,
    records: [],
    logStartOffset: 0,
    endOffset: 0,
    segments: [newSegment(0, nowMs)],
    highWatermark: 0,
    epochs: [],
    lastSequences: dict(),
  };
}

/** Replicas per partition: explicit, or Kafka's rack-unaware placement (seeded unless fixed). */
function replicaAssignmentFor(world: World, setup: TopicSetup): number[][] {
  if (setup.replicaAssignment !== undefined) return setup.replicaAssignment.map((r) => [...r]);
  return placeNewReplicas(
    world,
    setup.partitions,
    setup.replicationFactor ?? 1,
    0,
    setup.placement,
  );
}

/** Every registered broker, as the controller's placer sees it (a dead broker stays registered). */
function usableBrokers(world: World): UsableBroker[] {
  return world.brokers.map((b) => ({ id: b.id, fenced: b.fenced }));
}

/** Why creating partitions of this replication factor fails now, or null if it can be done. */
export function partitionCreationRefusal(world: World, replicationFactor: number): string | null {
  // The admin client (or FindCoordinator) needs a running broker to carry the request, and
  // kafkascope's controller runs on one; with none, Kafka's client times out.
  if (!world.brokers.some(processRuns))
    return 'no broker is running: the request times out (TimeoutException)';
  if (world.controllerId === -1)
    return 'no active controller (the controller quorum is electing one or has lost its majority): the request times out';
  return placementRefusal(usableBrokers(world), replicationFactor);
}

/** Replicas for new partitions: never led by a fenced broker (see `placeReplicasAvoidingFenced`). */
export function placeNewReplicas(
  world: World,
  partitions: number,
  replicationFactor: number,
  firstPartitionId: number,
  fixed?: PlacementDraw,
): number[][] {
  return placeReplicasAvoidingFenced(
    usableBrokers(world),
    partitions,
    replicationFactor,
    (count) => fixed ?? drawPlacement(count, (bound) => nextInt(world.rng.placement, bound)),
    firstPartitionId,
  );
}

export function addTopic(world: World, setup: TopicSetup): Topic {
  const assignment = replicaAssignmentFor(world, setup);
  const topic: Topic = {
    name: setup.name,
    partitions: assignment.map((replicas, partition) =>
      newPartition(world, setup.name, partition, replicas),
    ),
    config: {
      minInsyncReplicas: setup.minInsyncReplicas ?? 1,
      uncleanLeaderElection: setup.uncleanLeaderElection ?? false,
      retentionMs: setup.retentionMs ?? DEFAULT_TOPIC_LOG_CONFIG.retentionMs,
      retentionBytes: setup.retentionBytes ?? DEFAULT_TOPIC_LOG_CONFIG.retentionBytes,
      segmentMs: setup.segmentMs ?? DEFAULT_TOPIC_LOG_CONFIG.segmentMs,
      segmentBytes: setup.segmentBytes ?? DEFAULT_TOPIC_LOG_CONFIG.segmentBytes,
      cleanupPolicy: setup.cleanupPolicy ?? DEFAULT_TOPIC_LOG_CONFIG.cleanupPolicy,
      deleteRetentionMs: setup.deleteRetentionMs ?? DEFAULT_TOPIC_LOG_CONFIG.deleteRetentionMs,
      minCompactionLagMs: setup.minCompactionLagMs ?? DEFAULT_TOPIC_LOG_CONFIG.minCompactionLagMs,
      maxCompactionLagMs: setup.maxCompactionLagMs ?? DEFAULT_TOPIC_LOG_CONFIG.maxCompactionLagMs,
      minCleanableDirtyRatio:
        setup.minCleanableDirtyRatio ?? DEFAULT_TOPIC_LOG_CONFIG.minCleanableDirtyRatio,
    },
    internal: setup.name.startsWith('__'),
  };
  world.topics[setup.name] = topic;
  world.topicOrder.push(setup.name);
  for (const p of topic.partitions)
    for (const follower of p.replicas) startFollowerFetch(world, p, follower);
  scheduleRetentionCheck(world);
  return topic;
}

/**
 * A new partition as KRaft registers it: the ISR is its replicas that are unfenced, and the
 * first of them leads (`ReplicationControlManager.createPartitions`, `buildPartitionRegistration`:
 * `setIsr(isr).setLeader(isr.get(0))`). A fenced replica joins the ISR once it returns and
 * catches up. The placement puts an unfenced broker first, so the ISR is never empty.
 */
export function newPartition(
  world: World,
  topic: string,
  partition: number,
  replicas: number[],
): Partition {
  const logs: Record<number, ReplicaLog> = {};
  const followers: Partition['followers'] = {};
  for (const id of replicas) {
    logs[id] = emptyLog(id, world.nowMs);
    followers[id] = {
      logEndOffset: 0,
      lastCaughtUpTimeMs: world.nowMs,
      lastFetchLeaderLogEndOffset: 0,
      lastFetchTimeMs: world.nowMs,
    };
  }
  const isr = replicas.filter((id) => world.brokers.some((b) => b.id === id && !b.fenced));
  return {
    topic,
    partition,
    replicas,
    leader: isr[0],
    leaderEpoch: 0,
    isr,
    highWatermark: 0,
    logs,
    followers,
    pendingAcks: [],
    parkedFetches: [],
    followerFetches: {},
  };
}

/**
 * __consumer_offsets, created when the first group appears (as Kafka does on first use). While
 * every broker is fenced (or none runs) it cannot be created: FindCoordinator answers
 * COORDINATOR_NOT_AVAILABLE, members keep retrying, and the topic is created once a broker is
 * back in service (see `restartBroker`).
 */
export function ensureOffsetsTopic(world: World): void {
  if (world.topics[OFFSETS_TOPIC] !== undefined) return;
  const replicationFactor = Math.min(
    world.config.groups.offsetsTopicReplicationFactor,
    world.brokers.length,
  );
  if (partitionCreationRefusal(world, replicationFactor) !== null) return;
  addTopic(world, {
    name: OFFSETS_TOPIC,
    partitions: world.config.groups.offsetsTopicPartitions,
    replicationFactor,
    // Kafka's own for __consumer_offsets: offsets.topic.segment.bytes 100 MiB, compacted.
    segmentBytes: 104857600,
    cleanupPolicy: 'compact',
  });
}
