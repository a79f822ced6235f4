/**
 * Engine settings with Kafka's real defaults (see the model doc, §6: keep real values as
 * defaults; scenarios and the speed control shorten what a viewer waits through).
 */
export interface NetworkConfig {
  /** One-way latency between any two nodes. */
  latencyMs: number;
  /** Extra latency drawn uniformly from [0, jitterMs) by the seeded generator. */
  jitterMs: number;
}

export interface ProducerDefaults {
  lingerMs: number;
  batchSizeBytes: number;
  deliveryTimeoutMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  /** max.in.flight.requests.per.connection (5). */
  maxInFlight: number;
  /** metadata.max.age.ms (5 minutes): a client refreshes its metadata at least this often. */
  metadataMaxAgeMs: number;
  /** max.request.size (1 MiB): a produce request carries batches up to this many bytes. */
  maxRequestSizeBytes: number;
  /**
   * Not a Kafka setting: a rate tick sending at least this many records (10,000 a second) holds
   * them as runs (recordRuns.ts), one entry per batch it fills, so a fast producer's logs hold
   * batches, not records. It changes memory, not behaviour; lessons stay below it.
   */
  runsFromRecordsPerTick: number;
}

export interface ConsumerDefaults {
  fetchMaxWaitMs: number;
  maxPollRecords: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxPollIntervalMs: number;
  autoCommitIntervalMs: number;
  retryBackoffMs: number;
  /** retry.backoff.max.ms: failed fetches of a partition back off exponentially up to this. */
  retryBackoffMaxMs: number;
  /** metadata.max.age.ms: a consumer refreshes its metadata at least this often. */
  metadataMaxAgeMs: number;
}

export interface GroupCoordinatorConfig {
  /** group.initial.rebalance.delay.ms: an empty group waits this long for more members. */
  initialRebalanceDelayMs: number;
  /** offsets.topic.num.partitions (50 in Kafka; scenarios often want fewer to draw). */
  offsetsTopicPartitions: number;
  /** offsets.topic.replication.factor (3), capped by the broker count. */
  offsetsTopicReplicationFactor: number;
}

export interface ReplicationConfig {
  replicaFetchWaitMaxMs: number;
  replicaFetchMaxBytes: number;
  replicaLagTimeMaxMs: number;
}

export interface BrokerConfig {
  /** KRaft: a broker that misses heartbeats this long is fenced by the controller. */
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** How long the controller quorum takes to elect a new active controller (election + fetch timeouts). */
  controllerFailoverMs: number;
  /**
   * How long a quorum that has just regained its majority takes to elect a leader
   * (controller.quorum.election.timeout.ms: its candidates are already campaigning).
   */
  controllerElectionMs: number;
  /**
   * How long a restarted broker takes to replay the metadata log up to the offset of its own
   * registration (a modelling choice: Kafka's time is a metadata fetch round trip or more).
   */
  metadataCatchUpMs: number;
  /** A STARTING broker heartbeats every 10 ms until it has caught up (BrokerLifecycleManager). */
  startupHeartbeatIntervalMs: number;
  /** auto.leader.rebalance.enable and its check interval (leader.imbalance.check.interval.seconds). */
  autoLeaderRebalance: boolean;
  leaderImbalanceCheckIntervalMs: number;
  /** leader.imbalance.per.broker.percentage. */
  leaderImbalancePerBrokerPercentage: number;
  /** log.retention.check.interval.ms: how often each broker deletes segments past retention. */
  logRetentionCheckIntervalMs: number;
  /** log.initial.task.delay.ms: the first retention check, after the broker starts. */
  logInitialTaskDelayMs: number;
  /** log.cleaner.backoff.ms: a broker's cleaner with nothing to clean sleeps this long. */
  logCleanerBackoffMs: number;
}

export interface EngineConfig {
  network: NetworkConfig;
  producer: ProducerDefaults;
  consumer: ConsumerDefaults;
  replication: ReplicationConfig;
  broker: BrokerConfig;
  groups: GroupCoordinatorConfig;
}

export const DEFAULT_CONFIG: EngineConfig = {
  // Not Kafka's: a LAN is sub-millisecond. Long enough that records are seen in flight.
  network: { latencyMs: 10, jitterMs: 10 },
  // linger.ms 5 is the default since Kafka 4.0 (KIP-1030); batch.size 16384.
  producer: {
    lingerMs: 5,
    batchSizeBytes: 16384,
    deliveryTimeoutMs: 120000,
    requestTimeoutMs: 30000,
    retryBackoffMs: 100,
    retryBackoffMaxMs: 1000,
    maxInFlight: 5,
    metadataMaxAgeMs: 300000,
    maxRequestSizeBytes: 1048576,
    runsFromRecordsPerTick: 100,
  },
  consumer: {
    fetchMaxWaitMs: 500,
    maxPollRecords: 500,
    sessionTimeoutMs: 45000,
    heartbeatIntervalMs: 3000,
    maxPollIntervalMs: 300000,
    autoCommitIntervalMs: 5000,
    retryBackoffMs: 100,
    retryBackoffMaxMs: 1000,
    metadataMaxAgeMs: 300000,
  },
  groups: {
    initialRebalanceDelayMs: 3000,
    offsetsTopicPartitions: 50,
    offsetsTopicReplicationFactor: 3,
  },
  replication: {
    replicaFetchWaitMaxMs: 500,
    replicaFetchMaxBytes: 1048576,
    replicaLagTimeMaxMs: 30000,
  },
  broker: {
    sessionTimeoutMs: 9000,
    heartbeatIntervalMs: 2000,
    // controller.quorum.election.timeout.ms 1000 + controller.quorum.fetch.timeout.ms 2000.
    controllerFailoverMs: 3000,
    controllerElectionMs: 1000,
    metadataCatchUpMs: 50,
    startupHeartbeatIntervalMs: 10,
    autoLeaderRebalance: true,
    leaderImbalanceCheckIntervalMs: 300000,
    leaderImbalancePerBrokerPercentage: 10,
    logRetentionCheckIntervalMs: 300000,
    logInitialTaskDelayMs: 30000,
    logCleanerBackoffMs: 15000,
  },
};

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function resolveConfig(overrides: DeepPartial<EngineConfig> = {}): EngineConfig {
  return {
    network: { ...DEFAULT_CONFIG.network, ...overrides.network },
    producer: { ...DEFAULT_CONFIG.producer, ...overrides.producer },
    consumer: { ...DEFAULT_CONFIG.consumer, ...overrides.consumer },
    replication: { ...DEFAULT_CONFIG.replication, ...overrides.replication },
    broker: { ...DEFAULT_CONFIG.broker, ...overrides.broker },
    groups: { ...DEFAULT_CONFIG.groups, ...overrides.groups },
  };
}
