/**
 * Replica placement for new topics and partitions, following Kafka's rack-unaware rule
 * (`AdminUtils.assignReplicasToBrokersRackUnaware`, in `server-common` since 3.x, in
 * `kafka.admin.AdminUtils` before).
 *
 * The rule has two goals (from the `AdminUtils` documentation):
 *  1. spread replicas, and leaders, evenly over the brokers;
 *  2. for the partitions led by one broker, spread their followers over the other brokers.
 * It reaches them by placing each partition's first replica (its preferred leader) round-robin
 * from a random start, and the other replicas at an offset from the first that grows by one
 * after every full round of brokers ("the shift").
 *
 * Example (Kafka's own, `AdminUtils` doc and `AdminTest.testReplicaAssignment`): 5 brokers,
 * 10 partitions, replication factor 3, start index 0 and shift 0:
 *
 * ```
 * broker-0  broker-1  broker-2  broker-3  broker-4
 * p0        p1        p2        p3        p4        (1st replica)
 * p5        p6        p7        p8        p9        (1st replica)
 * p4        p0        p1        p2        p3        (2nd replica)
 * p8        p9        p5        p6        p7        (2nd replica)
 * p3        p4        p0        p1        p2        (3rd replica)
 * p7        p8        p9        p5        p6        (3rd replica)
 * ```
 *
 * i.e. p0→[0,1,2] p1→[1,2,3] p2→[2,3,4] p3→[3,4,0] p4→[4,0,1]
 *      p5→[0,2,3] p6→[1,3,4] p7→[2,4,0] p8→[3,0,1] p9→[4,1,2].
 *
 * Note: this is the classic (ZooKeeper-era) rule. Kafka 4.1 removed `AdminUtils`; in Kafka 4.x
 * a KRaft controller places the replicas of `CreateTopics` and `CreatePartitions` with
 * `StripedReplicaPlacer` (kafka-metadata), and so does `kafka-reassign-partitions --generate`
 * (4.3.1). The striped placer also starts leaders at a random broker and walks the sorted
 * brokers round-robin, but its followers are simply the next brokers in the list (no growing
 * shift), and after every round of as many partitions as unfenced brokers it shuffles the list
 * at random. The simulator teaches the classic rule; scripts/conformance/rules/placement.ts
 * checks it against AdminUtils from kafka-server-common 4.0.0, its last release.
 */

/** Thrown when a placement request cannot be satisfied (Kafka: `InvalidReplicationFactorException`, `InvalidPartitionsException`). */
export class PlacementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlacementError';
  }
}

/** The two random draws that fix a rack-unaware placement. */
export interface PlacementDraw {
  /** Index (into the sorted broker list) of partition 0's first replica. */
  readonly startIndex: number;
  /** Initial offset of the second replica from the first; grows by one per round of brokers. */
  readonly shift: number;
}

/**
 * Kafka's rack-unaware replica assignment (`AdminUtils.assignReplicasToBrokersRackUnaware`).
 *
 * Broker ids are sorted ascending first, as Kafka's callers do (`getBrokerMetadatas` sorts by id),
 * so the result does not depend on the order the ids were listed in. With `n` brokers, for
 * partition id `p` (counting from `firstPartitionId`):
 *  - the shift grows by one before placing `p` whenever `p > 0` and `p % n == 0`;
 *  - first replica index = `(p + startIndex) % n`;
 *  - replica `j + 1` (j = 0..RF-2) index = `(first + 1 + (shift + j) % (n - 1)) % n`.
 *
 * @param brokerIds distinct broker ids, any order.
 * @param partitions number of partitions to place (≥ 1).
 * @param replicationFactor replicas per partition (1..number of brokers).
 * @param startIndex non-negative integer; Kafka draws it from [0, n) (see {@link drawPlacement}).
 * @param shift non-negative integer; Kafka draws it from [0, n) (see {@link drawPlacement}).
 * @param firstPartitionId id of the first partition placed (Kafka's `startPartitionId`); 0 for a
 *   new topic, the current partition count when partitions are added (`AdminUtils.addPartitions`).
 * @returns for each placed partition, in order, its replica broker ids; the first is the preferred leader.
 * @throws {PlacementError} if an argument is out of range.
 */
export function placeReplicasRackUnaware(
  brokerIds: readonly number[],
  partitions: number,
  replicationFactor: number,
  startIndex: number,
  shift: number,
  firstPartitionId = 0,
): number[][] {
  validatePlacement(brokerIds, partitions, replicationFactor, startIndex, shift, firstPartitionId);
  const sorted = [...brokerIds].sort((a, b) => a - b);
  const n = sorted.length;
  const result: number[][] = [];
  let nextReplicaShift = shift;
  for (let i = 0; i < partitions; i++) {
    const partitionId = firstPartitionId + i;
    // The shift moves on at the start of every new round of n partitions, before placing it,
    // so partitions p and p + n do not get the same follower pattern (AdminUtils).
    if (partitionId > 0 && partitionId % n === 0) nextReplicaShift += 1;
    const firstIndex = (partitionId + startIndex) % n;
    const replicas = [sorted[firstIndex]];
    for (let j = 0; j < replicationFactor - 1; j++) {
      replicas.push(sorted[followerIndex(firstIndex, nextReplicaShift, j, n)]);
    }
    result.push(replicas);
  }
  return result;
}

/**
 * Index of a follower replica (`AdminUtils.replicaIndex`). The offset from the first replica is
 * in [1, n-1], never 0, so a follower never lands on the leader's broker; distinct `j` give
 * distinct offsets while RF ≤ n, so the replicas are distinct.
 */
function followerIndex(firstIndex: number, shift: number, j: number, n: number): number {
  const offset = 1 + ((shift + j) % (n - 1));
  return (firstIndex + offset) % n;
}

function validatePlacement(
  brokerIds: readonly number[],
  partitions: number,
  replicationFactor: number,
  startIndex: number,
  shift: number,
  firstPartitionId: number,
): void {
  // Same checks and order as AdminUtils.assignReplicasToBrokers.
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new PlacementError(`Number of partitions must be larger than 0 (got ${partitions}).`);
  }
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw new PlacementError(
      `Replication factor must be larger than 0 (got ${replicationFactor}).`,
    );
  }
  if (replicationFactor > brokerIds.length) {
    throw new PlacementError(
      `Replication factor: ${replicationFactor} larger than available brokers: ${brokerIds.length}.`,
    );
  }
  // Guards Kafka gets from its types and callers; here they keep the arithmetic meaningful.
  for (const id of brokerIds) {
    if (!Number.isInteger(id))
      throw new PlacementError(`Broker id must be an integer (got ${id}).`);
  }
  if (new Set(brokerIds).size !== brokerIds.length) {
    throw new PlacementError(`Broker ids must be distinct (got ${brokerIds.join(', ')}).`);
  }
  requireNonNegativeInteger('startIndex', startIndex);
  requireNonNegativeInteger('shift', shift);
  requireNonNegativeInteger('firstPartitionId', firstPartitionId);
}

function requireNonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PlacementError(`${name} must be a non-negative integer (got ${value}).`);
  }
}

/** A broker and its `broker.rack` (null: none set). */
export interface RackedBroker {
  readonly id: number;
  readonly rack: string | null;
}

/**
 * Kafka's rack-alternated broker list (`AdminUtils.getRackAlternatedBrokerList`): racks in
 * ascending name order (Java's `Arrays.sort` on strings, i.e. UTF-16 code unit order), each
 * rack's brokers in ascending id order, taken one rack at a time until all brokers are listed.
 * Racks {rack1: 0,5; rack2: 3,4; rack3: 1,2} give 0,3,1,5,4,2.
 */
export function rackAlternatedBrokerList(brokers: readonly RackedBroker[]): number[] {
  const byRack = new Map<string, number[]>();
  for (const b of brokers) {
    const rack = b.rack as string;
    const ids = byRack.get(rack) ?? [];
    ids.push(b.id);
    byRack.set(rack, ids);
  }
  const racks = [...byRack.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const queues = racks.map((r) => (byRack.get(r) as number[]).sort((a, b) => a - b));
  const result: number[] = [];
  for (let round = 0; result.length < brokers.length; round++) {
    for (const q of queues) if (round < q.length) result.push(q[round]);
  }
  return result;
}

/**
 * Kafka's rack-aware replica assignment (`AdminUtils.assignReplicasToBrokersRackAware`, the
 * classic rule of `kafka-topics`/`kafka-reassign-partitions` up to Kafka 4.0; removed with
 * AdminUtils in 4.1, where KRaft's `StripedReplicaPlacer` places replicas).
 *
 * The brokers are first arranged rack-alternated ({@link rackAlternatedBrokerList}); leaders
 * go round-robin over that list from `startIndex`, as in the rack-unaware rule. Followers are
 * taken from the list at offsets `1 + (shift * numRacks + k) % (n - 1)` from the leader, for
 * k = 0, 1, 2, …, skipping a broker whose rack already holds a replica while some rack holds
 * none, and a broker that already holds one while some broker holds none. So each partition
 * spans min(RF, racks) racks, and the shift (one more per round of n partitions) varies the
 * follower pattern.
 *
 * @param brokers distinct brokers, every one with a rack (Kafka:
 *   "Not all brokers have rack information for replica rack aware assignment.").
 * @param startIndex, shift, firstPartitionId as in {@link placeReplicasRackUnaware}; Kafka's
 *   `fixedStartIndex` sets both the start index and the shift.
 * @throws {PlacementError} on the same argument errors as {@link placeReplicasRackUnaware}, or
 *   if a broker has no rack.
 */
export function placeReplicasRackAware(
  brokers: readonly RackedBroker[],
  partitions: number,
  replicationFactor: number,
  startIndex: number,
  shift: number,
  firstPartitionId = 0,
): number[][] {
  const ids = brokers.map((b) => b.id);
  validatePlacement(ids, partitions, replicationFactor, startIndex, shift, firstPartitionId);
  if (brokers.some((b) => b.rack === null)) {
    throw new PlacementError(
      'Not all brokers have rack information for replica rack aware assignment.',
    );
  }
  const rackOf = new Map(brokers.map((b) => [b.id, b.rack as string]));
  const numRacks = new Set(rackOf.values()).size;
  const arranged = rackAlternatedBrokerList(brokers);
  const n = arranged.length;
  const result: number[][] = [];
  let nextReplicaShift = shift;
  for (let i = 0; i < partitions; i++) {
    const partitionId = firstPartitionId + i;
    if (partitionId > 0 && partitionId % n === 0) nextReplicaShift += 1;
    const firstIndex = (partitionId + startIndex) % n;
    const leader = arranged[firstIndex];
    const replicas = [leader];
    const racksWithReplicas = new Set([rackOf.get(leader)]);
    const brokersWithReplicas = new Set([leader]);
    let k = 0;
    for (let j = 0; j < replicationFactor - 1; j++) {
      for (;;) {
        const broker = arranged[followerIndex(firstIndex, nextReplicaShift * numRacks, k, n)];
        const rack = rackOf.get(broker);
        k += 1;
        const rackOk = !racksWithReplicas.has(rack) || racksWithReplicas.size === numRacks;
        const brokerOk = !brokersWithReplicas.has(broker) || brokersWithReplicas.size === n;
        if (rackOk && brokerOk) {
          replicas.push(broker);
          racksWithReplicas.add(rack);
          brokersWithReplicas.add(broker);
          break;
        }
      }
    }
    result.push(replicas);
  }
  return result;
}

/**
 * Draws a placement's start index and shift the way Kafka does when no fixed start index is
 * given (`AdminUtils`: `rand.nextInt(brokerArray.length)` for the start index, then again for
 * the shift, in that order).
 *
 * @param brokerCount number of brokers (≥ 1).
 * @param nextInt returns a uniform integer in [0, bound); the caller's seeded generator.
 * @throws {PlacementError} if `brokerCount` < 1 or `nextInt` returns a value outside [0, bound).
 */
export function drawPlacement(
  brokerCount: number,
  nextInt: (bound: number) => number,
): PlacementDraw {
  if (!Number.isInteger(brokerCount) || brokerCount < 1) {
    throw new PlacementError(`Need at least one broker to place replicas (got ${brokerCount}).`);
  }
  // Two separate statements fix the draw order: start index first, then shift.
  const startIndex = drawIndex(brokerCount, nextInt);
  const shift = drawIndex(brokerCount, nextInt);
  return { startIndex, shift };
}

function drawIndex(bound: number, nextInt: (bound: number) => number): number {
  const value = nextInt(bound);
  if (!Number.isInteger(value) || value < 0 || value >= bound) {
    throw new PlacementError(`nextInt(${bound}) returned ${value}, outside [0, ${bound}).`);
  }
  return value;
}

/** A registered broker as the controller sees it when it places replicas (KRaft's `UsableBroker`). */
export interface UsableBroker {
  readonly id: number;
  readonly fenced: boolean;
}

/**
 * Why no new partition can be placed on these brokers, or null if one can. KRaft's placer
 * refuses with INVALID_REPLICATION_FACTOR when every broker is fenced (a leader must be
 * unfenced) or when there are fewer registered brokers than replicas
 * (`StripedReplicaPlacer.throwInvalidReplicationFactorIfZero` / `...IfTooFewBrokers`).
 */
export function placementRefusal(
  brokers: readonly UsableBroker[],
  replicationFactor: number,
): string | null {
  if (!brokers.some((b) => !b.fenced))
    return 'INVALID_REPLICATION_FACTOR: all brokers are currently fenced';
  if (replicationFactor > brokers.length)
    return `INVALID_REPLICATION_FACTOR: the target replication factor of ${replicationFactor} cannot be reached because only ${brokers.length} broker(s) are registered`;
  return null;
}

/**
 * Replicas for new partitions while some brokers may be fenced, under the two rules of KRaft's
 * `StripedReplicaPlacer`: the first replica (the leader) is never a fenced broker, and fenced
 * brokers are used only once the unfenced ones are exhausted. Within those rules the replicas
 * on unfenced brokers follow the classic rack-unaware rule ({@link placeReplicasRackUnaware},
 * drawn over the unfenced brokers); with no broker fenced the result is exactly that rule over
 * all brokers. When the replication factor exceeds the unfenced brokers, every unfenced broker
 * gets a replica and fenced brokers fill the rest, rotated by partition id so the load spreads
 * (the striped placer's fenced list advances likewise). Fenced replicas start outside the ISR.
 *
 * @param drawFor the placement draw for a given number of unfenced brokers (seeded or fixed).
 * @throws {PlacementError} if {@link placementRefusal} names a reason.
 */
export function placeReplicasAvoidingFenced(
  brokers: readonly UsableBroker[],
  partitions: number,
  replicationFactor: number,
  drawFor: (unfencedCount: number) => PlacementDraw,
  firstPartitionId = 0,
): number[][] {
  const refusal = placementRefusal(brokers, replicationFactor);
  if (refusal !== null) throw new PlacementError(refusal);
  const unfenced = brokers.filter((b) => !b.fenced).map((b) => b.id);
  const fenced = brokers
    .filter((b) => b.fenced)
    .map((b) => b.id)
    .sort((a, b) => a - b);
  const onUnfenced = Math.min(replicationFactor, unfenced.length);
  const draw = drawFor(unfenced.length);
  const placed = placeReplicasRackUnaware(
    unfenced,
    partitions,
    onUnfenced,
    draw.startIndex,
    draw.shift,
    firstPartitionId,
  );
  return placed.map((replicas, i) => [
    ...replicas,
    ...rotated(fenced, firstPartitionId + i).slice(0, replicationFactor - onUnfenced),
  ]);
}

function rotated(ids: readonly number[], by: number): number[] {
  if (ids.length === 0) return [];
  const start = by % ids.length;
  return [...ids.slice(start), ...ids.slice(0, start)];
}
