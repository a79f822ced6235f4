/**
 * The rules suites without Java: kafkascope against the answers real Kafka gave for the
 * committed vector files (conformance/vectors/{partitioners,coordinator,placement,cleaner,retention}.json, written
 * by `npx tsx scripts/conformance/rules/cli.ts --write-vectors`), and the files are what the
 * current generators produce at the vector seed (a generator change needs a rewrite).
 */
import { describe, expect, it } from 'vitest';
import { VECTOR_SEED, readVectors, tally, type RulesSuite } from './common';
import { coordinatorSuite, type CoordinatorAnswer } from './coordinator';
import {
  kafkascopeSticky,
  partitionersSuite,
  type PartitionerAnswer,
  type PartitionerCase,
} from './partitioners';
import { placementSuite, type PlacementAnswer } from './placement';
import { cleanerSuite, type CleanerAnswer, type CleanerCase } from './cleaner';
import { retentionSuite, type RetentionAnswer, type RetentionCase } from './retention';

const SUITES = [
  partitionersSuite,
  coordinatorSuite,
  placementSuite,
  cleanerSuite,
  retentionSuite,
] as unknown as RulesSuite<unknown, unknown>[];

describe.each(SUITES)('$name vectors', (suite) => {
  const file = readVectors<unknown, unknown>(suite.name);
  const cases = file.cases.map((x) => x.c);
  const kafka = file.cases.map((x) => x.k);

  it('were written by Kafka 4.3.1 from the current generator at the vector seed', () => {
    expect(file.kafkaVersion).toBe('4.3.1');
    expect(file.seed).toBe(VECTOR_SEED);
    expect(JSON.parse(JSON.stringify(suite.generate(VECTOR_SEED, cases.length)))).toEqual(cases);
  });

  it('agree with kafkascope on every case', () => {
    const t = tally(suite, cases, kafka);
    expect(t.failures).toEqual([]);
    expect(t.passed).toBeGreaterThan(cases.length * 0.9);
  });
});

describe('the checks can fail', () => {
  it('partitioners: a wrong hash, key partition, round-robin step or switch point is caught', () => {
    const file = readVectors<PartitionerCase, PartitionerAnswer>('partitioners');
    const find = (pred: (c: PartitionerCase) => boolean) => {
      const x = file.cases.find((v) => pred(v.c));
      if (x === undefined) throw new Error('no such case in the vectors');
      return x;
    };
    const m = find((c) => c.type === 'murmur2');
    expect(partitionersSuite.check(m.c, { ...m.k, hash: (m.k.hash ?? 0) + 1 })).toHaveProperty(
      'fail',
    );
    const k = find((c) => c.type === 'key' && c.numPartitions > 1);
    const wrong = ((k.k.partition ?? 0) + 1) % (k.c as { numPartitions: number }).numPartitions;
    expect(partitionersSuite.check(k.c, { ...k.k, partition: wrong })).toHaveProperty('fail');
    const r = find(
      (c) => c.type === 'roundRobin' && c.numPartitions > 2 && c.unavailable.length > 3,
    );
    const rotated = (r.k.partitions ?? []).map((_, i, a) => a[(i + 1) % a.length]);
    if (rotated.join() !== (r.k.partitions ?? []).join())
      expect(partitionersSuite.check(r.c, { ...r.k, partitions: rotated })).toHaveProperty('fail');
    const s = find((c) => c.type === 'sticky' && c.drain);
    const merged = (s.k.generations ?? []).map(() => 1);
    expect(partitionersSuite.check(s.c, { ...s.k, generations: merged })).toHaveProperty('fail');
  });

  it('coordinator: a partition off by one is caught', () => {
    const { c, k } = readVectors<unknown, CoordinatorAnswer>('coordinator').cases[0];
    const partitions = k.partitions.map((p) => p + 1);
    expect(coordinatorSuite.check(c as never, { ...k, partitions })).toHaveProperty('fail');
  });

  it('placement: swapped replicas and a wrong refusal are caught', () => {
    const file = readVectors<{ type: string; rf: number }, PlacementAnswer>('placement');
    const placed = file.cases.find(
      (v) => v.c.type === 'adminUtils' && v.c.rf > 1 && v.k.assignment,
    );
    if (placed === undefined) throw new Error('no multi-replica AdminUtils case');
    const swapped = (placed.k.assignment ?? []).map((r) => [r[1], r[0], ...r.slice(2)]);
    expect(
      placementSuite.check(placed.c as never, { ...placed.k, assignment: swapped }),
    ).toHaveProperty('fail');
    expect(
      placementSuite.check(placed.c as never, { error: 'InvalidReplicationFactorException' }),
    ).toHaveProperty('fail');
  });
});

describe('the cleaner checks can fail', () => {
  const file = readVectors<CleanerCase, CleanerAnswer>('cleaner');
  const cleaned = file.cases.filter((v) =>
    v.k.rounds.some((r) => r.after !== undefined && r.after.some((s) => s.batches.length > 0)),
  );

  it('the vectors clean, stamp horizons and drop expired tombstones', () => {
    const after = file.cases.flatMap((v) => v.k.rounds.flatMap((r) => r.after ?? []));
    const batches = after.flatMap((s) => s.batches);
    expect(cleaned.length).toBeGreaterThan(100);
    expect(batches.some((b) => b.deleteHorizonMs !== null)).toBe(true);
    expect(batches.some((b) => b.records.length === 0)).toBe(true);
    // Some second clean found a tombstone gone that the round before kept with a horizon.
    const expired = file.cases.some((v) =>
      v.k.rounds.some((r, i) => {
        const prev = v.k.rounds[i - 1]?.after;
        if (r.after === undefined || prev === undefined) return false;
        const kept = new Set(
          r.after.flatMap((s) => s.batches.flatMap((b) => b.records.map((x) => x.offset))),
        );
        return prev.some((s) =>
          s.batches.some(
            (b) =>
              b.deleteHorizonMs !== null &&
              b.records.some((x) => x.value === null && !kept.has(x.offset)),
          ),
        );
      }),
    );
    expect(expired).toBe(true);
  });

  it('a record Kafka kept and we did not, a wrong horizon or checkpoint is caught', () => {
    const { c, k } = cleaned[0];
    const i = k.rounds.findIndex((r) => r.after !== undefined);
    const round = k.rounds[i];
    const after = round.after ?? [];
    const withSegments = (segs: typeof after) => ({
      rounds: k.rounds.map((r, j) => (j === i ? { ...r, after: segs } : r)),
    });
    const dropped = after.map((s) => ({ ...s, batches: s.batches.slice(1) }));
    expect(cleanerSuite.check(c, withSegments(dropped))).toHaveProperty('fail');
    const horizon = after.map((s) => ({
      ...s,
      batches: s.batches.map((b) => ({ ...b, deleteHorizonMs: (b.deleteHorizonMs ?? 0) + 1 })),
    }));
    expect(cleanerSuite.check(c, withSegments(horizon))).toHaveProperty('fail');
    const checkpoint = {
      rounds: k.rounds.map((r, j) => (j === i ? { ...r, checkpoint: (r.checkpoint ?? 0) + 1 } : r)),
    };
    expect(cleanerSuite.check(c, checkpoint)).toHaveProperty('fail');
  });
});

describe('the retention checks can fail', () => {
  const file = readVectors<RetentionCase, RetentionAnswer>('retention');
  const deletions = file.cases.filter((v) => v.k.steps.some((s) => (s.deleted ?? []).length > 0));

  it('the vectors roll by size and by time, and delete by size, by age and under the high watermark', () => {
    const reasons = new Set(
      file.cases.flatMap((v) => v.k.steps.flatMap((s) => (s.deleted ?? []).map((d) => d.reason))),
    );
    expect([...reasons].sort()).toEqual(['retention.bytes', 'retention.ms']);
    expect(deletions.length).toBeGreaterThan(50);
    // Some check deleted every segment (a new, empty one rolled first) ...
    expect(
      file.cases.some((v) =>
        v.k.steps.some(
          (s) =>
            (s.deleted ?? []).length > 0 &&
            s.segments.length === 1 &&
            s.segments[0].sizeBytes === 0,
        ),
      ),
    ).toBe(true);
    // ... and some was held back by a high watermark below the log end.
    expect(
      file.cases.some((v) =>
        v.k.steps.some(
          (s) =>
            s.deleted !== undefined && s.highWatermark < s.logEndOffset && s.segments.length > 1,
        ),
      ),
    ).toBe(true);
  });

  it('a wrong reason, a segment kept, a size or a rolling timestamp off by one is caught', () => {
    const { c, k } = deletions[0];
    const i = k.steps.findIndex((s) => (s.deleted ?? []).length > 0);
    const at = (step: RetentionAnswer['steps'][number]) => ({
      steps: k.steps.map((s, j) => (j === i ? step : s)),
    });
    const step = k.steps[i];
    const deleted = step.deleted ?? [];
    const otherReason = deleted[0].reason === 'retention.ms' ? 'retention.bytes' : 'retention.ms';
    expect(
      retentionSuite.check(
        c,
        at({ ...step, deleted: [{ ...deleted[0], reason: otherReason }, ...deleted.slice(1)] }),
      ),
    ).toHaveProperty('fail');
    expect(retentionSuite.check(c, at({ ...step, deleted: deleted.slice(1) }))).toHaveProperty(
      'fail',
    );
    const seg = step.segments[0];
    expect(
      retentionSuite.check(
        c,
        at({
          ...step,
          segments: [{ ...seg, sizeBytes: seg.sizeBytes + 1 }, ...step.segments.slice(1)],
        }),
      ),
    ).toHaveProperty('fail');
    expect(
      retentionSuite.check(
        c,
        at({
          ...step,
          segments: [
            { ...seg, rollingBasedTimestampMs: seg.rollingBasedTimestampMs + 1 },
            ...step.segments.slice(1),
          ],
        }),
      ),
    ).toHaveProperty('fail');
  });
});

describe('the uniform sticky partitioner against a case Kafka answered (CI seed 1922700775)', () => {
  // An idle sender: Kafka drew partition 1 again for the generation after one on partition 1
  // (BuiltInPartitioner draws from every available partition), whose batch then still had
  // room. The switch timing is ours to match; the draw is Kafka's.
  const c = {
    type: 'sticky',
    numPartitions: 4,
    unavailable: [],
    batchSize: 100,
    drain: false,
    seed: -250740730,
    valueSizes: [25, 8, 7, 200, 10, 126, 2, 103, 147, 7, 0, 11, 7, 33, 15, 31, 27, 22, 8, 16],
  } as const;
  const kafka = {
    partitions: [0, 0, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 0],
    generations: [1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 6, 6, 6, 7, 8, 8, 9, 9, 9, 10],
    appendedBytes: [
      93, 15, 75, 270, 78, 196, 9, 173, 217, 14, 68, 18, 14, 101, 83, 99, 95, 90, 15, 84,
    ],
  };

  it('switches where Kafka did, given Kafka’s draws', () => {
    const ours = kafkascopeSticky(
      { ...c, valueSizes: [...c.valueSizes], unavailable: [] },
      kafka.appendedBytes,
      kafka.partitions,
    );
    expect(ours.generations).toEqual(kafka.generations);
    expect(ours.partitions).toEqual(kafka.partitions);
  });
});
