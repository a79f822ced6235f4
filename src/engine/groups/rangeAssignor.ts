/**
 * The range assignor, following Kafka's `RangeAssignor` (without rack awareness).
 *
 * Each topic is handled on its own: its partitions are cut into contiguous ranges, one per
 * subscribed member in member order. Because every topic restarts at the first member, the
 * first members get the extra partition of *every* topic, which is why range is known to be
 * unbalanced across many topics (and why it keeps co-partitioned topics together, the reason
 * people use it for joins).
 */
import { assertUniqueMemberIds, subscribedTopicUnion, toAssignment } from './common.ts';
import { memberOrder } from './ordering.ts';
import { buildPartitionSpace } from './partitionSpace.ts';
import type { Assignment, MemberSubscription } from './types.ts';

/**
 * The contiguous range of partitions member number `index` (0-based, in member order) gets
 * from a topic with `partitions` partitions shared by `memberCount` members:
 * floor(P/M) each, and the first P mod M members one more.
 */
export function rangeSlice(
  partitions: number,
  memberCount: number,
  index: number,
): { start: number; length: number } {
  const quota = Math.floor(partitions / memberCount);
  const extra = partitions % memberCount;
  return { start: index * quota + Math.min(index, extra), length: quota + (index < extra ? 1 : 0) };
}

/** Assigns with Kafka's `RangeAssignor` rules. Every member appears in the result. */
export function rangeAssign(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  assertUniqueMemberIds(members);
  const ordered = memberOrder(members);
  const space = buildPartitionSpace(subscribedTopicUnion(ordered), partitionsPerTopic);

  // topic index -> subscribed member indices, already in member order (built by walking `ordered`).
  const subscribers: number[][] = space.topics.map(() => []);
  ordered.forEach((m, mi) => {
    for (const t of new Set(m.topics)) {
      const ti = space.topicIndex.get(t);
      if (ti !== undefined) subscribers[ti].push(mi);
    }
  });

  const ids: number[][] = ordered.map(() => []);
  space.topics.forEach((_, ti) => {
    const subs = subscribers[ti];
    subs.forEach((mi, k) => {
      const { start, length } = rangeSlice(space.counts[ti], subs.length, k);
      for (let p = start; p < start + length; p++) ids[mi].push(space.base[ti] + p);
    });
  });
  return toAssignment(ordered, ids, space);
}
