/**
 * The sticky assignor, following Kafka's `StickyAssignor` / `AbstractStickyAssignor`.
 *
 * Goal, in Kafka's priority order: (1) a balanced assignment, (2) moving as few previously
 * owned partitions as possible. Kafka has two code paths, kept here:
 *
 * - constrained (`ConstrainedAssignmentBuilder`): every member subscribes to the same topics.
 *   Quotas are exact: each member gets floor(P/N) partitions and exactly P mod N members get
 *   one more. Members keep owned partitions up to their quota; the free partitions are then
 *   dealt round-robin to members still under quota.
 * - general (`GeneralAssignmentBuilder`): subscriptions differ, so "balanced" can no longer
 *   be an exact quota. See {@link generalStickyAssign} for what is implemented and how it
 *   differs from Kafka's heuristic.
 *
 * Deviation from Kafka in both paths: Kafka's sticky code sorts members by member id only;
 * here members are ordered by {@link memberOrder} (static members first), the single member
 * order the simulator uses for every assignor. Kafka also walks HashMaps in places (e.g.
 * which members claim the P mod N "one extra" slots first); here that walk is in member order
 * so results are deterministic.
 */
import { assertUniqueMemberIds, subscribedTopicUnion, toAssignment, topicSets } from './common.ts';
import { resolveOwnership } from './claims.ts';
import { MinHeap } from './minHeap.ts';
import { balanceByMoveChains, buildCounters, slotOf } from './moveChains.ts';
import { memberOrder } from './ordering.ts';
import type { PartitionSpace } from './partitionSpace.ts';
import { buildPartitionSpace } from './partitionSpace.ts';
import type { Assignment, MemberSubscription } from './types.ts';

/** Which of Kafka's two sticky code paths applies. */
export type StickyPath = 'constrained' | 'general';

/**
 * True iff every member subscribes to exactly the same set of topics (Kafka's
 * `AbstractStickyAssignor.allSubscriptionsEqual`; like Kafka it compares the raw subscribed
 * topic sets, including topics that do not exist).
 */
export function allSubscriptionsEqual(members: readonly MemberSubscription[]): boolean {
  if (members.length === 0) return true;
  const first = new Set(members[0].topics);
  return members.every((m) => {
    const s = new Set(m.topics);
    return s.size === first.size && [...s].every((t) => first.has(t));
  });
}

/** The sticky code path Kafka would take for these members. */
export function stickyPathFor(members: readonly MemberSubscription[]): StickyPath {
  return allSubscriptionsEqual(members) ? 'constrained' : 'general';
}

/**
 * Assigns with Kafka's `StickyAssignor` rules (the eager sticky assignor): balanced, and
 * keeping as many validly-owned partitions as balance allows. Every member appears in the result.
 */
export function stickyAssign(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  return stickyPathFor(members) === 'constrained'
    ? constrainedStickyAssign(members, partitionsPerTopic)
    : generalStickyAssign(members, partitionsPerTopic);
}

// ---------------------------------------------------------------------------------------------
// Constrained path
// ---------------------------------------------------------------------------------------------

/**
 * Kafka's `ConstrainedAssignmentBuilder` (without rack awareness), for groups where every
 * member subscribes to the same topics. Throws if they do not.
 *
 * 1. Walk members in order. A member keeps its valid owned partitions (in the order it listed
 *    them): all of them if it has fewer than minQuota; maxQuota if it has at least that many
 *    and one of the P mod N "extra" slots is still free; otherwise minQuota. The rest are revoked.
 * 2. Deal the free partitions (topic/partition order) round-robin to members below minQuota;
 *    once none are left, to members sitting at exactly minQuota that may still take one more.
 *
 * A member only gives up partitions above its final quota, and the extra slots go to members
 * that can fill them from what they already own, so no partition moves that balance does not
 * require.
 */
export function constrainedStickyAssign(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  assertUniqueMemberIds(members);
  if (!allSubscriptionsEqual(members))
    throw new Error('constrained sticky assignment needs identical subscriptions');
  if (members.length === 0) return {};
  const ordered = memberOrder(members);
  const space = buildPartitionSpace(ordered[0].topics, partitionsPerTopic);
  const { ownedInOrder } = resolveOwnership(space, ordered);
  const ids = constrainedIds(space.size, ordered.length, ownedInOrder);
  return toAssignment(ordered, ids, space);
}

/**
 * The core of the constrained path over dense ids: `owned[i]` are member i's valid owned
 * partition ids (member order). Returns each member's assigned ids.
 */
function constrainedIds(
  partitionCount: number,
  memberCount: number,
  owned: readonly number[][],
): number[][] {
  const minQuota = Math.floor(partitionCount / memberCount);
  const maxQuota = Math.ceil(partitionCount / memberCount);
  // How many members end with maxQuota (0 when the division is exact, since then min == max).
  const expectedOverMin = partitionCount % memberCount;
  let currentOverMin = 0;

  const assigned = new Uint8Array(partitionCount);
  const result: number[][] = [];
  const underMin: number[] = []; // members below minQuota, in member order
  const exactlyMin: number[] = []; // members at minQuota that may still take one more

  const keep = (mi: number, ids: readonly number[]): void => {
    result[mi] = [...ids];
    for (const id of ids) assigned[id] = 1;
  };

  // Step 1: keep previously owned partitions up to the member's quota.
  for (let mi = 0; mi < memberCount; mi++) {
    const mine = owned[mi];
    if (mine.length < minQuota) {
      keep(mi, mine);
      underMin.push(mi);
    } else if (mine.length >= maxQuota && currentOverMin < expectedOverMin) {
      currentOverMin++;
      // Once every extra slot is taken, members at minQuota can no longer grow.
      if (currentOverMin === expectedOverMin) exactlyMin.length = 0;
      keep(mi, mine.slice(0, maxQuota));
    } else {
      keep(mi, mine.slice(0, minQuota));
      if (currentOverMin < expectedOverMin) exactlyMin.push(mi);
    }
  }

  // Step 2: deal the free partitions. This mirrors Kafka's iterator over the under-min list
  // (restarting from the front when it runs out) and its poll() from the exactly-min queue.
  let cycle = underMin;
  let pos = 0;
  let stillUnder: number[] = [];
  let exactHead = 0;
  for (let id = 0; id < partitionCount; id++) {
    if (assigned[id] === 1) continue;
    let mi: number;
    let fromUnder = true;
    if (pos < cycle.length) {
      mi = cycle[pos++];
    } else if (stillUnder.length > 0) {
      cycle = stillUnder;
      stillUnder = [];
      pos = 0;
      mi = cycle[pos++];
    } else if (exactHead < exactlyMin.length) {
      mi = exactlyMin[exactHead++];
      fromUnder = false;
    } else {
      // Kafka throws IllegalStateException here too: the quotas add up to P, so it cannot happen.
      throw new Error('sticky assignor: no member left under quota for a free partition');
    }
    result[mi].push(id);
    const count = result[mi].length;
    if (fromUnder) {
      if (count === minQuota) exactlyMin.push(mi);
      else stillUnder.push(mi);
    }
    if (count === maxQuota && count > minQuota) currentOverMin++;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// General path
// ---------------------------------------------------------------------------------------------

/**
 * Kafka's general sticky path, for members with differing subscriptions.
 *
 * Like Kafka's `GeneralAssignmentBuilder` it (1) keeps every valid owned partition the member
 * still subscribes to, (2) places the free partitions, most-constrained topics first (fewest
 * subscribers), each on the eligible member with the fewest partitions, then (3) rebalances.
 *
 * Simplification / deviation: Kafka's step (3) is a heuristic loop of single-partition
 * reassignments judged by a "balance score" (plus cycle detection in `PartitionMovements`); it
 * is not guaranteed to find the best balance or the fewest moves. Here step (3) is exact, and
 * works on counts: partitions of one topic are interchangeable except for who owned them, so
 * the state is "how many partitions of topic t member m holds". A move chain
 * m0 -t1-> m1 -t2-> ... -> mk (each member hands one partition of a topic the next one
 * subscribes to) changes only the loads of m0 and mk, and costs +1 for each hop that takes a
 * partition from its owner and -1 for each that gives one back. The group is improved with
 * cheapest chains (shortest paths; SPFA because costs can be negative) that either lower a
 * member with L partitions while raising one with at most L-2 (better balance), or move a unit
 * from load L to load L-1 at negative cost (same balance, fewer moves). Starting from zero
 * moves and only ever augmenting along cheapest chains keeps the state move-optimal for its
 * loads (the successive-shortest-path / primal-dual argument of min-cost flow), so the result
 * is optimally balanced (sum of squared loads minimal, i.e. an optimal "semi-matching") and,
 * among such assignments, moves the fewest previously owned partitions. Ties (which member
 * gets a free partition, which equally cheap chain is used) are broken by member order and
 * partition order, not as Kafka would.
 * Which of a member's owned partitions it keeps when it must give some up: the first ones in
 * its owned list, as on the constrained path.
 */
export function generalStickyAssign(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  assertUniqueMemberIds(members);
  if (members.length === 0) return {};
  const ordered = memberOrder(members);
  const space = buildPartitionSpace(subscribedTopicUnion(ordered), partitionsPerTopic);
  const ids = generalIds(space, ordered);
  return toAssignment(ordered, ids, space);
}

function generalIds(space: PartitionSpace, ordered: readonly MemberSubscription[]): number[][] {
  const memberCount = ordered.length;
  const sets = topicSets(ordered);
  const counters = buildCounters(
    space.topics.length,
    sets.map((set) => space.topics.flatMap((t, ti) => (set.has(t) ? [ti] : []))),
  );
  const { subscribers, held, own } = counters;

  // Valid owned partitions, dropping claims on topics the claimer no longer subscribes to
  // (Kafka removes those from the member's current assignment before rebalancing).
  const { ownedInOrder } = resolveOwnership(space, ordered);
  const ownedValid = ownedInOrder.map((list, mi) =>
    list.filter((id) => sets[mi].has(space.topics[space.topicOf[id]])),
  );

  // (1) Keep everything validly owned, for now.
  const load = new Int32Array(memberCount);
  const freePerTopic = [...space.counts];
  ownedValid.forEach((list, mi) => {
    for (const id of list) {
      const ti = space.topicOf[id];
      const k = slotOf(counters, mi, ti);
      own[ti][k]++;
      held[ti][k]++;
      load[mi]++;
      freePerTopic[ti]--;
    }
  });

  // (2) Free partitions: topics with fewer subscribers first (they have fewer choices), each unit
  // to the least-loaded subscriber (ties: member order). The heap holds slots k of the topic.
  const topicOrder = space.topics
    .map((_, ti) => ti)
    .sort((a, b) => subscribers[a].length - subscribers[b].length || a - b);
  for (const ti of topicOrder) {
    if (freePerTopic[ti] === 0) continue;
    const subs = subscribers[ti];
    const heap = new MinHeap(
      (a, b) =>
        load[subs[a]] < load[subs[b]] || (load[subs[a]] === load[subs[b]] && subs[a] < subs[b]),
    );
    for (let k = 0; k < subs.length; k++) heap.push(k);
    for (let n = 0; n < freePerTopic[ti]; n++) {
      const k = heap.pop() as number;
      held[ti][k]++;
      load[subs[k]]++;
      heap.push(k);
    }
  }

  // (3) Exact rebalance along cheapest move chains.
  balanceByMoveChains(counters, load);
  return materialize(space, memberCount, subscribers, held, ownedValid);
}

/**
 * Turns per-topic counts back into partitions: each member keeps the first `min(held, owned)`
 * of its own partitions of the topic (in the order it listed them), then the remaining
 * partitions of the topic, in ascending order, fill the members' remaining counts in member order.
 */
function materialize(
  space: PartitionSpace,
  memberCount: number,
  subscribers: readonly number[][],
  held: readonly Int32Array[],
  ownedValid: readonly number[][],
): number[][] {
  const result: number[][] = Array.from({ length: memberCount }, () => []);
  const ownByTopic: Map<number, number[]>[] = ownedValid.map((list) => {
    const byTopic = new Map<number, number[]>();
    for (const id of list) {
      const ti = space.topicOf[id];
      const l = byTopic.get(ti);
      if (l === undefined) byTopic.set(ti, [id]);
      else l.push(id);
    }
    return byTopic;
  });
  const taken = new Uint8Array(space.size);
  space.topics.forEach((_, ti) => {
    const need: [number, number][] = [];
    subscribers[ti].forEach((mi, k) => {
      let count = held[ti][k];
      if (count === 0) return;
      for (const id of ownByTopic[mi].get(ti) ?? []) {
        if (count === 0) break;
        result[mi].push(id);
        taken[id] = 1;
        count--;
      }
      if (count > 0) need.push([mi, count]);
    });
    let id = space.base[ti];
    for (const [mi, count] of need) {
      for (let n = 0; n < count; n++) {
        while (taken[id] === 1) id++;
        result[mi].push(id);
        taken[id] = 1;
      }
    }
  });
  return result;
}
