import type { Command } from './commands';
import type { TraceEvent } from './events';
import { createInvariantMemory } from './invariants';
import { drawFuzzQuorum } from './fuzzQuorum';
import { lostRecordsOf } from './lost';
import { checkStep } from './quorumInvariants';
import type { Acks } from './model';
import type { PartitionerName } from './partitioner';
import { createRng, nextFloat, nextInt, type RngState } from './prng';
import { createWorld, takeEmitted } from './simulation';
import { byTime, createCursor, runWithCommands } from './timedCommands';
import type { ConsumerSetup, TopicSetup, WorldSetup } from './setup';
import type { World } from './world';
import type { AssignorName } from './groups/types';

/**
 * The fault fuzzer: random clusters, workloads and schedules of kills, controlled shutdowns
 * and restarts, all drawn from one seed, with Kafka's invariants checked after every step.
 * A "safe" case (acks=all, min.insync.replicas ≥ 2, RF ≥ 3, no unclean election) must also
 * never lose an acknowledged record. Everything derives from the seed, so a failure is
 * reproduced by running its seed again.
 */
export interface FuzzCase {
  seed: number;
  safe: boolean;
  setup: WorldSetup;
  commands: { atMs: number; command: Command }[];
  untilMs: number;
}

export interface FuzzResult {
  seed: number;
  safe: boolean;
  ok: boolean;
  steps: number;
  events: number;
  lostRecords: number;
  /** What went wrong, with the step and time. */
  violation: string | null;
  /** The events leading up to the violation (or the run's last ones). */
  recentEvents: TraceEvent[];
  /** The case, for printing when it fails. */
  faults: { atMs: number; command: Command }[];
  /** Partitions added or group members started while a broker was fenced (coverage of that check). */
  grewWhileFenced: number;
}

const pick = <T>(rng: RngState, items: readonly T[]): T => items[nextInt(rng, items.length)];
const between = (rng: RngState, min: number, max: number) => min + nextInt(rng, max - min + 1);

export function generateFuzzCase(seed: number): FuzzCase {
  const rng = createRng(seed ^ 0x5eed);
  const safe = nextFloat(rng) < 0.5;
  const brokerCount = between(rng, safe ? 3 : 1, 6);
  const brokers = Array.from({ length: brokerCount }, (_, i) => i + 1);
  const topics: TopicSetup[] = Array.from({ length: between(rng, 1, 3) }, (_, t) => {
    const replicationFactor = safe ? 3 : between(rng, 1, Math.min(3, brokerCount));
    return {
      name: `t${t}`,
      partitions: between(rng, 1, 6),
      replicationFactor,
      minInsyncReplicas: safe ? 2 : between(rng, 1, replicationFactor),
      uncleanLeaderElection: safe ? false : nextFloat(rng) < 0.5,
    };
  });
  const producers = Array.from({ length: between(rng, 1, 3) }, (_, i) => ({
    id: `p${i}`,
    topic: pick(rng, topics).name,
    acks: safe ? ('all' as Acks) : pick<Acks>(rng, [0, 1, 'all']),
    partitioner: pick<PartitionerName>(rng, ['default', 'round-robin', 'legacy', 'sticky']),
    lingerMs: pick(rng, [0, 5, 20]),
  }));
  const consumers: ConsumerSetup[] = Array.from({ length: between(rng, 0, 2) }, (_, i) => ({
    id: `c${i}`,
    topics: [pick(rng, topics).name],
    from: pick(rng, ['earliest', 'latest'] as const),
  }));
  // A consumer group on the first topic, under the same broker failures (its coordinator may die too).
  const assignors = pick<AssignorName[]>(rng, [
    ['range'],
    ['roundrobin'],
    ['sticky'],
    ['cooperative-sticky'],
    ['range', 'cooperative-sticky'],
  ]);
  const groupMember = (id: string): ConsumerSetup => ({
    id,
    group: 'g',
    topics: [topics[0].name],
    from: 'earliest',
    assignors,
    instanceId: nextFloat(rng) < 0.3 ? `${id}-host` : undefined,
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 1000,
  });
  const members = between(rng, 0, 3);
  for (let i = 0; i < members; i++) consumers.push(groupMember(`m${i}`));
  const untilMs = 60_000;
  const commands: FuzzCase['commands'] = producers.map((p) => ({
    atMs: between(rng, 0, 2000),
    command: {
      type: 'setProducerRate',
      producer: p.id,
      rate: between(rng, 5, 200),
      ...(nextFloat(rng) < 0.5 ? { keys: ['a', 'b', 'c', 'd', 'e'] } : {}),
    },
  }));
  const kinds = ['killBroker', 'shutdownBroker', 'restartBroker', 'restartBroker'] as const;
  for (let i = between(rng, 1, 10); i > 0; i--) {
    commands.push({
      atMs: between(rng, 500, untilMs - 10_000),
      command: { type: pick(rng, kinds), broker: pick(rng, brokers) },
    });
  }
  const memberKinds = ['crashConsumer', 'removeConsumer', 'addConsumer'] as const;
  for (let i = members === 0 ? 0 : between(rng, 0, 4); i > 0; i--) {
    const kind = pick(rng, memberKinds);
    const id = `m${nextInt(rng, members + 1)}`;
    const atMs = between(rng, 2000, untilMs - 10_000);
    commands.push({
      atMs,
      command:
        kind === 'addConsumer'
          ? { type: kind, consumer: groupMember(id) }
          : { type: kind, consumer: id },
    });
  }
  // Bring everyone back near the end, so recovery paths run too.
  for (const broker of brokers)
    commands.push({ atMs: untilMs - 8000, command: { type: 'restartBroker', broker } });
  const setup: WorldSetup = {
    seed,
    brokers,
    topics,
    producers,
    consumers,
    config: {
      network: { latencyMs: between(rng, 1, 20), jitterMs: between(rng, 0, 20) },
      // Shortened Kafka timeouts: more failovers per simulated minute.
      broker: {
        sessionTimeoutMs: 3000,
        heartbeatIntervalMs: 1000,
        controllerFailoverMs: 1500,
        leaderImbalanceCheckIntervalMs: 15_000,
      },
      replication: { replicaLagTimeMaxMs: 5000 },
      producer: { deliveryTimeoutMs: 20_000, requestTimeoutMs: 5000 },
      groups: { offsetsTopicPartitions: 5 },
    },
  };
  // Drawn last, so the draws above (and the cases they made) stay as they were.
  commands.push(...growthDuringFaults(rng, topics, untilMs));
  const quorum = drawFuzzQuorum(rng, untilMs);
  if (quorum.controllers !== undefined) setup.controllers = quorum.controllers;
  commands.push(...quorum.commands);
  // Drawn after the quorum, for the same reason.
  if (nextFloat(rng) < 0.5) commands.push(...logsThatAge(rng, setup, untilMs));
  commands.sort((a, b) => a.atMs - b.atMs);
  return { seed, safe, setup, commands, untilMs };
}

/**
 * Logs that age under the same faults: short segments, retention by time or size, compacted
 * topics (its producers then send keys: a compacted topic refuses records without one), the
 * cleaner and retention checks every few seconds; and a burst from a fast producer, held as
 * runs (recordRuns.ts), so runs are cut by fetches, rolls, retention and truncations.
 */
function logsThatAge(rng: RngState, setup: WorldSetup, untilMs: number): FuzzCase['commands'] {
  const topics = setup.topics as TopicSetup[];
  for (let i = 0; i < topics.length; i++) {
    const policy = pick(rng, ['delete', 'delete', 'compact', 'compact,delete'] as const);
    topics[i] = {
      ...topics[i],
      cleanupPolicy: policy,
      segmentMs: pick(rng, [2_000, 5_000, 10_000]),
      segmentBytes: pick(rng, [1_073_741_824, 4_000, 20_000]),
      retentionMs: pick(rng, [-1, 8_000, 20_000]),
      retentionBytes: pick(rng, [-1, 10_000, 60_000]),
      deleteRetentionMs: pick(rng, [0, 3_000]),
      minCleanableDirtyRatio: pick(rng, [0.1, 0.5]),
    };
  }
  setup.config = {
    ...setup.config,
    broker: {
      ...setup.config?.broker,
      logRetentionCheckIntervalMs: 4_000,
      logCleanerBackoffMs: 3_000,
    },
    replication: {
      ...setup.config?.replication,
      replicaFetchMaxBytes: pick(rng, [1_048_576, 3_000]),
    },
  };
  const commands: FuzzCase['commands'] = [];
  // A compacted topic's producers send keys.
  const compacted = new Set(topics.filter((t) => t.cleanupPolicy !== 'delete').map((t) => t.name));
  for (const p of setup.producers ?? [])
    if (p.topic !== undefined && compacted.has(p.topic))
      // After the producers' first rates (drawn within 2 s), which may have no keys.
      commands.push({
        atMs: 2_001,
        command: {
          type: 'setProducerRate',
          producer: p.id,
          rate: between(rng, 20, 200),
          keys: ['a', 'b', 'c', 'd'],
        },
      });
  // A fast burst (runs) from one producer, on a topic that only deletes.
  const fast = (setup.producers ?? []).find(
    (p) => p.topic !== undefined && !compacted.has(p.topic),
  );
  if (fast !== undefined) {
    const from = between(rng, 1_000, untilMs - 20_000);
    commands.push(
      {
        atMs: from,
        command: { type: 'setProducerRate', producer: fast.id, rate: pick(rng, [10_000, 20_000]) },
      },
      {
        atMs: from + between(rng, 1_000, 6_000),
        command: { type: 'setProducerRate', producer: fast.id, rate: between(rng, 5, 200) },
      },
    );
  }
  return commands;
}

/**
 * Partitions added and a new group started at random moments, often while a broker is fenced:
 * new replicas, leaders and coordinators must then avoid the fenced brokers.
 */
function growthDuringFaults(
  rng: RngState,
  topics: readonly TopicSetup[],
  untilMs: number,
): FuzzCase['commands'] {
  const commands: FuzzCase['commands'] = [];
  for (let i = between(rng, 0, 2); i > 0; i--) {
    commands.push({
      atMs: between(rng, 2000, untilMs - 10_000),
      command: { type: 'addPartitions', topic: pick(rng, topics).name, count: between(rng, 1, 3) },
    });
  }
  if (nextFloat(rng) < 0.5) {
    commands.push({
      atMs: between(rng, 2000, untilMs - 10_000),
      command: {
        type: 'addConsumer',
        consumer: { id: 'late', group: 'late-group', topics: [pick(rng, topics).name] },
      },
    });
  }
  return commands;
}

/**
 * Runs a case step by step through the app's run loop (a command at T applies after every
 * task due at T, as a click would); stops at the first violated invariant.
 */
export function runFuzzCase(fuzzCase: FuzzCase): FuzzResult {
  const world = createWorld(fuzzCase.setup);
  // A fuzz result reports invariants, not the trace hash: skip folding every event into it.
  world.hashTrace = false;
  const recent: TraceEvent[] = takeEmitted(world);
  const memory = createInvariantMemory();
  let steps = 0;
  let events = recent.length;
  let grewWhileFenced = 0;
  let violation: string | null = null;
  let controllerBefore = world.controllerId;
  const cursor = createCursor(byTime(fuzzCase.commands));
  runWithCommands(world, cursor, fuzzCase.untilMs, (emitted) => {
    steps++;
    events += emitted.length;
    for (const e of emitted) recent.push(e);
    // Trimmed in chunks, not one shift() per event: only the last events are reported.
    if (recent.length > 256) recent.splice(0, recent.length - 64);
    grewWhileFenced += countGrowthWhileFenced(world, emitted);
    const problems = checkStep(world, memory, emitted, controllerBefore);
    controllerBefore = world.controllerId;
    if (fuzzCase.safe && lostRecordsOf(world).length > 0) problems.push(describeLoss(world));
    if (problems.length === 0) return;
    violation = `step ${steps} at ${world.nowMs} ms: ${problems.join('; ')}`;
    return 'stop';
  });
  return {
    seed: fuzzCase.seed,
    safe: fuzzCase.safe,
    ok: violation === null,
    steps,
    events,
    lostRecords: lostRecordsOf(world).length,
    violation,
    recentEvents: recent.slice(-12),
    faults: fuzzCase.commands.filter((c) => c.command.type !== 'setProducerRate'),
    grewWhileFenced,
  };
}

function countGrowthWhileFenced(world: World, emitted: readonly TraceEvent[]): number {
  if (!world.brokers.some((b) => b.fenced)) return 0;
  return emitted.filter(
    (e) => e.type === 'partitionsAdded' || (e.type === 'consumerAdded' && e.group !== null),
  ).length;
}

function describeLoss(world: World): string {
  const lost = lostRecordsOf(world);
  const first = lost[0];
  return `${lost.length} acknowledged record(s) lost in a safe configuration, first ${first.producer}#${first.sequence} at ${first.topic}-${first.partition}@${first.offset}`;
}

/** The seeds `npm test` runs: fixed, so CI is reproducible. */
export const CI_FUZZ_SEEDS: readonly number[] = Array.from({ length: 40 }, (_, i) => 1000 + i);
