import { resolveConfig, type DeepPartial, type EngineConfig } from './config';
import { createQueue, peekItem, popItem, pushItem, type EventQueue } from './eventQueue';
import type { TraceEvent } from './events';
import type {
  Broker,
  ControllerNode,
  ConsumerState,
  GroupState,
  Flight,
  ProducerState,
  Topic,
} from './model';
import type { FetchRequest } from './protocol';
import { dict } from './names';
import { createRngStreams, nextFloat, type RngStreams } from './prng';
import type { StreamsAppState } from './streams/cluster/types';
import type { ScheduledTask, Task } from './tasks';
import { createTraceHash, foldValue, traceHashHex, type TraceHash } from './traceHash';

/**
 * The whole simulation: configuration, virtual time, the event queue, the seeded generators
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
  /** The seeded generators, one per subsystem (see `RngStreams`): checkpoints copy them all. */
  rng: RngStreams;
  brokers: Broker[];
  /** The KRaft controller quorum's voters, by id (see quorum.ts). */
  controllers: ControllerNode[];
  controllerMode: 'combined' | 'isolated';
  /**
   * The active controller (the quorum's Raft leader): the only place leadership and ISR
   * decisions are made. -1 while the quorum elects one, or while it has lost its majority.
   */
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
  /** ksqlDB applications running as Kafka Streams (streams/cluster), by scenario id. */
  streams: Record<string, StreamsAppState>;
  streamsOrder: string[];
  fetches: Map<number, FetchRequest>;
  /**
   * When the next retention check runs (retention.ts), -1 while no topic can delete by
   * retention: a queued check for another time is stale and does nothing.
   */
  retentionCheckAtMs: number;
  /**
   * When the brokers' log cleaners next wake (compaction.ts), -1 until some compacted log has
   * closed a segment: a queued pass for another time is stale and does nothing.
   */
  cleanerPassAtMs: number;
  flights: Map<number, Flight>;
  trace: TraceHash;
  /** False only where nobody reads the hash (the fuzzer): events are then not folded into it. */
  hashTrace: boolean;
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
    rng: createRngStreams(seed),
    brokers: [],
    controllers: [],
    controllerMode: 'combined',
    controllerId: -1,
    controllerSinceMs: 0,
    electionCount: 0,
    lostScan: { electionCount: 0, scannedUpTo: dict(), lost: [] },
    topics: dict(),
    topicOrder: [],
    producers: dict(),
    producerOrder: [],
    consumers: dict(),
    consumerOrder: [],
    groups: dict(),
    groupOrder: [],
    streams: dict(),
    streamsOrder: [],
    fetches: new Map(),
    retentionCheckAtMs: -1,
    cleanerPassAtMs: -1,
    flights: new Map(),
    trace: createTraceHash(),
    hashTrace: true,
    eventCount: 0,
    emitted: [],
  };
}

/**
 * Every record in the world keyed by a name a user chose (topics, clients, groups, members,
 * producer ids in logs), as (where, the object holding it, its field). Each must be a
 * {@link dict} so a name like `__proto__` stays data: the invariants check that, and a world
 * restored from a checkpoint gets its dicts back through here.
 */
export function* nameKeyedRecords(
  world: World,
): Generator<[where: string, holder: object, field: string]> {
  yield ['world.topics', world, 'topics'];
  yield ['world.producers', world, 'producers'];
  yield ['world.consumers', world, 'consumers'];
  yield ['world.groups', world, 'groups'];
  yield ['world.lostScan.scannedUpTo', world.lostScan, 'scannedUpTo'];
  yield ['world.streams', world, 'streams'];
  for (const id of world.streamsOrder)
    yield [`streams ${id} running`, world.streams[id], 'running'];
  for (const id of world.producerOrder) {
    const p = world.producers[id];
    yield [`producer ${id} openBatches`, p, 'openBatches'];
    yield [`producer ${id} partitioner counters`, p.partitionerState, 'counters'];
    yield [`producer ${id} partitioner sticky`, p.partitionerState, 'sticky'];
  }
  for (const id of world.groupOrder) yield [`group ${id} members`, world.groups[id], 'members'];
  for (const name of world.topicOrder)
    for (const p of world.topics[name].partitions)
      for (const log of Object.values(p.logs))
        yield [`${name}-${p.partition} log on ${log.brokerId} lastSequences`, log, 'lastSequences'];
}

/** Gives a world cloned by structuredClone (which drops null prototypes) its dicts back. */
export function restoreNameKeyedRecords(world: World): void {
  for (const [, holder, field] of nameKeyedRecords(world)) {
    const record = holder as Record<string, Record<string, unknown>>;
    record[field] = dict(Object.entries(record[field]));
  }
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
  if (world.hashTrace) foldValue(world.trace, event);
  world.eventCount++;
  world.emitted.push(event);
}

export function traceHash(world: World): string {
  return traceHashHex(world.trace);
}

/** One-way network delay with seeded jitter (from the network stream). */
export function networkDelayMs(world: World): number {
  const { latencyMs, jitterMs } = world.config.network;
  return jitterMs > 0
    ? latencyMs + Math.floor(nextFloat(world.rng.network) * jitterMs * 1000) / 1000
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
