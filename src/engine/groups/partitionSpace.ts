/**
 * A dense numbering of the partitions an assignor works on, so the assignors can use typed
 * arrays and counters instead of string-keyed maps (10,000 partitions x 1,000 members must
 * assign in milliseconds). Ids follow the canonical order: topics in Java string order,
 * then partition number, so "ascending id" == "sorted by topic then partition".
 */
import { sortedTopics } from './ordering.ts';
import type { TopicPartition } from './types.ts';

/** Dense, sorted numbering of every partition of a set of topics. */
export interface PartitionSpace {
  /** Topics in Java string order. */
  readonly topics: readonly string[];
  /** topic name -> index into `topics`. */
  readonly topicIndex: ReadonlyMap<string, number>;
  /** First partition id of each topic. */
  readonly base: readonly number[];
  /** Partition count of each topic. */
  readonly counts: readonly number[];
  /** Topic index of each partition id. */
  readonly topicOf: Int32Array;
  /** Total number of partitions. */
  readonly size: number;
}

/**
 * Checks a partition count the way a broker would refuse a bad one: it must be a
 * non-negative integer. The simulator fails loudly rather than inventing partitions.
 */
function checkedCount(topic: string, count: number | undefined): number {
  if (count === undefined) return 0;
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(
      `partition count for topic "${topic}" must be a non-negative integer, got ${String(count)}`,
    );
  }
  return count;
}

/**
 * Numbers the partitions of `topics` that exist in `partitionsPerTopic`. Topics missing from
 * `partitionsPerTopic` are skipped, as Kafka's assignors skip subscribed topics that have no
 * metadata (`AbstractPartitionAssignor` only passes topics it has partition counts for).
 */
export function buildPartitionSpace(
  topics: Iterable<string>,
  partitionsPerTopic: Readonly<Record<string, number>>,
): PartitionSpace {
  const existing = sortedTopics(topics).filter((t) =>
    Object.prototype.hasOwnProperty.call(partitionsPerTopic, t),
  );
  const topicIndex = new Map<string, number>();
  const base: number[] = [];
  const counts: number[] = [];
  let size = 0;
  existing.forEach((t, i) => {
    const c = checkedCount(t, partitionsPerTopic[t]);
    topicIndex.set(t, i);
    base.push(size);
    counts.push(c);
    size += c;
  });
  const topicOf = new Int32Array(size);
  existing.forEach((_, i) => topicOf.fill(i, base[i], base[i] + counts[i]));
  return { topics: existing, topicIndex, base, counts, topicOf, size };
}

/** The id of `tp` in `space`, or -1 when the topic is not in the space or the partition does not exist. */
export function partitionId(space: PartitionSpace, tp: TopicPartition): number {
  const t = space.topicIndex.get(tp.topic);
  if (t === undefined) return -1;
  if (!Number.isInteger(tp.partition) || tp.partition < 0 || tp.partition >= space.counts[t])
    return -1;
  return space.base[t] + tp.partition;
}

/** The `TopicPartition` for id `id` (a fresh object each call). */
export function partitionOf(space: PartitionSpace, id: number): TopicPartition {
  const t = space.topicOf[id];
  return { topic: space.topics[t], partition: id - space.base[t] };
}
