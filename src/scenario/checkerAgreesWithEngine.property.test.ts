/**
 * Property test (fast-check, fixed seed): the scenario checker and the engine agree. The
 * checker keeps a static model of the world over time (timeline.ts) so that "a command the
 * engine would refuse is a problem in the file instead" (docs/scenarios.md). Here random
 * scenarios are cut down to what the checker accepts, then run the way the app runs them
 * (compile, the timed command cursor, `runWithCommands`), and no command may come back as a
 * `commandRejected` event (one kind excepted, see `isUnassignedSeek`); nor may an expectation
 * name something the state report does not have at its time.
 *
 * The generator is deliberately naive: each step is a kind drawn from every `STEP_KINDS`
 * entry plus a few dice, read against the names the file declares (and a few it does not),
 * with no model of its own of what is alive when. The checker does the pruning: every step,
 * producer or consumer it reports a problem on is dropped and the file checked again, until
 * it is accepted. So what runs is exactly "whatever the checker lets through", not what a
 * second model in this test thinks is valid.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import {
  ASSIGNOR_NAMES,
  COMMAND_TYPES,
  PARTITIONER_NAMES,
  byTime,
  createCursor,
  createWorld,
  runWithCommands,
  snapshot,
  takeEmitted,
  type Command,
  type TraceEvent,
  type World,
} from '../engine';
import { compileScenario, loadScenario } from './compile';
import { scenarioSchema, type Scenario } from './schema';
import { STEP_KIND_NAMES, type StepKindName } from './steps';
import type { CompiledScenario, ScenarioProblem, TimedCommand } from './types';

const TOPICS = ['orders', 'clicks', 'audit.log'];
const PRODUCERS = ['app', 'shop', 'batch-job'];
/** The first ones may be declared; the rest only ever come from `addConsumer` steps. */
const CONSUMERS = ['c1', 'c2', 'c3', 'late-1', 'late-2'];
const GROUPS = ['billing', 'stats'];
/** A name no declaration uses (unless an addConsumer step brings it): steps naming it are refused. */
const STRANGER = 'nobody';

type Dice = readonly number[];
type Doc = Record<string, unknown>;

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length];
}

/** What the dice of one scenario are; `buildScenario` reads them into a scenario file. */
interface Plan {
  seed: number;
  durationS: number;
  brokers: { count: number; ids: number[]; asList: boolean };
  topics: Dice[];
  producers: Dice[];
  consumers: Dice[];
  timing: Dice;
  steps: { kind: StepKindName; dice: Dice }[];
}

const dice = (n: number) => fc.array(fc.nat(999), { minLength: n, maxLength: n });

const arbPlan: fc.Arbitrary<Plan> = fc.record({
  seed: fc.nat(1000),
  durationS: fc.integer({ min: 4, max: 20 }),
  brokers: fc.record({
    count: fc.integer({ min: 1, max: 4 }),
    ids: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }),
    asList: fc.boolean(),
  }),
  topics: fc.array(dice(4), { minLength: 1, maxLength: 3 }),
  producers: fc.array(dice(6), { minLength: 1, maxLength: 3 }),
  consumers: fc.array(dice(10), { maxLength: 3 }),
  timing: dice(9),
  steps: fc.array(fc.record({ kind: fc.constantFrom(...STEP_KIND_NAMES), dice: dice(12) }), {
    minLength: 5,
    maxLength: 40,
    size: 'max',
  }),
});

/** Names as the file would use them: mostly declared ones, now and then an unknown one. */
interface Names {
  brokers: number[];
  topics: string[];
  producers: string[];
  consumers: string[];
  partitions: number;
}

function someName(list: readonly string[], d: number): string {
  return d % 29 === 0 ? STRANGER : pick(list, d);
}

function keyFields(d: Dice): Doc {
  switch (d[0] % 4) {
    case 0:
      return { key: pick(['alice', 'bob', ''], d[1]) };
    case 1:
      return d[1] % 2 === 0 ? { keys: ['a', 'b', 'c'] } : { keys: ['x', 'y'], keyOrder: 'cycle' };
    case 2:
      return { key: null };
    default:
      return {};
  }
}

function consumerDeclaration(id: string, d: Dice, names: Names): Doc {
  const c: Doc = { id };
  const group = d[0] % 3 === 0 ? undefined : pick(GROUPS, d[1]);
  if (group !== undefined) c.group = group;
  const two = names.topics.length > 1 && d[2] % 3 === 0;
  const first = someName(names.topics, d[3]);
  if (two) c.topics = [first, pick(names.topics, d[3] + 1)];
  else if (d[2] % 2 === 0) c.topics = [first];
  else c.topic = first;
  const from =
    group === undefined
      ? ['earliest', 'latest', 0, 3, undefined]
      : ['earliest', 'latest', undefined];
  const start = pick(from, d[4]);
  if (start !== undefined) c.from = start;
  if (group !== undefined) {
    const lists = [
      undefined,
      undefined,
      undefined,
      ['range'],
      ['roundrobin'],
      ['cooperative-sticky'],
      ['sticky', 'range'],
      [...ASSIGNOR_NAMES],
    ];
    const assignors = pick(lists, d[5]);
    if (assignors !== undefined) c.assignors = assignors;
    if (d[6] % 5 === 0) c.instanceId = `host-${d[6] % 3}`;
    if (d[7] % 4 === 0) c.maxPollInterval = pick(['1500ms', '3s'], d[7]);
    if (d[8] % 5 === 0) c.autoCommit = false;
    if (d[9] % 4 === 0) c.sessionTimeout = pick(['2s', '5s'], d[9]);
  }
  return c;
}

function consumerTarget(names: Names, d: Dice): unknown {
  const id = someName(names.consumers, d[0]);
  return d[1] % 4 === 0 ? { consumer: id } : id;
}

function brokerTarget(names: Names, d: Dice): unknown {
  const id = d[0] % 31 === 0 ? 42 : pick(names.brokers, d[0]);
  return d[1] % 4 === 0 ? { broker: id } : id;
}

function partitionOf(names: Names, d: number): number {
  // One past the declared count now and then: valid only after an addPartitions.
  return d % (names.partitions + 2);
}

const EXPECTATIONS = [
  (n: Names, d: Dice) => `producers[${pick(n.producers, d[0])}].acked >= 0`,
  (n: Names, d: Dice) => `brokers[${pick(n.brokers, d[0])}].alive == true`,
  (n: Names, d: Dice) => `leaderOf(${pick(n.topics, d[0])}, ${partitionOf(n, d[1])}) >= -1`,
  (n: Names, d: Dice) => `consumers[${pick(n.consumers, d[0])}].consumed >= 0`,
  (_n: Names, d: Dice) => `groups[${pick(GROUPS, d[0])}].members.length >= 0`,
  () => 'lostRecords.length >= 0',
];

function focusIds(names: Names, d: Dice): string[] {
  const ids = [
    `broker:${pick(names.brokers, d[0])}`,
    `log:${pick(names.topics, d[1])}-${partitionOf(names, d[2])}`,
    `consumer:${pick(names.consumers, d[3])}`,
    `group:${pick(GROUPS, d[4])}`,
    `producer:${pick(names.producers, d[5])}`,
  ];
  return ids.filter((_, i) => d[6 + (i % 4)] % 2 === 0);
}

/** One step's value, from its dice. */
function stepValue(kind: StepKindName, d: Dice, names: Names): unknown {
  switch (kind) {
    case 'produce': {
      const v: Doc = { producer: someName(names.producers, d[0]), ...keyFields(d.slice(1)) };
      if (d[3] % 3 === 0) v.topic = someName(names.topics, d[4]);
      if (d[5] % 2 === 0) v.count = 1 + (d[5] % 10);
      if (d[6] % 3 === 0) v.partition = partitionOf(names, d[7]);
      if (d[8] % 5 === 0) v.value = d[8] % 2 === 0 ? null : 'v';
      if (d[9] % 7 === 0) v.headers = { trace: '1' };
      return v;
    }
    case 'rate':
      return {
        producer: someName(names.producers, d[0]),
        rate: pick([0, 1, 5, 20], d[1]),
        ...(d[2] % 2 === 0 ? keyFields(d.slice(3)) : {}),
      };
    case 'configure': {
      const v: Doc = { producer: someName(names.producers, d[0]) };
      if (d[1] % 3 !== 0) v.partitioner = pick(PARTITIONER_NAMES, d[2]);
      if (d[3] % 3 !== 1) v.acks = pick([0, 1, -1, 'all'], d[4]);
      return v;
    }
    case 'seek': {
      const v: Doc = {
        consumer: someName(names.consumers, d[0]),
        offset: pick(['earliest', 'latest', d[1] % 40], d[2]),
      };
      if (d[3] % 3 !== 0) v.topic = someName(names.topics, d[4]);
      if (d[5] % 2 === 0) v.partition = partitionOf(names, d[6]);
      return v;
    }
    case 'say':
      return d[0] % 2 === 0
        ? 'Something happens.'
        : { text: 'Look here.', focus: focusIds(names, d.slice(1)) };
    case 'ask': {
      // A comparison asks yes or no; its moment is never 0 (a question needs one after the start).
      const v: Doc = { question: 'What now?', answer: pick(EXPECTATIONS, d[1])(names, d.slice(2)) };
      return v;
    }
    case 'expect':
      return d[0] % 3 === 0
        ? [pick(EXPECTATIONS, d[1])(names, d.slice(2)), pick(EXPECTATIONS, d[5])(names, d.slice(6))]
        : pick(EXPECTATIONS, d[1])(names, d.slice(2));
    case 'killBroker':
    case 'shutdownBroker':
    case 'restartBroker':
      return brokerTarget(names, d);
    case 'killController':
    case 'restartController': {
      // Mostly an isolated controller's id; now and then a broker's or nobody's.
      const id = pick([3000, 3001, 3002, 3000, 3001, 3002, names.brokers[0], 42], d[0]);
      return d[1] % 4 === 0 ? { controller: id } : id;
    }
    case 'addConsumer':
      return consumerDeclaration(pick(names.consumers, d[0]), d.slice(1), names);
    case 'removeConsumer':
    case 'crashConsumer':
    case 'pauseConsumer':
    case 'stallConsumer':
    case 'resumeConsumer':
    case 'commit':
      return consumerTarget(names, d);
    case 'addPartitions':
      return { topic: someName(names.topics, d[0]), count: 1 + (d[1] % 2) };
    case 'killStreamsInstance':
    case 'stopStreamsInstance':
    case 'restartStreamsInstance':
      return pick(['app-1', 'app-2', 'app-3', STRANGER], d[0]);
    case 'addStreamsInstance':
      return d[0] % 7 === 0 ? STRANGER : 'app';
  }
}

/**
 * Half the time a step brings a later one on the same target (a pause its resume, a crash its
 * restart, a new consumer a seek or a commit): independent steps rarely line up like that, and
 * these sequences are where a static model of who is alive when can go wrong.
 */
function followUp(
  kind: StepKindName,
  value: unknown,
  d: Dice,
  names: Names,
): [StepKindName, unknown] | null {
  if (d[10] % 2 === 1) return null;
  const target = (v: unknown, field: string) =>
    typeof v === 'object' && v !== null ? (v as Doc)[field] : v;
  switch (kind) {
    case 'pauseConsumer':
    case 'stallConsumer':
      return ['resumeConsumer', value];
    case 'killBroker':
    case 'shutdownBroker':
      return ['restartBroker', value];
    case 'killController':
      return ['restartController', value];
    case 'crashConsumer':
    case 'removeConsumer':
      return [
        'addConsumer',
        consumerDeclaration(String(target(value, 'consumer')), d.slice(2), names),
      ];
    case 'addConsumer': {
      const id = target(value, 'id');
      return d[2] % 3 === 0
        ? ['commit', id]
        : ['seek', { consumer: id, offset: pick(['earliest', 'latest', 2], d[3]) }];
    }
    case 'killStreamsInstance':
    case 'stopStreamsInstance':
      return ['restartStreamsInstance', value];
    case 'addStreamsInstance':
      return ['killStreamsInstance', `app-${1 + (d[2] % 4)}`];
    case 'addPartitions':
    case 'commit':
    case 'configure':
    case 'restartStreamsInstance':
    case 'ask':
    case 'expect':
    case 'produce':
    case 'rate':
    case 'restartBroker':
    case 'restartController':
    case 'resumeConsumer':
    case 'say':
    case 'seek':
      return null;
  }
}

function buildScenario(plan: Plan): Doc {
  const brokerIds = plan.brokers.asList
    ? [...plan.brokers.ids].sort((a, b) => a - b)
    : Array.from({ length: plan.brokers.count }, (_, i) => i + 1);
  const topicNames = TOPICS.slice(0, plan.topics.length);
  const topics = plan.topics.map((d, i) => {
    const replicationFactor = 1 + (d[1] % Math.min(3, brokerIds.length));
    const t: Doc = { name: topicNames[i], partitions: 1 + (d[0] % 3), replicationFactor };
    if (d[2] % 3 === 0) t.minInsyncReplicas = 1 + (d[2] % replicationFactor);
    if (d[3] % 4 === 0) t.uncleanLeaderElection = true;
    return t;
  });
  const names: Names = {
    brokers: brokerIds,
    topics: topicNames,
    producers: PRODUCERS.slice(0, plan.producers.length),
    consumers: CONSUMERS,
    partitions: 3,
  };
  const producers = plan.producers.map((d, i) => {
    const p: Doc = { id: names.producers[i] };
    const topic = d[0] % 4 === 0 ? undefined : pick(topicNames, d[1]);
    if (topic !== undefined) p.topic = topic;
    if (d[2] % 3 === 0) p.acks = pick([0, 1, 'all'], d[2]);
    if (d[3] % 3 === 0) p.partitioner = pick(PARTITIONER_NAMES, d[3]);
    if (topic !== undefined && d[4] % 2 === 0) {
      p.rate = pick([1, 5, 10], d[4]);
      Object.assign(p, keyFields(d.slice(5)));
    }
    return p;
  });
  const consumers = plan.consumers.map((d, i) => consumerDeclaration(CONSUMERS[i], d, names));
  const t = plan.timing;
  const durationMs = plan.durationS * 1000;
  const slots = durationMs / 250;
  return {
    title: 'checker agrees with engine',
    seed: plan.seed,
    duration: `${plan.durationS}s`,
    cluster: {
      brokers: plan.brokers.asList ? brokerIds : brokerIds.length,
      topics,
      brokerSessionTimeout: pick(['2s', '4s', '9s'], t[0]),
      brokerHeartbeatInterval: '500ms',
      controllerFailover: pick(['500ms', '1s', '3s'], t[1]),
      groupInitialRebalanceDelay: pick([0, '500ms', '3s'], t[2]),
      offsetsTopicPartitions: 1 + (t[3] % 4),
      replicaLagTimeMax: pick(['2s', '10s'], t[4]),
      // Isolated controllers a third of the time (their steps need them), a lone combined voter a third.
      ...(t[8] % 3 === 0
        ? { controllers: { mode: 'isolated', voters: 3 } }
        : t[8] % 3 === 1
          ? { controllers: { voters: 1 } }
          : {}),
    },
    consumerDefaults: { sessionTimeout: pick(['3s', '6s'], t[5]), heartbeatInterval: '1s' },
    producers,
    consumers,
    // A streams application (a cheap CSAS) half the time: its instance steps are checked too.
    ...(t[6] % 2 === 0
      ? {
          streams: [
            {
              id: 'app',
              instances: 1 + (t[7] % 2),
              statements: `CREATE STREAM src (v VARCHAR) WITH (KAFKA_TOPIC='${topicNames[0]}', VALUE_FORMAT='KAFKA');\nCREATE STREAM copied AS SELECT * FROM src;`,
            },
          ],
        }
      : {}),
    steps: plan.steps.flatMap(({ kind, dice: d }) => {
      // Times on a 250 ms grid so that steps often share a moment (file order decides then).
      const at = (d[11] % (slots + 1)) * 250;
      const value = stepValue(kind, d, names);
      const next = followUp(kind, value, d, names);
      const steps: Doc[] = [{ at, [kind]: value }];
      if (next !== null)
        steps.push({ at: Math.min(durationMs, at + 250 * (d[9] % 16)), [next[0]]: next[1] });
      return steps;
    }),
  };
}

/** `steps[3].produce.producer` → ['steps', 3]; a problem outside a list element → null. */
function listElementOf(p: ScenarioProblem): [string, number] | null {
  const m = /^(steps|producers|consumers)\[(\d+)\]/.exec(p.path);
  return m === null ? null : [m[1], Number(m[2])];
}

/**
 * Drops every step, producer and consumer the checker has a problem with, until it accepts the
 * file (each round only removes, so this ends); null when a problem is elsewhere (the cluster).
 */
function pruneUntilAccepted(doc: Doc): { compiled: CompiledScenario | null; doc: Doc } {
  let current = doc;
  for (;;) {
    const r = loadScenario(stringify(current), 'random.yaml');
    if (r.ok) return { compiled: r.value, doc: current };
    const bad = new Map<string, Set<number>>();
    for (const p of r.problems) {
      const where = listElementOf(p);
      if (where === null) return { compiled: null, doc: current };
      bad.set(where[0], (bad.get(where[0]) ?? new Set()).add(where[1]));
    }
    current = { ...current };
    for (const [field, indexes] of bad)
      current[field] = (current[field] as unknown[]).filter((_, i) => !indexes.has(i));
  }
}

interface Rejection {
  path: string;
  atMs: number;
  command: Command;
  reason: string;
}

interface EngineRun {
  /** Commands the engine refused that the checker could have known about: must be none. */
  rejections: Rejection[];
  /** Seeks of group members on partitions their group has not (yet) assigned them (see below). */
  unassignedSeeks: Rejection[];
  /** Commands the engine applied (accepted), by type. */
  applied: Command['type'][];
  /** Expectations whose references the report could not resolve ("nothing: …"). */
  unresolved: string[];
}

/**
 * Which partitions a group member owns is the coordinator's decision at run time (members,
 * assignor, timing), so a `seek` of a member to a partition it does not own (yet) is refused by
 * the engine as Kafka refuses it (`KafkaConsumer.seek`: IllegalStateException, "No current
 * assignment for partition"), and no static check can see every such case. Only those are set
 * aside: a seek of a consumer that the commands so far made a group member, refused for that
 * reason. A plain consumer owns every partition its metadata lists: its topics' partitions
 * when it started, and those added later once a metadata refresh lists them (run time too: a
 * refresh comes after a fetch error or metadata.max.age.ms). Its seeks must all pass but those
 * naming a partition its metadata does not list yet.
 */
function isUnassignedSeek(
  r: Rejection,
  groupOf: ReadonlyMap<string, string | null>,
  world: World,
): boolean {
  if (r.command.type !== 'seek' || !/is not assigned/.test(r.reason)) return false;
  if ((groupOf.get(r.command.consumer) ?? null) !== null) return true;
  const consumer = world.consumers[r.command.consumer];
  const topic = r.command.topic ?? consumer.topics[0];
  const known = consumer.metadata.leaders.get(topic)?.length ?? 0;
  return r.command.partition !== undefined && r.command.partition >= known;
}

/**
 * Whether the controller quorum has an active controller at a moment is run time too (a
 * failover's length, a broker restarted into a quorum that lost its majority waits to
 * register), and so is every running broker being fenced (session timeouts, a restarted
 * broker catching up: the addPartitions check says so). CreatePartitions refused for either
 * reason is set aside the same way, and so is a later produce or seek naming a partition it
 * would have made.
 */
function isWithoutController(r: Rejection, refusedTopics: Set<string>, world: World): boolean {
  if (
    r.command.type === 'addPartitions' &&
    /no active controller|all brokers are currently fenced/.test(r.reason)
  ) {
    refusedTopics.add(r.command.topic);
    return true;
  }
  // What follows from it: a later step naming a partition that CreatePartitions would have made.
  const topic =
    r.command.type === 'produce'
      ? (r.command.topic ?? world.producers[r.command.producer]?.topic)
      : r.command.type === 'seek'
        ? r.command.topic
        : undefined;
  return (
    topic !== undefined &&
    topic !== null &&
    refusedTopics.has(topic) &&
    /has no partition|is not assigned/.test(r.reason)
  );
}

/** Runs a compiled scenario as the app does (timed command cursor) and records what the engine refused. */
function runInEngine(compiled: CompiledScenario): EngineRun {
  const world = createWorld(compiled.setup);
  takeEmitted(world);
  const groupOf = new Map<string, string | null>();
  for (const c of compiled.setup.consumers ?? []) groupOf.set(c.id, c.group ?? null);
  const entries = byTime(compiled.commands);
  const cursor = createCursor(entries);
  const run: EngineRun = { rejections: [], unassignedSeeks: [], applied: [], unresolved: [] };
  /** Topics whose CreatePartitions was refused for want of a controller or an unfenced broker. */
  const refusedTopics = new Set<string>();
  const expectations = [...compiled.expectations].sort((a, b) => a.atMs - b.atMs);
  let seen = 0;
  const onStep = (events: TraceEvent[]) => {
    if (cursor.next === seen) return; // a task's step, not a command's
    const entry = entries[cursor.next - 1] as TimedCommand;
    seen = cursor.next;
    const refused = events.find((e) => e.type === 'commandRejected');
    if (refused === undefined) {
      run.applied.push(entry.command.type);
      if (entry.command.type === 'addConsumer')
        groupOf.set(entry.command.consumer.id, entry.command.consumer.group ?? null);
      return;
    }
    const { path = '?', atMs, command } = entry;
    const rejection = { path, atMs, command, reason: refused.reason };
    if (
      isUnassignedSeek(rejection, groupOf, world) ||
      isWithoutController(rejection, refusedTopics, world)
    )
      run.unassignedSeeks.push(rejection);
    else run.rejections.push(rejection);
  };
  for (const e of expectations) {
    runWithCommands(world, cursor, e.atMs, onStep);
    const result = e.check(snapshot(world));
    if (/^nothing: |^\(/.test(result.actual) || /^\(/.test(result.expected))
      run.unresolved.push(`${e.path ?? ''} at ${e.atMs}ms: ${e.source} → ${result.actual}`);
  }
  runWithCommands(world, cursor, compiled.durationMs, onStep);
  return run;
}

const RUNS = 150;

describe('the scenario checker and the engine agree (property test, fixed seed)', () => {
  it('no command of a scenario the checker accepts is rejected by the engine (seed 111)', () => {
    const appliedByType = new Map<string, number>();
    const stepKinds = new Map<string, number>();
    let accepted = 0;
    fc.assert(
      fc.property(arbPlan, (plan) => {
        const { compiled, doc } = pruneUntilAccepted(buildScenario(plan));
        if (compiled === null) return;
        accepted++;
        for (const step of doc.steps as Doc[]) {
          const kind = Object.keys(step).find((k) => k !== 'at') as string;
          stepKinds.set(kind, (stepKinds.get(kind) ?? 0) + 1);
        }
        const run = runInEngine(compiled);
        for (const type of run.applied) appliedByType.set(type, (appliedByType.get(type) ?? 0) + 1);
        expect(run.rejections, stringify(doc)).toEqual([]);
        // A partition whose CreatePartitions waited in vain for a controller is not there.
        const ungrown = run.unassignedSeeks.flatMap((r) =>
          r.command.type === 'addPartitions' ? [r.command.topic] : [],
        );
        const unresolved = run.unresolved.filter(
          (u) => !ungrown.some((topic) => u.includes(`topic "${topic}" has no partition`)),
        );
        expect(unresolved, stringify(doc)).toEqual([]);
      }),
      { seed: 111, numRuns: RUNS },
    );
    // Not vacuous: nearly every scenario survives the checker, and every command type was
    // accepted by both sides, and every step kind let through, many times over.
    expect(accepted).toBeGreaterThan(RUNS * 0.9);
    for (const type of COMMAND_TYPES)
      expect(appliedByType.get(type) ?? 0, type).toBeGreaterThanOrEqual(10);
    for (const kind of STEP_KIND_NAMES)
      expect(stepKinds.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(10);
  }, 60_000);
});

/** A scenario as the schema reads it, compiled without the checker: what the engine would do with it. */
function compileUnchecked(text: string): CompiledScenario {
  return compileScenario(scenarioSchema.parse(parseYaml(text)) as Scenario);
}

function problemsOf(text: string): string[] {
  const r = loadScenario(text);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('what the property test found: a seek of a group member before it owns a partition', () => {
  const file = (options: { cluster?: string; consumer?: string; steps: string }) => `
title: seek a group member
duration: 8s
network: { latency: ${options.cluster?.includes('latency0') === true ? 0 : 10}, jitter: 0 }
cluster:
  brokers: 1
  topics: [{ name: orders, partitions: 1 }]
${options.cluster?.replace('latency0', '') ?? ''}
consumers:
  - { id: c1, group: billing, topic: orders, from: earliest${options.consumer ?? ''} }
steps:
${options.steps}`;

  it('is a problem in the file before the first rebalance can end, and the engine refuses it', () => {
    const text = file({ steps: '  - { at: 2s, seek: { consumer: c1, offset: 0 } }' });
    expect(problemsOf(text)).toEqual([
      'steps[0].seek: consumer "c1" owns no partition yet: group "billing" hands out partitions at its first rebalance, which cannot end before 3s (its first member starts at the start, then the group waits groupInitialRebalanceDelay, or a shorter maxPollInterval, for more): seek after that',
    ]);
    expect(runInEngine(compileUnchecked(text)).unassignedSeeks).toHaveLength(1);
  });

  it('counts from the step that starts the group', () => {
    const text = file({
      cluster: '  groupInitialRebalanceDelay: 1s',
      steps: [
        '  - { at: 4s, addConsumer: { id: c2, group: stats, topic: orders } }',
        '  - { at: 4500ms, seek: { consumer: c2, offset: 0 } }',
      ].join('\n'),
    });
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(
        /^steps\[1\]\.seek: .* cannot end before 5s \(its first member starts at 4s \(steps\[0\]\)/,
      ),
    ]);
    expect(runInEngine(compileUnchecked(text)).unassignedSeeks).toHaveLength(1);
  });

  it.each([
    ['after the initial delay', { steps: '  - { at: 4s, seek: { consumer: c1, offset: 0 } }' }],
    [
      'at once, with no initial delay and no network latency',
      {
        cluster: '  groupInitialRebalanceDelay: 0\nlatency0',
        steps: '  - { at: 0, seek: { consumer: c1, offset: 0 } }',
      },
    ],
    [
      'once a shorter maxPollInterval (the rebalance timeout) ends the wait',
      {
        consumer: ', maxPollInterval: 1s',
        steps: '  - { at: 1500ms, seek: { consumer: c1, offset: 0 } }',
      },
    ],
  ])('is accepted by both %s', (_, options) => {
    const text = file(options);
    expect(problemsOf(text)).toEqual([]);
    const run = runInEngine(compileUnchecked(text));
    expect([...run.rejections, ...run.unassignedSeeks]).toEqual([]);
    expect(run.applied).toEqual(['seek']);
  });
});
