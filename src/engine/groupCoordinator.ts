import { dict } from './names';
import { isBrokerAlive, OFFSETS_TOPIC, offsetsPartitionLeader } from './cluster';
import { protocolFor, rebalanceProtocolOf, coordinatorPartition } from './groups/coordinator';
import {
  ILLEGAL_GENERATION,
  INCONSISTENT_GROUP_PROTOCOL,
  NOT_COORDINATOR,
  REBALANCE_IN_PROGRESS,
  UNKNOWN_MEMBER_ID,
  sendGroupResponse,
  type GroupRequest,
} from './groupMessages';
import { appendInternalRecord } from './leader';
import type { MetadataChange } from './metadataChanges';
import { tpKey, type GroupMemberState, type GroupState } from './model';
import { emit, schedule, type World } from './world';

/**
 * The group coordinator of Kafka's classic protocol (`GroupCoordinator` / `ClassicGroup`):
 * it collects JoinGroup requests, completes the join phase (new generation, the first member
 * to join leads), relays the leader's assignment through SyncGroup, watches heartbeats and
 * stores committed offsets, appending them to __consumer_offsets as real records.
 */

export function createGroup(world: World, id: string): GroupState {
  const group: GroupState = {
    id,
    state: 'Empty',
    generation: 0,
    protocol: null,
    rebalanceProtocol: null,
    leader: null,
    members: dict(),
    memberOrder: [],
    offsets: {},
    // The configured count is the topic's (it may not exist yet while every broker is fenced).
    offsetsPartition: coordinatorPartition(id, world.config.groups.offsetsTopicPartitions),
    awaitingSync: [],
    joinToken: 0,
    initialDelayUntilMs: 0,
    rebalanceReason: null,
    commitSequence: 0,
  };
  world.groups[id] = group;
  world.groupOrder.push(id);
  return group;
}

/** A group request reached a broker: only the group's current coordinator serves it. */
export function handleGroupRequest(world: World, request: GroupRequest, broker: number): void {
  const group = world.groups[request.group];
  const coordinator = offsetsPartitionLeader(world, group.offsetsPartition);
  if (!isBrokerAlive(world, broker) || broker !== coordinator) {
    answerError(world, request, NOT_COORDINATOR);
    return;
  }
  switch (request.type) {
    case 'join':
      handleJoin(world, group, request);
      return;
    case 'sync':
      handleSync(world, group, request);
      return;
    case 'heartbeat':
      handleHeartbeat(world, group, request);
      return;
    case 'leave':
      removeMember(world, group, request.member, 'left the group');
      return;
    case 'commit':
      handleCommit(world, group, request);
      return;
  }
}

function answerError(world: World, request: GroupRequest, error: string): void {
  const base = { member: request.member, group: request.group, error };
  switch (request.type) {
    case 'join':
      sendGroupResponse(world, { type: 'join', ...base, result: null });
      return;
    case 'sync':
      sendGroupResponse(world, { type: 'sync', ...base, result: null });
      return;
    case 'heartbeat':
      sendGroupResponse(world, { type: 'heartbeat', ...base });
      return;
    case 'commit':
      sendGroupResponse(world, { type: 'commit', ...base, offsets: request.offsets });
      return;
    case 'leave':
      return;
  }
}

function handleJoin(
  world: World,
  group: GroupState,
  request: Extract<GroupRequest, { type: 'join' }>,
): void {
  const others = Object.values(group.members).filter((m) => m.memberId !== request.member);
  if (
    others.length > 0 &&
    protocolFor([...others.map((m) => m.assignors), request.assignors]) === null
  ) {
    answerError(world, request, INCONSISTENT_GROUP_PROTOCOL);
    return;
  }
  const known = group.members[request.member];
  // KIP-345: a static member coming back with the same subscription gets its old assignment, no rebalance.
  const staticReturn =
    known !== undefined &&
    request.instanceId !== null &&
    known.instanceId === request.instanceId &&
    // A restarted process has no generation; the running member rejoining (e.g. the leader after
    // partitions were added) takes the normal path and can rebalance.
    request.ownedGeneration === -1 &&
    group.state === 'Stable' &&
    sameTopics(known.topics, request.topics);
  const member: GroupMemberState = {
    memberId: request.member,
    instanceId: request.instanceId,
    topics: [...request.topics],
    assignors: [...request.assignors],
    owned: request.owned.map((tp) => ({ ...tp })),
    ownedGeneration: request.ownedGeneration,
    assignment: known?.assignment ?? [],
    sessionTimeoutMs: request.sessionTimeoutMs,
    rebalanceTimeoutMs: request.rebalanceTimeoutMs,
    // Set below only when this JoinGroup takes part in a rebalance: a join answered with the
    // current generation must not count as rejoined for the next one (its member would then
    // be taken into a generation it never joined, with stale owned partitions).
    rejoined: false,
    heartbeats: (known?.heartbeats ?? 0) + 1,
  };
  group.members[member.memberId] = member;
  if (!group.memberOrder.includes(member.memberId)) group.memberOrder.push(member.memberId);
  armSessionExpiry(world, group, member);
  if (staticReturn) {
    emit(world, {
      type: 'staticMemberRejoined',
      atMs: world.nowMs,
      group: group.id,
      member: member.memberId,
      instanceId: request.instanceId as string,
    });
    sendGroupResponse(world, {
      type: 'join',
      member: member.memberId,
      group: group.id,
      error: null,
      result: {
        generation: group.generation,
        leader: group.leader ?? member.memberId,
        protocol: group.protocol ?? 'range',
        members: [],
      },
    });
    return;
  }
  // A member of the current generation joining again with the same subscription and owned
  // partitions (a late JoinGroup) is answered with the current generation: no new rebalance
  // (`ClassicGroup`: only the leader's rejoin, or changed metadata, rebalances a Stable group).
  // A different group.instance.id under the same id is another consumer (here: a crashed one
  // added again under its old id while its old member lingers): Kafka would give it a member id
  // of its own, so it is a new member and the group rebalances.
  const unchanged =
    known !== undefined &&
    known.instanceId === request.instanceId &&
    sameTopics(known.topics, request.topics) &&
    sameOwned(known.owned, request.owned) &&
    (group.state === 'CompletingRebalance' ||
      (group.state === 'Stable' && group.leader !== member.memberId));
  if (unchanged) {
    sendJoinResult(world, group, member.memberId);
    return;
  }
  member.rejoined = true;
  emit(world, {
    type: 'memberJoining',
    atMs: world.nowMs,
    group: group.id,
    member: member.memberId,
    generation: group.generation,
  });
  if (group.state === 'PreparingRebalance') maybeCompleteJoin(world, group);
  else
    prepareRebalance(
      world,
      group,
      known === undefined ? `${member.memberId} joined` : `${member.memberId} rejoined`,
    );
}

function sameOwned(
  a: readonly { topic: string; partition: number }[],
  b: readonly { topic: string; partition: number }[],
): boolean {
  return (
    a.length === b.length &&
    a.every((tp) => b.some((x) => x.topic === tp.topic && x.partition === tp.partition))
  );
}

function sameTopics(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t) => b.includes(t));
}

/** PreparingRebalance: members learn of it from heartbeats and rejoin; the join phase waits for them. */
export function prepareRebalance(world: World, group: GroupState, reason: string): void {
  const wasEmpty = group.state === 'Empty';
  group.state = 'PreparingRebalance';
  group.rebalanceReason = reason;
  group.awaitingSync = [];
  group.joinToken++;
  const joiningNow = Object.values(group.members)
    .filter((m) => m.rejoined)
    .map((m) => m.memberId);
  for (const m of Object.values(group.members))
    if (!joiningNow.includes(m.memberId)) m.rejoined = false;
  emit(world, {
    type: 'groupRebalanceStarted',
    atMs: world.nowMs,
    group: group.id,
    reason,
    rebalanceProtocol:
      group.rebalanceProtocol ??
      rebalanceProtocolOf(
        protocolFor(Object.values(group.members).map((m) => m.assignors)) ?? 'range',
      ),
    generation: group.generation,
  });
  const rebalanceTimeoutMs = Math.max(
    ...Object.values(group.members).map((m) => m.rebalanceTimeoutMs),
  );
  if (wasEmpty) {
    // group.initial.rebalance.delay.ms: let more members arrive before the first generation.
    group.initialDelayUntilMs = world.nowMs + world.config.groups.initialRebalanceDelayMs;
    schedule(world, group.initialDelayUntilMs, {
      kind: 'groupJoinDeadline',
      group: group.id,
      token: group.joinToken,
      final: false,
    });
  }
  schedule(world, world.nowMs + rebalanceTimeoutMs, {
    kind: 'groupJoinDeadline',
    group: group.id,
    token: group.joinToken,
    final: true,
  });
  // Started by a member's own rejoin: if every member is already in, there is nothing to wait for.
  maybeCompleteJoin(world, group);
}

/** The join phase completes once every member rejoined (and any initial delay passed). */
function maybeCompleteJoin(world: World, group: GroupState): void {
  if (group.state !== 'PreparingRebalance' || world.nowMs < group.initialDelayUntilMs) return;
  if (Object.values(group.members).every((m) => m.rejoined)) completeJoin(world, group);
}

export function handleJoinDeadline(
  world: World,
  groupId: string,
  token: number,
  final: boolean,
): void {
  const group = world.groups[groupId];
  if (group.joinToken !== token || group.state !== 'PreparingRebalance') return;
  if (!final) {
    maybeCompleteJoin(world, group);
    return;
  }
  // The rebalance timeout passed: members that did not rejoin are removed.
  for (const m of Object.values(group.members)) {
    if (!m.rejoined)
      dropMember(world, group, m.memberId, 'did not rejoin within the rebalance timeout');
  }
  completeJoin(world, group);
}

function completeJoin(world: World, group: GroupState): void {
  const members = group.memberOrder.map((id) => group.members[id]).filter((m) => m !== undefined);
  if (members.length === 0) {
    becomeEmpty(world, group);
    return;
  }
  group.joinToken++;
  group.generation++;
  const protocol = protocolFor(members.map((m) => m.assignors)) ?? 'range';
  group.protocol = protocol;
  group.rebalanceProtocol = rebalanceProtocolOf(protocol);
  if (group.leader === null || group.members[group.leader] === undefined)
    group.leader = members[0].memberId;
  group.state = 'CompletingRebalance';
  emit(world, {
    type: 'groupJoinCompleted',
    atMs: world.nowMs,
    group: group.id,
    generation: group.generation,
    leader: group.leader,
    protocol,
    rebalanceProtocol: group.rebalanceProtocol,
    members: members.map((m) => m.memberId),
  });
  for (const m of members) {
    m.rejoined = false;
    sendJoinResult(world, group, m.memberId);
  }
}

/** The JoinGroup answer of the current generation; the leader also gets every member's subscription. */
function sendJoinResult(world: World, group: GroupState, memberId: string): void {
  const members = group.memberOrder.map((id) => group.members[id]).filter((m) => m !== undefined);
  sendGroupResponse(world, {
    type: 'join',
    member: memberId,
    group: group.id,
    error: null,
    result: {
      generation: group.generation,
      leader: group.leader ?? memberId,
      protocol: group.protocol ?? 'range',
      members:
        memberId === group.leader
          ? members.map((x) => ({
              memberId: x.memberId,
              instanceId: x.instanceId,
              topics: [...x.topics],
              owned: x.owned.map((tp) => ({ ...tp })),
              ownedGeneration: x.ownedGeneration,
            }))
          : [],
    },
  });
}

function handleSync(
  world: World,
  group: GroupState,
  request: Extract<GroupRequest, { type: 'sync' }>,
): void {
  const member = group.members[request.member];
  if (member === undefined) return answerError(world, request, UNKNOWN_MEMBER_ID);
  if (request.generation !== group.generation)
    return answerError(world, request, ILLEGAL_GENERATION);
  if (group.state === 'PreparingRebalance')
    return answerError(world, request, REBALANCE_IN_PROGRESS);
  if (group.state === 'Stable') return answerSync(world, group, member.memberId);
  // CompletingRebalance: the leader's SyncGroup carries everyone's assignment.
  if (!group.awaitingSync.includes(member.memberId)) group.awaitingSync.push(member.memberId);
  if (request.assignment === null) return;
  for (const m of Object.values(group.members))
    m.assignment = (request.assignment[m.memberId] ?? []).map((tp) => ({ ...tp }));
  group.state = 'Stable';
  emit(world, {
    type: 'groupStabilized',
    atMs: world.nowMs,
    group: group.id,
    generation: group.generation,
    assignment: Object.fromEntries(
      group.memberOrder
        .filter((id) => group.members[id])
        .map((id) => [id, group.members[id].assignment.map((tp) => `${tp.topic}-${tp.partition}`)]),
    ),
  });
  for (const id of group.awaitingSync) answerSync(world, group, id);
  group.awaitingSync = [];
}

function answerSync(world: World, group: GroupState, memberId: string): void {
  const assignment = group.members[memberId].assignment;
  const committed: Record<string, number> = {};
  for (const tp of assignment) {
    const offset = group.offsets[tpKey(tp.topic, tp.partition)];
    if (offset !== undefined) committed[tpKey(tp.topic, tp.partition)] = offset;
  }
  sendGroupResponse(world, {
    type: 'sync',
    member: memberId,
    group: group.id,
    error: null,
    result: {
      generation: group.generation,
      assignment: assignment.map((tp) => ({ ...tp })),
      committed,
    },
  });
}

function handleHeartbeat(
  world: World,
  group: GroupState,
  request: Extract<GroupRequest, { type: 'heartbeat' }>,
): void {
  const member = group.members[request.member];
  if (member === undefined) return answerError(world, request, UNKNOWN_MEMBER_ID);
  member.heartbeats++;
  armSessionExpiry(world, group, member);
  let error: string | null = null;
  if (group.state === 'PreparingRebalance') error = REBALANCE_IN_PROGRESS;
  else if (request.generation !== group.generation) error = ILLEGAL_GENERATION;
  sendGroupResponse(world, { type: 'heartbeat', member: member.memberId, group: group.id, error });
}

function armSessionExpiry(world: World, group: GroupState, member: GroupMemberState): void {
  schedule(world, world.nowMs + member.sessionTimeoutMs, {
    kind: 'memberSessionCheck',
    group: group.id,
    member: member.memberId,
    heartbeats: member.heartbeats,
  });
}

/** session.timeout.ms without a heartbeat: the coordinator removes the member (a crash, to it). */
export function handleMemberSessionCheck(
  world: World,
  groupId: string,
  memberId: string,
  heartbeats: number,
): void {
  const group = world.groups[groupId];
  const member = group.members[memberId];
  if (member === undefined || member.heartbeats !== heartbeats) return;
  // No coordinator (its broker is down): nobody is watching; the next one re-arms the timers.
  // A member whose JoinGroup or SyncGroup is waiting on the coordinator is kept alive
  // (`MemberMetadata.shouldKeepAlive`): it is not heartbeating because it is waiting for us.
  const coordinator = offsetsPartitionLeader(world, group.offsetsPartition);
  const waitingOnUs =
    (group.state === 'PreparingRebalance' && member.rejoined) ||
    (group.state === 'CompletingRebalance' && group.awaitingSync.includes(memberId));
  if (coordinator === -1 || !isBrokerAlive(world, coordinator) || waitingOnUs) {
    member.heartbeats++;
    armSessionExpiry(world, group, member);
    return;
  }
  removeMember(world, group, memberId, 'session timed out');
}

/** A member leaves (LeaveGroup) or expires: the others rebalance, or the group empties. */
export function removeMember(
  world: World,
  group: GroupState,
  memberId: string,
  reason: string,
): void {
  if (group.members[memberId] === undefined) return;
  dropMember(world, group, memberId, reason);
  if (Object.keys(group.members).length === 0) {
    becomeEmpty(world, group);
    return;
  }
  if (group.state === 'PreparingRebalance') maybeCompleteJoin(world, group);
  else prepareRebalance(world, group, `${memberId} ${reason}`);
}

/** The last member is gone: the group is Empty, a new generation with no leader or protocol. */
function becomeEmpty(world: World, group: GroupState): void {
  group.joinToken++;
  group.generation++;
  group.state = 'Empty';
  group.leader = null;
  group.protocol = null;
  group.rebalanceProtocol = null;
  emit(world, {
    type: 'groupEmptied',
    atMs: world.nowMs,
    group: group.id,
    generation: group.generation,
  });
}

function dropMember(world: World, group: GroupState, memberId: string, reason: string): void {
  delete group.members[memberId];
  group.memberOrder = group.memberOrder.filter((id) => id !== memberId);
  group.awaitingSync = group.awaitingSync.filter((id) => id !== memberId);
  if (group.leader === memberId) group.leader = null;
  emit(world, {
    type: 'memberRemoved',
    atMs: world.nowMs,
    group: group.id,
    member: memberId,
    reason,
  });
}

/** Distinct texts `commitText` holds before it starts over. */
const COMMIT_TEXTS_LIMIT = 4096;
const commitTexts = new Map<string, string>();

/**
 * One copy of each offset commit's key and producer (a pure function's memo: it cannot affect
 * determinism). A group commits the same few partitions over and over, and a template string
 * built anew is a fresh chain of strings in each record (~80 bytes a commit; the 8×32 bench's
 * indexed timeline holds ~7,600 commits).
 */
function commitText(text: string): string {
  const held = commitTexts.get(text);
  if (held !== undefined) return held;
  if (commitTexts.size >= COMMIT_TEXTS_LIMIT) commitTexts.clear();
  commitTexts.set(text, text);
  return text;
}

/** OffsetCommit: accepted from a current member of the current generation, and written to __consumer_offsets. */
function handleCommit(
  world: World,
  group: GroupState,
  request: Extract<GroupRequest, { type: 'commit' }>,
): void {
  const member = group.members[request.member];
  let error: string | null = null;
  if (member === undefined) error = UNKNOWN_MEMBER_ID;
  else if (request.generation !== group.generation) error = ILLEGAL_GENERATION;
  if (error === null) {
    for (const o of request.offsets) {
      group.offsets[tpKey(o.topic, o.partition)] = o.offset;
      appendInternalRecord(
        world,
        OFFSETS_TOPIC,
        group.offsetsPartition,
        commitText(`${group.id}/${o.topic}/${o.partition}`),
        String(o.offset),
        commitText(`group:${group.id}`),
        group.commitSequence++,
      );
    }
    emit(world, {
      type: 'offsetsCommitted',
      atMs: world.nowMs,
      group: group.id,
      member: request.member,
      generation: request.generation,
      offsets: request.offsets.map((o) => ({ ...o })),
    });
  }
  sendGroupResponse(world, {
    type: 'commit',
    member: request.member,
    group: group.id,
    error,
    offsets: request.offsets,
  });
}

/** A __consumer_offsets partition has a new leader (or none): its groups' coordinator moved. */
export function coordinatorsOnMetadataChange(world: World, change: MetadataChange): void {
  if (change.type === 'leaderChanged' && change.partition.topic === OFFSETS_TOPIC)
    onCoordinatorMoved(world, change.partition.partition);
}

/** The coordinator moved (its __consumer_offsets partition has a new leader): it reloads the group and re-arms every member's session. */
function onCoordinatorMoved(world: World, offsetsPartition: number): void {
  for (const id of world.groupOrder) {
    const group = world.groups[id];
    if (group.offsetsPartition !== offsetsPartition) continue;
    for (const member of Object.values(group.members)) {
      member.heartbeats++;
      armSessionExpiry(world, group, member);
    }
  }
}
