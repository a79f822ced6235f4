import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeHighWatermark,
  endOffsetForEpoch,
  ReplicationStateError,
  truncationOffset,
  UNDEFINED_EPOCH,
  UNDEFINED_EPOCH_OFFSET,
  type LeaderEpochEntry,
} from './highWatermark';

describe('computeHighWatermark', () => {
  it('is the smallest log end offset in the ISR, leader included', () => {
    expect(
      computeHighWatermark({
        isr: [1, 2, 3],
        logEndOffsets: { 1: 10, 2: 8, 3: 9 },
        currentHighWatermark: 5,
        minInsyncReplicas: 1,
      }),
    ).toBe(8);
  });

  it('ignores replicas outside the ISR however far behind they are', () => {
    expect(
      computeHighWatermark({
        isr: [1, 2],
        logEndOffsets: new Map([
          [1, 10],
          [2, 10],
          [3, 0],
        ]),
        currentHighWatermark: 0,
        minInsyncReplicas: 1,
      }),
    ).toBe(10);
  });

  it('accepts a Map as well as a record', () => {
    const input = { isr: [1, 2], currentHighWatermark: 0, minInsyncReplicas: 2 };
    expect(
      computeHighWatermark({
        ...input,
        logEndOffsets: new Map([
          [1, 7],
          [2, 4],
        ]),
      }),
    ).toBe(4);
    expect(computeHighWatermark({ ...input, logEndOffsets: { 1: 7, 2: 4 } })).toBe(4);
  });

  it('never moves backwards (e.g. a slower replica rejoined the ISR)', () => {
    expect(
      computeHighWatermark({
        isr: [1, 2],
        logEndOffsets: { 1: 10, 2: 3 },
        currentHighWatermark: 6,
        minInsyncReplicas: 1,
      }),
    ).toBe(6);
  });

  it('does not advance while the ISR is smaller than min.insync.replicas (Kafka 3.7+)', () => {
    expect(
      computeHighWatermark({
        isr: [1],
        logEndOffsets: { 1: 10 },
        currentHighWatermark: 4,
        minInsyncReplicas: 2,
      }),
    ).toBe(4);
  });

  it('advances again once the ISR reaches min.insync.replicas', () => {
    expect(
      computeHighWatermark({
        isr: [1, 2],
        logEndOffsets: { 1: 10, 2: 10 },
        currentHighWatermark: 4,
        minInsyncReplicas: 2,
      }),
    ).toBe(10);
  });

  it('caps min.insync.replicas by the replication factor when given (Partition.effectiveMinIsr)', () => {
    const input = {
      isr: [1, 2],
      logEndOffsets: { 1: 9, 2: 9 },
      currentHighWatermark: 0,
      minInsyncReplicas: 3,
    };
    expect(computeHighWatermark(input)).toBe(0);
    expect(computeHighWatermark({ ...input, replicationFactor: 2 })).toBe(9);
    expect(computeHighWatermark({ ...input, replicationFactor: 3 })).toBe(0);
  });

  it('with min.insync.replicas 1 a lone leader commits its own writes', () => {
    expect(
      computeHighWatermark({
        isr: [1],
        logEndOffsets: { 1: 3 },
        currentHighWatermark: 0,
        minInsyncReplicas: 1,
      }),
    ).toBe(3);
  });

  it('keeps the current value for an empty ISR', () => {
    expect(
      computeHighWatermark({
        isr: [],
        logEndOffsets: {},
        currentHighWatermark: 2,
        minInsyncReplicas: 0,
      }),
    ).toBe(2);
  });

  it('throws a ReplicationStateError when an ISR member has no log end offset', () => {
    const input = {
      isr: [1, 2],
      logEndOffsets: { 1: 5 },
      currentHighWatermark: 0,
      minInsyncReplicas: 1,
    };
    expect(() => computeHighWatermark(input)).toThrow(ReplicationStateError);
    expect(() => computeHighWatermark(input)).toThrow('No log end offset for ISR member 2.');
    expect(() => computeHighWatermark({ ...input, logEndOffsets: new Map([[1, 5]]) })).toThrow(
      ReplicationStateError,
    );
  });

  it('does not read inherited properties of a record as offsets', () => {
    const proto = { 2: 100 };
    const offsets = Object.create(proto) as Record<number, number>;
    offsets[1] = 5;
    expect(() =>
      computeHighWatermark({
        isr: [1, 2],
        logEndOffsets: offsets,
        currentHighWatermark: 0,
        minInsyncReplicas: 1,
      }),
    ).toThrow(ReplicationStateError);
  });

  describe('properties', () => {
    const hwArb = fc
      .uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 5 })
      .chain((isr) =>
        fc.record({
          isr: fc.constant(isr),
          leos: fc.array(fc.integer({ min: 0, max: 100 }), {
            minLength: isr.length,
            maxLength: isr.length,
          }),
          current: fc.integer({ min: 0, max: 100 }),
          minIsr: fc.integer({ min: 1, max: 6 }),
        }),
      );

    it('never decreases, and equals max(current, min LEO) when the ISR is large enough (seed 21)', () => {
      fc.assert(
        fc.property(hwArb, ({ isr, leos, current, minIsr }) => {
          const logEndOffsets = new Map(isr.map((id, i) => [id, leos[i]] as const));
          const hw = computeHighWatermark({
            isr,
            logEndOffsets,
            currentHighWatermark: current,
            minInsyncReplicas: minIsr,
          });
          expect(hw).toBeGreaterThanOrEqual(current);
          if (isr.length >= minIsr) expect(hw).toBe(Math.max(current, Math.min(...leos)));
          else expect(hw).toBe(current);
        }),
        { seed: 21, numRuns: 500 },
      );
    });

    it('adding a member to the ISR never raises the high watermark (seed 22)', () => {
      fc.assert(
        fc.property(hwArb, fc.integer({ min: 0, max: 100 }), ({ isr, leos, current }, extraLeo) => {
          const logEndOffsets = new Map(isr.map((id, i) => [id, leos[i]] as const));
          logEndOffsets.set(99, extraLeo);
          const without = computeHighWatermark({
            isr,
            logEndOffsets,
            currentHighWatermark: current,
            minInsyncReplicas: 1,
          });
          const withExtra = computeHighWatermark({
            isr: [...isr, 99],
            logEndOffsets,
            currentHighWatermark: current,
            minInsyncReplicas: 1,
          });
          expect(withExtra).toBeLessThanOrEqual(without);
        }),
        { seed: 22, numRuns: 300 },
      );
    });
  });
});

describe('endOffsetForEpoch', () => {
  const cache: LeaderEpochEntry[] = [
    { epoch: 1, startOffset: 0 },
    { epoch: 3, startOffset: 10 },
    { epoch: 5, startOffset: 20 },
  ];

  it('answers the LEO for the latest epoch (still being written)', () => {
    expect(endOffsetForEpoch(cache, 25, 5)).toEqual({ epoch: 5, endOffset: 25 });
  });

  it('answers an epoch with the start of the next one', () => {
    expect(endOffsetForEpoch(cache, 25, 3)).toEqual({ epoch: 3, endOffset: 20 });
    expect(endOffsetForEpoch(cache, 25, 1)).toEqual({ epoch: 1, endOffset: 10 });
  });

  it('answers an unknown epoch with the largest known epoch below it', () => {
    expect(endOffsetForEpoch(cache, 25, 4)).toEqual({ epoch: 3, endOffset: 20 });
    expect(endOffsetForEpoch(cache, 25, 2)).toEqual({ epoch: 1, endOffset: 10 });
  });

  it('answers an epoch older than the whole cache with that epoch and the first start offset', () => {
    expect(endOffsetForEpoch(cache, 25, 0)).toEqual({ epoch: 0, endOffset: 0 });
    expect(
      endOffsetForEpoch(
        [
          { epoch: 3, startOffset: 50 },
          { epoch: 4, startOffset: 60 },
        ],
        70,
        1,
      ),
    ).toEqual({
      epoch: 1,
      endOffset: 50,
    });
  });

  it('has no answer for an epoch newer than the cache, an empty cache or UNDEFINED_EPOCH', () => {
    const none = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    expect(endOffsetForEpoch(cache, 25, 6)).toEqual(none);
    expect(endOffsetForEpoch([], 0, 0)).toEqual(none);
    expect(endOffsetForEpoch(cache, 25, UNDEFINED_EPOCH)).toEqual(none);
  });
});

describe('truncationOffset', () => {
  it('acks=1 loss: an old leader drops the record only it had (offset 10)', () => {
    expect(
      truncationOffset(
        [{ epoch: 0, startOffset: 0 }],
        11,
        [
          { epoch: 0, startOffset: 0 },
          { epoch: 1, startOffset: 10 },
        ],
        12,
      ),
    ).toBe(10);
  });

  it('keeps everything when the follower is a prefix of the leader (same epoch)', () => {
    expect(
      truncationOffset([{ epoch: 0, startOffset: 0 }], 7, [{ epoch: 0, startOffset: 0 }], 10),
    ).toBe(7);
  });

  it('keeps everything when the leader has moved on to a newer epoch after the follower caught up', () => {
    expect(
      truncationOffset(
        [{ epoch: 0, startOffset: 0 }],
        10,
        [
          { epoch: 0, startOffset: 0 },
          { epoch: 2, startOffset: 10 },
        ],
        15,
      ),
    ).toBe(10);
  });

  it('KIP-101 scenario 1: a follower restarting does not drop a record the leader also has', () => {
    // Pre-KIP-101 the follower truncated to its (stale) high watermark 1 and lost offset 1.
    expect(
      truncationOffset([{ epoch: 0, startOffset: 0 }], 2, [{ epoch: 0, startOffset: 0 }], 2),
    ).toBe(2);
  });

  it('KIP-101 scenario 2: diverged logs at the same offset are detected through the epoch', () => {
    // A wrote m2 at offset 1 in epoch 0; B became leader in epoch 1 and wrote m2' at offset 1.
    expect(
      truncationOffset(
        [{ epoch: 0, startOffset: 0 }],
        2,
        [
          { epoch: 0, startOffset: 0 },
          { epoch: 1, startOffset: 1 },
        ],
        2,
      ),
    ).toBe(1);
  });

  it('KIP-279: takes a second round when the leader answers with an epoch the follower never saw', () => {
    // Follower: epoch 0 at 0..4, epoch 2 at 5..7. Leader: epoch 0 at 0..3, epoch 1 at 4..5, epoch 3 at 6..8.
    // Round 1: E=2 -> leader (1, 6); follower has no epoch 1 -> truncate to 5 (end of its epoch 0).
    // Round 2: E=0 -> leader (0, 4); follower (0, 5) -> truncate to 4.
    expect(
      truncationOffset(
        [
          { epoch: 0, startOffset: 0 },
          { epoch: 2, startOffset: 5 },
        ],
        8,
        [
          { epoch: 0, startOffset: 0 },
          { epoch: 1, startOffset: 4 },
          { epoch: 3, startOffset: 6 },
        ],
        9,
      ),
    ).toBe(4);
  });

  it('truncates to 0 when the follower shares no history with the leader', () => {
    expect(
      truncationOffset(
        [{ epoch: 1, startOffset: 0 }],
        5,
        [
          { epoch: 0, startOffset: 0 },
          { epoch: 2, startOffset: 3 },
        ],
        6,
      ),
    ).toBe(0);
  });

  it('answers as if the leader cache held its current epoch when it is missing (no writes yet)', () => {
    // Follower led epoch 2 and wrote 10..11; the new leader (epoch 3) has written nothing yet.
    expect(
      truncationOffset(
        [
          { epoch: 0, startOffset: 0 },
          { epoch: 2, startOffset: 10 },
        ],
        12,
        [{ epoch: 0, startOffset: 0 }],
        10,
      ),
    ).toBe(10);
    // Same answer as with the entry Kafka would have recorded at election.
    expect(
      truncationOffset(
        [
          { epoch: 0, startOffset: 0 },
          { epoch: 2, startOffset: 10 },
        ],
        12,
        [
          { epoch: 0, startOffset: 0 },
          { epoch: 3, startOffset: 10 },
        ],
        10,
      ),
    ).toBe(10);
  });

  it('an empty leader cache behaves like a single current-epoch entry at its LEO', () => {
    expect(truncationOffset([{ epoch: 0, startOffset: 0 }], 5, [], 0)).toBe(0);
  });

  it('an epoch older than the leader history (retention) truncates to where the leader history starts', () => {
    expect(
      truncationOffset([{ epoch: 1, startOffset: 0 }], 80, [{ epoch: 3, startOffset: 50 }], 90),
    ).toBe(50);
  });

  it('returns 0 for an empty follower', () => {
    expect(truncationOffset([], 0, [{ epoch: 0, startOffset: 0 }], 4)).toBe(0);
  });

  it('throws when the follower has records but no epoch history (Kafka falls back to the HW)', () => {
    expect(() => truncationOffset([], 3, [{ epoch: 0, startOffset: 0 }], 4)).toThrow(
      ReplicationStateError,
    );
  });

  it('rejects malformed epoch caches', () => {
    const leader = [{ epoch: 0, startOffset: 0 }];
    expect(() =>
      truncationOffset(
        [
          { epoch: 2, startOffset: 0 },
          { epoch: 1, startOffset: 3 },
        ],
        5,
        leader,
        5,
      ),
    ).toThrow(/not ascending/);
    expect(() =>
      truncationOffset(
        [
          { epoch: 1, startOffset: 4 },
          { epoch: 2, startOffset: 3 },
        ],
        5,
        leader,
        5,
      ),
    ).toThrow(/not ascending/);
    expect(() => truncationOffset([{ epoch: 0, startOffset: 9 }], 5, leader, 5)).toThrow(
      /after its log end offset/,
    );
    expect(() => truncationOffset([{ epoch: -1, startOffset: 0 }], 5, leader, 5)).toThrow(
      ReplicationStateError,
    );
    expect(() => truncationOffset([{ epoch: 0, startOffset: 0 }], -1, leader, 5)).toThrow(
      ReplicationStateError,
    );
  });

  describe('properties', () => {
    /** A log as the epoch of each record (offset = index). */
    type EpochLog = number[];

    const cacheOf = (log: EpochLog): LeaderEpochEntry[] => {
      const entries: LeaderEpochEntry[] = [];
      log.forEach((epoch, offset) => {
        if (entries.length === 0 || entries[entries.length - 1].epoch !== epoch)
          entries.push({ epoch, startOffset: offset });
      });
      return entries;
    };

    const commonPrefix = (a: EpochLog, b: EpochLog): number => {
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return i;
    };

    /**
     * A Kafka-like history on 3 replicas: each epoch a random replica (maybe uncleanly) leads
     * and appends records at its own log end; other replicas sometimes sync with it, i.e.
     * truncate to where they diverge and copy part of its log. A record is identified by
     * (offset, epoch), since one leader writes each epoch.
     */
    interface History {
      steps: { leader: number; writes: number; syncs: { replica: number; upTo: number }[] }[];
      finalLeader: number;
      follower: number;
    }

    const historyArb: fc.Arbitrary<History> = fc.record({
      steps: fc.array(
        fc.record({
          leader: fc.integer({ min: 0, max: 2 }),
          writes: fc.integer({ min: 0, max: 4 }),
          syncs: fc.array(fc.record({ replica: fc.integer({ min: 0, max: 2 }), upTo: fc.nat() }), {
            maxLength: 3,
          }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      finalLeader: fc.integer({ min: 0, max: 2 }),
      follower: fc.integer({ min: 1, max: 2 }),
    });

    const play = (h: History) => {
      const logs: EpochLog[] = [[], [], []];
      h.steps.forEach((step, epoch) => {
        for (let i = 0; i < step.writes; i++) logs[step.leader].push(epoch);
        for (const s of step.syncs) {
          if (s.replica === step.leader) continue;
          const leaderLog = logs[step.leader];
          const keep = commonPrefix(logs[s.replica], leaderLog);
          const upTo = keep + (s.upTo % (leaderLog.length - keep + 1));
          logs[s.replica] = leaderLog.slice(0, upTo);
        }
      });
      const leader = h.finalLeader;
      const follower = (leader + h.follower) % 3;
      return { leaderLog: logs[leader], followerLog: logs[follower], nextEpoch: h.steps.length };
    };

    it('truncates exactly to where the follower diverges from the leader (seed 31)', () => {
      fc.assert(
        fc.property(historyArb, (h) => {
          const { leaderLog, followerLog } = play(h);
          const offset = truncationOffset(
            cacheOf(followerLog),
            followerLog.length,
            cacheOf(leaderLog),
            leaderLog.length,
          );
          expect(offset).toBe(commonPrefix(followerLog, leaderLog));
        }),
        { seed: 31, numRuns: 1000 },
      );
    });

    it('gives the same answer when the leader cache holds its current epoch, as in Kafka (seed 32)', () => {
      fc.assert(
        fc.property(historyArb, (h) => {
          const { leaderLog, followerLog, nextEpoch } = play(h);
          // Partition.makeLeader records the new epoch at the LEO on election.
          const leaderCache = [
            ...cacheOf(leaderLog),
            { epoch: nextEpoch, startOffset: leaderLog.length },
          ];
          const offset = truncationOffset(
            cacheOf(followerLog),
            followerLog.length,
            leaderCache,
            leaderLog.length,
          );
          expect(offset).toBe(commonPrefix(followerLog, leaderLog));
        }),
        { seed: 32, numRuns: 1000 },
      );
    });

    it('never goes above the follower LEO and is idempotent (seed 33)', () => {
      fc.assert(
        fc.property(historyArb, (h) => {
          const { leaderLog, followerLog } = play(h);
          const leaderCache = cacheOf(leaderLog);
          const offset = truncationOffset(
            cacheOf(followerLog),
            followerLog.length,
            leaderCache,
            leaderLog.length,
          );
          expect(offset).toBeLessThanOrEqual(followerLog.length);
          const truncated = followerLog.slice(0, offset);
          expect(
            truncationOffset(cacheOf(truncated), truncated.length, leaderCache, leaderLog.length),
          ).toBe(offset);
        }),
        { seed: 33, numRuns: 500 },
      );
    });
  });
});
