import type { Acks, UnwrittenRecord } from './model';

/**
 * The data-plane requests on the simulated wire (produce and fetch) and the errors a leader
 * answers them with, under Kafka's error names. Group-protocol messages are in groupMessages.ts.
 */

export const NOT_LEADER = 'NOT_LEADER_OR_FOLLOWER';
export const NOT_ENOUGH_REPLICAS = 'NOT_ENOUGH_REPLICAS';
export const NETWORK_EXCEPTION = 'NETWORK_EXCEPTION';
export const OFFSET_OUT_OF_RANGE = 'OFFSET_OUT_OF_RANGE';

/** A batch of records on its way to a partition leader. */
export interface ProduceRequest {
  id: number;
  producer: string;
  broker: number;
  topic: string;
  partition: number;
  acks: Acks;
  records: UnwrittenRecord[];
  /** When the batch was created: delivery.timeout.ms counts from here. */
  createdAtMs: number;
  attempts: number;
  flightId: number;
  /** Idempotent (acks=all): the leader de-duplicates a retried batch it already has. */
  idempotent: boolean;
  /** The next retry backoff (exponential, KIP-580). */
  backoffMs: number;
  /** A delivery-timeout check is scheduled (only while the batch waits for a leader). */
  expiryArmed: boolean;
}

/** A fetch from a follower (replica: its broker id) or a consumer, at one partition's leader. */
export interface FetchRequest {
  id: number;
  topic: string;
  partition: number;
  leader: number;
  fetchOffset: number;
  follower: number | null;
  consumer: string | null;
  parked: boolean;
}
