import { describe, expect, it } from 'vitest';
import { partitionForKey } from './murmur2';
import {
  choosePartition,
  createPartitionerState,
  onBatchClosed,
  onStickyAppended,
  type PartitionerName,
  type PartitionRequest,
} from './partitioner';
import { createRng } from './prng';

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

function request(overrides: Partial<PartitionRequest> = {}): PartitionRequest {
  return {
    topic: 't',
    key: null,
    sizeBytes: 100,
    numPartitions: 4,
    available: all(4),
    batchSizeBytes: 16384,
    ignoreKeys: false,
    ...overrides,
  };
}

function sequence(
  name: PartitionerName,
  count: number,
  overrides: Partial<PartitionRequest> = {},
  seed = 1,
): number[] {
  const state = createPartitionerState();
  const rng = createRng(seed);
  const req = request(overrides);
  return Array.from({ length: count }, () => {
    const { partition, reason } = choosePartition(name, state, req, rng);
    // A sender that keeps up: every batch has left, so the switch is never held back.
    if (name === 'default' && reason === 'sticky')
      onStickyAppended(state, req.topic, partition, req.sizeBytes, req.batchSizeBytes, true);
    return partition;
  });
}

/**
 * The uniform sticky partitioner when the partition's last batch stays open (an idle sender):
 * `lastBatchFullAfter(i)` says whether record i's append left that batch full.
 */
function idleSequence(count: number, lastBatchFullAfter: (i: number) => boolean): number[] {
  const state = createPartitionerState();
  const rng = createRng(3);
  const req = request({ sizeBytes: 1000, numPartitions: 8, available: all(8) });
  return Array.from({ length: count }, (_, i) => {
    const { partition } = choosePartition('default', state, req, rng);
    onStickyAppended(state, 't', partition, 1000, 16384, lastBatchFullAfter(i));
    return partition;
  });
}

/** The record indices at which the partitioner picked anew (the state object is replaced). */
function switchIndices(seq: readonly number[], picks: readonly unknown[]): number[] {
  return seq.map((_, i) => i).filter((i) => i > 0 && picks[i] !== picks[i - 1]);
}

describe('keyed records', () => {
  it.each(['default', 'legacy', 'sticky'] as const)(
    '%s hashes the key with murmur2 over all partitions',
    (name) => {
      for (const key of ['alice', 'bob', '', 'ключ']) {
        const choice = choosePartition(
          name,
          createPartitionerState(),
          request({ key, numPartitions: 7, available: all(7) }),
          createRng(1),
        );
        expect(choice).toEqual({ partition: partitionForKey(key, 7), reason: 'key-hash' });
      }
    },
  );

  it('never reroutes a keyed record away from an offline partition', () => {
    const key = 'alice';
    const home = partitionForKey(key, 6);
    const available = all(6).filter((p) => p !== home);
    const choice = choosePartition(
      'default',
      createPartitionerState(),
      request({ key, numPartitions: 6, available }),
      createRng(1),
    );
    expect(choice.partition).toBe(home);
  });

  it('round-robin ignores keys entirely', () => {
    expect(sequence('round-robin', 6, { key: 'alice' })).toEqual([0, 1, 2, 3, 0, 1]);
  });

  it('partitioner.ignore.keys sends keyed records down the sticky null-key path', () => {
    const choice = choosePartition(
      'default',
      createPartitionerState(),
      request({ key: 'alice', ignoreKeys: true }),
      createRng(3),
    );
    expect(choice.reason).toBe('sticky');
  });
});

describe('null keys', () => {
  it('round-robin counts from 0 over the available partitions (RoundRobinPartitioner)', () => {
    expect(sequence('round-robin', 9)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0]);
  });

  it('round-robin indexes into the available list, skipping partitions without a leader', () => {
    expect(sequence('round-robin', 6, { available: [0, 2, 3] })).toEqual([0, 2, 3, 0, 2, 3]);
  });

  it('round-robin falls back to all partitions when none is available', () => {
    expect(sequence('round-robin', 5, { available: [] })).toEqual([0, 1, 2, 3, 0]);
  });

  it('legacy (≤2.3) is round robin from a random starting point', () => {
    const seq = sequence('legacy', 8, {}, 42);
    for (let i = 1; i < seq.length; i++) expect(seq[i]).toBe((seq[i - 1] + 1) % 4);
    const starts = new Set(
      [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => sequence('legacy', 1, {}, seed)[0]),
    );
    expect(starts.size).toBeGreaterThan(1);
  });

  it('default (3.3+) sticks to one partition until batch.size bytes went to it', () => {
    // 16384 / 1000 bytes: records 0..16 fill the first sticky partition, the 18th switches.
    const seq = sequence('default', 60, { sizeBytes: 1000 }, 7);
    const runs: number[] = [];
    let run = 1;
    for (let i = 1; i < seq.length; i++) {
      if (seq[i] === seq[i - 1]) run++;
      else {
        runs.push(run);
        run = 1;
      }
    }
    expect(seq.slice(0, 17).every((p) => p === seq[0])).toBe(true);
    // Every completed run that ended in a switch is a multiple of 17 records (it may re-pick the same partition).
    for (const r of runs) expect(r % 17).toBe(0);
  });

  it('default (3.3+) holds the switch past batch.size while the last batch can take more', () => {
    // 17 records of 1000 bytes reach batch.size (16384); the last batch is full only after record 20.
    const state = createPartitionerState();
    const rng = createRng(3);
    const req = request({ sizeBytes: 1000, numPartitions: 8, available: all(8) });
    const picks: unknown[] = [];
    const seq = Array.from({ length: 60 }, (_, i) => {
      const { partition } = choosePartition('default', state, req, rng);
      picks.push(state.sticky.t);
      onStickyAppended(state, 't', partition, 1000, 16384, i === 20);
      return partition;
    });
    // Switch after record 20 (its batch full), then at 2 x batch.size (33 records) regardless.
    expect(switchIndices(seq, picks)).toEqual([21, 21 + 33]);
  });

  it('default (3.3+) switches at 2 x batch.size even if no batch ever fills', () => {
    const seq = idleSequence(100, () => false);
    // 2 x 16384 / 1000: the 33rd record reaches it; with full batches the 17th (batch.size).
    const full = idleSequence(100, () => true);
    expect(seq).not.toEqual(full);
    expect(full.slice(0, 17).every((p) => p === full[0])).toBe(true);
    expect(seq.slice(0, 33).every((p) => p === seq[0])).toBe(true);
  });

  it('default picks only available partitions', () => {
    const seq = sequence('default', 500, { sizeBytes: 4000, available: [1, 3] }, 9);
    expect(new Set(seq)).toEqual(new Set([1, 3]));
  });

  it('sticky (2.4–3.2) switches to a different partition when its batch closes', () => {
    const state = createPartitionerState();
    const rng = createRng(5);
    const first = choosePartition('sticky', state, request(), rng).partition;
    expect(choosePartition('sticky', state, request(), rng).partition).toBe(first);
    onBatchClosed(state, 't', first);
    const second = choosePartition('sticky', state, request(), rng).partition;
    expect(second).not.toBe(first);
    // Closing some other partition's batch does not move the sticky partition.
    onBatchClosed(state, 't', (second + 1) % 4);
    expect(choosePartition('sticky', state, request(), rng).partition).toBe(second);
  });

  it('is deterministic for a seed', () => {
    expect(sequence('default', 200, { sizeBytes: 3000 }, 11)).toEqual(
      sequence('default', 200, { sizeBytes: 3000 }, 11),
    );
  });
});
