/**
 * Which previously-owned partitions a sticky assignor may treat as really owned.
 *
 * Follows the ownership rules of Kafka's `AbstractStickyAssignor` (the per-partition checks in
 * `allSubscriptionsEqual` and `prepopulateCurrentAssignments`): a consumer's claim is only
 * trusted if it was made in the highest generation among all consumers claiming that
 * partition, because a consumer with an older generation may be a zombie that missed a
 * rebalance. If two or more consumers claim the same partition in that same highest
 * generation, the input is inconsistent and Kafka trusts neither claim ("this will be
 * invalidated and removed from their previous assignment"): the partition is treated as free.
 *
 * Kafka resolves conflicts pairwise while walking a HashMap, which can (rarely) depend on
 * iteration order; here the rule is applied to all claimers of a partition at once, so the
 * result is order-independent.
 */
import type { PartitionSpace } from './partitionSpace.ts';
import { partitionId } from './partitionSpace.ts';
import type { MemberSubscription } from './types.ts';

/** The outcome of resolving previously-owned claims over a {@link PartitionSpace}. */
export interface ResolvedOwnership {
  /** Partition id -> index (into the members array given) of its valid previous owner, or -1. */
  readonly owner: Int32Array;
  /** Partition id -> 1 if several members claimed it in the same highest generation. */
  readonly contested: Uint8Array;
  /** Per member index: the partition ids it validly owns, in the order the member listed them. */
  readonly ownedInOrder: number[][];
}

/**
 * Resolves every member's `owned` claims against `space` (claims on partitions outside the
 * space are ignored, like Kafka ignores owned partitions of topics that no longer exist).
 */
export function resolveOwnership(
  space: PartitionSpace,
  members: readonly MemberSubscription[],
): ResolvedOwnership {
  const n = space.size;
  const bestGen = new Float64Array(n).fill(-Infinity);
  const bestMember = new Int32Array(n).fill(-1);
  const claimersAtBest = new Int32Array(n);
  // A member may list a partition twice; count it once (the last member to touch a partition
  // is recorded, and members are visited one at a time, so duplicates are adjacent in time).
  const lastSeen = new Int32Array(n).fill(-1);

  members.forEach((m, mi) => {
    for (const tp of m.owned) {
      const id = partitionId(space, tp);
      if (id < 0 || lastSeen[id] === mi) continue;
      lastSeen[id] = mi;
      if (m.generation > bestGen[id]) {
        bestGen[id] = m.generation;
        bestMember[id] = mi;
        claimersAtBest[id] = 1;
      } else if (m.generation === bestGen[id]) {
        claimersAtBest[id]++;
      }
    }
  });

  const owner = new Int32Array(n).fill(-1);
  const contested = new Uint8Array(n);
  for (let id = 0; id < n; id++) {
    if (claimersAtBest[id] === 1) owner[id] = bestMember[id];
    else if (claimersAtBest[id] > 1) contested[id] = 1;
  }

  lastSeen.fill(-1);
  const ownedInOrder = members.map((m, mi) => {
    const list: number[] = [];
    for (const tp of m.owned) {
      const id = partitionId(space, tp);
      if (id < 0 || lastSeen[id] === mi) continue;
      lastSeen[id] = mi;
      if (owner[id] === mi) list.push(id);
    }
    return list;
  });

  return { owner, contested, ownedInOrder };
}
