/**
 * The orderings every assignor relies on. Kafka is written in Java, so "sorted" always
 * means Java's `String.compareTo` (UTF-16 code units), never locale order.
 */
import { javaStringHashCode } from './coordinator.ts';
import type { MemberSubscription, TopicPartition } from './types.ts';

/**
 * Java's `String.compareTo`: lexicographic over UTF-16 code units; when one string is a
 * prefix of the other, the shorter sorts first. Returns the same value Java does (difference
 * of the first differing code units, else difference of lengths), so only its sign matters
 * to a comparator. "consumer10" < "consumer2" because '1' (49) < '2' (50).
 */
export function compareJavaStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * Order of `TopicPartition`s used by every assignor: topic (Java order), then partition number.
 * Kafka builds its sorted partition lists the same way (a `TreeSet` of topics, then 0..n-1).
 */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  const t = compareJavaStrings(a.topic, b.topic);
  return t !== 0 ? t : a.partition - b.partition;
}

/**
 * Member comparison from Kafka's `AbstractPartitionAssignor.MemberInfo.compareTo`: static members
 * (with a `group.instance.id`) come first, ordered by instance id; then dynamic members by
 * member id. Static members first matters because their position survives restarts, so a
 * bounced static consumer gets the same partitions back from range/round-robin.
 * Ties (which Kafka never sees: instance ids are unique) fall back to member id so the
 * simulator stays deterministic.
 */
export function compareMembers(a: MemberSubscription, b: MemberSubscription): number {
  if (a.instanceId !== null && b.instanceId !== null) {
    const c = compareJavaStrings(a.instanceId, b.instanceId);
    return c !== 0 ? c : compareJavaStrings(a.memberId, b.memberId);
  }
  if (a.instanceId !== null) return -1;
  if (b.instanceId !== null) return 1;
  return compareJavaStrings(a.memberId, b.memberId);
}

/** Members sorted by {@link compareMembers}: static first by instance id, then dynamic by member id. Returns a new array. */
export function memberOrder(members: readonly MemberSubscription[]): MemberSubscription[] {
  return [...members].sort(compareMembers);
}

/** Topic names sorted in Java string order, duplicates removed. Returns a new array. */
export function sortedTopics(topics: Iterable<string>): string[] {
  return [...new Set(topics)].sort(compareJavaStrings);
}

/** A copy of `partitions` sorted by {@link compareTopicPartitions}. */
export function sortPartitions(partitions: readonly TopicPartition[]): TopicPartition[] {
  return [...partitions].sort(compareTopicPartitions);
}

/**
 * The capacity of a default-constructed `java.util.HashMap`/`HashSet` after it has held `n`
 * entries: 16, doubled whenever the size passes 3/4 of it (it never shrinks).
 */
export function javaHashCapacity(n: number): number {
  let capacity = 16;
  while (n > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** The bucket `java.util.HashMap` puts a key with hash code `hash` in (`hash ^ hash >>> 16`, masked). */
export function javaHashBucket(hash: number, capacity: number): number {
  return (hash ^ (hash >>> 16)) & (capacity - 1);
}

/**
 * The order a default-constructed `java.util.HashMap` filled by `put` in `items` order
 * iterates its keys: by bucket, and within a bucket in insertion order. Not modelled: tree
 * bins (8 or more keys in one bucket), which member ids and topic partitions do not reach in
 * practice.
 */
export function javaHashMapOrder<T>(
  items: readonly T[],
  hash: (item: T) => number,
  capacity = javaHashCapacity(items.length),
): T[] {
  return items
    .map((item, i) => ({ item, i, bucket: javaHashBucket(hash(item), capacity) }))
    .sort((a, b) => a.bucket - b.bucket || a.i - b.i)
    .map((x) => x.item);
}

/** Java's `TopicPartition.hashCode`: 31 * (31 + partition) + topic.hashCode(), in 32 bits. */
export function javaTopicPartitionHash(topic: string, partition: number): number {
  return (Math.imul(31, 31 + partition) + javaStringHashCode(topic)) | 0;
}
