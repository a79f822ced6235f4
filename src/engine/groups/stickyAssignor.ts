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
  if (!allSubscriptionsEqual(members)) throw new Error('constrained sticky assignment needs identical subscriptions');
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
function constrainedIds(partitionCount: number, memberCount: number, owned: readonly number[][]): number[][] {
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

/** One member's partitions of one topic, split by whether the member validly owned them before. */
interface Holding {
  /** Partitions this member validly owned before the rebalance (moving these costs a revoke). */
  own: number[];
  /** Partitions newly given to it in this assignment (free to move again). */
  other: number[];
}

/**
 * Kafka's general sticky path, for members with differing subscriptions.
 *
 * Like Kafka's `GeneralAssignmentBuilder` it (1) keeps every valid owned partition the member
 * still subscribes to, (2) places the free partitions, most-constrained topics first (fewest
 * subscribers), each on the eligible member with the fewest partitions, then (3) rebalances.
 *
 * Simplification / deviation: Kafka's step (3) is a heuristic loop of single-partition
 * reassignments scored by a "balance score", which can stop at a locally balanced state. Here
 * step (3) repeatedly looks (breadth-first) for the shortest chain of moves
 * m0 -> m1 -> ... -> mk, each moving one partition to a member that subscribes to its topic,
 * from a member with L partitions to one with at most L-2. When no such chain exists the
 * assignment is optimally balanced (an optimal "semi-matching": no member can be lowered
 * without raising another to at least its level). Chains first move only partitions that were
 * free this round; only if that cannot balance the group are owned partitions moved, so owned
 * partitions move only when balance needs it (shortest chains, though not a proven global
 * minimum of moves). Kafka's cycle detection (`PartitionMovements`) is not needed: a partition
 * in a chain moves once.
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
  const topicCount = space.topics.length;
  const sets = topicSets(ordered);
  const subscribers: number[][] = space.topics.map((t) => {
    const subs: number[] = [];
    sets.forEach((s, mi) => {
      if (s.has(t)) subs.push(mi);
    });
    return subs;
  });

  // A claim only survives if the claimer still subscribes to the topic (Kafka drops owned
  // partitions of topics the consumer unsubscribed from).
  const { owner } = resolveOwnership(space, ordered);
  const prevOwner = new Int32Array(space.size).fill(-1);
  for (let id = 0; id < space.size; id++) {
    const o = owner[id];
    if (o >= 0 && sets[o].has(space.topics[space.topicOf[id]])) prevOwner[id] = o;
  }

  const holder = new Int32Array(space.size).fill(-1);
  const load = new Int32Array(memberCount);
  const holdings: Map<number, Holding>[] = ordered.map(() => new Map());

  const give = (id: number, mi: number): void => {
    const ti = space.topicOf[id];
    let h = holdings[mi].get(ti);
    if (h === undefined) {
      h = { own: [], other: [] };
      holdings[mi].set(ti, h);
    }
    (prevOwner[id] === mi ? h.own : h.other).push(id);
    holder[id] = mi;
    load[mi]++;
  };
  // Prefer giving away a partition the member did not own before: that move costs no revoke.
  const take = (mi: number, ti: number): number => {
    const h = holdings[mi].get(ti) as Holding;
    const id = (h.other.length > 0 ? h.other.pop() : h.own.pop()) as number;
    load[mi]--;
    return id;
  };

  // (1) Keep valid owned partitions.
  for (let id = 0; id < space.size; id++) if (prevOwner[id] >= 0) give(id, prevOwner[id]);

  // (2) Place free partitions: topics with fewer subscribers first (they have fewer choices),
  // each partition on the least-loaded subscriber (ties: member order).
  const lighter = (a: number, b: number): boolean => load[a] < load[b] || (load[a] === load[b] && a < b);
  const topicOrder = space.topics.map((_, ti) => ti).sort((a, b) => subscribers[a].length - subscribers[b].length || a - b);
  for (const ti of topicOrder) {
    let heap: MinHeap | null = null;
    for (let id = space.base[ti]; id < space.base[ti] + space.counts[ti]; id++) {
      if (holder[id] >= 0) continue;
      if (heap === null) {
        heap = new MinHeap(lighter);
        for (const mi of subscribers[ti]) heap.push(mi);
      }
      const mi = heap.pop() as number;
      give(id, mi);
      heap.push(mi);
    }
  }

  // (3) Balance with shortest move chains: first moving only newly placed partitions, then any.
  const visited = new Int32Array(memberCount);
  const expanded = new Int32Array(topicCount);
  const queue = new Int32Array(memberCount);
  const parentMember = new Int32Array(memberCount);
  const parentTopic = new Int32Array(memberCount);
  let stamp = 0;

  /** BFS from every member holding exactly `level` partitions to one holding <= level-2. Returns it or -1. */
  const findChain = (level: number, onlyNew: boolean): number => {
    stamp++;
    let head = 0;
    let tail = 0;
    for (let mi = 0; mi < memberCount; mi++) {
      if (load[mi] !== level) continue;
      visited[mi] = stamp;
      parentMember[mi] = -1;
      queue[tail++] = mi;
    }
    while (head < tail) {
      const u = queue[head++];
      for (const [ti, h] of holdings[u]) {
        if (h.other.length === 0 && (onlyNew || h.own.length === 0)) continue;
        // Each topic only needs expanding once per search: its first holder reached is the
        // nearest one, so later holders cannot give shorter chains.
        if (expanded[ti] === stamp) continue;
        expanded[ti] = stamp;
        for (const v of subscribers[ti]) {
          if (visited[v] === stamp) continue;
          visited[v] = stamp;
          parentMember[v] = u;
          parentTopic[v] = ti;
          if (load[v] <= level - 2) return v;
          queue[tail++] = v;
        }
      }
    }
    return -1;
  };

  const applyChain = (target: number): void => {
    const steps: [number, number, number][] = [];
    for (let v = target; parentMember[v] >= 0; v = parentMember[v]) steps.push([parentMember[v], parentTopic[v], v]);
    // Apply from the source end; each member in the chain gives one partition and (except the
    // source) receives one, so only the two ends change load.
    for (let i = steps.length - 1; i >= 0; i--) {
      const [from, ti, to] = steps[i];
      give(take(from, ti), to);
    }
  };

  const balance = (onlyNew: boolean): void => {
    for (let improved = true; improved; ) {
      improved = false;
      const levels = [...new Set(load)].sort((a, b) => b - a);
      const minLoad = levels[levels.length - 1];
      for (const level of levels) {
        if (level < minLoad + 2) break;
        for (let target = findChain(level, onlyNew); target >= 0; target = findChain(level, onlyNew)) {
          applyChain(target);
          improved = true;
        }
      }
    }
  };
  balance(true);
  balance(false);

  const result: number[][] = ordered.map(() => []);
  for (let id = 0; id < space.size; id++) result[holder[id]].push(id);
  return result;
}
