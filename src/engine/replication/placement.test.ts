import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  drawPlacement,
  placeReplicasAvoidingFenced,
  placeReplicasRackUnaware,
  PlacementError,
  placementRefusal,
  placeReplicasRackAware,
  rackAlternatedBrokerList,
  type RackedBroker,
} from './placement';

/** A nextInt stub that hands out a fixed script of values and records the bounds asked for. */
function scripted(values: number[]): { nextInt: (bound: number) => number; bounds: number[] } {
  const bounds: number[] = [];
  let i = 0;
  return {
    bounds,
    nextInt: (bound: number) => {
      bounds.push(bound);
      return values[i++];
    },
  };
}

/** Closed form of the shift for partition `firstPartitionId + i` (the loop increments it per round). */
function expectedShift(shift: number, firstPartitionId: number, i: number, n: number): number {
  const last = firstPartitionId + i;
  const firstCounted = Math.max(firstPartitionId, 1);
  return shift + Math.floor(last / n) - Math.floor((firstCounted - 1) / n);
}

const clusterArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 })
  .chain((brokers) =>
    fc.record({
      brokers: fc.constant(brokers),
      partitions: fc.integer({ min: 1, max: 60 }),
      rf: fc.integer({ min: 1, max: brokers.length }),
      startIndex: fc.integer({ min: 0, max: brokers.length - 1 }),
      shift: fc.integer({ min: 0, max: brokers.length - 1 }),
      firstPartitionId: fc.integer({ min: 0, max: 40 }),
    }),
  );

describe('placeReplicasRackUnaware', () => {
  it("reproduces Kafka's documented example (5 brokers, 10 partitions, RF 3, start 0, shift 0)", () => {
    // AdminUtils doc table and AdminTest.testReplicaAssignment.
    expect(placeReplicasRackUnaware([0, 1, 2, 3, 4], 10, 3, 0, 0)).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 0],
      [4, 0, 1],
      [0, 2, 3],
      [1, 3, 4],
      [2, 4, 0],
      [3, 0, 1],
      [4, 1, 2],
    ]);
  });

  it('matches the doc table column by column: broker-0 holds p0,p5 (1st), p4,p8 (2nd), p3,p7 (3rd)', () => {
    const placement = placeReplicasRackUnaware([0, 1, 2, 3, 4], 10, 3, 0, 0);
    const byRank = (broker: number, rank: number): number[] =>
      placement.flatMap((replicas, p) => (replicas[rank] === broker ? [p] : []));
    expect(byRank(0, 0)).toEqual([0, 5]);
    expect(byRank(0, 1)).toEqual([4, 8]);
    expect(byRank(0, 2)).toEqual([3, 7]);
    expect(byRank(3, 0)).toEqual([3, 8]);
    expect(byRank(3, 1)).toEqual([2, 6]);
    expect(byRank(3, 2)).toEqual([1, 5]);
  });

  it('sorts broker ids before indexing, so listing order does not matter', () => {
    const sorted = placeReplicasRackUnaware([10, 20, 30, 40, 50], 10, 3, 0, 0);
    expect(placeReplicasRackUnaware([40, 10, 50, 30, 20], 10, 3, 0, 0)).toEqual(sorted);
    expect(sorted[0]).toEqual([10, 20, 30]);
    expect(sorted[5]).toEqual([10, 30, 40]);
  });

  it('fixed start index 2 used for both startIndex and shift (as AdminUtils does when fixed)', () => {
    // p0-p4: shift 2 -> follower offsets 1 + 2 % 4 = 3 and 1 + 3 % 4 = 4;
    // p5 starts round 2: shift 3 -> offsets 4 and 1.
    expect(placeReplicasRackUnaware([0, 1, 2, 3, 4], 6, 3, 2, 2)).toEqual([
      [2, 0, 1],
      [3, 1, 2],
      [4, 2, 3],
      [0, 3, 4],
      [1, 4, 0],
      [2, 1, 3],
    ]);
  });

  it('fixed start index 1, shift 3, 4 brokers, 6 partitions, RF 2: hand-computed', () => {
    // p0..p3: shift 3 -> follower offset 1 + 3 % 3 = 1; p4 starts round 2: shift 4 -> offset 2.
    expect(placeReplicasRackUnaware([0, 1, 2, 3], 6, 2, 1, 3)).toEqual([
      [1, 2],
      [2, 3],
      [3, 0],
      [0, 1],
      [1, 3],
      [2, 0],
    ]);
  });

  it('increments the shift before placing the first partition of each round (p = n, 2n, ...)', () => {
    const placement = placeReplicasRackUnaware([0, 1, 2], 7, 2, 0, 0);
    // round 0 (p0-p2): offset 1; round 1 (p3-p5): offset 2; round 2 (p6): offset 1 + 2 % 2 = 1.
    expect(placement).toEqual([
      [0, 1],
      [1, 2],
      [2, 0],
      [0, 2],
      [1, 0],
      [2, 1],
      [0, 1],
    ]);
  });

  it('continues numbering from firstPartitionId (Kafka startPartitionId for added partitions)', () => {
    // Partitions 10..14 of a 5-broker cluster: p10 starts a round, so the shift goes up once.
    const added = placeReplicasRackUnaware([0, 1, 2, 3, 4], 5, 3, 0, 0, 10);
    expect(added).toEqual([
      [0, 2, 3],
      [1, 3, 4],
      [2, 4, 0],
      [3, 0, 1],
      [4, 1, 2],
    ]);
    // Partition 3 onwards from id 3: p5 starts a round.
    expect(placeReplicasRackUnaware([0, 1, 2, 3, 4], 3, 2, 0, 0, 3)).toEqual([
      [3, 4],
      [4, 0],
      [0, 2],
    ]);
  });

  it('accepts a start index or shift beyond the broker count (they are taken modulo)', () => {
    expect(placeReplicasRackUnaware([0, 1, 2], 3, 2, 4, 5)).toEqual(
      placeReplicasRackUnaware([0, 1, 2], 3, 2, 1, 1),
    );
  });

  it('works with a single broker and RF 1', () => {
    expect(placeReplicasRackUnaware([7], 3, 1, 0, 0)).toEqual([[7], [7], [7]]);
  });

  it('works with RF equal to the broker count (every broker in every partition)', () => {
    const placement = placeReplicasRackUnaware([1, 2, 3], 4, 3, 0, 0);
    for (const replicas of placement) expect([...replicas].sort()).toEqual([1, 2, 3]);
  });

  it('does not modify the broker id array it is given', () => {
    const brokers = [3, 1, 2];
    placeReplicasRackUnaware(brokers, 3, 2, 0, 0);
    expect(brokers).toEqual([3, 1, 2]);
  });

  describe('errors', () => {
    it('rejects a replication factor above the broker count', () => {
      expect(() => placeReplicasRackUnaware([0, 1, 2], 1, 4, 0, 0)).toThrow(PlacementError);
      expect(() => placeReplicasRackUnaware([0, 1, 2], 1, 4, 0, 0)).toThrow(
        'Replication factor: 4 larger than available brokers: 3.',
      );
    });

    it('rejects a replication factor below 1', () => {
      expect(() => placeReplicasRackUnaware([0, 1], 1, 0, 0, 0)).toThrow(
        /Replication factor must be larger than 0/,
      );
      expect(() => placeReplicasRackUnaware([0, 1], 1, -1, 0, 0)).toThrow(PlacementError);
    });

    it('rejects fewer than 1 partition', () => {
      expect(() => placeReplicasRackUnaware([0, 1], 0, 1, 0, 0)).toThrow(
        /Number of partitions must be larger than 0/,
      );
    });

    it('rejects an empty cluster', () => {
      expect(() => placeReplicasRackUnaware([], 1, 1, 0, 0)).toThrow(PlacementError);
    });

    it('rejects duplicate broker ids and non-integer arguments', () => {
      expect(() => placeReplicasRackUnaware([1, 1, 2], 1, 2, 0, 0)).toThrow(/distinct/);
      expect(() => placeReplicasRackUnaware([1, 2], 1.5, 1, 0, 0)).toThrow(PlacementError);
      expect(() => placeReplicasRackUnaware([1, 2], 1, 1.5, 0, 0)).toThrow(PlacementError);
      expect(() => placeReplicasRackUnaware([1, 2.5], 1, 1, 0, 0)).toThrow(PlacementError);
    });

    it('rejects negative start index, shift or first partition id', () => {
      expect(() => placeReplicasRackUnaware([1, 2], 1, 1, -1, 0)).toThrow(/startIndex/);
      expect(() => placeReplicasRackUnaware([1, 2], 1, 1, 0, -1)).toThrow(/shift/);
      expect(() => placeReplicasRackUnaware([1, 2], 1, 1, 0, 0, -1)).toThrow(/firstPartitionId/);
    });

    it('errors are PlacementError instances with that name', () => {
      try {
        placeReplicasRackUnaware([0], 1, 2, 0, 0);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(PlacementError);
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).name).toBe('PlacementError');
      }
    });
  });

  describe('properties', () => {
    it('every partition gets RF distinct brokers from the cluster (seed 1)', () => {
      fc.assert(
        fc.property(
          clusterArb,
          ({ brokers, partitions, rf, startIndex, shift, firstPartitionId }) => {
            const placement = placeReplicasRackUnaware(
              brokers,
              partitions,
              rf,
              startIndex,
              shift,
              firstPartitionId,
            );
            expect(placement).toHaveLength(partitions);
            for (const replicas of placement) {
              expect(replicas).toHaveLength(rf);
              expect(new Set(replicas).size).toBe(rf);
              for (const id of replicas) expect(brokers).toContain(id);
            }
          },
        ),
        { seed: 1, numRuns: 300 },
      );
    });

    it('matches the closed form: shift grows once per round of n partition ids (seed 2)', () => {
      fc.assert(
        fc.property(
          clusterArb,
          ({ brokers, partitions, rf, startIndex, shift, firstPartitionId }) => {
            const sorted = [...brokers].sort((a, b) => a - b);
            const n = sorted.length;
            const placement = placeReplicasRackUnaware(
              brokers,
              partitions,
              rf,
              startIndex,
              shift,
              firstPartitionId,
            );
            placement.forEach((replicas, i) => {
              const first = (firstPartitionId + i + startIndex) % n;
              const s = expectedShift(shift, firstPartitionId, i, n);
              const expected = [sorted[first]];
              for (let j = 0; j < rf - 1; j++)
                expected.push(sorted[(first + 1 + ((s + j) % (n - 1))) % n]);
              expect(replicas).toEqual(expected);
            });
          },
        ),
        { seed: 2, numRuns: 300 },
      );
    });

    it('leader counts per broker differ by at most 1, for any partition count (seed 3)', () => {
      fc.assert(
        fc.property(clusterArb, ({ brokers, partitions, rf, startIndex, shift }) => {
          const placement = placeReplicasRackUnaware(brokers, partitions, rf, startIndex, shift);
          const counts = new Map<number, number>(brokers.map((b) => [b, 0]));
          for (const replicas of placement)
            counts.set(replicas[0], (counts.get(replicas[0]) ?? 0) + 1);
          const values = [...counts.values()];
          expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
        }),
        { seed: 3, numRuns: 300 },
      );
    });

    it('when partitions is a multiple of n, every broker leads P/n and hosts RF*P/n replicas (seed 4)', () => {
      fc.assert(
        fc.property(
          clusterArb,
          fc.integer({ min: 1, max: 5 }),
          ({ brokers, rf, startIndex, shift }, rounds) => {
            const n = brokers.length;
            const partitions = rounds * n;
            const placement = placeReplicasRackUnaware(brokers, partitions, rf, startIndex, shift);
            for (const b of brokers) {
              expect(placement.filter((r) => r[0] === b)).toHaveLength(rounds);
              expect(placement.filter((r) => r.includes(b))).toHaveLength(rf * rounds);
            }
          },
        ),
        { seed: 4, numRuns: 200 },
      );
    });

    it('with RF 2 and n(n-1) partitions, every ordered (leader, follower) pair occurs once (seed 5)', () => {
      // AdminUtils goal 2: followers of one broker's partitions spread over all other brokers.
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 8 }),
          fc.nat(),
          fc.nat(),
          (brokers, a, b) => {
            const n = brokers.length;
            const placement = placeReplicasRackUnaware(brokers, n * (n - 1), 2, a % n, b % n);
            const pairs = new Set(placement.map(([l, f]) => `${l}>${f}`));
            expect(pairs.size).toBe(n * (n - 1));
          },
        ),
        { seed: 5, numRuns: 150 },
      );
    });

    it('the result does not depend on the order broker ids are listed in (seed 6)', () => {
      fc.assert(
        fc.property(
          clusterArb.chain((c) =>
            fc.record({
              c: fc.constant(c),
              shuffled: fc.shuffledSubarray(c.brokers, { minLength: c.brokers.length }),
            }),
          ),
          ({ c, shuffled }) => {
            expect(
              placeReplicasRackUnaware(shuffled, c.partitions, c.rf, c.startIndex, c.shift),
            ).toEqual(
              placeReplicasRackUnaware(c.brokers, c.partitions, c.rf, c.startIndex, c.shift),
            );
          },
        ),
        { seed: 6, numRuns: 200 },
      );
    });

    it('the placement of the first k partitions does not depend on how many follow (seed 7)', () => {
      fc.assert(
        fc.property(clusterArb, fc.integer({ min: 1, max: 30 }), (c, extra) => {
          const short = placeReplicasRackUnaware(
            c.brokers,
            c.partitions,
            c.rf,
            c.startIndex,
            c.shift,
          );
          const long = placeReplicasRackUnaware(
            c.brokers,
            c.partitions + extra,
            c.rf,
            c.startIndex,
            c.shift,
          );
          expect(long.slice(0, c.partitions)).toEqual(short);
        }),
        { seed: 7, numRuns: 200 },
      );
    });
  });
});

describe('drawPlacement', () => {
  it('draws the start index first and the shift second, both with bound n', () => {
    const { nextInt, bounds } = scripted([3, 1]);
    expect(drawPlacement(5, nextInt)).toEqual({ startIndex: 3, shift: 1 });
    expect(bounds).toEqual([5, 5]);
  });

  it('with one broker, both draws are 0', () => {
    const { nextInt } = scripted([0, 0]);
    expect(drawPlacement(1, nextInt)).toEqual({ startIndex: 0, shift: 0 });
  });

  it('rejects an empty cluster without drawing', () => {
    const { nextInt, bounds } = scripted([]);
    expect(() => drawPlacement(0, nextInt)).toThrow(PlacementError);
    expect(bounds).toEqual([]);
  });

  it('rejects a nextInt that answers outside [0, bound)', () => {
    expect(() => drawPlacement(3, scripted([3, 0]).nextInt)).toThrow(/outside \[0, 3\)/);
    expect(() => drawPlacement(3, scripted([0, -1]).nextInt)).toThrow(PlacementError);
    expect(() => drawPlacement(3, scripted([0.5, 0]).nextInt)).toThrow(PlacementError);
  });

  it('is deterministic for a deterministic nextInt, and its draw feeds placeReplicasRackUnaware (seed 8)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
        (n, raw) => {
          const values = raw.map((v) => v % n);
          const first = drawPlacement(n, scripted(values).nextInt);
          const second = drawPlacement(n, scripted(values).nextInt);
          expect(first).toEqual(second);
          expect(first).toEqual({ startIndex: values[0], shift: values[1] });
          const brokers = Array.from({ length: n }, (_, i) => i);
          expect(placeReplicasRackUnaware(brokers, n, 1, first.startIndex, first.shift)[0]).toEqual(
            [first.startIndex],
          );
        },
      ),
      { seed: 8, numRuns: 200 },
    );
  });
});

/** Brokers 1..n, with some of them fenced (a fast-check case for the KRaft rules). */
const fencedClusterArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    brokers: fc
      .array(fc.boolean(), { minLength: n, maxLength: n })
      .filter((fenced) => fenced.some((f) => !f))
      .map((fenced) => fenced.map((f, i) => ({ id: i + 1, fenced: f }))),
    partitions: fc.integer({ min: 1, max: 30 }),
    rf: fc.integer({ min: 1, max: n }),
    startIndex: fc.nat({ max: 7 }),
    shift: fc.nat({ max: 7 }),
    firstPartitionId: fc.nat({ max: 20 }),
  }),
);

describe('placeReplicasAvoidingFenced (KRaft: leaders unfenced, fenced brokers last)', () => {
  it('is exactly the rack-unaware rule when no broker is fenced (seed 11)', () => {
    fc.assert(
      fc.property(
        clusterArb,
        ({ brokers, partitions, rf, startIndex, shift, firstPartitionId }) => {
          const usable = brokers.map((id) => ({ id, fenced: false }));
          const counts: number[] = [];
          const placed = placeReplicasAvoidingFenced(
            usable,
            partitions,
            rf,
            (count) => {
              counts.push(count);
              return { startIndex, shift };
            },
            firstPartitionId,
          );
          expect(counts).toEqual([brokers.length]);
          expect(placed).toEqual(
            placeReplicasRackUnaware(brokers, partitions, rf, startIndex, shift, firstPartitionId),
          );
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });

  it('never puts a fenced broker first, and uses fenced brokers only when the unfenced run out (seed 12)', () => {
    fc.assert(
      fc.property(
        fencedClusterArb,
        ({ brokers, partitions, rf, startIndex, shift, firstPartitionId }) => {
          const fenced = new Set(brokers.filter((b) => b.fenced).map((b) => b.id));
          const unfencedCount = brokers.length - fenced.size;
          const placed = placeReplicasAvoidingFenced(
            brokers,
            partitions,
            rf,
            () => ({ startIndex, shift }),
            firstPartitionId,
          );
          expect(placed).toHaveLength(partitions);
          for (const replicas of placed) {
            expect(replicas).toHaveLength(rf);
            expect(new Set(replicas).size).toBe(rf);
            expect(fenced.has(replicas[0])).toBe(false);
            const onFenced = replicas.filter((id) => fenced.has(id)).length;
            expect(onFenced).toBe(Math.max(0, rf - unfencedCount));
            // Unfenced replicas come first, fenced ones fill the tail.
            expect(replicas.slice(rf - onFenced).every((id) => fenced.has(id))).toBe(true);
          }
        },
      ),
      { seed: 12, numRuns: 300 },
    );
  });

  it('spreads the fenced fill over the fenced brokers, by partition id', () => {
    const brokers = [
      { id: 1, fenced: false },
      { id: 2, fenced: true },
      { id: 3, fenced: true },
    ];
    const placed = placeReplicasAvoidingFenced(brokers, 4, 2, () => ({ startIndex: 0, shift: 0 }));
    expect(placed).toEqual([
      [1, 2],
      [1, 3],
      [1, 2],
      [1, 3],
    ]);
  });

  it('refuses as KRaft does: every broker fenced, or fewer registered brokers than replicas', () => {
    const allFenced = [
      { id: 1, fenced: true },
      { id: 2, fenced: true },
    ];
    expect(placementRefusal(allFenced, 1)).toMatch(
      /^INVALID_REPLICATION_FACTOR: all brokers are currently fenced/,
    );
    expect(placementRefusal([{ id: 1, fenced: false }], 2)).toMatch(
      /INVALID_REPLICATION_FACTOR: the target replication factor of 2 cannot be reached because only 1 broker/,
    );
    expect(placementRefusal([{ id: 1, fenced: false }, ...allFenced], 3)).toBeNull();
    expect(() =>
      placeReplicasAvoidingFenced(allFenced, 1, 1, () => ({ startIndex: 0, shift: 0 })),
    ).toThrow(PlacementError);
  });
});

describe('placeReplicasRackAware (AdminUtils.assignReplicasToBrokersRackAware)', () => {
  const racks = (m: Record<number, string>): RackedBroker[] =>
    Object.entries(m).map(([id, rack]) => ({ id: Number(id), rack }));
  // AdminRackAwareTest.testGetRackAlternatedBrokerListAndAssignReplicasToBrokers (Kafka ≤ 4.0).
  const kafkaRackMap = { 0: 'rack1', 1: 'rack3', 2: 'rack3', 3: 'rack2', 4: 'rack2', 5: 'rack1' };

  it('alternates racks in name order, brokers by id within a rack (Kafka test)', () => {
    expect(rackAlternatedBrokerList(racks(kafkaRackMap))).toEqual([0, 3, 1, 5, 4, 2]);
    const { 5: _dropped, ...withoutFive } = kafkaRackMap;
    expect(rackAlternatedBrokerList(racks(withoutFive))).toEqual([0, 3, 1, 4, 2]);
  });

  it("matches Kafka's expected assignment for 7 partitions, RF 3, fixed start 0 (Kafka test)", () => {
    expect(placeReplicasRackAware(racks(kafkaRackMap), 7, 3, 0, 0, 0)).toEqual([
      [0, 3, 1],
      [3, 1, 5],
      [1, 5, 4],
      [5, 4, 2],
      [4, 2, 0],
      [2, 0, 3],
      [0, 4, 2],
    ]);
  });

  it('does not depend on the order the brokers are listed in', () => {
    const listed = racks(kafkaRackMap);
    expect(placeReplicasRackAware([...listed].reverse(), 9, 2, 1, 4, 3)).toEqual(
      placeReplicasRackAware(listed, 9, 2, 1, 4, 3),
    );
  });

  // AdminRackAwareTest.testMoreReplicasThanRacks / testLessReplicasThanRacks.
  it.each([
    [5, 3],
    [2, 2],
  ])('RF %i over 3 racks puts each partition on %i racks (Kafka test)', (rf, spanned) => {
    const m = { 0: 'rack1', 1: 'rack2', 2: 'rack2', 3: 'rack3', 4: 'rack3', 5: 'rack2' };
    for (const start of [0, 1, 2, 3, 4, 5]) {
      for (const replicas of placeReplicasRackAware(racks(m), 6, rf, start, start)) {
        expect(replicas).toHaveLength(rf);
        expect(new Set(replicas).size).toBe(rf);
        expect(new Set(replicas.map((b) => m[b as keyof typeof m])).size).toBe(spanned);
      }
    }
  });

  it('spans min(RF, racks) racks with distinct brokers; one rack gives the rack-unaware rule', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 20 }),
        fc.nat(20),
        fc.nat(20),
        fc.nat(40),
        fc.nat(1000),
        (ids, rackCount, partitions, start, shift, first, rfSeed) => {
          const rf = 1 + (rfSeed % ids.length);
          const brokers = ids.map((id, i) => ({ id, rack: `r${i % rackCount}` }));
          const numRacks = new Set(brokers.map((b) => b.rack)).size;
          const placed = placeReplicasRackAware(brokers, partitions, rf, start, shift, first);
          for (const replicas of placed) {
            expect(new Set(replicas).size).toBe(rf);
            const spanned = new Set(replicas.map((b) => brokers.find((x) => x.id === b)?.rack));
            expect(spanned.size).toBe(Math.min(rf, numRacks));
          }
          const oneRack = ids.map((id) => ({ id, rack: 'only' }));
          expect(placeReplicasRackAware(oneRack, partitions, rf, start, shift, first)).toEqual(
            placeReplicasRackUnaware(ids, partitions, rf, start, shift, first),
          );
        },
      ),
    );
  });

  it('refuses brokers without a rack, and the same bad arguments as the rack-unaware rule', () => {
    expect(() =>
      placeReplicasRackAware(
        [
          { id: 1, rack: 'a' },
          { id: 2, rack: null },
        ],
        1,
        1,
        0,
        0,
      ),
    ).toThrow(/Not all brokers have rack information/);
    expect(() => placeReplicasRackAware(racks({ 1: 'a' }), 1, 2, 0, 0)).toThrow(PlacementError);
    expect(() => placeReplicasRackAware(racks({ 1: 'a' }), 0, 1, 0, 0)).toThrow(PlacementError);
  });
});
