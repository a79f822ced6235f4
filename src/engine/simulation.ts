import type { Command } from './commands';
import type { TraceEvent } from './events';
import { handleFetchAnswered, startConsumerFetch, startFollowerFetch } from './fetcher';
import {
  handleFetchArrived,
  handleFetchWaitExpired,
  handleProduceArrived,
  partitionOf,
} from './leader';
import {
  logEndOffset,
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

/** A consumer that assigns itself every partition of its topics (no group yet). */
export function addConsumer(world: World, setup: ConsumerSetup): ConsumerState {
  const consumer: ConsumerState = {
    id: setup.id,
    group: null,
    topics: [...setup.topics],
    from: setup.from ?? 'earliest',
    assignment: [],
    positions: {},
    fetching: {},
    maxPollRecords: setup.maxPollRecords ?? world.config.consumer.maxPollRecords,
    consumed: 0,
    alive: true,
    paused: false,
  };
  world.consumers[setup.id] = consumer;
  world.consumerOrder.push(setup.id);
  for (const topic of consumer.topics) {
    for (const p of world.topics[topic].partitions) {
      consumer.assignment.push({ topic, partition: p.partition });
      consumer.positions[tpKey(topic, p.partition)] = resolveOffset(p, consumer.from);
      startConsumerFetch(world, consumer, topic, p.partition);
    }
  }
  return consumer;
}

/** earliest = log start, latest = high watermark, a number = that offset within the log. */
function resolveOffset(p: Partition, spec: ConsumerState['from']): number {
  const log = p.logs[p.leader] ?? p.logs[p.replicas[0]];
  if (spec === 'earliest') return log.logStartOffset;
  if (spec === 'latest') return p.highWatermark;
  return Math.max(log.logStartOffset, Math.min(spec, logEndOffset(log)));
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
      return world.consumers[command.consumer] === undefined
        ? `no consumer "${command.consumer}"`
        : null;
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
  }
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
    case 'fetchArrived': {
      const fetch = world.fetches.get(task.fetchId);
      if (fetch !== undefined) handleFetchArrived(world, fetch);
      return;
    }
    case 'fetchWaitExpired':
      handleFetchWaitExpired(world, task.fetchId);
      return;
    case 'fetchAnswered':
      handleFetchAnswered(world, task.fetchId, task.records, task.highWatermark, task.flightId);
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
