/** Consumers as the cluster sees them arrive and act: group members or plain readers, seek, close, crash, pause, stall. */
import { partitionOf } from './cluster';
import type { CommitCommand, ConsumerCommand } from './commands';
import { createGroup } from './groupCoordinator';
import {
  closeMember,
  commitPositions,
  rejoin,
  resolveOffset,
  resumeMember,
  startMembership,
  stopConsumer,
} from './groupMember';
import { armMetadataMaxAge, createClientMetadata } from './clientMetadata';
import { consumerClient, startConsumerFetch } from './fetcher';
import { dict } from './names';
import type { MetadataChange } from './metadataChanges';
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
    },
    processor: createProcessor(setup.processor),
    metadata: createClientMetadata(world.config.consumer.metadataMaxAgeMs),
    fetchErrors: dict(),
    fetchBackoff: dict(),
  };
  armMetadataMaxAge(world, consumerClient(consumer), consumer.metadata.maxAgeMs);
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
 * Consumers learn a new leader from their own metadata (fetcher.ts: an error answer, a refresh),
 * not from the controller. Partitions added to a topic they read are taken up at once (a
 * simplification: Kafka's consumers see them on their next metadata refresh).
 */
export function consumersOnMetadataChange(world: World, change: MetadataChange): void {
  if (change.type === 'partitionsAdded') takeAddedPartitions(world, change.topic, change.from);
}

function takeAddedPartitions(world: World, topicName: string, from: number): void {
  const added = world.topics[topicName].partitions.slice(from);
  for (const id of world.consumerOrder) {
    const consumer = world.consumers[id];
    if (!consumer.alive || !consumer.topics.includes(topicName)) continue;
    // kafkascope's group-less consumers read the whole topic, so they take the new partitions too.
    if (consumer.group === null) for (const p of added) assignPlain(world, consumer, p);
  }
  // The group leader sees the subscribed topic's metadata change and rejoins.
  for (const id of world.groupOrder) {
    const group = world.groups[id];
    const leader = group.leader === null ? undefined : world.consumers[group.leader];
    if (leader !== undefined && leader.topics.includes(topicName))
      rejoin(world, leader, `partitions added to ${topicName}`);
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
