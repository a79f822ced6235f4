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
import { stickyAssign } from './stickyAssignor.ts';
import type { Assignment, MemberSubscription, TopicPartition } from './types.ts';

const keyOf = (tp: TopicPartition): string => `${tp.partition}:${tp.topic}`;

/** Every partition some member claims, with the claimers and their generations. */
function claimsByPartition(
  members: readonly MemberSubscription[],
): Map<string, { memberId: string; generation: number }[]> {
  const claims = new Map<string, { memberId: string; generation: number }[]>();
  for (const m of members) {
    for (const tp of new Map(m.owned.map((o) => [keyOf(o), o])).keys()) {
      let list = claims.get(tp);
      if (list === undefined) {
        list = [];
        claims.set(tp, list);
      }
      list.push({ memberId: m.memberId, generation: m.generation });
    }
  }
  return claims;
}

/**
 * Removes from `target` every partition that would change owner this round (Kafka's
 * `CooperativeStickyAssignor.adjustAssignment`). A partition assigned to X is withheld when
 * some other member currently claims it in `owned`, unless X itself is its trusted previous
 * owner (X claims it in a generation strictly newer than every other claimer - the same
 * validity rule the sticky assignor uses). Withheld partitions stay unassigned until the
 * owner has revoked them and a follow-up rebalance runs.
 *
 * This matches the set Kafka's constrained path tracks (`partitionsTransferringOwnership`),
 * including withholding partitions claimed by several members in the same generation. For the
 * general path Kafka recomputes the set from the raw owned lists
 * (`computePartitionsTransferringOwnership`); using one rule for both is slightly more
 * cautious in that path (a partition claimed by two members is withheld even from one of them).
 * Returns a new assignment; `target` is not modified.
 */
export function cooperativeAdjust(
  target: Assignment,
  members: readonly MemberSubscription[],
): Assignment {
  const claims = claimsByPartition(members);
  const withheld = (memberId: string, tp: TopicPartition): boolean => {
    const list = claims.get(keyOf(tp));
    if (list === undefined) return false;
    const others = list.filter((c) => c.memberId !== memberId);
    if (others.length === 0) return false;
    const mine = list.find((c) => c.memberId === memberId);
    const trustedOwner = mine !== undefined && others.every((c) => c.generation < mine.generation);
    return !trustedOwner;
  };
  return Object.fromEntries(
    Object.entries(target).map(([memberId, tps]) => [
      memberId,
      tps.filter((tp) => !withheld(memberId, tp)),
    ]),
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
 * Assigns with Kafka's `CooperativeStickyAssignor`: the sticky target, minus the partitions
 * that must first be revoked by their current owner (see {@link cooperativeAdjust}).
 */
export function cooperativeStickyAssign(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  return cooperativeAdjust(stickyAssign(members, partitionsPerTopic), members);
}
