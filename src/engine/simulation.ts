import { handleCleanerPass } from './compaction';
import { specOf, type Command } from './commands';
import {
  handleGroupRequest,
  handleJoinDeadline,
  handleMemberSessionCheck,
} from './groupCoordinator';
import {
  handleAutoCommitTick,
  handleGroupRejoin,
  handleGroupResponse,
  handleHeartbeatTick,
} from './groupMember';
import type { TraceEvent } from './events';
import { handleConsumerFetchRetry, handleFetchAnswered } from './fetcher';
import { handleFetchArrived, handleFetchWaitExpired, handleProduceArrived } from './leader';
import {
  createProducer,
  handleDeliveryExpired,
  handleLingerExpired,
  handleProduceAnswered,
  handleProduceRetry,
  handleProduceTimedOut,
  handleRateTick,
  recordShape,
  wakeSender,
} from './producer';
import {
  handleMetadataAnswered,
  handleMetadataArrived,
  handleMetadataMaxAge,
  type MetadataClientRef,
} from './clientMetadata';
import {
  handleBrokerMetadataCaughtUp,
  handleBrokerStartupHeartbeat,
  handleControllerFailover,
  handleIsrCheck,
  handleLeaderRebalanceCheck,
  handleSessionExpired,
  startControllerTasks,
} from './controller';
import { reportLostRecords } from './lost';
import { createControllerNodes, defaultQuorum, electedVoter } from './quorum';
import type { WorldSetup } from './setup';
import type { ScheduledTask } from './tasks';
import { handleRetentionCheck } from './retention';
import { createEmptyWorld, emit, nextTaskTime, popTask, type World } from './world';
import { addTopic } from './topics';
import { addConsumer, consumerMetadataUpdated } from './consumers';
import { addStreamsApp } from './streams/cluster/app';
import { handleStreamsRestoreDone } from './streams/cluster/rebalance';
import { handleStreamsCommitTick } from './streams/cluster/runtime';

/** Builds a world from its setup: brokers, topics placed on them, producers, consumers. */
export function createWorld(setup: WorldSetup): World {
  // Before any record: how V8 holds every record's fields (see `recordShape`).
  recordShape();
  const world = createEmptyWorld(setup.seed, setup.config);
  const brokerIds = [...setup.brokers].sort((a, b) => a - b);
  world.brokers = brokerIds.map((id) => ({ id, alive: true, fenced: false, incarnation: 0 }));
  const quorum = setup.controllers ?? defaultQuorum(brokerIds);
  world.controllerMode = quorum.mode;
  world.controllers = createControllerNodes(quorum);
  world.controllerId = electedVoter(world)?.id ?? -1;
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
  for (const app of setup.streams ?? []) addStreamsApp(world, app);
  return world;
}

/**
 * Applies a command now. Invalid commands are rejected with an event, never thrown. Commands
 * enter a run through the timed-command cursor (`timedCommands.ts`), never the task queue.
 */
export function applyCommand(world: World, command: Command): void {
  const spec = specOf(command);
  const problem = spec.validate(world, command);
  if (problem !== null) {
    emit(world, {
      type: 'commandRejected',
      atMs: world.nowMs,
      command: command.type,
      reason: problem,
    });
    return;
  }
  spec.apply(world, command);
}

/** After an election, a late acknowledgement may be for a record the election already dropped. */
function reportLostRecordsAfterAck(world: World): void {
  if (world.electionCount > 0) reportLostRecords(world);
}

function dispatch(world: World, task: ScheduledTask): void {
  switch (task.kind) {
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
      handleProduceTimedOut(world, task);
      return;
    case 'produceRetry':
      handleProduceRetry(world, task.request);
      return;
    case 'deliveryExpired':
      handleDeliveryExpired(world, task);
      return;
    case 'metadataArrived':
      handleMetadataArrived(world, task);
      return;
    case 'metadataAnswered':
      if (handleMetadataAnswered(world, task)) metadataRefreshed(world, task.client);
      return;
    case 'consumerFetchRetry':
      handleConsumerFetchRetry(world, task);
      return;
    case 'metadataMaxAge':
      handleMetadataMaxAge(world, task);
      return;
    case 'brokerSessionExpired':
      handleSessionExpired(world, task.broker, task.incarnation);
      return;
    case 'controllerFailover':
      handleControllerFailover(world, task.from);
      return;
    case 'brokerMetadataCaughtUp':
      handleBrokerMetadataCaughtUp(world, task.broker, task.incarnation);
      return;
    case 'brokerStartupHeartbeat':
      handleBrokerStartupHeartbeat(world, task.broker, task.incarnation);
      return;
    case 'isrCheck':
      handleIsrCheck(world);
      return;
    case 'leaderRebalanceCheck':
      handleLeaderRebalanceCheck(world);
      return;
    case 'retentionCheck':
      handleRetentionCheck(world);
      return;
    case 'cleanerPass':
      handleCleanerPass(world);
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
    case 'streamsCommitTick':
      handleStreamsCommitTick(world, task.consumer, task.token);
      return;
    case 'streamsRestoreDone':
      handleStreamsRestoreDone(world, task.app, task.query, task.task, task.epoch);
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
        task.recordCount,
        task.highWatermark,
        task.flightId,
        task.error,
        task.logStartOffset,
        task.nextOffset,
        // Most answers carry no hint: those take the shared one (no object per answer).
        task.leaderHint === -1 && task.epochHint === -1
          ? undefined
          : { leader: task.leaderHint, epoch: task.epochHint },
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

/** A client applied a metadata answer: a producer sends what waited for a leader, a consumer fetches. */
function metadataRefreshed(world: World, client: MetadataClientRef): void {
  if (client.kind === 'producer') wakeSender(world, world.producers[client.id]);
  else consumerMetadataUpdated(world, world.consumers[client.id]);
}
