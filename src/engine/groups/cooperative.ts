/**
 * The cooperative-sticky assignor, following Kafka's `CooperativeStickyAssignor`
 * (incremental cooperative rebalancing, KIP-429).
 *
 * Under the eager protocol every consumer revokes everything before rejoining, so any
 * partition can be handed to anyone. Under the cooperative protocol consumers keep their
 * partitions while rejoining, so handing a partition to B while A still consumes it would let
 * two consumers process it at once. Kafka therefore computes the normal sticky target and then
 * withholds every partition that is changing owner: the old owner sees it missing from its
 * assignment and revokes it, rejoins, and the follow-up rebalance hands it to the new owner.
 */
import { compareTopicPartitions } from './ordering.ts';
import { runSticky, stickyRunAssignment } from './stickyAssignor.ts';
import type { Assignment, MemberSubscription, TopicPartition } from './types.ts';

const keyOf = (tp: TopicPartition): string => `${tp.partition}:${tp.topic}`;

/**
 * Kafka's `CooperativeStickyAssignor.computePartitionsTransferringOwnership` followed by
 * `adjustAssignment`, the rule Kafka applies after the general sticky path: a partition is
 * withheld from the member it is assigned to when that member did not list it in `owned`
 * while some member that did list it is not assigned it (so it must first be revoked).
 * Uses the raw owned lists, generations play no part. Returns a new assignment; `target` is
 * not modified.
 */
export function cooperativeAdjust(
  target: Assignment,
  members: readonly MemberSubscription[],
): Assignment {
  const assignedTo = new Map<string, string>();
  for (const [memberId, tps] of Object.entries(target))
    for (const tp of tps) assignedTo.set(keyOf(tp), memberId);
  const revoked = new Set<string>();
  const ownedBy = new Map<string, Set<string>>();
  for (const m of members) {
    const mine = new Set(m.owned.map(keyOf));
    ownedBy.set(m.memberId, mine);
    const assigned = new Set(
      (Object.prototype.hasOwnProperty.call(target, m.memberId) ? target[m.memberId] : []).map(
        keyOf,
      ),
    );
    for (const k of mine) if (!assigned.has(k)) revoked.add(k);
  }
  return Object.fromEntries(
    Object.entries(target).map(([memberId, tps]) => {
      const mine = ownedBy.get(memberId) ?? new Set<string>();
      return [memberId, tps.filter((tp) => mine.has(keyOf(tp)) || !revoked.has(keyOf(tp)))];
    }),
  );
}

/**
 * Per member: the partitions it currently owns that are not in its new `assignment`, sorted by
 * topic then partition. A cooperative consumer revokes exactly these
 * (`ConsumerCoordinator.onJoinComplete`), then rejoins so they can be handed over. Every member
 * of `members` appears (possibly with []).
 */
export function revokedPartitions(
  members: readonly MemberSubscription[],
  assignment: Assignment,
): Assignment {
  return Object.fromEntries(
    members.map((m) => {
      const kept = new Set(
        (Object.prototype.hasOwnProperty.call(assignment, m.memberId)
          ? assignment[m.memberId]
          : []
        ).map(keyOf),
      );
      const revoked = [...new Map(m.owned.map((tp) => [keyOf(tp), tp])).values()]
        .filter((tp) => !kept.has(keyOf(tp)))
        .map((tp) => ({ topic: tp.topic, partition: tp.partition }))
        .sort(compareTopicPartitions);
      return [m.memberId, revoked];
    }),
  );
}

/**
 * Assigns with Kafka's `CooperativeStickyAssignor.assignPartitions`: the sticky result, minus
 * the partitions that must first be revoked by their current owner. On the constrained path
 * those are the ones the builder recorded (`partitionsTransferringOwnership`: newly given to a
 * member while the valid owner had them above quota, or claimed by several members in one
 * generation); on the general path Kafka recomputes them from the owned lists
 * ({@link cooperativeAdjust}).
 */
export function cooperativeStickyAssign(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  const run = runSticky(members, partitionsPerTopic);
  if (run.transferring === null) return cooperativeAdjust(stickyRunAssignment(run), members);
  const transferring = run.transferring;
  return stickyRunAssignment(
    run,
    run.ids.map((ids, mi) => ids.filter((id) => transferring.get(id) !== mi)),
  );
}
