import type { Command, CommitCommand, ConsumerCommand, SeekCommand } from './commands';
import {
  createGroup,
  handleGroupRequest,
  handleJoinDeadline,
  handleMemberSessionCheck,
} from './groupCoordinator';
import {
  closeMember,
  commitPositions,
  handleAutoCommitTick,
  handleGroupRejoin,
  handleGroupResponse,
  handleHeartbeatTick,
  rejoin,
  resolveOffset,
  resumeMember,
  startMembership,
  stopConsumer,
} from './groupMember';
import { OFFSETS_TOPIC } from './groupMessages';
import type { TraceEvent } from './events';
import { handleFetchAnswered, startConsumerFetch, startFollowerFetch } from './fetcher';
import {
  handleFetchArrived,
  handleFetchWaitExpired,
  handleProduceArrived,
  partitionOf,
} from './leader';
import {
  tpKey,
  type Broker,
  type ConsumerState,
  type Partition,
  type ReplicaLog,
  type Topic,
} from './model';
import {
  createProducer,
  handleDeliveryExpired,
  handleLingerExpired,
  handleProduceAnswered,
  handleProduceRetry,
  handleProduceTimedOut,
  handleRateTick,
  keyModeOf,
  produce,
  setRate,
} from './producer';
import {
  brokerById,
  handleControllerFailover,
  handleIsrCheck,
  handleLeaderRebalanceCheck,
  handleSessionExpired,
  killBroker,
  reportLostRecords,
  restartBroker,
  shutdownBroker,
  startControllerTasks,
} from './controller';
import { drawPlacement, placeReplicasRackUnaware } from './replication/placement';
import { nextInt } from './prng';
import {
  createEmptyWorld,
  emit,
  nextTaskTime,
  popTask,
  schedule,
  type ConsumerSetup,
  type ScheduledTask,
  type TopicSetup,
  type World,
  type WorldSetup,
} from './world';

/** Builds a world from its setup: brokers, topics placed on them, producers, consumers. */
export function createWorld(setup: WorldSetup): World {
  const world = createEmptyWorld(setup.seed, setup.config);
  const brokerIds = [...setup.brokers].sort((a, b) => a - b);
  world.brokers = brokerIds.map((id) => ({ id, alive: true, fenced: false, incarnation: 0 }));
  world.controllerId = brokerIds[0] ?? -1;
  startControllerTasks(world);
  for (const topic of setup.topics) addTopic(world, topic);
  for (const producer of setup.producers ?? []) {
    world.producers[producer.id] = createProducer(producer, world);
    world.producerOrder.push(producer.id);
  }
  emit(world, {
    type: 'clusterCreated',
    atMs: 0,
    seed: setup.seed,
    brokers: brokerIds,
    topics: world.topicOrder.slice(),
  });
  for (const consumer of setup.consumers ?? []) addConsumer(world, consumer);
  return world;
}

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

function newPartition(
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
    },
  };
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

function assignPlain(world: World, consumer: ConsumerState, p: Partition): void {
  consumer.assignment.push({ topic: p.topic, partition: p.partition });
  consumer.positions[tpKey(p.topic, p.partition)] = resolveOffset(p, consumer.from);
  startConsumerFetch(world, consumer, p.topic, p.partition);
}

/** __consumer_offsets, created when the first group appears (as Kafka does on first use). */
function ensureOffsetsTopic(world: World): void {
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
function addPartitions(world: World, topicName: string, count: number): void {
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

/** Schedules a command at a moment of virtual time (a scenario step, a user's action). */
export function scheduleCommand(world: World, atMs: number, command: Command): void {
  schedule(world, atMs, { kind: 'command', command });
}

/** Applies a command now. Invalid commands are rejected with an event, never thrown. */
export function applyCommand(world: World, command: Command): void {
  const problem = validateCommand(world, command);
  if (problem !== null) {
    emit(world, {
      type: 'commandRejected',
      atMs: world.nowMs,
      command: command.type,
      reason: problem,
    });
    return;
  }
  switch (command.type) {
    case 'produce':
      produce(world, command);
      return;
    case 'setProducerRate': {
      const producer = world.producers[command.producer];
      setRate(world, producer, command.rate, keyModeOf(command));
      emit(world, {
        type: 'producerRateChanged',
        atMs: world.nowMs,
        producer: producer.id,
        rate: command.rate,
      });
      return;
    }
    case 'configureProducer': {
      const producer = world.producers[command.producer];
      producer.partitioner = command.partitioner ?? producer.partitioner;
      producer.acks = command.acks ?? producer.acks;
      emit(world, {
        type: 'producerConfigured',
        atMs: world.nowMs,
        producer: producer.id,
        partitioner: producer.partitioner,
        acks: producer.acks,
      });
      return;
    }
    case 'seek':
      seek(world, command.consumer, command.topic, command.partition, command.offset);
      return;
    case 'narrate':
      emit(world, { type: 'narrated', atMs: world.nowMs, text: command.text });
      return;
    case 'killBroker':
      killBroker(world, brokerById(world, command.broker) as Broker);
      return;
    case 'shutdownBroker':
      shutdownBroker(world, brokerById(world, command.broker) as Broker);
      return;
    case 'restartBroker':
      restartBroker(world, brokerById(world, command.broker) as Broker);
      return;
    case 'addConsumer':
      addConsumer(world, command.consumer);
      return;
    case 'addPartitions':
      addPartitions(world, command.topic, command.count);
      return;
    default:
      applyConsumerCommand(world, command);
  }
}

function applyConsumerCommand(world: World, command: ConsumerCommand | CommitCommand): void {
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
      emit(world, { type: 'consumerPaused', atMs: world.nowMs, consumer: consumer.id });
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

/** After an election, a late acknowledgement may be for a record the election already dropped. */
function reportLostRecordsAfterAck(world: World): void {
  if (world.electionCount > 0) reportLostRecords(world);
}

function validateCommand(world: World, command: Command): string | null {
  switch (command.type) {
    case 'produce': {
      const producer = world.producers[command.producer];
      if (producer === undefined) return `no producer "${command.producer}"`;
      const topicName = command.topic ?? producer.topic;
      if (topicName === null)
        return `producer "${producer.id}" has no topic and the command names none`;
      const topic = world.topics[topicName];
      if (topic === undefined) return `no topic "${topicName}"`;
      if (
        command.partition !== undefined &&
        !(command.partition >= 0 && command.partition < topic.partitions.length)
      ) {
        return `topic "${topicName}" has no partition ${command.partition}`;
      }
      return null;
    }
    case 'setProducerRate': {
      const producer = world.producers[command.producer];
      if (producer === undefined) return `no producer "${command.producer}"`;
      if (producer.topic === null) return `producer "${producer.id}" has no topic to produce to`;
      return command.rate >= 0 ? null : 'rate must be at least 0';
    }
    case 'configureProducer':
      return world.producers[command.producer] === undefined
        ? `no producer "${command.producer}"`
        : null;
    case 'seek':
      return validateSeek(world, command);
    case 'narrate':
      return null;
    case 'killBroker':
    case 'shutdownBroker':
    case 'restartBroker': {
      const broker = brokerById(world, command.broker);
      if (broker === undefined) return `no broker ${command.broker}`;
      if (command.type === 'restartBroker')
        return broker.alive ? `broker ${broker.id} is already running` : null;
      return broker.alive ? null : `broker ${broker.id} is already down`;
    }
    case 'addConsumer':
      return validateNewConsumer(world, command.consumer);
    case 'addPartitions': {
      const topic = world.topics[command.topic];
      if (topic === undefined) return `no topic "${command.topic}"`;
      if (topic.internal) return `"${command.topic}" is an internal topic`;
      return Number.isInteger(command.count) && command.count > 0
        ? null
        : 'count must be a whole number above 0';
    }
    default:
      return validateConsumerCommand(world, command);
  }
}

function validateSeek(world: World, command: SeekCommand): string | null {
  const consumer = world.consumers[command.consumer];
  if (consumer === undefined) return `no consumer "${command.consumer}"`;
  const matches = consumer.assignment.filter(
    (tp) =>
      (command.topic === undefined || tp.topic === command.topic) &&
      (command.partition === undefined || tp.partition === command.partition),
  );
  if (matches.length > 0) return null;
  const what = `${command.topic ?? 'any topic'}${command.partition === undefined ? '' : ` partition ${command.partition}`}`;
  return `consumer "${consumer.id}" is not assigned ${what}`;
}

function validateNewConsumer(world: World, setup: ConsumerSetup): string | null {
  const existing = world.consumers[setup.id];
  if (existing !== undefined && existing.alive) return `consumer "${setup.id}" is already running`;
  for (const topic of setup.topics)
    if (world.topics[topic] === undefined) return `no topic "${topic}"`;
  if (setup.topics.length === 0) return 'a consumer needs at least one topic';
  return null;
}

function validateConsumerCommand(
  world: World,
  command: ConsumerCommand | CommitCommand,
): string | null {
  const consumer = world.consumers[command.consumer];
  if (consumer === undefined) return `no consumer "${command.consumer}"`;
  if (!consumer.alive) return `consumer "${consumer.id}" is not running`;
  if (command.type === 'commit' && consumer.group === null)
    return `consumer "${consumer.id}" has no group to commit to`;
  if (command.type === 'pauseConsumer' && consumer.paused)
    return `consumer "${consumer.id}" is already paused`;
  if (command.type === 'resumeConsumer' && !consumer.paused)
    return `consumer "${consumer.id}" is not paused`;
  return null;
}

function seek(
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

function dispatch(world: World, task: ScheduledTask): void {
  switch (task.kind) {
    case 'command':
      applyCommand(world, task.command);
      return;
    case 'lingerExpired':
      handleLingerExpired(
        world,
        world.producers[task.producer],
        task.topic,
        task.partition,
        task.batchId,
      );
      return;
    case 'rateTick':
      handleRateTick(world, world.producers[task.producer]);
      return;
    case 'produceArrived':
      handleProduceArrived(world, task.request);
      return;
    case 'produceAnswered':
      if (handleProduceAnswered(world, task.request, task.attempt, task.baseOffset, task.error)) {
        reportLostRecordsAfterAck(world);
      }
      return;
    case 'produceTimedOut':
      handleProduceTimedOut(world, task.request, task.attempt);
      return;
    case 'produceRetry':
      handleProduceRetry(world, task.request);
      return;
    case 'deliveryExpired':
      handleDeliveryExpired(world, task.request);
      return;
    case 'brokerSessionExpired':
      handleSessionExpired(world, task.broker, task.incarnation);
      return;
    case 'controllerFailover':
      handleControllerFailover(world, task.from);
      return;
    case 'isrCheck':
      handleIsrCheck(world);
      return;
    case 'leaderRebalanceCheck':
      handleLeaderRebalanceCheck(world);
      return;
    case 'groupRequestArrived':
      handleGroupRequest(world, task.request, task.broker);
      return;
    case 'groupResponseArrived':
      handleGroupResponse(world, task.response);
      return;
    case 'heartbeatTick':
      handleHeartbeatTick(world, task.consumer, task.token);
      return;
    case 'autoCommitTick':
      handleAutoCommitTick(world, task.consumer, task.token);
      return;
    case 'groupRejoin':
      handleGroupRejoin(world, task.consumer, task.token);
      return;
    case 'groupJoinDeadline':
      handleJoinDeadline(world, task.group, task.token, task.final);
      return;
    case 'memberSessionCheck':
      handleMemberSessionCheck(world, task.group, task.member, task.heartbeats);
      return;
    case 'fetchArrived': {
      const fetch = world.fetches.get(task.fetchId);
      if (fetch !== undefined) handleFetchArrived(world, fetch);
      return;
    }
    case 'fetchWaitExpired':
      handleFetchWaitExpired(world, task.fetchId);
      return;
    case 'fetchAnswered':
      handleFetchAnswered(
        world,
        task.fetchId,
        task.records,
        task.highWatermark,
        task.flightId,
        task.error,
      );
      return;
  }
}

/**
 * Runs the next scheduled task. Returns the events it emitted (often none: a fetch that
 * found nothing changes nothing), or null when nothing is scheduled.
 */
export function step(world: World): TraceEvent[] | null {
  const task = popTask(world);
  if (task === undefined) return null;
  world.emitted = [];
  dispatch(world, task);
  return world.emitted;
}

/**
 * Runs every task scheduled at or before `untilMs`, then sets the clock to `untilMs`.
 * `onEvents` sees each step's events (the CLI's trace writer, the UI's event log).
 */
export function runUntil(
  world: World,
  untilMs: number,
  onEvents?: (events: TraceEvent[]) => void,
): void {
  for (;;) {
    const next = nextTaskTime(world);
    if (next === undefined || next > untilMs) break;
    const events = step(world);
    if (onEvents !== undefined && events !== null && events.length > 0) onEvents(events);
  }
  world.nowMs = Math.max(world.nowMs, untilMs);
}

/** Events emitted outside a step (world creation): taken once, so they are reported exactly once. */
export function takeEmitted(world: World): TraceEvent[] {
  const events = world.emitted;
  world.emitted = [];
  return events;
}
