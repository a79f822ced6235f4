/** Consumers as the cluster sees them arrive and act: group members or plain readers, seek, close, crash, pause, stall. */
import { partitionOf } from './cluster';
import type { CommitCommand, ConsumerCommand } from './commands';
import { createGroup } from './groupCoordinator';
import {
  closeMember,
  commitPositions,
  rejoinIfMetadataChanged,
  resolveOffset,
  resumeMember,
  startMembership,
  stopConsumer,
} from './groupMember';
import { armMetadataMaxAge, createClientMetadata, knownPartitionCount } from './clientMetadata';
import { consumerClient, consumerMetadataRefreshed, startConsumerFetch } from './fetcher';
import { dict } from './names';
import { tpKey, type ConsumerState, type Partition } from './model';
import { createProcessor } from './processor';
import type { ConsumerSetup } from './setup';
import { emit, type World } from './world';
import { ensureOffsetsTopic } from './topics';

/**
 * A consumer joins: in a group it subscribes and takes part in the group protocol; without
 * one it reads every partition of its topics, each from its own position.
 */
export function addConsumer(world: World, setup: ConsumerSetup): ConsumerState {
  const defaults = world.config.consumer;
  const consumer: ConsumerState = {
    id: setup.id,
    group: setup.group ?? null,
    topics: [...setup.topics],
    // auto.offset.reset: Kafka's default is latest, for plain consumers and group members alike.
    from: setup.from ?? 'latest',
    assignment: [],
    positions: {},
    fetching: {},
    maxPollRecords: setup.maxPollRecords ?? defaults.maxPollRecords,
    consumed: 0,
    alive: true,
    paused: false,
    pausedPartitions: [],
    stalled: false,
    membership: {
      instanceId: setup.instanceId ?? null,
      // Kafka's default partition.assignment.strategy since 3.0.
      assignors: [...(setup.assignors ?? ['range', 'cooperative-sticky'])],
      sessionTimeoutMs: setup.sessionTimeoutMs ?? defaults.sessionTimeoutMs,
      heartbeatIntervalMs: setup.heartbeatIntervalMs ?? defaults.heartbeatIntervalMs,
      maxPollIntervalMs: setup.maxPollIntervalMs ?? defaults.maxPollIntervalMs,
      autoCommit: setup.autoCommit ?? true,
      autoCommitIntervalMs: setup.autoCommitIntervalMs ?? defaults.autoCommitIntervalMs,
      phase: 'idle',
      generation: -1,
      lastPollMs: world.nowMs,
      loopToken: 0,
      pollTimedOut: false,
      wireFreeAtMs: { toCoordinator: 0, toConsumer: 0 },
      lastAssignment: [],
      lastAssignmentGeneration: -1,
      assignmentSnapshot: null,
    },
    processor: createProcessor(setup.processor),
    metadata: createClientMetadata(world.config.consumer.metadataMaxAgeMs),
    fetchErrors: dict(),
    fetchBackoff: dict(),
  };
  // Its first poll reads its topics' metadata (subscribe() or assign() asks for them): the
  // partitions it will know of until its next refresh.
  for (const topic of consumer.topics)
    if (Object.hasOwn(world.topics, topic)) knownPartitionCount(world, consumer.metadata, topic);
  consumer.metadata.maxAgeTaskSeq = armMetadataMaxAge(
    world,
    consumerClient(consumer),
    consumer.metadata.maxAgeMs,
  );
  if (world.consumers[setup.id] === undefined) world.consumerOrder.push(setup.id);
  world.consumers[setup.id] = consumer;
  emit(world, {
    type: 'consumerAdded',
    atMs: world.nowMs,
    consumer: consumer.id,
    group: consumer.group,
  });
  if (consumer.group !== null) {
    ensureOffsetsTopic(world);
    if (world.groups[consumer.group] === undefined) createGroup(world, consumer.group);
    startMembership(world, consumer);
    return consumer;
  }
  for (const topic of consumer.topics) {
    for (const p of world.topics[topic].partitions) assignPlain(world, consumer, p);
  }
  return consumer;
}

export function assignPlain(world: World, consumer: ConsumerState, p: Partition): void {
  consumer.assignment.push({ topic: p.topic, partition: p.partition });
  consumer.positions[tpKey(p.topic, p.partition)] = resolveOffset(p, consumer.from);
  startConsumerFetch(world, consumer, p.topic, p.partition);
}

/**
 * A consumer's metadata refresh was answered. Consumers learn everything about the cluster
 * this way (and from fetch errors, fetcher.ts), never from the controller at once: a new
 * leader, and partitions added to a topic they read. A group's leader whose refresh lists
 * more partitions than it assigned rejoins (Kafka's "cached metadata has changed"); a
 * group-less consumer, which here reads its whole topics, takes the new partitions.
 */
export function consumerMetadataUpdated(world: World, consumer: ConsumerState): void {
  if (!consumer.alive) return;
  if (consumer.group === null) takeKnownPartitions(world, consumer);
  else rejoinIfMetadataChanged(world, consumer);
  consumerMetadataRefreshed(world, consumer);
}

/** A group-less consumer reads every partition its metadata lists for its topics. */
function takeKnownPartitions(world: World, consumer: ConsumerState): void {
  for (const topic of consumer.topics) {
    const count = knownPartitionCount(world, consumer.metadata, topic);
    const taken = new Set<number>();
    for (const tp of consumer.assignment) if (tp.topic === topic) taken.add(tp.partition);
    for (let i = 0; i < count; i++)
      if (!taken.has(i)) assignPlain(world, consumer, world.topics[topic].partitions[i]);
  }
}

export function applyConsumerCommand(world: World, command: ConsumerCommand | CommitCommand): void {
  const consumer = world.consumers[command.consumer];
  switch (command.type) {
    case 'removeConsumer':
      closeMember(world, consumer);
      emit(world, { type: 'consumerClosed', atMs: world.nowMs, consumer: consumer.id });
      return;
    case 'crashConsumer':
      stopConsumer(consumer, world);
      emit(world, { type: 'consumerCrashed', atMs: world.nowMs, consumer: consumer.id });
      return;
    case 'pauseConsumer':
      consumer.paused = true;
      consumer.pausedPartitions = consumer.assignment.map((tp) => tpKey(tp.topic, tp.partition));
      emit(world, {
        type: 'consumerPaused',
        atMs: world.nowMs,
        consumer: consumer.id,
        partitions: consumer.assignment.map((tp) => `${tp.topic}-${tp.partition}`),
      });
      return;
    case 'stallConsumer':
      consumer.stalled = true;
      emit(world, { type: 'consumerStalled', atMs: world.nowMs, consumer: consumer.id });
      return;
    case 'resumeConsumer':
      emit(world, { type: 'consumerResumed', atMs: world.nowMs, consumer: consumer.id });
      resumeMember(world, consumer);
      return;
    case 'commit':
      commitPositions(world, consumer);
      return;
  }
}

export function seek(
  world: World,
  consumerId: string,
  topic: string | undefined,
  partition: number | undefined,
  offset: ConsumerState['from'],
): void {
  const consumer = world.consumers[consumerId];
  for (const tp of consumer.assignment) {
    if (
      (topic !== undefined && tp.topic !== topic) ||
      (partition !== undefined && tp.partition !== partition)
    )
      continue;
    const key = tpKey(tp.topic, tp.partition);
    const position = resolveOffset(partitionOf(world, tp.topic, tp.partition), offset);
    consumer.positions[key] = position;
    emit(world, {
      type: 'consumerSeeked',
      atMs: world.nowMs,
      consumer: consumer.id,
      topic: tp.topic,
      partition: tp.partition,
      offset: position,
    });
    startConsumerFetch(world, consumer, tp.topic, tp.partition);
  }
}
