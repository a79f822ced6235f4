/**
 * Starting a ksqlDB application in the simulated cluster and managing its instances. Each
 * persistent query is a Kafka Streams application of its own (ksqlDB's application id
 * `_confluent-ksql-default_query_<queryId>` is its consumer group and its internal topics'
 * prefix); an instance runs every query of the application, each with its own consumer and
 * producer, which are ordinary clients of the cluster.
 *
 * Topics are created as ksqlDB and Streams create them: the sink with the source's partition
 * count (or the statement's PARTITIONS), the repartition topic with the source's count, the
 * changelog with the count of the sub-topology that owns the store, all with the source
 * topic's replication factor.
 */
import { addConsumer } from '../../consumers';
import { stopConsumer, closeMember } from '../../groupMember';
import { dict } from '../../names';
import { createProducer, killProducerProcess } from '../../producer';
import type { TopicSetup } from '../../setup';
import { addTopic } from '../../topics';
import { emit, type World } from '../../world';
import { compileStatements } from '../ksql/compile';
import type { PersistentQuery, StreamsProgram, TopicCatalog } from '../plan';
import { notRunnable } from '../processing/testDriver';
import { commitInstance, producerIdOf, startCommitLoop } from './runtime';
import { taskIdOf, tasksOf } from './taskAssignment';
import type {
  StreamsAppSetup,
  StreamsAppState,
  StreamsQueryState,
  StreamsSubtopology,
  StreamsTaskState,
} from './types';

/** Kafka Streams' producer linger.ms default (StreamsConfig sets 100 for its producers). */
const STREAMS_LINGER_MS = 100;

/** The cluster's topics as the front end reads them. */
export function topicCatalogOf(world: World): TopicCatalog {
  const catalog: Record<string, { partitions: number }> = dict();
  for (const name of world.topicOrder)
    catalog[name] = { partitions: world.topics[name].partitions.length };
  return catalog;
}

/**
 * Why an application cannot start in this world (its statements do not compile, or use what
 * kafkascope cannot run yet), or null. The scenario layer maps statement positions to its file.
 */
export function streamsAppProblem(world: World, setup: StreamsAppSetup): string | null {
  const compiled = compileStatements(setup.statements, topicCatalogOf(world));
  if (!compiled.ok) {
    const p = compiled.problems[0];
    return `line ${p.position.line}:${p.position.column}: ${p.message}`;
  }
  if (compiled.program.queries.length === 0)
    return 'the statements start no persistent query (CREATE STREAM … AS SELECT or CREATE TABLE … AS SELECT)';
  return notRunnable(compiled.program);
}

/** Compiles the statements, creates the topics they need, and starts the instances. */
export function addStreamsApp(world: World, setup: StreamsAppSetup): StreamsAppState {
  const problem = streamsAppProblem(world, setup);
  if (problem !== null) throw new Error(`streams application "${setup.id}": ${problem}`);
  const compiled = compileStatements(setup.statements, topicCatalogOf(world));
  if (!compiled.ok) throw new Error('unreachable: checked above');
  const program = compiled.program;
  const topicsCreated = createTopics(world, program);
  const app: StreamsAppState = {
    id: setup.id,
    statements: setup.statements,
    program,
    queries: program.queries.map((q, i) => queryStateOf(world, q, i)),
    instances: [],
    running: dict(),
    nextInstance: 1,
    nextCommitAtMs: dict<number>(),
  };
  world.streams[app.id] = app;
  world.streamsOrder.push(app.id);
  const count = setup.instances ?? 1;
  const names = Array.from({ length: count }, (_, i) => `${app.id}-${i + 1}`);
  emit(world, {
    type: 'streamsAppStarted',
    atMs: world.nowMs,
    app: app.id,
    queries: app.queries.map((q) => q.queryId),
    applicationIds: app.queries.map((q) => q.applicationId),
    instances: names,
    topicsCreated,
  });
  for (let i = 0; i < count; i++) addStreamsInstance(world, app);
  return app;
}

/**
 * The log settings Kafka Streams gives its internal topics (`InternalTopicManager`): a
 * changelog is compacted (a windowed one is compact,delete with the window's retention plus a
 * day: kafkascope keeps compact), a repartition topic keeps records until Streams purges them
 * (retention.ms -1, 50 MiB segments; the purge, DeleteRecords after commits, is not modelled).
 */
const INTERNAL_TOPIC_LOG: Record<'repartition' | 'changelog', Partial<TopicSetup>> = {
  changelog: { cleanupPolicy: 'compact' },
  repartition: { retentionMs: -1, segmentBytes: 52428800 },
};

/** Source topics declared with PARTITIONS that do not exist, sinks and internal topics. */
function createTopics(world: World, program: StreamsProgram): string[] {
  const created: string[] = [];
  const create = (
    name: string,
    partitions: number,
    replicationFactor: number,
    log: Partial<TopicSetup> = {},
  ) => {
    if (Object.hasOwn(world.topics, name)) return;
    addTopic(world, { name, partitions, replicationFactor, ...log });
    created.push(name);
  };
  const rfOf = (topic: string) =>
    Object.hasOwn(world.topics, topic) ? world.topics[topic].partitions[0].replicas.length : 1;
  for (const s of program.sources)
    if (s.partitions !== null && !isSinkOf(program, s.name)) create(s.topic, s.partitions, 1);
  for (const q of program.queries) {
    const sourcePartitions = world.topics[q.source.topic].partitions.length;
    const rf = rfOf(q.source.topic);
    for (const t of q.internalTopics)
      create(t.name, t.partitions ?? sourcePartitions, rf, INTERNAL_TOPIC_LOG[t.role]);
    create(q.sink.topic, q.sink.partitions ?? sourcePartitions, rf);
  }
  return created;
}

function isSinkOf(program: StreamsProgram, sourceName: string): boolean {
  return program.queries.some((q) => q.sink.name === sourceName);
}

/** A query's sub-topologies as tasks see them, and its tasks (none owned yet). */
function queryStateOf(world: World, q: PersistentQuery, index: number): StreamsQueryState {
  const repartition = q.internalTopics.find((t) => t.role === 'repartition')?.name ?? null;
  const changelog = q.internalTopics.find((t) => t.role === 'changelog')?.name ?? null;
  const subtopologies: StreamsSubtopology[] =
    q.kind !== 'CTAS'
      ? [{ id: 0, role: 'stream', sourceTopics: [q.source.topic] }]
      : repartition !== null
        ? [
            { id: 0, role: 'rekey', sourceTopics: [q.source.topic] },
            { id: 1, role: 'aggregate', sourceTopics: [repartition] },
          ]
        : [{ id: 0, role: 'aggregate', sourceTopics: [q.source.topic] }];
  const tasks: Record<string, StreamsTaskState> = dict();
  const order: string[] = [];
  const count = (t: string) =>
    Object.hasOwn(world.topics, t) ? world.topics[t].partitions.length : undefined;
  for (const t of tasksOf(subtopologies, count)) {
    tasks[t.id] = {
      id: taskIdOf(t.subtopology, t.partition),
      subtopology: t.subtopology,
      partition: t.partition,
      owner: null,
      phase: 'UNASSIGNED',
      streamTimeMs: -1,
      state: null,
      buffered: [],
      epoch: 0,
      restoring: null,
      changelogFromOffset: 0,
      changelogSequenceFrom: 0,
      processed: 0,
      committedLastEmitCloseMs: -1,
      closedWindowWrites: 0,
    };
    order.push(t.id);
  }
  const storeNode = q.topology.flatMap((s) => s.nodes).find((n) => n.stores.length > 0);
  return {
    index,
    queryId: q.queryId,
    applicationId: q.applicationId,
    subtopologies,
    repartitionTopic: repartition,
    changelogTopic: changelog,
    sinkTopic: q.sink.topic,
    storeName: storeNode?.stores[0] ?? null,
    tasks,
    taskOrder: order,
    droppedRecords: 0,
    recentInputs: [],
    recentOutputs: [],
    nextHistorySeq: 0,
  };
}

/** The consumer id of an instance's client for a query: the instance id when there is one query. */
export function consumerIdOf(app: StreamsAppState, instance: string, queryIndex: number): string {
  return app.queries.length === 1 ? instance : `${instance}.${app.queries[queryIndex].queryId}`;
}

/** A new instance (`<app>-<n>`): per query, a consumer in the query's group and a producer. */
export function addStreamsInstance(world: World, app: StreamsAppState): string {
  const instance = `${app.id}-${app.nextInstance++}`;
  app.instances.push(instance);
  startInstance(world, app, instance);
  return instance;
}

/** Starts (or restarts) an instance's clients; they join their groups afresh. */
export function startInstance(world: World, app: StreamsAppState, instance: string): void {
  app.running[instance] = true;
  emit(world, { type: 'streamsInstanceStarted', atMs: world.nowMs, app: app.id, instance });
  app.queries.forEach((q, i) => {
    const consumerId = consumerIdOf(app, instance, i);
    const producerId = producerIdOf(consumerId);
    if (!Object.hasOwn(world.producers, producerId)) {
      world.producers[producerId] = createProducer(
        { id: producerId, acks: 'all', lingerMs: STREAMS_LINGER_MS },
        world,
      );
      world.producerOrder.push(producerId);
    }
    const consumer = addConsumer(world, {
      id: consumerId,
      topics: q.subtopologies.flatMap((s) => s.sourceTopics),
      group: q.applicationId,
      from: app.program.properties.autoOffsetReset,
      assignors: ['stream'],
      autoCommit: false,
    });
    consumer.processor = {
      kind: 'streams',
      app: app.id,
      query: i,
      instance,
      previousTasks: [],
    };
    startCommitLoop(world, consumer, app.program.properties.commitIntervalMs);
  });
}

/**
 * Stops an instance. `killed`: the process dies (no commit). `closed`: KafkaStreams#close()
 * commits its tasks first. Neither sends a LeaveGroup (Streams' consumers never do), so its
 * tasks move only when the session times out.
 */
export function stopInstance(
  world: World,
  app: StreamsAppState,
  instance: string,
  how: 'killed' | 'closed',
): void {
  app.running[instance] = false;
  app.queries.forEach((_, i) => {
    const id = consumerIdOf(app, instance, i);
    if (!Object.hasOwn(world.consumers, id)) return;
    const consumer = world.consumers[id];
    if (!consumer.alive) return;
    if (how === 'closed') {
      commitInstance(world, consumer);
      closeMember(world, consumer);
    } else {
      stopConsumer(consumer, world);
      const producerId = producerIdOf(id);
      if (Object.hasOwn(world.producers, producerId))
        killProducerProcess(world, world.producers[producerId]);
    }
  });
  emit(world, { type: 'streamsInstanceStopped', atMs: world.nowMs, app: app.id, instance, how });
}

/** The application an instance id belongs to, if any. */
export function appOfInstance(world: World, instance: string): StreamsAppState | undefined {
  for (const id of world.streamsOrder) {
    const app = world.streams[id];
    if (app.instances.includes(instance)) return app;
  }
  return undefined;
}
