import { z } from 'zod';
import { consumerDefaultsSchema, consumerSchema } from './consumers';
import { streamsAppSchema } from './streamsApps';
import {
  acks,
  brokerId,
  duration,
  keyList,
  keyOrder,
  keyText,
  partitioner,
  producerId,
  text,
  timeout,
  topicName,
  wholeNumber,
  expectation,
} from './fields';
import { LIMITS } from './limits';
import { MAX_VOTERS } from '../engine';
import { STEP_KIND_NAMES, STEP_KINDS, type Step, type StepKindName } from './steps';

/**
 * The scenario file format (YAML or JSON). Objects are strict: an unknown field is a problem,
 * with a "did you mean" for near misses. Field names are public API: lessons, issues and
 * users' files depend on them. `scenarioJsonSchema()` turns this into the JSON Schema that
 * editors use (public/scenario.schema.json).
 */

const brokers = z
  .union(
    [
      wholeNumber(1, LIMITS.brokers, 'brokers').meta({
        description: 'How many brokers; their ids are 1..n.',
      }),
      z
        .array(brokerId)
        .min(1, { error: 'a cluster needs at least one broker' })
        .max(LIMITS.brokers, { error: `at most ${LIMITS.brokers} brokers (the limit)` })
        .meta({ description: 'The broker ids.' }),
    ],
    {
      error: (iss) =>
        iss.code === 'invalid_union' && iss.input !== undefined
          ? 'brokers is a count (3) or a list of broker ids ([1, 2, 3])'
          : undefined,
    },
  )
  .transform((v) => (typeof v === 'number' ? Array.from({ length: v }, (_, i) => i + 1) : v));

/**
 * Kafka's log durations run far past a scenario's 24 h (retention.ms defaults to 7 days): they
 * may be up to a year. Write days in hours ("168h").
 */
const LOG_DURATION_MAX_MS = 365 * 24 * 3_600_000;

/** -1: unlimited, as Kafka writes it for retention.ms and retention.bytes. */
const unlimited = z.literal(-1);

/** A topic's log settings (`LogConfig`), named after Kafka's in camelCase. */
const topicLogFields = {
  retentionMs: z
    .union([unlimited, duration(LOG_DURATION_MAX_MS)])
    .optional()
    .meta({
      description:
        'retention.ms: segments whose newest record is older than this are deleted (default 168h = 7 days; -1: never). A duration such as "1m" or "24h", or milliseconds.',
    }),
  retentionBytes: z
    .union([unlimited, wholeNumber(0, Number.MAX_SAFE_INTEGER)])
    .optional()
    .meta({
      description:
        "retention.bytes: per partition replica, the oldest segments are deleted while the log is larger (default -1: no limit). Bytes count records' sizes.",
    }),
  segmentMs: timeout(LOG_DURATION_MAX_MS).optional().meta({
    description:
      'segment.ms: a segment is rolled once its first record is this old (default 168h = 7 days).',
  }),
  segmentBytes: wholeNumber(14, 2_147_483_647).optional().meta({
    description:
      'segment.bytes: a batch that does not fit rolls a new segment (default 1073741824 = 1 GiB). Kafka 4 refuses less than 1048576; kafkascope allows down to 14 bytes to show rolls at lesson scale, and a batch larger than that gets a segment of its own (Kafka would refuse it).',
  }),
  cleanupPolicy: z.enum(['delete', 'compact', 'compact,delete']).optional().meta({
    description:
      "cleanup.policy (default delete): with delete, old segments go by retention; with compact, each broker's log cleaner keeps only the latest record of each key (and tombstones until delete.retention.ms); compact,delete does both.",
  }),
  deleteRetentionMs: duration(LOG_DURATION_MAX_MS).optional().meta({
    description:
      'delete.retention.ms: a compacted topic keeps a tombstone this long after the cleaner first kept it (default 24h).',
  }),
  minCompactionLagMs: duration(LOG_DURATION_MAX_MS).optional().meta({
    description:
      'min.compaction.lag.ms: a record stays uncompacted at least this long (default 0).',
  }),
  maxCompactionLagMs: duration(LOG_DURATION_MAX_MS).optional().meta({
    description:
      "max.compaction.lag.ms: a dirty segment older than this is cleaned whatever its dirty ratio (default: never, Kafka's Long.MAX_VALUE).",
  }),
  minCleanableDirtyRatio: z.number().min(0).max(1).optional().meta({
    description:
      'min.cleanable.dirty.ratio: the cleaner takes a log once the share of its bytes not yet cleaned is above this (default 0.5).',
  }),
};

export const topicSchema = z
  .strictObject({
    name: topicName,
    partitions: wholeNumber(1, LIMITS.partitionsPerTopic, 'partitions per topic').optional().meta({
      description: 'Number of partitions (may be left out when replicaAssignment gives them).',
    }),
    replicationFactor: wholeNumber(1, LIMITS.brokers).optional().meta({
      description: 'Replicas per partition (default 1, or the length of replicaAssignment lists).',
    }),
    replicaAssignment: z
      .array(
        z
          .array(brokerId)
          .min(1, { error: 'a partition needs at least one replica' })
          .max(LIMITS.brokers, { error: `at most ${LIMITS.brokers} replicas` }),
      )
      .min(1, { error: 'give the replicas of at least one partition' })
      .max(LIMITS.partitionsPerTopic, {
        error: `at most ${LIMITS.partitionsPerTopic} partitions per topic (the limit)`,
      })
      .optional()
      .meta({
        description:
          'Explicit replicas (broker ids) per partition; the first is the preferred leader.',
      }),
    placement: z
      .strictObject({
        startIndex: wholeNumber(0, LIMITS.brokers - 1),
        shift: wholeNumber(0, LIMITS.brokers - 1),
      })
      .optional()
      .meta({
        description:
          "Fixes Kafka's rack-unaware placement (AdminUtils): otherwise both are drawn from the seed.",
      }),
    minInsyncReplicas: wholeNumber(1, LIMITS.brokers)
      .optional()
      .meta({ description: 'min.insync.replicas (default 1).' }),
    uncleanLeaderElection: z
      .boolean()
      .optional()
      .meta({ description: 'unclean.leader.election.enable (default false).' }),
    ...topicLogFields,
  })
  .meta({ description: 'A topic created with the cluster.' });

/**
 * Broker-side timing (engine config `broker`, `replication`, `groups`), flat in `cluster`.
 * Kafka's values are the defaults; lessons shorten what a viewer would wait through.
 */
const clusterTimingFields = {
  brokerSessionTimeout: timeout().optional().meta({
    description:
      'broker.session.timeout.ms: a broker silent this long is fenced by the controller (default 9s).',
  }),
  brokerHeartbeatInterval: timeout().optional().meta({
    description: 'broker.heartbeat.interval.ms (default 2s); below brokerSessionTimeout.',
  }),
  controllerFailover: duration().optional().meta({
    description:
      'How long the controller quorum takes to elect a new active controller (default 3s: election + fetch timeouts).',
  }),
  controllerElection: duration().optional().meta({
    description:
      'How long a controller quorum that has regained its majority takes to elect an active controller (default 1s: controller.quorum.election.timeout.ms).',
  }),
  metadataCatchUp: duration().optional().meta({
    description:
      'How long a restarted broker takes to replay the metadata log before asking to be unfenced (default 50ms; a modelling choice).',
  }),
  replicaLagTimeMax: timeout().optional().meta({
    description:
      'replica.lag.time.max.ms: a follower not caught up this long leaves the ISR (default 30s).',
  }),
  replicaFetchWaitMax: timeout(60_000).optional().meta({
    description:
      "replica.fetch.wait.max.ms: a follower's fetch waits this long for data (default 500ms).",
  }),
  autoLeaderRebalance: z.boolean().optional().meta({
    description:
      'auto.leader.rebalance.enable: leadership returns to preferred replicas (default true).',
  }),
  leaderImbalanceCheckInterval: timeout().optional().meta({
    description: 'leader.imbalance.check.interval.seconds, as a duration (default 5m).',
  }),
  logRetentionCheckInterval: timeout().optional().meta({
    description:
      'log.retention.check.interval.ms: how often brokers delete segments past retention (default 5m; the first check is 30s after start).',
  }),
  logCleanerBackoff: timeout().optional().meta({
    description:
      "log.cleaner.backoff.ms: a broker's log cleaner with nothing to clean looks again after this long (default 15s).",
  }),
  offsetsTopicPartitions: wholeNumber(1, LIMITS.partitionsPerTopic).optional().meta({
    description:
      'offsets.topic.num.partitions: partitions of __consumer_offsets, which pick group coordinators (default 50).',
  }),
  groupInitialRebalanceDelay: duration().optional().meta({
    description:
      "group.initial.rebalance.delay.ms: an empty group's first rebalance waits this long for more members (default 3s).",
  }),
};

/** The KRaft controller quorum (engine quorum.ts). */
const controllers = z
  .strictObject({
    mode: z.enum(['combined', 'isolated']).default('combined').meta({
      description:
        'combined: brokers also run a controller (process.roles=broker,controller); isolated: controllers run as nodes of their own (process.roles=controller).',
    }),
    voters: z
      .union(
        [
          wholeNumber(1, MAX_VOTERS, 'voters').meta({
            description:
              'How many voters: the first brokers (combined) or controllers 3000, 3001, … (isolated).',
          }),
          z
            .array(brokerId)
            .min(1, { error: 'the quorum needs at least one voter' })
            .max(MAX_VOTERS, { error: `at most ${MAX_VOTERS} voters` })
            .meta({
              description: 'The voter ids: broker ids (combined) or ids no broker has (isolated).',
            }),
        ],
        {
          error: (iss) =>
            iss.code === 'invalid_union' && iss.input !== undefined
              ? 'voters is a count (3) or a list of ids ([1, 2, 3])'
              : undefined,
        },
      )
      .meta({ description: 'The controller quorum voters.' }),
  })
  .meta({
    description:
      'The KRaft controller quorum: its Raft leader is the active controller, and without a majority of voters running nothing is decided (no elections, ISR changes or fencing). Default: the first three brokers (one if fewer than three), combined.',
  });

export const clusterSchema = z
  .strictObject({
    brokers,
    controllers: controllers.optional(),
    topics: z
      .array(topicSchema)
      .max(LIMITS.topics, { error: `at most ${LIMITS.topics} topics (the limit)` })
      .default([]),
    ...clusterTimingFields,
  })
  .meta({ description: 'The brokers, the topics created on them, and broker-side timing.' });

export const producerSchema = z
  .strictObject({
    id: producerId,
    topic: topicName
      .optional()
      .meta({ description: 'The topic its produce steps and rate use when they name none.' }),
    partitioner: partitioner.optional(),
    acks: acks.optional(),
    lingerMs: wholeNumber(0, LIMITS.durationMs)
      .optional()
      .meta({ description: 'linger.ms (default 5, as Kafka 4.0).' }),
    batchSize: wholeNumber(1, 64 * 1024 * 1024)
      .optional()
      .meta({ description: 'batch.size in bytes (default 16384).' }),
    ignoreKeys: z
      .boolean()
      .optional()
      .meta({ description: 'partitioner.ignore.keys: keyed records take the null-key path.' }),
    maxInFlight: wholeNumber(1, 1000).optional().meta({
      description:
        'max.in.flight.requests.per.connection (default 5): unanswered produce requests per broker.',
    }),
    idempotence: z.boolean().optional().meta({
      description:
        'enable.idempotence (default: on with acks all and maxInFlight at most 5): sequence numbers keep order and stop duplicates across retries.',
    }),
    rate: z
      .number()
      .min(0, { error: 'a rate is at least 0' })
      .max(LIMITS.ratePerSecond, {
        error: `at most ${LIMITS.ratePerSecond.toLocaleString('en-US')} records/s (the limit)`,
      })
      .optional()
      .meta({ description: 'Records per second from the start (needs topic).' }),
    key: keyText
      .nullable()
      .optional()
      .meta({ description: 'The key of every record its rate sends.' }),
    keys: keyList.optional().meta({ description: 'Keys its rate draws from (see keyOrder).' }),
    keyOrder: keyOrder.optional(),
  })
  .meta({ description: 'A producer client.' });

/** Producer settings the engine applies to every producer (it has no per-producer timeouts). */
export const producerDefaultsSchema = z
  .strictObject({
    deliveryTimeout: timeout().optional().meta({
      description:
        'delivery.timeout.ms: a record not acknowledged this long after send fails (default 2m).',
    }),
    requestTimeout: timeout().optional().meta({
      description:
        'request.timeout.ms: how long a produce request waits for its answer (default 30s).',
    }),
    retryBackoff: timeout().optional().meta({
      description: 'retry.backoff.ms: the first wait before a retry (default 100ms).',
    }),
    retryBackoffMax: timeout().optional().meta({
      description: 'retry.backoff.max.ms: retries back off exponentially up to this (default 1s).',
    }),
    metadataMaxAge: timeout().optional().meta({
      description:
        'metadata.max.age.ms: a producer refreshes its metadata at least this often (default 5m).',
    }),
  })
  .meta({ description: "Settings for every producer: Kafka's producer timeouts." });

const networkSchema = z
  .strictObject({
    latency: duration(60_000)
      .optional()
      .meta({ description: 'One-way latency between any two nodes (default 10ms).' }),
    jitter: duration(60_000)
      .optional()
      .meta({ description: 'Extra latency drawn from [0, jitter) (default 10ms).' }),
  })
  .meta({ description: 'Network timing (engine config overrides).' });

const headerFields = {
  $schema: z
    .string()
    .optional()
    .meta({ description: 'The JSON Schema this file follows (for editors).' }),
  title: text
    .min(1, { error: 'the title cannot be empty' })
    .meta({ description: 'Shown at the top of the screen.' }),
  description: text.optional().meta({ description: 'A longer introduction.' }),
  seed: wholeNumber(0, LIMITS.seed)
    .default(1)
    .meta({ description: 'Seeds every random choice: same seed, same run.' }),
  duration: duration().meta({ description: 'How long the scenario runs (virtual time).' }),
  network: networkSchema.optional(),
  cluster: clusterSchema,
  producerDefaults: producerDefaultsSchema.optional(),
  consumerDefaults: consumerDefaultsSchema.optional(),
  producers: z
    .array(producerSchema)
    .max(LIMITS.producers, { error: `at most ${LIMITS.producers} producers (the limit)` })
    .default([]),
  consumers: z
    .array(consumerSchema)
    .max(LIMITS.consumers, { error: `at most ${LIMITS.consumers} consumers (the limit)` })
    .default([]),
  streams: z
    .array(streamsAppSchema)
    .max(LIMITS.streamsApps, {
      error: `at most ${LIMITS.streamsApps} streams applications (the limit)`,
    })
    .default([])
    .meta({
      description:
        'ksqlDB applications that run as Kafka Streams in the cluster, started with it (docs/streams.md).',
    }),
  challenge: z.lazy(() => challengeSchema).optional(),
};

/**
 * A challenge: the scenario is a sandbox with a goal, reached by the viewer's own actions
 * (killing a broker, adding a consumer, …) and recognised when every expectation in
 * `solvedWhen` holds on the run.
 */
export const challengeSchema = z
  .strictObject({
    goal: text.min(1, { error: 'say what to achieve: the goal is empty' }).meta({
      description: 'What to make happen, in a sentence: "Make acks=1 lose an acknowledged record."',
    }),
    hint: text.min(1).optional().meta({ description: 'A hint, shown when asked for.' }),
    solvedWhen: z
      .union([
        expectation,
        z
          .array(expectation)
          .min(1, { error: 'give at least one expectation' })
          .max(LIMITS.expectationsPerStep, {
            error: `at most ${LIMITS.expectationsPerStep} expectations`,
          }),
      ])
      .meta({
        description:
          'One expectation or a list: the challenge is solved the first moment they all hold after the viewer has acted ("lostRecords.length > 0").',
      }),
  })
  .meta({ description: 'Makes the scenario a challenge: a goal reached by acting on the run.' });

const stepsLimit = { error: `at most ${LIMITS.steps.toLocaleString('en-US')} steps (the limit)` };

/**
 * The scenario without its steps' contents: parse.ts validates each step on its own (by the
 * action it names) so a mistake in one step reads as that step's problem, not a failed union.
 */
export const scenarioShellSchema = z.strictObject({
  ...headerFields,
  steps: z.array(z.unknown()).max(LIMITS.steps, stepsLimit).default([]),
});

const atSchema = duration().meta({
  description: 'When the step happens (virtual time from the start).',
});

function makeStepSchema(kind: StepKindName) {
  return z
    .strictObject({ at: atSchema, [kind]: STEP_KINDS[kind].schema })
    .meta({ description: STEP_KINDS[kind].summary });
}

const stepSchemas = STEP_KIND_NAMES.map(makeStepSchema);
const stepSchemaByKind = new Map(STEP_KIND_NAMES.map((kind, i) => [kind, stepSchemas[i]]));

/** The schema of one step of a given kind: `{ at, <kind>: <value> }`. */
export function stepSchemaFor(kind: StepKindName): (typeof stepSchemas)[number] {
  return stepSchemaByKind.get(kind) ?? makeStepSchema(kind);
}

/** One step: `at` plus exactly one action. */
export const stepSchema = z.union(
  stepSchemas as [(typeof stepSchemas)[number], ...(typeof stepSchemas)[number][]],
) as unknown as z.ZodType<Step>;

/** The whole file format: for types and the JSON Schema. */
export const scenarioSchema = z
  .strictObject({
    ...headerFields,
    steps: z.array(stepSchema).max(LIMITS.steps, stepsLimit).default([]),
  })
  .meta({
    title: 'kafkascope scenario',
    description: 'A kafkascope scenario: a Kafka cluster, its clients, and what happens when.',
  });

type Shell = z.output<typeof scenarioShellSchema>;

/** A parsed, validated scenario: the file's shape with durations in milliseconds, brokers as ids and headers as lists. */
export type Scenario = Omit<Shell, 'steps'> & { steps: Step[] };
export type TopicDeclaration = z.output<typeof topicSchema>;
export type ProducerDeclaration = z.output<typeof producerSchema>;
export type ProducerDefaultsDeclaration = z.output<typeof producerDefaultsSchema>;
export type { ConsumerDeclaration } from './consumers';
export { consumerSchema } from './consumers';

/** The JSON Schema of scenario files (written to public/scenario.schema.json by scripts/genSchema.ts). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-7' }) as Record<
    string,
    unknown
  >;
}

/** The JSON Schema as the committed file holds it: two-space JSON and a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
