import { knownPartitionCount } from './clientMetadata';
import { startConsumerFetch } from './fetcher';
import { assign } from './groups/assignors';
import type { AssignorName, MemberSubscription } from './groups/types';
import {
  ILLEGAL_GENERATION,
  INCONSISTENT_GROUP_PROTOCOL,
  UNKNOWN_MEMBER_ID,
  NOT_COORDINATOR,
  sendGroupRequest,
  type GroupResponse,
  type JoinResult,
  type SyncResult,
} from './groupMessages';
import {
  tpKey,
  type ConsumerState,
  type OffsetSpec,
  type Partition,
  type TopicPartitionRef,
} from './model';
import { dict } from './names';
import { commitPositions } from './offsetCommits';
import { emit, schedule, type World } from './world';
import {
  assignStreamsGroup,
  streamsOffsetReset,
  streamsOnAssigned,
  streamsOnRevoked,
  streamsOnStopped,
} from './streams/cluster/rebalance';

/**
 * The consumer's side of the classic group protocol (`ConsumerCoordinator`): join, run the
 * assignor when leading, sync, heartbeat, auto-commit, and revoke partitions eagerly (all,
 * before rejoining) or cooperatively (only those that move, then rejoin for a second round).
 */

/** A consumer rebalances cooperatively only if every assignor it lists supports it (only cooperative-sticky does). */
export { commitPositions } from './offsetCommits';

export function clientRebalanceProtocol(
  assignors: readonly AssignorName[],
): 'eager' | 'cooperative' {
  return assignors.length > 0 && assignors.every((a) => a === 'cooperative-sticky')
    ? 'cooperative'
    : 'eager';
}

/**
 * earliest = log start, latest = high watermark, a number = that offset as given (like
 * `seek`: a position outside the log is found out at the next fetch, OFFSET_OUT_OF_RANGE).
 */
export function resolveOffset(p: Partition, spec: OffsetSpec): number {
  const log = p.logs[p.leader] ?? p.logs[p.replicas[0]];
  if (spec === 'earliest') return log.logStartOffset;
  if (spec === 'latest') return p.highWatermark;
  return spec;
}

/** Starts (or restarts) membership: JoinGroup, and the heartbeat and auto-commit loops. */
export function startMembership(world: World, consumer: ConsumerState): void {
  const m = consumer.membership;
  m.loopToken++;
  m.generation = -1;
  m.lastPollMs = world.nowMs;
  m.pollTimedOut = false;
  sendJoin(world, consumer);
  schedule(world, world.nowMs + m.heartbeatIntervalMs, {
    kind: 'heartbeatTick',
    consumer: consumer.id,
    token: m.loopToken,
  });
  if (m.autoCommit) {
    schedule(world, world.nowMs + m.autoCommitIntervalMs, {
      kind: 'autoCommitTick',
      consumer: consumer.id,
      token: m.loopToken,
    });
  }
}

function sendJoin(world: World, consumer: ConsumerState): void {
  const m = consumer.membership;
  m.phase = 'joining';
  sendGroupRequest(world, {
    type: 'join',
    group: consumer.group as string,
    member: consumer.id,
    instanceId: m.instanceId,
    topics: [...consumer.topics],
    assignors: [...m.assignors],
    // Cooperative: the partitions it still owns (Subscription.ownedPartitions); eager: it owns
    // nothing now, and its assignor's userData carries the last assignment instead.
    ...(clientRebalanceProtocol(m.assignors) === 'eager'
      ? {
          owned: m.lastAssignment.map((tp) => ({ ...tp })),
          ownedGeneration: m.lastAssignmentGeneration,
        }
      : { owned: consumer.assignment.map((tp) => ({ ...tp })), ownedGeneration: m.generation }),
    sessionTimeoutMs: m.sessionTimeoutMs,
    rebalanceTimeoutMs: m.maxPollIntervalMs,
  });
}

/** The group is rebalancing: eager members commit and give up everything first; cooperative ones keep what they own. */
export function rejoin(world: World, consumer: ConsumerState, reason: string): void {
  const m = consumer.membership;
  if (!consumer.alive || m.phase === 'joining' || m.phase === 'idle') return;
  if (clientRebalanceProtocol(m.assignors) === 'eager') {
    if (m.autoCommit) commitPositions(world, consumer);
    revoke(world, consumer, consumer.assignment, reason);
  }
  sendJoin(world, consumer);
}

function revoke(
  world: World,
  consumer: ConsumerState,
  partitions: readonly TopicPartitionRef[],
  reason: string,
): void {
  if (partitions.length === 0) return;
  streamsOnRevoked(world, consumer, partitions, reason.startsWith('lost'));
  const keys = new Set(partitions.map((tp) => tpKey(tp.topic, tp.partition)));
  consumer.assignment = consumer.assignment.filter(
    (tp) => !keys.has(tpKey(tp.topic, tp.partition)),
  );
  // Kafka's SubscriptionState drops a revoked partition's state, its pause with it.
  if (consumer.pausedPartitions.length > 0)
    consumer.pausedPartitions = consumer.pausedPartitions.filter((key) => !keys.has(key));
  for (const key of keys) {
    const fetchId = consumer.fetching[key];
    if (fetchId !== undefined) world.fetches.delete(fetchId);
    delete consumer.fetching[key];
    delete consumer.positions[key];
  }
  emit(world, {
    type: 'partitionsRevoked',
    atMs: world.nowMs,
    group: consumer.group as string,
    member: consumer.id,
    partitions: partitions.map((tp) => `${tp.topic}-${tp.partition}`),
    reason,
  });
}

export function handleGroupResponse(world: World, response: GroupResponse): void {
  const consumer = world.consumers[response.member];
  if (consumer === undefined || !consumer.alive || consumer.group !== response.group) return;
  switch (response.type) {
    case 'join':
      if (consumer.membership.phase !== 'joining') return;
      if (response.error !== null || response.result === null)
        onJoinFailed(world, consumer, response.error ?? '');
      else onJoined(world, consumer, response.result);
      return;
    case 'sync':
      if (consumer.membership.phase !== 'syncing') return;
      if (response.error !== null || response.result === null)
        rejoinAfterError(world, consumer, response.error ?? '');
      else onSynced(world, consumer, response.result);
      return;
    case 'heartbeat':
      if (
        response.error !== null &&
        response.error !== NOT_COORDINATOR &&
        consumer.membership.phase === 'stable'
      ) {
        rejoinAfterError(world, consumer, response.error);
      }
      return;
    case 'commit':
      if (response.error !== null) {
        emit(world, {
          type: 'offsetCommitFailed',
          atMs: world.nowMs,
          group: response.group,
          member: response.member,
          error: response.error,
        });
      }
      return;
  }
}

function onJoinFailed(world: World, consumer: ConsumerState, error: string): void {
  if (error === INCONSISTENT_GROUP_PROTOCOL) {
    consumer.membership.phase = 'idle';
    consumer.membership.loopToken++;
    emit(world, {
      type: 'memberJoinRejected',
      atMs: world.nowMs,
      group: consumer.group as string,
      member: consumer.id,
      error,
    });
    return;
  }
  // NOT_COORDINATOR and the like: find the coordinator again and retry after the backoff.
  schedule(world, world.nowMs + world.config.consumer.retryBackoffMs, {
    kind: 'groupRejoin',
    consumer: consumer.id,
    token: consumer.membership.loopToken,
  });
}

export function handleGroupRejoin(world: World, consumerId: string, token: number): void {
  const consumer = world.consumers[consumerId];
  if (consumer === undefined || !consumer.alive || consumer.membership.loopToken !== token) return;
  sendJoin(world, consumer);
}

/**
 * UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION: the coordinator no longer counts this member in the
 * current generation, so its partitions may already belong to someone else. Like Kafka's
 * `onPartitionsLost`, it drops them all at once, without committing, and joins afresh.
 */
function rejoinAfterError(world: World, consumer: ConsumerState, error: string): void {
  const fenced = error === UNKNOWN_MEMBER_ID || error === ILLEGAL_GENERATION;
  if (fenced) {
    revoke(world, consumer, consumer.assignment, `lost: ${error}`);
    consumer.membership.generation = -1;
  }
  consumer.membership.phase = 'stable'; // so rejoin() runs its revocation
  rejoin(world, consumer, error);
}

/** JoinGroup answered: the leader runs the assignor; everyone sends SyncGroup. */
function onJoined(world: World, consumer: ConsumerState, result: JoinResult): void {
  const m = consumer.membership;
  m.generation = result.generation;
  m.phase = 'syncing';
  let assignment: Record<string, TopicPartitionRef[]> | null = null;
  // Only the leader watches the metadata for changes (ConsumerCoordinator.onJoinComplete).
  m.assignmentSnapshot = null;
  if (result.leader === consumer.id && result.members.length > 0) {
    const members: MemberSubscription[] = result.members.map((x) => ({
      memberId: x.memberId,
      instanceId: x.instanceId,
      topics: x.topics,
      owned: x.owned,
      generation: x.ownedGeneration,
    }));
    // The leader assigns the partitions its own metadata lists (Kafka's `assignor.assign(
    // metadata.fetch(), …)`): partitions added since its last refresh wait for the rebalance
    // that refresh starts (rejoinIfMetadataChanged).
    const partitionsPerTopic = dict<number>();
    for (const x of result.members)
      for (const t of x.topics)
        if (Object.hasOwn(world.topics, t))
          partitionsPerTopic[t] = knownPartitionCount(world, consumer.metadata, t);
    m.assignmentSnapshot = dict(Object.entries(partitionsPerTopic));
    assignment =
      result.protocol === 'stream'
        ? assignStreamsGroup(
            world,
            consumer,
            members.map((x) => x.memberId),
          )
        : assign(result.protocol, members, partitionsPerTopic);
  }
  sendGroupRequest(world, {
    type: 'sync',
    group: consumer.group as string,
    member: consumer.id,
    generation: m.generation,
    assignment,
  });
}

/** SyncGroup answered: take the new assignment; a cooperative member gives up what moved and rejoins. */
function onSynced(world: World, consumer: ConsumerState, result: SyncResult): void {
  const m = consumer.membership;
  const next = new Set(result.assignment.map((tp) => tpKey(tp.topic, tp.partition)));
  const current = new Set(consumer.assignment.map((tp) => tpKey(tp.topic, tp.partition)));
  const revoked = consumer.assignment.filter((tp) => !next.has(tpKey(tp.topic, tp.partition)));
  const added = result.assignment.filter((tp) => !current.has(tpKey(tp.topic, tp.partition)));
  m.phase = 'stable';
  if (revoked.length > 0) {
    if (m.autoCommit) commitPositions(world, consumer);
    revoke(world, consumer, revoked, 'moved to another member');
  }
  for (const tp of added) {
    const key = tpKey(tp.topic, tp.partition);
    const p = world.topics[tp.topic].partitions[tp.partition];
    consumer.positions[key] =
      result.committed[key] ??
      resolveOffset(p, streamsOffsetReset(world, consumer, tp.topic) ?? consumer.from);
    consumer.assignment.push({ topic: tp.topic, partition: tp.partition });
  }
  consumer.assignment.sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
  );
  m.lastAssignment = consumer.assignment.map((tp) => ({ ...tp }));
  m.lastAssignmentGeneration = m.generation;
  emit(world, {
    type: 'partitionsAssigned',
    atMs: world.nowMs,
    group: consumer.group as string,
    member: consumer.id,
    generation: m.generation,
    assignment: consumer.assignment.map((tp) => `${tp.topic}-${tp.partition}`),
    added: added.map((tp) => `${tp.topic}-${tp.partition}`),
  });
  streamsOnAssigned(world, consumer);
  for (const tp of added) startConsumerFetch(world, consumer, tp.topic, tp.partition);
  // Cooperative: partitions given up this round are assigned to their new owner in the next one.
  if (revoked.length > 0 && clientRebalanceProtocol(m.assignors) === 'cooperative')
    sendJoin(world, consumer);
  else rejoinIfMetadataChanged(world, consumer);
}

/**
 * The leader's metadata no longer matches what it assigned from (a refresh found partitions
 * added to a subscribed topic): it rejoins, so the next assignment covers them. Kafka's
 * `ConsumerCoordinator.rejoinNeededOrPending` checks this at every poll; here after each of
 * the leader's metadata refreshes, once its assignment is in place, and when it polls again
 * after a stall.
 */
export function rejoinIfMetadataChanged(world: World, consumer: ConsumerState): void {
  const m = consumer.membership;
  const assigned = m.assignmentSnapshot;
  if (assigned === null || !consumer.alive || consumer.stalled || m.phase !== 'stable') return;
  for (const topic of Object.keys(assigned)) {
    const count = knownPartitionCount(world, consumer.metadata, topic);
    if (count === assigned[topic]) continue;
    rejoin(
      world,
      consumer,
      `cached metadata has changed: ${topic} has ${count} partitions, not ${assigned[topic]}`,
    );
    return;
  }
}

/** Every heartbeat.interval.ms: notice a poll timeout, else heartbeat. */
export function handleHeartbeatTick(world: World, consumerId: string, token: number): void {
  const consumer = world.consumers[consumerId];
  if (consumer === undefined || !consumer.alive || consumer.membership.loopToken !== token) return;
  const m = consumer.membership;
  // A paused consumer still polls (Kafka's pause() only withholds records); a stalled one does not.
  if (!consumer.stalled) m.lastPollMs = world.nowMs;
  if (world.nowMs - m.lastPollMs > m.maxPollIntervalMs) {
    pollTimedOut(world, consumer);
    return;
  }
  if (m.phase === 'syncing' || m.phase === 'stable') {
    sendGroupRequest(world, {
      type: 'heartbeat',
      group: consumer.group as string,
      member: consumer.id,
      generation: m.generation,
    });
  }
  schedule(world, world.nowMs + m.heartbeatIntervalMs, {
    kind: 'heartbeatTick',
    consumer: consumer.id,
    token,
  });
}

/** max.poll.interval.ms passed without a poll: a dynamic member leaves the group; a static one goes quiet (its session expires). */
function pollTimedOut(world: World, consumer: ConsumerState): void {
  const m = consumer.membership;
  m.pollTimedOut = true;
  m.loopToken++;
  emit(world, {
    type: 'consumerPollTimedOut',
    atMs: world.nowMs,
    group: consumer.group as string,
    member: consumer.id,
  });
  revoke(world, consumer, consumer.assignment, 'poll timeout');
  if (m.instanceId === null && m.phase !== 'idle')
    sendGroupRequest(world, {
      type: 'leave',
      group: consumer.group as string,
      member: consumer.id,
    });
  m.phase = 'idle';
}

export function handleAutoCommitTick(world: World, consumerId: string, token: number): void {
  const consumer = world.consumers[consumerId];
  if (consumer === undefined || !consumer.alive || consumer.membership.loopToken !== token) return;
  // Auto-commit runs inside poll(): a stalled consumer commits nothing.
  if (consumer.membership.phase === 'stable' && !consumer.stalled) commitPositions(world, consumer);
  schedule(world, world.nowMs + consumer.membership.autoCommitIntervalMs, {
    kind: 'autoCommitTick',
    consumer: consumer.id,
    token,
  });
}

/** close(): commit (auto-commit on), then LeaveGroup, unless static (KIP-345: static members do not leave on close). */
export function closeMember(world: World, consumer: ConsumerState): void {
  const m = consumer.membership;
  if (consumer.group !== null && m.phase !== 'idle') {
    if (m.autoCommit) commitPositions(world, consumer);
    // Kafka Streams' consumers never send LeaveGroup (internal.leave.group.on.close=false).
    if (m.instanceId === null && consumer.processor.kind !== 'streams')
      sendGroupRequest(world, { type: 'leave', group: consumer.group, member: consumer.id });
  }
  stopConsumer(consumer, world);
}

/** The process is gone: no commit, no goodbye. */
export function stopConsumer(consumer: ConsumerState, world: World): void {
  streamsOnStopped(world, consumer);
  consumer.alive = false;
  consumer.membership.phase = 'idle';
  consumer.membership.loopToken++;
  for (const key of Object.keys(consumer.fetching)) world.fetches.delete(consumer.fetching[key]);
  consumer.fetching = {};
}

/** resume(): every paused partition is fetched again, a stalled consumer polls again; a member that timed out rejoins. */
export function resumeMember(world: World, consumer: ConsumerState): void {
  consumer.paused = false;
  consumer.pausedPartitions = [];
  consumer.stalled = false;
  consumer.membership.lastPollMs = world.nowMs;
  if (consumer.group !== null && consumer.membership.pollTimedOut) startMembership(world, consumer);
  for (const tp of consumer.assignment) startConsumerFetch(world, consumer, tp.topic, tp.partition);
  rejoinIfMetadataChanged(world, consumer);
}
