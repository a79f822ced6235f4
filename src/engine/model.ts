import type { PartitionerName, PartitionerState, PartitionReason } from './partitioner';
import type { ProduceRequest } from './world';

/** A header: name → value. Kafka header values are bytes; kafkascope shows them as text. */
export type Header = readonly [name: string, value: string];

/** A record as the producer created it, before a leader gave it an offset. */
export interface PendingRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: readonly Header[];
  /** CreateTime: the producer's virtual clock at send(). */
  readonly timestampMs: number;
  readonly producer: string;
  /**
   * The nth record this producer sent (from 0): kafkascope's identity for a record, used to
   * report acknowledged records that were lost. (Kafka's idempotent sequence is per partition.)
   */
  readonly sequence: number;
  readonly sizeBytes: number;
  readonly partitionReason: PartitionReason;
}

/** A record in a log. Never changes once written: replicas share the same object. */
export interface LogRecord extends PendingRecord {
  readonly offset: number;
  /** The leader epoch in which the leader appended it. */
  readonly leaderEpoch: number;
}

/**
 * A record from send() until a leader first writes it: the leader stamps offset and epoch
 * on this same object (one allocation per record, which is what keeps a million records a
 * second affordable). Appended again (a retry after a failover), it is copied instead.
 */
export interface UnwrittenRecord extends PendingRecord {
  offset: number;
  leaderEpoch: number;
}

export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

/**
 * One replica's copy of a partition's log. `records` is append-only: a truncation replaces
 * the array (copy on truncate), so a snapshot that kept the old array and its length stays
 * true to the moment it was taken.
 */
export interface ReplicaLog {
  brokerId: number;
  records: LogRecord[];
  logStartOffset: number;
  /** This replica's view of the high watermark (a follower learns it from fetch responses). */
  highWatermark: number;
  /** Leader epoch cache: (epoch, first offset written in it), ascending. */
  epochs: EpochEntry[];
}

export function logEndOffset(log: ReplicaLog): number {
  return log.logStartOffset + log.records.length;
}

/** What a partition leader remembers about one follower (`Replica` state in Kafka). */
export interface FollowerState {
  /** The follower's LEO as of its last fetch (the fetch offset it asked for). */
  logEndOffset: number;
  /** Last time the follower's fetch reached the leader's LEO (for ISR shrink, KIP-? replica.lag.time.max.ms). */
  lastCaughtUpTimeMs: number;
}

export interface Partition {
  readonly topic: string;
  readonly partition: number;
  /** Assignment order; the first is the preferred leader. */
  replicas: number[];
  /** The leader broker id, or -1 when the partition is offline. */
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** The leader's high watermark: consumers read below it. */
  highWatermark: number;
  /** Each replica's own log, by broker id. */
  logs: Record<number, ReplicaLog>;
  /** The leader's knowledge of its followers, by broker id. */
  followers: Record<number, FollowerState>;
  /** acks=all batches appended but not yet below the high watermark, in offset order. */
  pendingAcks: PendingAck[];
  /** Fetches parked at the leader waiting for data (long poll). */
  parkedFetches: ParkedFetch[];
}

export interface PendingAck {
  producer: string;
  requestId: number;
  baseOffset: number;
  /** One past the batch's last offset: acknowledged once the high watermark reaches it. */
  endOffset: number;
  leaderEpoch: number;
  request: ProduceRequest;
}

export interface ParkedFetch {
  fetchId: number;
}

export interface TopicConfig {
  minInsyncReplicas: number;
  uncleanLeaderElection: boolean;
}

export interface Topic {
  readonly name: string;
  partitions: Partition[];
  config: TopicConfig;
  /** Internal topics (__consumer_offsets) are real but the UI keeps them out of the way. */
  internal: boolean;
}

export interface Broker {
  readonly id: number;
  alive: boolean;
}

export type Acks = 0 | 1 | 'all';

export type KeyMode =
  | { kind: 'none' }
  | { kind: 'fixed'; key: string }
  | { kind: 'list'; keys: readonly string[]; order: 'cycle' | 'random' };

export interface OpenBatch {
  id: number;
  topic: string;
  partition: number;
  records: UnwrittenRecord[];
  bytes: number;
  createdAtMs: number;
}

export interface ProducerState {
  readonly id: string;
  /** The topic `produce` uses when a step names none. */
  topic: string | null;
  partitioner: PartitionerName;
  acks: Acks;
  ignoreKeys: boolean;
  lingerMs: number;
  batchSizeBytes: number;
  partitionerState: PartitionerState;
  nextSequence: number;
  /** Open (not yet sent) batches: topic → partition → batch. */
  openBatches: Record<string, (OpenBatch | undefined)[]>;
  /** A steady rate of records per second (0 = off), with its key mode. */
  rate: number;
  rateKeyMode: KeyMode;
  /** Fraction of a record carried between rate ticks, so rates below the tick rate are exact. */
  rateCarry: number;
  rateTickScheduled: boolean;
  keyCycle: number;
  sent: number;
  acked: number;
  failed: number;
  errors: Record<string, number>;
  /** Acknowledged records (capped), for lost-record detection and small-run reports. */
  ackedRecords: AckedRecord[];
  ackedRecordsTruncated: boolean;
  /** Virtual time each connection (by broker id) is busy until: requests on one connection stay in order. */
  connectionFreeAtMs: Record<number, number>;
}

export interface AckedRecord {
  topic: string;
  partition: number;
  offset: number;
  sequence: number;
}

export type OffsetSpec = 'earliest' | 'latest' | number;

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export interface ConsumerState {
  readonly id: string;
  /** The consumer group, or null for a consumer that assigns partitions itself. */
  group: string | null;
  topics: string[];
  from: OffsetSpec;
  assignment: TopicPartitionRef[];
  /** Next offset to read, by "topic/partition". */
  positions: Record<string, number>;
  /** "topic/partition" keys with a fetch in flight or parked. */
  fetching: Record<string, number>;
  maxPollRecords: number;
  consumed: number;
  alive: boolean;
  paused: boolean;
}

export function tpKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/** A message on the wire, kept so the view can draw it between its ends. */
export type FlightKind = 'produce' | 'replicate' | 'consume';

export type NodeRef =
  | { kind: 'producer'; id: string }
  | { kind: 'broker'; id: number }
  | { kind: 'consumer'; id: string };

export interface Flight {
  readonly id: number;
  readonly kind: FlightKind;
  readonly from: NodeRef;
  readonly to: NodeRef;
  readonly topic: string;
  readonly partition: number;
  readonly count: number;
  /** For produce flights: the first record's producer sequence; else the first offset. */
  readonly first: number;
  readonly sentAtMs: number;
  readonly arrivesAtMs: number;
}
