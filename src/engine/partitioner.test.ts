import { describe, expect, it } from 'vitest';
import { partitionForKey } from './murmur2';
import {
  choosePartition,
  createPartitionerState,
  onBatchClosed,
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
  return Array.from(
    { length: count },
    () => choosePartition(name, state, request(overrides), rng).partition,
  );
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
