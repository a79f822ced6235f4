/** Small helpers shared by the assignors. */
import type { PartitionSpace } from './partitionSpace.ts';
import { partitionOf } from './partitionSpace.ts';
import type { Assignment, MemberSubscription } from './types.ts';

/**
 * Throws if two subscriptions share a member id. The coordinator hands out unique member ids,
 * so a duplicate is a bug in the caller; assigning anyway would silently merge two consumers.
 */
export function assertUniqueMemberIds(members: readonly MemberSubscription[]): void {
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.memberId))
      throw new Error(`duplicate member id "${m.memberId}" in group subscription`);
    seen.add(m.memberId);
  }
}

/** Every topic any member subscribes to (duplicates removed). */
export function subscribedTopicUnion(members: readonly MemberSubscription[]): Set<string> {
  const topics = new Set<string>();
  for (const m of members) for (const t of m.topics) topics.add(t);
  return topics;
}

/**
 * Builds the public {@link Assignment} from per-member lists of partition ids.
 * `ordered[i]` receives `ids[i]`; ids are sorted ascending first, which (by construction of
 * the {@link PartitionSpace}) sorts by topic then partition. `Object.fromEntries` is used so a
 * member id such as "__proto__" becomes an ordinary key.
 */
export function toAssignment(
  ordered: readonly MemberSubscription[],
  ids: readonly (readonly number[])[],
  space: PartitionSpace,
): Assignment {
  return Object.fromEntries(
    ordered.map((m, i) => [
      m.memberId,
      [...ids[i]].sort((a, b) => a - b).map((id) => partitionOf(space, id)),
    ]),
  );
}

/** Per member (same order as `ordered`): the set of topics it subscribes to. */
export function topicSets(ordered: readonly MemberSubscription[]): Set<string>[] {
  return ordered.map((m) => new Set(m.topics));
}
