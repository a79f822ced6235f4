/** Topics and partitions: creation, Kafka's replica placement, and CreatePartitions. */
import { rejoin } from './groupMember';
import { OFFSETS_TOPIC } from './groupMessages';
import { startFollowerFetch } from './fetcher';
import type { Partition, ReplicaLog, Topic } from './model';
import { drawPlacement, placeReplicasRackUnaware } from './replication/placement';
import { nextInt } from './prng';
import { emit, type TopicSetup, type World } from './world';
import { assignPlain } from './consumers';

function emptyLog(brokerId: number): ReplicaLog {
  return {
    brokerId,
    records: [],
    logStartOffset: 0,
    highWatermark: 0,
    epochs: [],
    lastSequences: {},
  };
}

/** Replicas per partition: explicit, or Kafka's rack-unaware placement (seeded unless fixed). */
function replicaAssignmentFor(world: World, setup: TopicSetup): number[][] {
  if (setup.replicaAssignment !== undefined) return setup.replicaAssignment.map((r) => [...r]);
  const brokerIds = world.brokers.map((b) => b.id);
  const placement =
    setup.placement ?? drawPlacement(brokerIds.length, (bound) => nextInt(world.rng, bound));
  return placeReplicasRackUnaware(
    brokerIds,
    setup.partitions,
    setup.replicationFactor ?? 1,
    placement.startIndex,
    placement.shift,
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
    },
    internal: setup.name.startsWith('__'),
  };
  world.topics[setup.name] = topic;
  world.topicOrder.push(setup.name);
  for (const p of topic.partitions)
    for (const follower of p.replicas) startFollowerFetch(world, p, follower);
  return topic;
}

export function newPartition(
  world: World,
  topic: string,
  partition: number,
  replicas: number[],
): Partition {
  const logs: Record<number, ReplicaLog> = {};
  const followers: Partition['followers'] = {};
  for (const id of replicas) {
    logs[id] = emptyLog(id);
    followers[id] = {
      logEndOffset: 0,
      lastCaughtUpTimeMs: world.nowMs,
      lastFetchLeaderLogEndOffset: 0,
      lastFetchTimeMs: world.nowMs,
    };
  }
  return {
    topic,
    partition,
    replicas,
    leader: replicas[0],
    leaderEpoch: 0,
    isr: [...replicas],
    highWatermark: 0,
    logs,
    followers,
    pendingAcks: [],
    parkedFetches: [],
    followerFetches: {},
  };
}

/** __consumer_offsets, created when the first group appears (as Kafka does on first use). */
export function ensureOffsetsTopic(world: World): void {
  if (world.topics[OFFSETS_TOPIC] !== undefined) return;
  addTopic(world, {
    name: OFFSETS_TOPIC,
    partitions: world.config.groups.offsetsTopicPartitions,
    replicationFactor: Math.min(
      world.config.groups.offsetsTopicReplicationFactor,
      world.brokers.length,
    ),
  });
}

/** CreatePartitions: new partitions placed like Kafka's (numbering continues), then subscribers react. */
export function addPartitions(world: World, topicName: string, count: number): void {
  const topic = world.topics[topicName];
  const from = topic.partitions.length;
  const replicationFactor = topic.partitions[0].replicas.length;
  const brokerIds = world.brokers.map((b) => b.id);
  const placement = drawPlacement(brokerIds.length, (bound) => nextInt(world.rng, bound));
  const assignment = placeReplicasRackUnaware(
    brokerIds,
    count,
    replicationFactor,
    placement.startIndex,
    placement.shift,
    from,
  );
  for (const replicas of assignment) {
    const p = newPartition(world, topicName, topic.partitions.length, replicas);
    topic.partitions.push(p);
    for (const follower of p.replicas) startFollowerFetch(world, p, follower);
  }
  emit(world, {
    type: 'partitionsAdded',
    atMs: world.nowMs,
    topic: topicName,
    from,
    to: topic.partitions.length,
  });
  for (const id of world.consumerOrder) {
    const consumer = world.consumers[id];
    if (!consumer.alive || !consumer.topics.includes(topicName)) continue;
    // kafkascope's group-less consumers read the whole topic, so they take the new partitions too.
    if (consumer.group === null)
      for (const p of topic.partitions.slice(from)) assignPlain(world, consumer, p);
  }
  // The group leader sees the subscribed topic's metadata change and rejoins (metadata is instant here).
  for (const id of world.groupOrder) {
    const group = world.groups[id];
    const leader = group.leader === null ? undefined : world.consumers[group.leader];
    if (leader !== undefined && leader.topics.includes(topicName))
      rejoin(world, leader, `partitions added to ${topicName}`);
  }
}
