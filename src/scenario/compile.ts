import type {
  Command,
  DeepPartial,
  EngineConfig,
  KeyChoice,
  TopicSetup,
  WorldSetup,
} from '../engine';
import { resolveQuorum } from '../engine';
import { consumerSetupOf, dropUndefined } from './consumers';
import { streamsSetupOf } from './streamsApps';
import { compileExpectation } from './expectation';
import { parseScenario } from './parse';
import type { Scenario } from './schema';
import { STEP_KINDS, stepKindOf, type StepCompileContext, type StepKind } from './steps';
import { readingTimeMs } from './readingTime';
import { compileQuestion, type Question } from './questions';

// Where they lived before: compiling one expectation needs neither the parser nor the schema.
export { compileExpectation, reportOf } from './expectation';
import type {
  Caption,
  CompiledExpectation,
  CompiledScenario,
  ParseResult,
  TimedCommand,
} from './types';

/**
 * Compiling a validated scenario into what the engine runs: a `WorldSetup`, the timed
 * commands in a stable order (time, then file order) and the expectations, each a function
 * of a snapshot. The compiler trusts its input: give it a `Scenario` from `parseScenario` or
 * `validateScenario`.
 */
export function compileScenario(s: Scenario): CompiledScenario {
  const commands: TimedCommand[] = [];
  const expectations: CompiledExpectation[] = [];
  const captions: Caption[] = [];
  const questions: Question[] = [];
  const rateKeys = new Map<string, KeyChoice>();

  s.producers.forEach((p, i) => {
    const keys: KeyChoice =
      p.keys !== undefined
        ? withOrder({ keys: p.keys }, p.keyOrder)
        : p.key !== undefined
          ? { key: p.key }
          : {};
    rateKeys.set(p.id, keys);
    if (p.rate !== undefined && p.rate > 0) {
      commands.push({
        atMs: 0,
        stepIndex: -1,
        path: `producers[${i}].rate`,
        command: { type: 'setProducerRate', producer: p.id, rate: p.rate, ...keys },
      });
    }
  });

  // Stable: steps at the same time keep their file order.
  const order = s.steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => a.step.at - b.step.at || a.index - b.index);
  for (const { step, index } of order) {
    const name = stepKindOf(step);
    const path = `steps[${index}]`;
    const command = (c: Command) =>
      commands.push({ atMs: step.at, stepIndex: index, path, command: c });
    const ctx: StepCompileContext = {
      atMs: step.at,
      stepIndex: index,
      path,
      command,
      narrate: (text, focus) => {
        command({ type: 'narrate', text });
        captions.push({ atMs: step.at, text, readingMs: readingTimeMs(text), focus: [...focus] });
      },
      ask: (question) => questions.push(compileQuestion(question)),
      expect: (source, expectationPath) =>
        expectations.push(compileExpectation(source, step.at, index, expectationPath)),
      rateKeys: (producer) => rateKeys.get(producer) ?? {},
      setRateKeys: (producer, keys) => rateKeys.set(producer, keys),
    };
    (STEP_KINDS[name] as StepKind).compile((step as Record<string, unknown>)[name], ctx);
  }
  // Declaration commands (time 0) come before steps at time 0: a stable sort keeps that.
  commands.sort((a, b) => a.atMs - b.atMs);

  return {
    title: s.title,
    description: s.description ?? null,
    seed: s.seed,
    durationMs: s.duration,
    setup: worldSetup(s),
    commands,
    expectations,
    // In time order: steps are compiled in the order they run.
    captions,
    questions,
    challenge:
      s.challenge === undefined
        ? null
        : {
            goal: s.challenge.goal,
            hint: s.challenge.hint ?? null,
            solvedWhen: (typeof s.challenge.solvedWhen === 'string'
              ? [s.challenge.solvedWhen]
              : s.challenge.solvedWhen
            ).map((source, i) => compileExpectation(source, -1, -1, `challenge.solvedWhen[${i}]`)),
          },
  };
}

/** Parses, validates and compiles scenario text. Never throws. */
export function loadScenario(text: string, fileName?: string): ParseResult<CompiledScenario> {
  const parsed = parseScenario(text, fileName);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, value: compileScenario(parsed.value) };
  } catch (e) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: `internal error while compiling: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
    };
  }
}

function withOrder(choice: KeyChoice, keyOrder: KeyChoice['keyOrder']): KeyChoice {
  return keyOrder === undefined ? choice : { ...choice, keyOrder };
}

function worldSetup(s: Scenario): WorldSetup {
  const setup: WorldSetup = {
    seed: s.seed,
    brokers: s.cluster.brokers,
    ...(s.cluster.controllers === undefined
      ? {}
      : { controllers: resolveQuorum(s.cluster.controllers, s.cluster.brokers) }),
    topics: s.cluster.topics.map((t): TopicSetup => {
      const topic: TopicSetup = {
        name: t.name,
        partitions: t.partitions ?? t.replicaAssignment?.length ?? 1,
        replicationFactor: t.replicationFactor ?? t.replicaAssignment?.[0]?.length ?? 1,
      };
      return dropUndefined({
        ...topic,
        replicaAssignment: t.replicaAssignment,
        placement: t.placement,
        minInsyncReplicas: t.minInsyncReplicas,
        uncleanLeaderElection: t.uncleanLeaderElection,
        retentionMs: t.retentionMs,
        retentionBytes: t.retentionBytes,
        segmentMs: t.segmentMs,
        segmentBytes: t.segmentBytes,
        cleanupPolicy: t.cleanupPolicy,
        deleteRetentionMs: t.deleteRetentionMs,
        minCompactionLagMs: t.minCompactionLagMs,
        maxCompactionLagMs: t.maxCompactionLagMs,
        minCleanableDirtyRatio: t.minCleanableDirtyRatio,
      });
    }),
    producers: s.producers.map((p) =>
      dropUndefined({
        id: p.id,
        topic: p.topic,
        partitioner: p.partitioner,
        acks: p.acks,
        lingerMs: p.lingerMs,
        batchSizeBytes: p.batchSize,
        ignoreKeys: p.ignoreKeys,
        maxInFlight: p.maxInFlight,
        idempotence: p.idempotence,
      }),
    ),
    consumers: s.consumers.map(consumerSetupOf),
  };
  if (s.streams.length > 0) setup.streams = s.streams.map(streamsSetupOf);
  const config = engineConfig(s);
  if (config !== undefined) setup.config = config;
  return setup;
}

/** The file's timing fields as engine config overrides; only what the file sets. */
function engineConfig(s: Scenario): DeepPartial<EngineConfig> | undefined {
  const c = s.cluster;
  const sections: DeepPartial<EngineConfig> = {
    network: dropUndefined({ latencyMs: s.network?.latency, jitterMs: s.network?.jitter }),
    broker: dropUndefined({
      sessionTimeoutMs: c.brokerSessionTimeout,
      heartbeatIntervalMs: c.brokerHeartbeatInterval,
      controllerFailoverMs: c.controllerFailover,
      controllerElectionMs: c.controllerElection,
      metadataCatchUpMs: c.metadataCatchUp,
      autoLeaderRebalance: c.autoLeaderRebalance,
      leaderImbalanceCheckIntervalMs: c.leaderImbalanceCheckInterval,
      logRetentionCheckIntervalMs: c.logRetentionCheckInterval,
      logCleanerBackoffMs: c.logCleanerBackoff,
    }),
    replication: dropUndefined({
      replicaLagTimeMaxMs: c.replicaLagTimeMax,
      replicaFetchWaitMaxMs: c.replicaFetchWaitMax,
    }),
    groups: dropUndefined({
      offsetsTopicPartitions: c.offsetsTopicPartitions,
      initialRebalanceDelayMs: c.groupInitialRebalanceDelay,
    }),
    producer: dropUndefined({
      deliveryTimeoutMs: s.producerDefaults?.deliveryTimeout,
      requestTimeoutMs: s.producerDefaults?.requestTimeout,
      retryBackoffMs: s.producerDefaults?.retryBackoff,
      retryBackoffMaxMs: s.producerDefaults?.retryBackoffMax,
      metadataMaxAgeMs: s.producerDefaults?.metadataMaxAge,
    }),
    consumer: dropUndefined({
      sessionTimeoutMs: s.consumerDefaults?.sessionTimeout,
      heartbeatIntervalMs: s.consumerDefaults?.heartbeatInterval,
      maxPollIntervalMs: s.consumerDefaults?.maxPollInterval,
      autoCommitIntervalMs: s.consumerDefaults?.autoCommitInterval,
      fetchMaxWaitMs: s.consumerDefaults?.fetchMaxWait,
      metadataMaxAgeMs: s.consumerDefaults?.metadataMaxAge,
    }),
  };
  const config = Object.fromEntries(
    Object.entries(sections).filter(([, v]) => Object.keys(v as object).length > 0),
  ) as DeepPartial<EngineConfig>;
  return Object.keys(config).length > 0 ? config : undefined;
}
