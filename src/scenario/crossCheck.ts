import type { z } from 'zod';
import {
  DEFAULT_CONFIG,
  dict,
  idempotenceProblem,
  quorumSetupProblem,
  resolveQuorum,
  topicCollision,
} from '../engine';
import {
  checkConsumerDeclaration,
  consumerDefaultsSchema,
  consumerSchema,
  consumerTopics,
  type ConsumerDeclaration,
  type ConsumerDefaultsDeclaration,
} from './consumers';
import { formatDuration } from './durations';
import { duration } from './fields';
import { missingBroker, missingTopic, type Known, type KnownConsumer, type Moment } from './known';
import { LIMITS } from './limits';
import { salvage, type PendingProblem } from './problems';
import {
  clusterSchema,
  producerDefaultsSchema,
  producerSchema,
  topicSchema,
  type ProducerDefaultsDeclaration,
} from './schema';
import type { ProducerDeclaration, scenarioShellSchema, TopicDeclaration } from './schema';
import {
  STEP_KINDS,
  stepKindOf,
  type ProblemPath,
  type Step,
  type StepCheckContext,
  type StepKind,
} from './steps';
import {
  instanceIdsOf,
  statementProblems,
  streamsAppSchema,
  groupsCreatedBy,
  topicsCreatedBy,
  type StreamsAppDeclaration,
} from './streamsApps';
import { createTimeline, joinProblem, startConsumer, type Timeline } from './timeline';

/**
 * Checks that need more than one field: references between parts of the file (a step's
 * producer, a consumer's topic, replica brokers), duplicates, and totals. They run on every
 * part that is valid on its own, so one broken topic does not hide a typo in a step.
 */

type Shell = z.output<typeof scenarioShellSchema>;

interface Item<T> {
  index: number;
  value: T;
  /** The element as written: checks for a field's absence look here, not at a salvaged value. */
  raw?: unknown;
}

/** Whether the element as written has the field (salvage may have removed a bad one). */
function has(item: Item<unknown>, field: string): boolean {
  return isMap(item.raw) && item.raw[field] !== undefined;
}

/** The declarations that validated, each with its index in the file. */
export interface Declarations {
  brokers?: number[];
  /** Names and ids as written, valid or not, for duplicate checks. */
  names: {
    topics: Item<string>[];
    producers: Item<string>[];
    consumers: Item<string>[];
    streams: Item<string>[];
  };
  topics: Item<TopicDeclaration>[];
  producers: Item<ProducerDeclaration>[];
  consumers: Item<ConsumerDeclaration>[];
  streams: Item<StreamsAppDeclaration>[];
  /** The cluster's timing fields, when they validated. */
  clusterTiming?: ClusterTiming;
  producerDefaults?: ProducerDefaultsDeclaration;
  consumerDefaults?: ConsumerDefaultsDeclaration;
}

type ClusterTiming = Omit<z.output<typeof clusterSchema>, 'brokers' | 'topics'>;

type Report = (problem: PendingProblem) => void;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses each element of a raw list on its own, keeping those that are valid (or can be salvaged). */
function validItems<T>(raw: unknown, schema: z.ZodType<T>): Item<T>[] {
  if (!Array.isArray(raw)) return [];
  const out: Item<T>[] = [];
  raw.forEach((item, index) => {
    const r = schema.safeParse(item);
    const value = r.success ? r.data : salvage(schema, item, r.error.issues);
    if (value !== undefined) out.push({ index, value, raw: item });
  });
  return out;
}

/** Ids (or names) of the raw list's elements that have one, for duplicate checks. */
function rawIds(raw: unknown, field: string): { index: number; id: string }[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item, index) =>
    isMap(item) && typeof item[field] === 'string' ? [{ index, id: item[field] }] : [],
  );
}

export function gatherDeclarations(raw: unknown, shell: Shell | undefined): Declarations {
  const top = isMap(raw) ? raw : {};
  const cluster = isMap(top.cluster) ? top.cluster : {};
  const withRaw = <T>(list: readonly T[], rawList: unknown): Item<T>[] =>
    list.map((value, i) => ({
      index: i,
      value,
      raw: Array.isArray(rawList) ? rawList[i] : undefined,
    }));
  const toItems = (list: { index: number; id: string }[]) =>
    list.map(({ index: i, id }) => ({ index: i, value: id }));
  const names = {
    topics: toItems(rawIds(cluster.topics, 'name')),
    producers: toItems(rawIds(top.producers, 'id')),
    consumers: toItems(rawIds(top.consumers, 'id')),
    streams: toItems(rawIds(top.streams, 'id')),
  };
  if (shell !== undefined) {
    return {
      names,
      brokers: shell.cluster.brokers,
      topics: withRaw(shell.cluster.topics, cluster.topics),
      producers: withRaw(shell.producers, top.producers),
      consumers: withRaw(shell.consumers, top.consumers),
      streams: withRaw(shell.streams, top.streams),
      clusterTiming: shell.cluster,
      producerDefaults: shell.producerDefaults,
      consumerDefaults: shell.consumerDefaults,
    };
  }
  const brokers = clusterSchema.shape.brokers.safeParse(cluster.brokers);
  return {
    names,
    brokers: brokers.success ? brokers.data : undefined,
    topics: validItems(cluster.topics, topicSchema),
    producers: validItems(top.producers, producerSchema),
    consumers: validItems(top.consumers, consumerSchema),
    streams: validItems(top.streams, streamsAppSchema),
    clusterTiming: lenient(clusterSchema.omit({ brokers: true, topics: true }), cluster),
    producerDefaults: lenient(producerDefaultsSchema, top.producerDefaults),
    consumerDefaults: lenient(consumerDefaultsSchema, top.consumerDefaults),
  };
}

/** The valid part of a map (its bad fields removed), or undefined. */
function lenient<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (raw === undefined) return undefined;
  const r = schema.safeParse(raw);
  return r.success ? r.data : salvage(schema, raw, r.error.issues);
}

/**
 * Names declared in the file, read leniently from the raw data: a topic with a broken field
 * still has its name, so steps naming it are not reported as naming an unknown topic.
 */
export function buildKnown(
  raw: unknown,
  decl: Declarations,
  steps: readonly (Step | undefined)[],
): Known {
  const top = isMap(raw) ? raw : {};
  const cluster = isMap(top.cluster) ? top.cluster : undefined;
  const d = duration().safeParse(top.duration);
  const known: Known = { durationMs: d.success ? d.data : undefined, brokerIds: decl.brokers };
  const quorum = decl.clusterTiming?.controllers;
  if (quorum !== undefined && decl.brokers !== undefined)
    known.controllers = resolveQuorum(quorum, decl.brokers);

  const topicList = cluster === undefined ? undefined : (cluster.topics ?? []);
  if (Array.isArray(topicList)) {
    const topics = new Map<string, { partitions?: number }>();
    for (const t of topicList)
      if (isMap(t) && typeof t.name === 'string' && !topics.has(t.name)) topics.set(t.name, {});
    const first = firstIndexes(decl.names.topics);
    for (const { index, value } of decl.topics) {
      if (first.get(value.name) === index)
        topics.set(value.name, { partitions: value.partitions ?? value.replicaAssignment?.length });
    }
    known.topics = topics;
  }

  const producerList = top.producers ?? [];
  if (Array.isArray(producerList)) {
    const producers = new Map<string, { topic?: string | null }>();
    for (const p of producerList)
      if (isMap(p) && typeof p.id === 'string' && !producers.has(p.id)) producers.set(p.id, {});
    const first = firstIndexes(decl.names.producers);
    for (const item of decl.producers) {
      const topic = item.value.topic ?? (has(item, 'topic') ? undefined : null);
      if (first.get(item.value.id) === item.index) producers.set(item.value.id, { topic });
    }
    known.producers = producers;
  }

  const consumerList = top.consumers ?? [];
  if (Array.isArray(consumerList)) {
    const consumers = new Map<string, KnownConsumer>();
    for (const c of consumerList)
      if (isMap(c) && typeof c.id === 'string' && !consumers.has(c.id)) consumers.set(c.id, {});
    const first = firstIndexes(decl.names.consumers);
    for (const item of decl.consumers) {
      const complete =
        has(item, 'topic') === (item.value.topic !== undefined) &&
        has(item, 'topics') === (item.value.topics !== undefined) &&
        has(item, 'group') === (item.value.group !== undefined);
      if (first.get(item.value.id) === item.index)
        consumers.set(item.value.id, {
          topics: complete ? consumerTopics(item.value) : undefined,
          group: complete ? (item.value.group ?? null) : undefined,
        });
    }
    known.consumers = consumers;
  }
  // Topics the streams applications create are there from the start: steps may name them.
  const topicsNow = known.topics as Map<string, { partitions?: number }> | undefined;
  if (topicsNow !== undefined) {
    const catalog = catalogOf(topicsNow);
    for (const { value } of decl.streams)
      for (const t of topicsCreatedBy(value, catalog))
        if (!topicsNow.has(t.name)) topicsNow.set(t.name, { partitions: t.partitions });
  }
  const apps = new Map<string, { instances: number }>();
  for (const { value } of decl.streams)
    if (!apps.has(value.id)) apps.set(value.id, { instances: value.instances ?? 1 });
  for (const a of Array.isArray(top.streams) ? top.streams : [])
    if (isMap(a) && typeof a.id === 'string' && !apps.has(a.id)) apps.set(a.id, { instances: 1 });
  known.streamsApps = apps;
  known.consumerDefaults = decl.consumerDefaults;
  known.groupInitialRebalanceDelayMs = decl.clusterTiming?.groupInitialRebalanceDelay;

  const groups = new Set<string>();
  for (const c of decl.consumers) if (c.value.group !== undefined) groups.add(c.value.group);
  // Each streams query is a consumer group named by its application id: expectations may name it.
  const streamsGroups = new Set<string>();
  if (topicsNow !== undefined) {
    const catalog = catalogOf(topicsNow);
    for (const { value } of decl.streams)
      for (const id of groupsCreatedBy(value, catalog)) {
        groups.add(id);
        streamsGroups.add(id);
      }
  }
  known.streamsGroups = streamsGroups;
  for (const c of Array.isArray(consumerList) ? consumerList : [])
    if (isMap(c) && typeof c.group === 'string') groups.add(c.group);

  // Steps in the order they run: the first addConsumer of an id is the one that brings it.
  const running = steps
    .map((step, index) => ({ step, index }))
    .filter((x): x is { step: Step; index: number } => x.step !== undefined)
    .sort((a, b) => a.step.at - b.step.at || a.index - b.index);
  for (const { step, index } of running) {
    const kind = STEP_KINDS[stepKindOf(step)] as StepKind;
    const declared = kind.declares?.((step as Record<string, unknown>)[stepKindOf(step)]);
    const producers = known.producers as Map<string, { topic?: string | null }> | undefined;
    const consumers = known.consumers as Map<string, KnownConsumer> | undefined;
    for (const id of declared?.producers ?? []) if (!producers?.has(id)) producers?.set(id, {});
    for (const c of declared?.consumers ?? []) {
      if (c.group !== null) groups.add(c.group);
      if (consumers === undefined || consumers.has(c.id)) continue;
      consumers.set(c.id, {
        topics: c.topics,
        group: c.group,
        addedBy: { atMs: step.at, stepIndex: index },
      });
    }
  }
  known.groups = groups;
  return known;
}

function firstIndexes(names: readonly Item<string>[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const { index, value } of names) if (!first.has(value)) first.set(value, index);
  return first;
}

function checkDuplicates(
  items: readonly Item<string>[],
  what: string,
  path: (i: number) => ProblemPath,
  report: Report,
): void {
  const first = new Map<string, number>();
  for (const { index, value: id } of items) {
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, index);
    else
      report({
        path: path(index),
        message: `${what} "${id}" is declared twice (first at index ${earlier})`,
      });
  }
}

/** Kafka refuses a topic whose name collides with an earlier one's ("a.b" and "a_b"). */
function checkTopicCollisions(names: readonly Item<string>[], report: Report): void {
  const earlier: string[] = [];
  for (const { index, value: name } of names) {
    const problem = topicCollision(name, earlier);
    if (problem !== null) report({ path: ['cluster', 'topics', index, 'name'], message: problem });
    earlier.push(name);
  }
}

export function checkDeclarations(decl: Declarations, known: Known, report: Report): void {
  checkBrokers(decl, report);
  checkDuplicates(decl.names.topics, 'topic', (i) => ['cluster', 'topics', i, 'name'], report);
  checkTopicCollisions(decl.names.topics, report);
  let totalPartitions = 0;
  for (const item of decl.topics) {
    totalPartitions += item.value.partitions ?? item.value.replicaAssignment?.length ?? 0;
    checkTopic(item, ['cluster', 'topics', item.index], known, report);
  }
  if (totalPartitions > LIMITS.partitionsTotal) {
    report({
      path: ['cluster', 'topics'],
      message: `${totalPartitions} partitions in all; the limit is ${LIMITS.partitionsTotal}`,
    });
  }
  checkDuplicates(decl.names.producers, 'producer', (i) => ['producers', i, 'id'], report);
  for (const item of decl.producers) checkProducer(item, ['producers', item.index], known, report);
  checkDuplicates(decl.names.consumers, 'consumer', (i) => ['consumers', i, 'id'], report);
  for (const item of decl.consumers) checkConsumer(item, ['consumers', item.index], known, report);
  checkDuplicates(decl.names.streams, 'streams application', (i) => ['streams', i, 'id'], report);
  checkStreamsApps(decl, known, report);
  checkClusterTiming(decl.clusterTiming, report);
  checkProducerTimeouts(decl, report);
  checkConsumerDefaults(decl.consumerDefaults, report);
}

/** The topics known so far as the ksqlDB front end reads them (those with a known count). */
function catalogOf(
  topics: ReadonlyMap<string, { partitions?: number }>,
): Record<string, { partitions: number }> {
  const catalog = dict<{ partitions: number }>();
  for (const [name, t] of topics)
    if (t.partitions !== undefined) catalog[name] = { partitions: t.partitions };
  return catalog;
}

/**
 * A streams application's statements compile against the file's topics (ksqlDB's errors, at
 * their line and column), and its instances' clients do not take ids the file already uses.
 */
function checkStreamsApps(decl: Declarations, known: Known, report: Report): void {
  if (decl.streams.length === 0) return;
  const catalog = dict<{ partitions: number }>();
  let catalogComplete = known.topics !== undefined;
  for (const { value } of decl.topics)
    if (value.partitions === undefined && value.replicaAssignment === undefined)
      catalogComplete = false;
  for (const { value } of decl.topics)
    catalog[value.name] = {
      partitions: value.partitions ?? value.replicaAssignment?.length ?? 1,
    };
  if (decl.topics.length !== decl.names.topics.length) catalogComplete = false;
  const taken = new Set([
    ...decl.names.consumers.map((c) => c.value),
    ...decl.names.producers.map((p) => p.value),
  ]);
  for (const { index, value: app } of decl.streams) {
    const path = ['streams', index];
    // With a broken topic declaration, "unknown topic" would be a false alarm: check later.
    if (catalogComplete) for (const p of statementProblems(app, catalog, path)) report(p);
    const clash = instanceIdsOf(app.id, app.instances ?? 1).find(
      (id) => taken.has(id) || taken.has(`${id}-producer`),
    );
    if (clash !== undefined)
      report({
        path: [...path, 'id'],
        message: `its instance "${clash}" would share a client id with a consumer or producer the file declares: rename the application`,
      });
  }
}

/** Kafka's own rule (KafkaConfig): broker.heartbeat.interval.ms must be below broker.session.timeout.ms. */
function checkClusterTiming(t: ClusterTiming | undefined, report: Report): void {
  if (t === undefined) return;
  if (t.brokerSessionTimeout !== undefined || t.brokerHeartbeatInterval !== undefined) {
    const session = t.brokerSessionTimeout ?? DEFAULT_CONFIG.broker.sessionTimeoutMs;
    const heartbeat = t.brokerHeartbeatInterval ?? DEFAULT_CONFIG.broker.heartbeatIntervalMs;
    if (heartbeat >= session) {
      const field =
        t.brokerHeartbeatInterval !== undefined
          ? 'brokerHeartbeatInterval'
          : 'brokerSessionTimeout';
      report({
        path: ['cluster', field],
        message: `brokerHeartbeatInterval (${formatDuration(heartbeat)}) must be below brokerSessionTimeout (${formatDuration(session)}), as Kafka requires`,
      });
    }
  }
  if (t.autoLeaderRebalance === false && t.leaderImbalanceCheckInterval !== undefined) {
    report({
      path: ['cluster', 'leaderImbalanceCheckInterval'],
      message: 'leaderImbalanceCheckInterval applies when autoLeaderRebalance is true',
    });
  }
}

/** Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms (`KafkaProducer.configureDeliveryTimeout`). */
function checkProducerTimeouts(decl: Declarations, report: Report): void {
  const d = decl.producerDefaults;
  checkRetryBackoff(d, report);
  if (d === undefined || (d.deliveryTimeout === undefined && d.requestTimeout === undefined))
    return;
  const delivery = d.deliveryTimeout ?? DEFAULT_CONFIG.producer.deliveryTimeoutMs;
  const request = d.requestTimeout ?? DEFAULT_CONFIG.producer.requestTimeoutMs;
  const linger = Math.max(
    DEFAULT_CONFIG.producer.lingerMs,
    ...decl.producers.map((p) => p.value.lingerMs ?? DEFAULT_CONFIG.producer.lingerMs),
  );
  if (delivery < linger + request) {
    report({
      path: [
        'producerDefaults',
        d.deliveryTimeout !== undefined ? 'deliveryTimeout' : 'requestTimeout',
      ],
      message: `deliveryTimeout (${formatDuration(delivery)}) must be at least lingerMs + requestTimeout (${formatDuration(linger)} + ${formatDuration(request)}), as Kafka requires`,
    });
  }
}

function checkRetryBackoff(d: ProducerDefaultsDeclaration | undefined, report: Report): void {
  if (
    d !== undefined &&
    d.retryBackoff !== undefined &&
    d.retryBackoffMax !== undefined &&
    d.retryBackoff > d.retryBackoffMax
  )
    report({
      path: ['producerDefaults', 'retryBackoff'],
      message: 'retryBackoff is more than retryBackoffMax',
    });
}

function checkConsumerDefaults(d: ConsumerDefaultsDeclaration | undefined, report: Report): void {
  if (d === undefined || (d.sessionTimeout === undefined && d.heartbeatInterval === undefined))
    return;
  const session = d.sessionTimeout ?? DEFAULT_CONFIG.consumer.sessionTimeoutMs;
  const heartbeat = d.heartbeatInterval ?? DEFAULT_CONFIG.consumer.heartbeatIntervalMs;
  if (heartbeat < session) return;
  report({
    path: [
      'consumerDefaults',
      d.heartbeatInterval !== undefined ? 'heartbeatInterval' : 'sessionTimeout',
    ],
    message: `heartbeatInterval (${formatDuration(heartbeat)}) must be below sessionTimeout (${formatDuration(session)}), as Kafka requires`,
  });
}

function checkBrokers(decl: Declarations, report: Report): void {
  const seen = new Set<number>();
  decl.brokers?.forEach((id, i) => {
    if (seen.has(id))
      report({ path: ['cluster', 'brokers', i], message: `broker ${id} is listed twice` });
    seen.add(id);
  });
  const quorum = decl.clusterTiming?.controllers;
  if (quorum === undefined || decl.brokers === undefined) return;
  const problem = quorumSetupProblem(resolveQuorum(quorum, decl.brokers), decl.brokers);
  if (problem !== null) report({ path: ['cluster', 'controllers', 'voters'], message: problem });
}

function checkTopic(
  item: Item<TopicDeclaration>,
  path: ProblemPath,
  known: Known,
  report: Report,
): void {
  const t = item.value;
  const brokerCount = known.brokerIds === undefined ? undefined : new Set(known.brokerIds).size;
  if (!has(item, 'partitions') && !has(item, 'replicaAssignment')) {
    report({
      path: [...path, 'partitions'],
      message: 'required, but missing (or give replicaAssignment)',
    });
  }
  if (
    brokerCount !== undefined &&
    t.replicationFactor !== undefined &&
    t.replicationFactor > brokerCount
  ) {
    report({
      path: [...path, 'replicationFactor'],
      message: `replicationFactor ${t.replicationFactor} is more than the ${brokerCount} broker${brokerCount === 1 ? '' : 's'}: each replica needs its own broker`,
    });
  }
  const replicationFactor = t.replicationFactor ?? t.replicaAssignment?.[0]?.length ?? 1;
  if (t.minInsyncReplicas !== undefined && t.minInsyncReplicas > replicationFactor) {
    report({
      path: [...path, 'minInsyncReplicas'],
      message: `minInsyncReplicas ${t.minInsyncReplicas} is more than the ${replicationFactor} replica${replicationFactor === 1 ? '' : 's'}: acks=all writes would always fail with NOT_ENOUGH_REPLICAS`,
    });
  }
  if (t.placement !== undefined && t.replicaAssignment !== undefined) {
    report({
      path: [...path, 'placement'],
      message: 'give placement or replicaAssignment, not both',
    });
  }
  if (t.placement !== undefined && brokerCount !== undefined) {
    for (const field of ['startIndex', 'shift'] as const) {
      if (t.placement[field] >= brokerCount) {
        report({
          path: [...path, 'placement', field],
          message: `${field} is an index into the ${brokerCount} sorted brokers: 0 to ${brokerCount - 1}`,
        });
      }
    }
  }
  if (t.replicaAssignment !== undefined)
    checkReplicaAssignment(t, [...path, 'replicaAssignment'], known, report);
}

function checkReplicaAssignment(
  t: TopicDeclaration,
  path: ProblemPath,
  known: Known,
  report: Report,
): void {
  const assignment = t.replicaAssignment ?? [];
  if (t.partitions !== undefined && assignment.length !== t.partitions) {
    report({
      path,
      message: `lists ${assignment.length} partition${assignment.length === 1 ? '' : 's'}, but partitions is ${t.partitions}`,
    });
  }
  const expected = t.replicationFactor ?? assignment[0]?.length;
  assignment.forEach((replicas, p) => {
    if (replicas.length !== expected) {
      const why =
        t.replicationFactor !== undefined
          ? `replicationFactor is ${expected}`
          : `partition 0 has ${expected}`;
      report({
        path: [...path, p],
        message: `partition ${p} has ${replicas.length} replica${replicas.length === 1 ? '' : 's'}, but ${why}`,
      });
    }
    const seen = new Set<number>();
    replicas.forEach((broker, j) => {
      const problem = missingBroker(known, broker);
      if (problem !== null) report({ path: [...path, p, j], message: problem });
      if (seen.has(broker))
        report({
          path: [...path, p, j],
          message: `broker ${broker} appears twice in partition ${p}'s replicas`,
        });
      seen.add(broker);
    });
  });
}

function checkProducer(
  item: Item<ProducerDeclaration>,
  path: ProblemPath,
  known: Known,
  report: Report,
): void {
  const p = item.value;
  if (p.topic !== undefined) {
    const problem = missingTopic(known, p.topic);
    if (problem !== null) report({ path: [...path, 'topic'], message: problem });
  }
  if (p.rate !== undefined && p.rate > 0 && !has(item, 'topic')) {
    report({ path: [...path, 'rate'], message: "a rate needs the producer's topic: add topic" });
  }
  const idempotence = idempotenceProblem(
    p.idempotence,
    p.acks ?? 'all',
    p.maxInFlight ?? DEFAULT_CONFIG.producer.maxInFlight,
  );
  if (idempotence !== null) report({ path: [...path, 'idempotence'], message: idempotence });
  if (p.key !== undefined && p.keys !== undefined)
    report({ path: [...path, 'keys'], message: 'give either key or keys, not both' });
  if (p.keyOrder !== undefined && !has(item, 'keys'))
    report({ path: [...path, 'keyOrder'], message: 'keyOrder applies to a keys list: add keys' });
  if ((p.key !== undefined || p.keys !== undefined) && !has(item, 'rate')) {
    const field = p.keys !== undefined ? 'keys' : 'key';
    report({
      path: [...path, field],
      message: `a producer's ${field} are for its rate: add rate (or give keys in produce steps)`,
    });
  }
}

function checkConsumer(
  item: Item<ConsumerDeclaration>,
  path: ProblemPath,
  known: Known,
  report: Report,
): void {
  checkConsumerDeclaration(
    item.value,
    (field) => has(item, field),
    known,
    (p, message) => report({ path: [...path, ...p], message }),
  );
}

/**
 * Step times against the duration, then each step kind's own checks, in the order the steps
 * run (time, then file order; at each moment, expectations after the other steps, as they
 * see the state after everything scheduled for their time), against the timeline of what
 * the steps before did.
 */
export function checkSteps(
  steps: readonly (Step | undefined)[],
  rawSteps: readonly unknown[],
  decl: Declarations,
  known: Known,
  report: Report,
): void {
  steps.forEach((step, i) => {
    if (step === undefined) return;
    if (known.durationMs !== undefined && step.at > known.durationMs) {
      report({
        path: ['steps', i, 'at'],
        message: `${formatDuration(step.at)} is after the end of the scenario (duration ${formatDuration(known.durationMs)})`,
      });
    }
  });
  const order = steps
    .map((step, index) => ({ step, index }))
    .filter((x): x is { step: Step; index: number } => x.step !== undefined)
    .sort(
      (a, b) =>
        a.step.at - b.step.at ||
        Number('expect' in a.step) - Number('expect' in b.step) ||
        a.index - b.index,
    );
  const timeline = initialTimeline(order, decl, known, report);
  for (const { step, index } of order) {
    const name = stepKindOf(step);
    const kind = STEP_KINDS[name] as StepKind;
    const rawStep = rawSteps[index];
    const rawValue = isMap(rawStep) ? rawStep[name] : undefined;
    const value = (step as Record<string, unknown>)[name];
    const ctx: StepCheckContext = {
      known,
      atMs: step.at,
      stepIndex: index,
      timeline,
      has: (field) => isMap(rawValue) && rawValue[field] !== undefined,
      problem: (path, message, offset) =>
        report({
          path: ['steps', index, name, ...path],
          message,
          ...(offset !== undefined ? { offset } : {}),
        }),
    };
    kind.check?.(value, ctx);
    kind.apply?.(value, timeline, { atMs: step.at, stepIndex: index });
  }
}

/** The timeline at the start: every declared broker up, every declared consumer running. */
function initialTimeline(
  order: readonly { step: Step; index: number }[],
  decl: Declarations,
  known: Known,
  report: Report,
): Timeline {
  const growth: { topic: string; moment: Moment }[] = [];
  for (const { step, index } of order)
    if ('addPartitions' in step)
      growth.push({ topic: step.addPartitions.topic, moment: { atMs: step.at, stepIndex: index } });
  const timeline = createTimeline(known, growth);
  const first = new Set<string>();
  for (const item of decl.consumers) {
    const c = item.value;
    if (first.has(c.id)) continue;
    first.add(c.id);
    const k = known.consumers?.get(c.id);
    const joining = {
      id: c.id,
      group: k?.group ?? c.group ?? null,
      topics: k?.topics,
      assignors: c.assignors,
      instanceId: c.instanceId,
      maxPollIntervalMs: c.maxPollInterval,
    };
    const problem = joinProblem(timeline, joining);
    if (problem !== null)
      report({ path: ['consumers', item.index, problem.field], message: problem.message });
    startConsumer(timeline, joining, null);
  }
  return timeline;
}
