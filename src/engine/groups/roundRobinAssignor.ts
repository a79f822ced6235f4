/**
 * The round-robin assignor, following Kafka's `RoundRobinAssignor`.
 *
 * All partitions of all subscribed topics are laid out in one sorted list (topics in Java
 * order, then partition number) and dealt one at a time to the members in circular member
 * order. A member that does not subscribe to the current partition's topic is skipped (the
 * cursor moves past it), which is why round robin is only perfectly balanced when every member
 * has the same subscription.
 */
import { assertUniqueMemberIds, subscribedTopicUnion, toAssignment } from './common.ts';
import { memberOrder } from './ordering.ts';
import { buildPartitionSpace } from './partitionSpace.ts';
import type { Assignment, MemberSubscription } from './types.ts';

/** Assigns with Kafka's `RoundRobinAssignor` rules. Every member appears in the result. */
export function roundRobinAssign(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  assertUniqueMemberIds(members);
  const ordered = memberOrder(members);
  const space = buildPartitionSpace(subscribedTopicUnion(ordered), partitionsPerTopic);
  const ids: number[][] = ordered.map(() => []);
  if (ordered.length === 0) return {};

  // subscribes[ti][mi]: one byte per (topic, member) so the skip test is O(1).
  const subscribes = space.topics.map(() => new Uint8Array(ordered.length));
  ordered.forEach((m, mi) => {
    for (const t of m.topics) {
      const ti = space.topicIndex.get(t);
      if (ti !== undefined) subscribes[ti][mi] = 1;
    }
  });

  // Kafka's CircularIterator: peek; skip members not subscribed to the topic; give the
  // partition to the first subscribed one and step past it. Every topic in the space has at
  // least one subscriber, so the skip loop always ends.
  let cursor = 0;
  for (let id = 0; id < space.size; id++) {
    const row = subscribes[space.topicOf[id]];
    while (row[cursor] === 0) cursor = (cursor + 1) % ordered.length;
    ids[cursor].push(id);
    cursor = (cursor + 1) % ordered.length;
  }
  return toAssignment(ordered, ids, space);
}
