/**
 * Shared types for consumer-group partition assignment.
 *
 * These mirror the inputs Kafka's client-side assignors receive
 * (`ConsumerPartitionAssignor.Subscription` / `GroupSubscription`) and the output they
 * produce (`Map<String, List<TopicPartition>>`), reduced to what the simulator needs.
 */

/** A single partition of a topic, like Kafka's `org.apache.kafka.common.TopicPartition`. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/**
 * The `partition.assignment.strategy` names of Kafka's built-in client assignors, and
 * `stream`, Kafka Streams' `StreamsPartitionAssignor`, which only a streams application's
 * clients use (it assigns tasks: streams/cluster).
 */
export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky' | 'stream';

/** What one consumer sends in its JoinGroup request (its `Subscription`). */
export interface MemberSubscription {
  /** The consumer's member id (assigned by the coordinator). */
  memberId: string;
  /** `group.instance.id`: non-null means a static member. */
  instanceId: string | null;
  /** Subscribed topics. */
  topics: readonly string[];
  /** Partitions it owned before this rebalance (used by the sticky assignors). */
  owned: readonly TopicPartition[];
  /** Generation in which `owned` was valid (-1 if none). */
  generation: number;
}

/** memberId -> assigned partitions, each list sorted by topic then partition. Every member appears (possibly with []). */
export type Assignment = Record<string, TopicPartition[]>;
