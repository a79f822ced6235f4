import type { Acks, UnwrittenRecord } from './model';

/**
 * The data-plane requests on the simulated wire (produce and fetch) and the errors a leader
 * answers them with, under Kafka's error names. Group-protocol messages are in groupMessages.ts.
 */

export const NOT_LEADER = 'NOT_LEADER_OR_FOLLOWER';
export const NOT_ENOUGH_REPLICAS = 'NOT_ENOUGH_REPLICAS';
export const NETWORK_EXCEPTION = 'NETWORK_EXCEPTION';
export const OFFSET_OUT_OF_RANGE = 'OFFSET_OUT_OF_RANGE';
/** The fetcher's leader epoch is older than the leader's: its metadata is stale. */
export const FENCED_LEADER_EPOCH = 'FENCED_LEADER_EPOCH';
/** The fetcher's leader epoch is newer than the broker's: the broker has not caught up yet. */
export const UNKNOWN_LEADER_EPOCH = 'UNKNOWN_LEADER_EPOCH';
/** An idempotent batch whose predecessor in its partition is not in the leader's log yet. */
export const OUT_OF_ORDER_SEQUENCE = 'OUT_OF_ORDER_SEQUENCE_NUMBER';
/**
 * The batch is invalid (`LogValidator`): here, a record without a key sent to a compacted topic
 * (logCleaner.ts NULL_KEY_IN_COMPACTED_TOPIC has Kafka's message). Not retriable.
 */
export const INVALID_RECORD = 'INVALID_RECORD';

/**
 * One partition's batch, from the moment it leaves the accumulator until it is acknowledged,
 * fails or expires. On the wire it travels inside a `ProduceWire` (Kafka's ProduceRequest, one
 * per leader broker, carrying the batches of several partitions); the leader handles each
 * partition's batch on its own, as Kafka's `ReplicaManager.appendRecords` does.
 */
export interface ProduceRequest {
  id: number;
  producer: string;
  broker: number;
  topic: string;
  partition: number;
  acks: Acks;
  records: UnwrittenRecord[];
  /** The records `records` stands for, runs counted whole (fixed once closed, as `records`). */
  recordCount: number;
  /** The records' total `sizeBytes` (never changes: a request's records are fixed once closed). */
  bytes: number;
  /** When the batch was created: delivery.timeout.ms counts from here. */
  createdAtMs: number;
  attempts: number;
  flightId: number;
  /** Idempotent (acks=all): the leader de-duplicates a retried batch it already has. */
  idempotent: boolean;
  /** The next retry backoff (exponential, KIP-580). */
  backoffMs: number;
  /**
   * Idempotence: the producer sequence of the last record of the batch before this one in its
   * partition (-1: none, or the producer reset its sequences). The leader refuses the batch
   * with OUT_OF_ORDER_SEQUENCE_NUMBER while that record is not in its log.
   */
  prevSequence: number;
  /**
   * A retry waits in the accumulator until this moment (retry.backoff.ms, exponential), unless
   * the producer has learnt a newer leader epoch than `sentEpoch`, the one it was last sent under
   * (KIP-951: a retry to a new leader does not back off).
   */
  retryAtMs: number;
  sentEpoch: number;
  /** The wire request carrying the current attempt (0: not on the wire). */
  wireId: number;
  /** The leader's answer to the current attempt, held until the whole wire request is answered. */
  answer: { baseOffset: number; error: string | null } | null;
  /** Acknowledged, failed or expired: nothing more happens to it. */
  done: boolean;
  /** The last error a leader answered it with (what an expiry is attributed to). */
  lastError: string | null;
}

/**
 * Kafka's ProduceRequest: one per leader broker, carrying the batches of several partitions
 * (at most one per partition, up to max.request.size). Its answer is one response: the
 * producer handles it when every partition's batch has been answered.
 */
export interface ProduceWire {
  id: number;
  producer: string;
  broker: number;
  batches: ProduceRequest[];
  /** Batches whose leader has not answered yet. */
  unanswered: number;
}

/** A fetch from a follower (replica: its broker id) or a consumer, at one partition's leader. */
export interface FetchRequest {
  id: number;
  topic: string;
  partition: number;
  /** The broker the fetch goes to: the leader as the fetcher believes it. */
  leader: number;
  /** current_leader_epoch (KIP-320): the leader epoch the fetcher knows. */
  leaderEpoch: number;
  fetchOffset: number;
  follower: number | null;
  consumer: string | null;
  parked: boolean;
}
