import { coordinatorOf } from './cluster';
import type { AssignorName } from './groups/types';
import type { TopicPartitionRef } from './model';
import { emit, networkDelayMs, schedule, type World } from './world';

/**
 * Requests of the classic group protocol, between a consumer and its group's coordinator
 * (the leader of the group's __consumer_offsets partition), with network latency both ways.
 */
export type GroupRequest =
  | {
      type: 'join';
      group: string;
      member: string;
      instanceId: string | null;
      topics: string[];
      assignors: AssignorName[];
      owned: TopicPartitionRef[];
      ownedGeneration: number;
      sessionTimeoutMs: number;
      rebalanceTimeoutMs: number;
    }
  | {
      type: 'sync';
      group: string;
      member: string;
      generation: number;
      assignment: Record<string, TopicPartitionRef[]> | null;
    }
  | { type: 'heartbeat'; group: string; member: string; generation: number }
  | { type: 'leave'; group: string; member: string }
  | {
      type: 'commit';
      group: string;
      member: string;
      generation: number;
      offsets: { topic: string; partition: number; offset: number }[];
    };

export interface JoinResult {
  generation: number;
  leader: string;
  protocol: AssignorName;
  /** Only for the leader: every member's subscription, to run the assignor on. */
  members: {
    memberId: string;
    instanceId: string | null;
    topics: string[];
    owned: TopicPartitionRef[];
    ownedGeneration: number;
  }[];
}

export interface SyncResult {
  generation: number;
  assignment: TopicPartitionRef[];
  /** Committed offsets of the assigned partitions (kafkascope folds OffsetFetch into SyncGroup). */
  committed: Record<string, number>;
}

export type GroupResponse =
  | { type: 'join'; member: string; group: string; error: string | null; result: JoinResult | null }
  | { type: 'sync'; member: string; group: string; error: string | null; result: SyncResult | null }
  | { type: 'heartbeat'; member: string; group: string; error: string | null }
  | {
      type: 'commit';
      member: string;
      group: string;
      error: string | null;
      offsets: { topic: string; partition: number; offset: number }[];
    };

export const REBALANCE_IN_PROGRESS = 'REBALANCE_IN_PROGRESS';
export const UNKNOWN_MEMBER_ID = 'UNKNOWN_MEMBER_ID';
export const ILLEGAL_GENERATION = 'ILLEGAL_GENERATION';
export const NOT_COORDINATOR = 'NOT_COORDINATOR';
export const INCONSISTENT_GROUP_PROTOCOL = 'INCONSISTENT_GROUP_PROTOCOL';

/**
 * One connection per consumer to its coordinator, in each direction: messages arrive in the
 * order they were sent (a commit sent before a JoinGroup is handled before it, as over Kafka's
 * single TCP connection), each after the network delay.
 */
function fifoArrival(
  world: World,
  consumerId: string,
  direction: 'toCoordinator' | 'toConsumer',
): number {
  const consumer = world.consumers[consumerId];
  const earliest = world.nowMs + networkDelayMs(world);
  if (consumer === undefined) return earliest;
  const wire = consumer.membership.wireFreeAtMs;
  const arrivesAtMs = Math.max(earliest, wire[direction]);
  wire[direction] = arrivesAtMs;
  return arrivesAtMs;
}

/** Sends a request to the group's coordinator; it arrives after the network delay. */
export function sendGroupRequest(world: World, request: GroupRequest): void {
  const broker = coordinatorOf(world, request.group);
  schedule(world, fifoArrival(world, request.member, 'toCoordinator'), {
    kind: 'groupRequestArrived',
    request,
    broker,
  });
}

/** Answers a consumer; the answer arrives after the network delay. */
export function sendGroupResponse(world: World, response: GroupResponse): void {
  schedule(world, fifoArrival(world, response.member, 'toConsumer'), {
    kind: 'groupResponseArrived',
    response,
  });
}

export function rejectedCommit(world: World, group: string, member: string, error: string): void {
  emit(world, { type: 'offsetCommitFailed', atMs: world.nowMs, group, member, error });
}
