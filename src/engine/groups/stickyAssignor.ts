/**
 * The sticky assignor: a step-by-step port of Kafka 4.3.1's `AbstractStickyAssignor` and
 * `StickyAssignor` (clients/.../consumer/internals/AbstractStickyAssignor.java).
 *
 * Kafka has two code paths, both ported here:
 *
 * - constrained (`ConstrainedAssignmentBuilder`), when every member subscribes to the same
 *   topics: exact quotas (floor(P/N), and P mod N members one more); members keep owned
 *   partitions up to their quota; the rest are dealt round-robin.
 * - general (`GeneralAssignmentBuilder`), when subscriptions differ: keep every valid owned
 *   partition, hand the free ones to the least-loaded eligible member, then Kafka's heuristic
 *   rebalancing loop (`performReassignments`, `isBalanced`, `PartitionMovements`, and the
 *   "undo if the balance score did not improve" rule). Like Kafka's, it is not guaranteed to
 *   find the best balance when subscriptions differ.
 *
 * Rack awareness: the simulated consumers have no `client.rack`, so Kafka's rack-aware
 * branches never apply; only the no-rack behaviour is ported.
 *
 * Kafka iterates Java HashMaps/HashSets in a few places, whose order depends on Java hash
 * codes. Wherever the result can depend on that order, this port iterates in a fixed order
 * instead (members in Java String order of their member id, partitions by topic then
 * partition), marked `// Kafka: HashMap order`. Members are numbered in Java String order of
 * their member id, so comparing member indices is comparing member ids, as Kafka's
 * `SubscriptionComparator` and `Collections.sort` on member ids do.
 *
 * Each member's `generation` stands for both its subscription's generation id and the
 * generation in its member data (the eager sticky assignor's userData, the cooperative one's
 * subscription field); -1 means none, which behaves like Kafka's absent generation.
 */
import { assertUniqueMemberIds, subscribedTopicUnion, toAssignment } from './common.ts';
import { javaStringHashCode } from './coordinator.ts';
import {
  compareJavaStrings,
  javaHashBucket,
  javaHashCapacity,
  javaHashMapOrder,
  javaTopicPartitionHash,
  memberOrder,
} from './ordering.ts';
import type { PartitionSpace } from './partitionSpace.ts';
import { buildPartitionSpace, partitionId } from './partitionSpace.ts';
import type { Assignment, MemberSubscription } from './types.ts';

/** Which of Kafka's two sticky code paths applies. */
export type StickyPath = 'constrained' | 'general';

/** Members in Java String order of member id (the fixed order used for Kafka's HashMap walks). */
function byMemberId(members: readonly MemberSubscription[]): MemberSubscription[] {
  return [...members].sort((a, b) => compareJavaStrings(a.memberId, b.memberId));
}

/**
 * Member indices (into the member-id-ordered list) in the order Kafka's leader walks its
 * `subscriptions` HashMap: `ConsumerCoordinator.onLeaderElected` puts the members in the
 * order of the JoinGroup response, taken here to be the order of `members`.
 */
function hashWalk(
  members: readonly MemberSubscription[],
  ordered: readonly MemberSubscription[],
): number[] {
  const index = new Map(ordered.map((m, i) => [m.memberId, i]));
  return javaHashMapOrder(members, (m) => javaStringHashCode(m.memberId)).map(
    (m) => index.get(m.memberId) as number,
  );
}

/** `allSubscriptionsEqual` over members walked in `walk` order (indices into `ordered`). */
function subscriptionsEqual(
  ordered: readonly MemberSubscription[],
  walk: readonly number[],
): boolean {
  const subscribed = new Set<string>();
  for (const mi of walk) {
    const topics = ordered[mi].topics;
    if (subscribed.size === 0) {
      for (const t of topics) subscribed.add(t);
    } else if (!(topics.length === subscribed.size && topics.every((t) => subscribed.has(t)))) {
      return false;
    }
  }
  return true;
}

/**
 * Kafka's `AbstractStickyAssignor.allSubscriptionsEqual` test, walking the members in Java
 * HashMap order (see {@link hashWalk}): the first member with a non-empty subscription sets
 * the topic set (Kafka only initialises it while it is still empty), and every later member's
 * topic list must have its size and be contained in it. So a member subscribed to nothing
 * that comes first in the walk is skipped, one that comes later makes the subscriptions
 * differ, and a topic listed twice makes them differ too.
 */
export function allSubscriptionsEqual(members: readonly MemberSubscription[]): boolean {
  const ordered = byMemberId(members);
  return subscriptionsEqual(ordered, hashWalk(members, ordered));
}

/** The sticky code path Kafka would take for these members. */
export function stickyPathFor(members: readonly MemberSubscription[]): StickyPath {
  return allSubscriptionsEqual(members) ? 'constrained' : 'general';
}

/** What one run of Kafka's sticky algorithm produced, over dense partition ids. */
export interface StickyRun {
  /** Members in member-id order; `ids[i]` belongs to `ordered[i]`. */
  readonly ordered: readonly MemberSubscription[];
  readonly space: PartitionSpace;
  readonly ids: readonly (readonly number[])[];
  /**
   * Constrained path: partition id -> member index it is newly given to while another member
   * must first give it up (Kafka's `partitionsTransferringOwnership`). Null on the general
   * path, where Kafka leaves it null so the cooperative assignor computes it from scratch.
   */
  readonly transferring: ReadonlyMap<number, number> | null;
  readonly path: StickyPath;
}

/** Kafka's per-member previously-owned lists as `allSubscriptionsEqual` fills them. */
interface Ownership {
  /** consumerToOwnedPartitions: per member, its owned ids that survive the conflict rules, in listed order. */
  owned: number[][];
  /** partitionsWithMultiplePreviousOwners. */
  multi: Uint8Array;
  maxGeneration: number;
  /** The HashMap walk order of the members (indices), reused wherever Kafka walks them. */
  walk: readonly number[];
}

/**
 * The ownership half of `allSubscriptionsEqual`: walks members (Kafka: HashMap order) and
 * their claimed partitions of existing topics; a claim on a partition another member already
 * holds keeps the higher generation; equal generations drop both and mark the partition as
 * having multiple previous owners. Claims on partitions that do not exist are ignored.
 */
function collectOwnership(
  space: PartitionSpace,
  ordered: readonly MemberSubscription[],
  walk: readonly number[],
): Ownership {
  const owned: number[][] = ordered.map(() => []);
  const lastClaimer = new Int32Array(space.size).fill(-1); // allPreviousPartitionsToOwner
  const multi = new Uint8Array(space.size);
  let maxGeneration = -1;
  const removeFrom = (list: number[], id: number): void => {
    const i = list.indexOf(id);
    if (i >= 0) list.splice(i, 1);
  };
  for (const mi of walk) {
    const m = ordered[mi];
    const gen = m.generation;
    maxGeneration = Math.max(maxGeneration, gen);
    for (const tp of m.owned) {
      const id = partitionId(space, tp);
      if (id < 0) continue;
      const other = lastClaimer[id];
      if (other === -1) {
        owned[mi].push(id);
        lastClaimer[id] = mi;
        continue;
      }
      const otherGen = ordered[other].generation;
      if (gen === otherGen) {
        multi[id] = 1;
        removeFrom(owned[other], id);
        lastClaimer[id] = mi;
      } else if (gen > otherGen) {
        owned[mi].push(id);
        removeFrom(owned[other], id);
        lastClaimer[id] = mi;
      }
    }
  }
  return { owned, multi, maxGeneration, walk };
}

/** Runs Kafka's sticky algorithm (either path). */
export function runSticky(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): StickyRun {
  assertUniqueMemberIds(members);
  // Indices follow member-id order (Kafka's sorts and TreeSet tie-breaks); `walk` is the
  // order Kafka's HashMaps of members iterate in.
  const ordered = byMemberId(members);
  const space = buildPartitionSpace(subscribedTopicUnion(ordered), partitionsPerTopic);
  if (ordered.length === 0)
    return { ordered, space, ids: [], transferring: null, path: 'constrained' };
  const walk = hashWalk(members, ordered); // Kafka: HashMap order
  const ownership = collectOwnership(space, ordered, walk);
  if (subscriptionsEqual(ordered, walk)) {
    const { ids, transferring } = constrainedIds(space, ownership);
    return { ordered, space, ids, transferring, path: 'constrained' };
  }
  const ids = generalIds(space, ordered, ownership);
  return { ordered, space, ids, transferring: null, path: 'general' };
}

/** The public assignment, keys in the simulator's member order (for stable display). */
export function stickyRunAssignment(run: StickyRun, ids = run.ids): Assignment {
  const all = toAssignment(run.ordered, ids, run.space);
  return Object.fromEntries(memberOrder(run.ordered).map((m) => [m.memberId, all[m.memberId]]));
}

/**
 * Assigns with Kafka's `StickyAssignor` (the eager sticky assignor). Every member appears in
 * the result.
 */
export function stickyAssign(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  return stickyRunAssignment(runSticky(members, partitionsPerTopic));
}

/** The constrained path; throws if subscriptions differ. */
export function constrainedStickyAssign(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  if (!allSubscriptionsEqual(members))
    throw new Error('constrained sticky assignment needs identical subscriptions');
  return stickyAssign(members, partitionsPerTopic);
}

/** Kafka's general path, run even when subscriptions are equal (Kafka's tests do the same via the general builder). */
export function generalStickyAssign(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  assertUniqueMemberIds(members);
  const ordered = byMemberId(members);
  const space = buildPartitionSpace(subscribedTopicUnion(ordered), partitionsPerTopic);
  if (ordered.length === 0) return {};
  const ids = generalIds(
    space,
    ordered,
    collectOwnership(space, ordered, hashWalk(members, ordered)),
  );
  return stickyRunAssignment({ ordered, space, ids, transferring: null, path: 'general' });
}

// ---------------------------------------------------------------------------------------------
// Constrained path (ConstrainedAssignmentBuilder)
// ---------------------------------------------------------------------------------------------

function constrainedIds(
  space: PartitionSpace,
  ownership: Ownership,
): { ids: number[][]; transferring: Map<number, number> } {
  const memberCount = ownership.owned.length;
  const total = space.size;
  const minQuota = Math.floor(total / memberCount);
  const maxQuota = Math.ceil(total / memberCount);
  const expectedOverMin = total % memberCount;
  let currentOverMin = 0;
  const { multi } = ownership;
  const maybeRevoked = new Int32Array(total).fill(-1);
  const assignment: number[][] = ownership.owned.map(() => []);
  const assigned = new Uint8Array(total);
  const underMin: number[] = [];
  const exactlyMin: number[] = [];
  const transferring = new Map<number, number>();
  const partitionOfId = (id: number): number => id - space.base[space.topicOf[id]];

  // assignOwnedPartitions, members in HashMap order (consumerToOwnedPartitions was filled in
  // the walk order of `subscriptions`, so it iterates in that order too).
  for (const mi of ownership.walk) {
    // Owned partitions sorted by partition number, then topic (Kafka's comparator here).
    const owned = [...ownership.owned[mi]].sort(
      (a, b) => partitionOfId(a) - partitionOfId(b) || space.topicOf[a] - space.topicOf[b],
    );
    // Kafka removes (one occurrence of) every doubly-claimed partition.
    for (let i = 0; i < owned.length;) {
      if (multi[owned[i]] === 1) owned.splice(i, 1);
      else i++;
    }
    const keep = (n: number): void => {
      for (const id of owned.slice(0, n)) {
        assignment[mi].push(id);
        assigned[id] = 1;
      }
      for (const id of owned.slice(n)) maybeRevoked[id] = mi;
    };
    if (owned.length < minQuota) {
      keep(owned.length);
      underMin.push(mi);
    } else if (owned.length >= maxQuota && currentOverMin < expectedOverMin) {
      currentOverMin++;
      if (currentOverMin === expectedOverMin) exactlyMin.length = 0;
      keep(maxQuota);
    } else {
      keep(minQuota);
      if (currentOverMin < expectedOverMin) exactlyMin.push(mi);
    }
  }
  // Kafka sorts both lists by member id (Collections.sort); indices are in member-id order.
  underMin.sort((a, b) => a - b);
  exactlyMin.sort((a, b) => a - b);

  // assignRoundRobin over the unassigned partitions (sorted by topic, then partition).
  let pos = 0; // Kafka's iterator over unfilledMembersWithUnderMinQuotaPartitions
  for (let id = 0; id < total; id++) {
    if (assigned[id] === 1) continue;
    let mi: number;
    if (pos < underMin.length) {
      mi = underMin[pos++];
    } else if (underMin.length === 0 && exactlyMin.length === 0) {
      throw new Error('sticky assignor: no more unfilled consumers to be assigned');
    } else if (underMin.length === 0) {
      mi = exactlyMin.shift() as number;
    } else {
      pos = 0;
      mi = underMin[pos++];
    }
    // assignNewPartition
    assignment[mi].push(id);
    if ((maybeRevoked[id] !== -1 && maybeRevoked[id] !== mi) || multi[id] === 1)
      transferring.set(id, mi);
    const count = assignment[mi].length;
    if (count === minQuota) {
      underMin.splice(--pos, 1);
      exactlyMin.push(mi);
    } else if (count === maxQuota) {
      currentOverMin++;
    }
  }
  return { ids: assignment, transferring };
}

// ---------------------------------------------------------------------------------------------
// General path (GeneralAssignmentBuilder)
// ---------------------------------------------------------------------------------------------

/**
 * A `java.util.HashSet<TopicPartition>` enough to know which element its iterator returns
 * first: elements in insertion order, and the largest size it ever had (its capacity never
 * shrinks).
 */
class JavaPartitionSet {
  readonly items: number[] = [];
  private maxSize = 0;

  add(p: number): void {
    if (this.items.includes(p)) return;
    this.items.push(p);
    this.maxSize = Math.max(this.maxSize, this.items.length);
  }

  delete(p: number): void {
    const i = this.items.indexOf(p);
    if (i >= 0) this.items.splice(i, 1);
  }

  get size(): number {
    return this.items.length;
  }

  /** `iterator().next()`: the element in the lowest bucket, earliest inserted within it. */
  first(hash: (p: number) => number): number {
    const capacity = javaHashCapacity(this.maxSize);
    let best = this.items[0];
    let bestBucket = javaHashBucket(hash(best), capacity);
    for (const p of this.items) {
      const bucket = javaHashBucket(hash(p), capacity);
      if (bucket < bestBucket) [best, bestBucket] = [p, bucket];
    }
    return best;
  }
}

/** Kafka's `PartitionMovements`, over member indices and partition ids. */
class PartitionMovements {
  private readonly movements = new Map<number, { src: number; dst: number }>();
  /** topic index -> "src,dst" -> partitions moved from src to dst. */
  private readonly byTopic = new Map<number, Map<string, JavaPartitionSet>>();

  constructor(
    private readonly topicOf: Int32Array,
    private readonly hash: (p: number) => number,
  ) {}

  private removeRecord(p: number): { src: number; dst: number } {
    const pair = this.movements.get(p) as { src: number; dst: number };
    this.movements.delete(p);
    const t = this.topicOf[p];
    const forTopic = this.byTopic.get(t) as Map<string, JavaPartitionSet>;
    const key = `${pair.src},${pair.dst}`;
    const set = forTopic.get(key) as JavaPartitionSet;
    set.delete(p);
    if (set.size === 0) forTopic.delete(key);
    if (forTopic.size === 0) this.byTopic.delete(t);
    return pair;
  }

  private addRecord(p: number, src: number, dst: number): void {
    this.movements.set(p, { src, dst });
    const t = this.topicOf[p];
    let forTopic = this.byTopic.get(t);
    if (forTopic === undefined) {
      forTopic = new Map();
      this.byTopic.set(t, forTopic);
    }
    const key = `${src},${dst}`;
    let set = forTopic.get(key);
    if (set === undefined) {
      set = new JavaPartitionSet();
      forTopic.set(key, set);
    }
    set.add(p);
  }

  movePartition(p: number, oldConsumer: number, newConsumer: number): void {
    if (this.movements.has(p)) {
      const existing = this.removeRecord(p);
      if (existing.src !== newConsumer) this.addRecord(p, existing.src, newConsumer);
    } else {
      this.addRecord(p, oldConsumer, newConsumer);
    }
  }

  actualPartitionToBeMoved(p: number, oldConsumer: number, newConsumer: number): number {
    const forTopic = this.byTopic.get(this.topicOf[p]);
    if (forTopic === undefined) return p;
    const moved = this.movements.get(p);
    const src = moved !== undefined ? moved.src : oldConsumer;
    const reverse = forTopic.get(`${newConsumer},${src}`);
    if (reverse === undefined) return p;
    // Kafka: HashMap order (`iterator().next()` of a HashSet<TopicPartition>), emulated.
    return reverse.first(this.hash);
  }
}

function generalIds(
  space: PartitionSpace,
  ordered: readonly MemberSubscription[],
  ownership: Ownership,
): number[][] {
  const memberCount = ordered.length;
  const topicCount = space.topics.length;
  const topicOf = space.topicOf;

  // consumer2AllPotentialTopics / topic2AllPotentialConsumers (existing topics only).
  const potentialTopics: number[][] = ordered.map((m) => {
    const list: number[] = [];
    for (const t of m.topics) {
      const ti = space.topicIndex.get(t);
      if (ti !== undefined) list.push(ti);
    }
    return list;
  });
  const subscribes: Uint8Array[] = ordered.map((_, mi) => {
    const row = new Uint8Array(topicCount);
    for (const ti of potentialTopics[mi]) row[ti] = 1;
    return row;
  });
  const potentialConsumers: number[][] = space.topics.map(() => []);
  potentialTopics.forEach((list, mi) => {
    for (const ti of list) potentialConsumers[ti].push(mi);
  });
  const maxAssignmentSize = potentialTopics.map((list) =>
    list.reduce((n, ti) => n + space.counts[ti], 0),
  );

  // currentAssignment (per member, insertion-ordered) and currentPartitionConsumer.
  let current: (Set<number> | null)[] = ownership.owned.map((list) => new Set(list));
  let owner = new Int32Array(space.size).fill(-1);
  ownership.owned.forEach((list, mi) => {
    for (const id of list) owner[id] = mi;
  });
  const size = (mi: number): number => (current[mi] as Set<number>).size;

  // sortedAllPartitions: topics by (number of potential consumers, name), then partition.
  const sortedTopics = space.topics
    .map((_, ti) => ti)
    .sort((a, b) => potentialConsumers[a].length - potentialConsumers[b].length || a - b);
  let sortedAllPartitions: number[] = [];
  for (const ti of sortedTopics)
    for (let p = 0; p < space.counts[ti]; p++) sortedAllPartitions.push(space.base[ti] + p);

  // prepopulateCurrentAssignments: claims of members with an older generation, keeping the
  // highest generation per partition (first claimer on ties; Kafka: HashMap order).
  const prev = new Map<number, { consumer: number; generation: number }>();
  for (const mi of ownership.walk) {
    const m = ordered[mi];
    if (!(m.generation < ownership.maxGeneration)) continue;
    for (const tp of m.owned) {
      const id = partitionId(space, tp);
      if (id < 0) continue;
      const had = prev.get(id);
      if (had === undefined || m.generation > had.generation)
        prev.set(id, { consumer: mi, generation: m.generation });
    }
  }

  // assignOwnedPartitions: drop owned partitions of topics the member no longer subscribes to.
  let revocationRequired = false;
  const assignedFlag = new Uint8Array(space.size);
  ordered.forEach((_, mi) => {
    const set = current[mi] as Set<number>;
    for (const id of [...set]) {
      if (subscribes[mi][topicOf[id]] === 0) {
        set.delete(id);
        revocationRequired = true; // (currentPartitionConsumer keeps the stale entry, as in Kafka)
      } else {
        assignedFlag[id] = 1;
      }
    }
  });
  let unassigned = sortedAllPartitions.filter((id) => assignedFlag[id] === 0);

  // sortedCurrentSubscriptions: a TreeSet ordered by (assignment size, member id).
  const sorted: number[] = [];
  const less = (a: number, b: number): boolean =>
    size(a) < size(b) || (size(a) === size(b) && a < b);
  const add = (mi: number): void => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (less(sorted[mid], mi)) lo = mid + 1;
      else hi = mid;
    }
    sorted.splice(lo, 0, mi);
  };
  const remove = (mi: number): void => {
    const i = sorted.indexOf(mi);
    if (i >= 0) sorted.splice(i, 1);
  };
  for (let mi = 0; mi < memberCount; mi++) add(mi);

  // ---- balance() ----
  const initializing = size(sorted[sorted.length - 1]) === 0;

  // maybeAssign(unassigned, null, false): each partition to the first (least loaded) subscriber.
  for (const id of unassigned) {
    const ti = topicOf[id];
    if (potentialConsumers[ti].length === 0) continue;
    for (const mi of sorted) {
      if (subscribes[mi][ti] === 1) {
        remove(mi);
        (current[mi] as Set<number>).add(id);
        owner[id] = mi;
        add(mi);
        break;
      }
    }
  }

  const canTopicParticipate = (ti: number): boolean => potentialConsumers[ti].length >= 2;
  sortedAllPartitions = sortedAllPartitions.filter((id) => canTopicParticipate(topicOf[id]));
  unassigned = unassigned.filter((id) => canTopicParticipate(topicOf[id]));

  const canConsumerParticipate = (mi: number): boolean => {
    if (size(mi) < maxAssignmentSize[mi]) return true;
    for (const id of current[mi] as Set<number>) if (canTopicParticipate(topicOf[id])) return true;
    return false;
  };
  const fixed = new Map<number, Set<number>>();
  for (let mi = 0; mi < memberCount; mi++) {
    if (!canConsumerParticipate(mi)) {
      remove(mi);
      fixed.set(mi, current[mi] as Set<number>);
      current[mi] = null;
    }
  }
  const inPlay = (mi: number): boolean => current[mi] !== null;

  const preBalance = current.map((s) => (s === null ? null : new Set(s)));
  const preOwner = owner.slice();

  const isBalanced = (): boolean => {
    if (size(sorted[0]) >= size(sorted[sorted.length - 1]) - 1) return true;
    for (const mi of sorted) {
      const count = size(mi);
      if (count === maxAssignmentSize[mi]) continue;
      const mine = current[mi] as Set<number>;
      for (const ti of potentialTopics[mi]) {
        const base = space.base[ti];
        for (let id = base; id < base + space.counts[ti]; id++) {
          if (mine.has(id)) continue;
          const other = owner[id];
          if (other >= 0 && inPlay(other) && count + 1 < size(other)) return false;
        }
      }
    }
    return true;
  };

  const movements = new PartitionMovements(topicOf, (id) =>
    javaTopicPartitionHash(space.topics[topicOf[id]], id - space.base[topicOf[id]]),
  );
  const processPartitionMovement = (id: number, newConsumer: number): void => {
    const oldConsumer = owner[id];
    remove(oldConsumer);
    remove(newConsumer);
    movements.movePartition(id, oldConsumer, newConsumer);
    (current[oldConsumer] as Set<number>).delete(id);
    (current[newConsumer] as Set<number>).add(id);
    owner[id] = newConsumer;
    add(newConsumer);
    add(oldConsumer);
  };
  const reassignTo = (id: number, newConsumer: number): void => {
    const toMove = movements.actualPartitionToBeMoved(id, owner[id], newConsumer);
    processPartitionMovement(toMove, newConsumer);
  };
  const reassign = (id: number): void => {
    const ti = topicOf[id];
    for (const mi of sorted) {
      if (subscribes[mi][ti] === 1) {
        reassignTo(id, mi);
        return;
      }
    }
  };

  const performReassignments = (partitions: readonly number[]): boolean => {
    let performed = false;
    let modified: boolean;
    do {
      modified = false;
      for (let i = 0; i < partitions.length && !isBalanced(); i++) {
        const id = partitions[i];
        const ti = topicOf[id];
        if (potentialConsumers[ti].length <= 1) continue;
        const consumer = owner[id];
        if (consumer < 0) continue;
        const before = prev.get(id);
        // Kafka would throw a NullPointerException when the previous owner sits out the
        // rebalance (a "fixed" member); the simulator skips the rule for it instead.
        if (
          before !== undefined &&
          inPlay(before.consumer) &&
          size(consumer) > size(before.consumer) + 1
        ) {
          reassignTo(id, before.consumer);
          performed = true;
          modified = true;
          continue;
        }
        for (const other of potentialConsumers[ti]) {
          if (size(consumer) > size(other) + 1) {
            reassign(id);
            performed = true;
            modified = true;
            break;
          }
        }
      }
    } while (modified);
    return performed;
  };

  const balanceScore = (assignment: readonly (Set<number> | null)[]): number => {
    const sizes = assignment.flatMap((s) => (s === null ? [] : [s.size]));
    let score = 0;
    for (let i = 0; i < sizes.length; i++)
      for (let j = i + 1; j < sizes.length; j++) score += Math.abs(sizes[i] - sizes[j]);
    return score;
  };

  if (!revocationRequired) performReassignments(unassigned);
  const reassignmentPerformed = performReassignments(sortedAllPartitions);
  if (!initializing && reassignmentPerformed && balanceScore(current) >= balanceScore(preBalance)) {
    current = preBalance;
    owner = preOwner;
  }
  for (const [mi, set] of fixed) current[mi] = set;
  return current.map((s) => [...(s as Set<number>)]);
}
