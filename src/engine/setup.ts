import type { DeepPartial, EngineConfig } from './config';
import type { AssignorName } from './groups/types';
import type { Acks, CleanupPolicy, OffsetSpec } from './model';
import type { PartitionerName } from './partitioner';
import type { ProcessorKind } from './processor';
import type { StreamsAppSetup } from './streams/cluster/types';

/** How to build a world: the engine-level form of a scenario's cluster, producers and consumers. */
export interface WorldSetup {
  seed: number;
  brokers: readonly number[];
  /** The KRaft controller quorum (default: `defaultQuorum`, see quorum.ts). */
  controllers?: ControllerQuorumSetup;
  topics: readonly TopicSetup[];
  producers?: readonly ProducerSetup[];
  consumers?: readonly ConsumerSetup[];
  /** ksqlDB applications run as Kafka Streams in the cluster (streams/cluster). */
  streams?: readonly StreamsAppSetup[];
  config?: DeepPartial<EngineConfig>;
}

/**
 * The controller quorum: `combined` voters are broker ids (brokers that also run a controller);
 * `isolated` voters are controller nodes of their own, with ids no broker has.
 */
export interface ControllerQuorumSetup {
  mode: 'combined' | 'isolated';
  voters: readonly number[];
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
  /** retention.ms (default 7 days; -1: never deleted by age). */
  retentionMs?: number;
  /** retention.bytes per partition (default -1: no limit). */
  retentionBytes?: number;
  /** segment.ms (default 7 days). */
  segmentMs?: number;
  /** segment.bytes (default 1 GiB). */
  segmentBytes?: number;
  /** cleanup.policy (default delete). */
  cleanupPolicy?: CleanupPolicy;
  /** delete.retention.ms (default 1 day). */
  deleteRetentionMs?: number;
  /** min.compaction.lag.ms (default 0). */
  minCompactionLagMs?: number;
  /** max.compaction.lag.ms (default Number.MAX_SAFE_INTEGER: never forces a clean). */
  maxCompactionLagMs?: number;
  /** min.cleanable.dirty.ratio (default 0.5). */
  minCleanableDirtyRatio?: number;
}

export interface ProducerSetup {
  id: string;
  topic?: string;
  partitioner?: PartitionerName;
  acks?: Acks;
  lingerMs?: number;
  batchSizeBytes?: number;
  ignoreKeys?: boolean;
  /** max.in.flight.requests.per.connection (default 5). */
  maxInFlight?: number;
  /** enable.idempotence (default: on unless acks is not all or max.in.flight is above 5). */
  idempotence?: boolean;
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
  /** What the application does with the records it polls (see processor.ts); default none. */
  processor?: ProcessorKind;
}
