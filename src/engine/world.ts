import { resolveConfig, type DeepPartial, type EngineConfig } from './config';
import { createQueue, peekItem, popItem, pushItem, type EventQueue } from './eventQueue';
import type { TraceEvent } from './events';
import type {
  Acks,
  Broker,
  ConsumerState,
  GroupState,
  Flight,
  LogRecord,
  OffsetSpec,
  UnwrittenRecord,
  ProducerState,
  Topic,
} from './model';
import type { GroupRequest, GroupResponse } from './groupMessages';
import type { AssignorName } from './groups/types';
import type { PartitionerName } from './partitioner';
import { createRng, nextFloat, type RngState } from './prng';
import { createTraceHash, foldValue, traceHashHex, type TraceHash } from './traceHash';

/** How to build a world: the engine-level form of a scenario's cluster, producers and consumers. */
export interface WorldSetup {
  seed: number;
  brokers: readonly number[];
  topics: readonly TopicSetup[];
  producers?: readonly ProducerSetup[];
  consumers?: readonly ConsumerSetup[];
  config?: DeepPartial<EngineConfig>;
}

export interface TopicSetup {
  name: string;
  partitions: number;
  replicationFactor?: number;
  /** Explicit replicas per partition; the first is the preferred leader. */
  replicaAssignment?: readonly (readonly number[])[];
  /** Fixes Kafka's rack-unaware placement; otherwise drawn from the seeded generator. */
  placement?: { startIndex: number; shift: number };
  minInsyncReplicas?: number;
  uncleanLeaderElection?: boolean;
}

export interface ProducerSetup {
  id: string;
  topic?: string;
  partitioner?: PartitionerName;
  acks?: Acks;
  lingerMs?: number;
  batchSizeBytes?: number;
  ignoreKeys?: boolean;
}

export interface ConsumerSetup {
  id: string;
  topics: readonly string[];
  /** Where to start without a committed offset (auto.offset.reset for group members). */
  from?: OffsetSpec;
  maxPollRecords?: number;
  /** The consumer group; none: the consumer assigns itself every partition of its topics. */
  group?: string;
  /** group.instance.id: a static member. */
  instanceId?: string;
  /** partition.assignment.strategy, in preference order; default [range, cooperative-sticky]. */
  assignors?: readonly AssignorName[];
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** enable.auto.commit (default true) and auto.commit.interval.ms (default 5000). */
  autoCommit?: boolean;
  autoCommitIntervalMs?: number;
}

/** A batch of records on its way to a partition leader. */
export interface ProduceRequest {
  id: number;
  producer: string;
  broker: number;
  topic: string;
  partition: number;
  acks: Acks;
  records: UnwrittenRecord[];
  /** When the batch was created: delivery.timeout.ms counts from here. */
  createdAtMs: number;
  attempts: number;
  flightId: number;
  /** Idempotent (acks=all): the leader de-duplicates a retried batch it already has. */
  idempotent: boolean;
  /** The next retry backoff (exponential, KIP-580). */
  backoffMs: number;
  /** A delivery-timeout check is scheduled (only while the batch waits for a leader). */
  expiryArmed: boolean;
}

/** A fetch from a follower (replica: its broker id) or a consumer, at one partition's leader. */
export interface FetchRequest {
  id: number;
  topic: string;
  partition: number;
  leader: number;
  fetchOffset: number;
  follower: number | null;
  consumer: string | null;
  parked: boolean;
}

/** Work the engine has scheduled for a moment of virtual time. */
export type Task =
  | { kind: 'lingerExpired'; producer: string; topic: string; partition: number; batchId: number }
  | { kind: 'rateTick'; producer: string }
  | { kind: 'produceArrived'; request: ProduceRequest }
  | {
      kind: 'produceAnswered';
      request: ProduceRequest;
      attempt: number;
      baseOffset: number;
      error: string | null;
    }
  /**
   * request.timeout.ms of one attempt. It names the request rather than holding it: most
   * fire after the answer came and do nothing, and a queue full of finished requests would
   * weigh on every checkpoint.
   */
  | {
      kind: 'produceTimedOut';
      producer: string;
      topic: string;
      partition: number;
      requestId: number;
      attempt: number;
    }
  | { kind: 'produceRetry'; request: ProduceRequest }
  | { kind: 'deliveryExpired'; request: ProduceRequest }
  | { kind: 'brokerSessionExpired'; broker: number; incarnation: number }
  | { kind: 'controllerFailover'; from: number }
  | { kind: 'isrCheck' }
  | { kind: 'leaderRebalanceCheck' }
  | { kind: 'groupRequestArrived'; request: GroupRequest; broker: number }
  | { kind: 'groupResponseArrived'; response: GroupResponse }
  | { kind: 'heartbeatTick'; consumer: string; token: number }
  | { kind: 'autoCommitTick'; consumer: string; token: number }
  | { kind: 'groupRejoin'; consumer: string; token: number }
  | { kind: 'groupJoinDeadline'; group: string; token: number; final: boolean }
  | { kind: 'memberSessionCheck'; group: string; member: string; heartbeats: number }
  | { kind: 'fetchArrived'; fetchId: number }
  | { kind: 'fetchWaitExpired'; fetchId: number }
  | {
      kind: 'fetchAnswered';
      fetchId: number;
      records: readonly LogRecord[];
      highWatermark: number;
      flightId: number;
      /** OFFSET_OUT_OF_RANGE for a consumer fetching outside the leader's log. */
      error: string | null;
    };

export type ScheduledTask = Task & { atMs: number; seq: number };

/**
 * The whole simulation: configuration, virtual time, the event queue, the seeded generator
 * and the cluster. Handlers mutate it in place (a million records a second could not be
 * copied per step); they are deterministic functions of it, so a world replays exactly.
 */
export interface World {
  readonly seed: number;
  readonly config: EngineConfig;
  nowMs: number;
  /** Insertion counter: ties in time run in scheduling order. */
  seq: number;
  nextId: number;
  queue: EventQueue<ScheduledTask>;
  rng: RngState;
  brokers: Broker[];
  /** KRaft's active controller (hosted on a broker); the only place leadership and ISR decisions are made. -1 during a failover. */
  controllerId: number;
  /** When the active controller started tracking broker sessions. */
  controllerSinceMs: number;
  /** Leader elections so far (any partition): lost-record detection rescans when it changes. */
  electionCount: number;
  lostScan: LostScan;
  topics: Record<string, Topic>;
  topicOrder: string[];
  producers: Record<string, ProducerState>;
  producerOrder: string[];
  consumers: Record<string, ConsumerState>;
  consumerOrder: string[];
  groups: Record<string, GroupState>;
  groupOrder: string[];
  fetches: Map<number, FetchRequest>;
  flights: Map<number, Flight>;
  trace: TraceHash;
  eventCount: number;
  /** Events emitted by the step in progress; handed to the caller when it ends. */
  emitted: TraceEvent[];
}

/** Incremental lost-record detection state (see lost.ts). */
export interface LostScan {
  electionCount: number;
  scannedUpTo: Record<string, number>;
  lost: LostRecord[];
}

export interface LostRecord {
  producer: string;
  sequence: number;
  topic: string;
  partition: number;
  offset: number;
}

export function createEmptyWorld(seed: number, config: DeepPartial<EngineConfig> = {}): World {
  return {
    seed,
    config: resolveConfig(config),
    nowMs: 0,
    seq: 0,
    nextId: 1,
    queue: createQueue<ScheduledTask>(),
    rng: createRng(seed),
    brokers: [],
    controllerId: -1,
    controllerSinceMs: 0,
    electionCount: 0,
    lostScan: { electionCount: 0, scannedUpTo: {}, lost: [] },
    topics: {},
    topicOrder: [],
    producers: {},
    producerOrder: [],
    consumers: {},
    consumerOrder: [],
    groups: {},
    groupOrder: [],
    fetches: new Map(),
    flights: new Map(),
    trace: createTraceHash(),
    eventCount: 0,
    emitted: [],
  };
}

export function nextId(world: World): number {
  return world.nextId++;
}

export function schedule(world: World, atMs: number, task: Task): void {
  // Stamps the fresh task object instead of copying it: one allocation per task.
  const scheduled = task as ScheduledTask;
  scheduled.atMs = Math.max(atMs, world.nowMs);
  scheduled.seq = world.seq++;
  pushItem(world.queue, scheduled);
}

/** Records an event: folds it into the trace hash and hands it to the step's caller. */
export function emit(world: World, event: TraceEvent): void {
  foldValue(world.trace, event);
  world.eventCount++;
  world.emitted.push(event);
}

export function traceHash(world: World): string {
  return traceHashHex(world.trace);
}

/** One-way network delay with seeded jitter. */
export function networkDelayMs(world: World): number {
  const { latencyMs, jitterMs } = world.config.network;
  return jitterMs > 0
    ? latencyMs + Math.floor(nextFloat(world.rng) * jitterMs * 1000) / 1000
    : latencyMs;
}

export function nextTaskTime(world: World): number | undefined {
  return peekItem(world.queue)?.atMs;
}

/** Pops the next task, if any, and returns it with the clock moved to its time. */
export function popTask(world: World): ScheduledTask | undefined {
  const task = popItem(world.queue);
  if (task !== undefined) world.nowMs = task.atMs;
  return task;
}
