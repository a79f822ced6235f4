import { describe, expect, it } from 'vitest';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint';
import { createRng, createRngStreams, createStreamRng, nextUint32, RNG_STREAM_NAMES } from './prng';
import type { WorldSetup } from './setup';
import { createWorld } from './simulation';
import { runChecked } from './testing';
import { createCursor, runWithCommands } from './timedCommands';

describe('named random streams', () => {
  it('derive the same states from the same seed, in every engine (pinned values)', () => {
    expect(createRngStreams(42)).toEqual(createRngStreams(42));
    // Pinned: a change to the derivation rewrites every golden trace, so it must be deliberate.
    expect(
      Object.fromEntries(RNG_STREAM_NAMES.map((n) => [n, createStreamRng(42, n).state])),
    ).toEqual(PINNED_SEED_42);
  });

  it('differ from each other, from the plain generator and between seeds', () => {
    for (const seed of [0, 1, 42, -7, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER]) {
      const firsts = RNG_STREAM_NAMES.map((n) => nextUint32(createStreamRng(seed, n)));
      firsts.push(nextUint32(createRng(seed)));
      expect(new Set(firsts).size).toBe(firsts.length);
    }
    expect(createStreamRng(1, 'network').state).not.toBe(createStreamRng(2, 'network').state);
  });

  it('keep placement apart from network draws: partitions added later land the same with or without jitter', () => {
    const setup = (jitterMs: number): WorldSetup => ({
      seed: 11,
      brokers: [1, 2, 3, 4, 5],
      topics: [{ name: 'orders', partitions: 2, replicationFactor: 2 }],
      producers: [{ id: 'checkout', topic: 'orders', acks: 'all' }],
      config: { network: { latencyMs: 10, jitterMs } },
    });
    const commands = [
      { atMs: 0, command: { type: 'setProducerRate', producer: 'checkout', rate: 100 } as const },
      { atMs: 2000, command: { type: 'addPartitions', topic: 'orders', count: 4 } as const },
    ];
    const replicas = (jitterMs: number) =>
      runChecked(setup(jitterMs), commands, 3000).world.topics.orders.partitions.map(
        (p) => p.replicas,
      );
    expect(replicas(25)).toEqual(replicas(0));
  });

  it('are all saved by a checkpoint and restored with it', () => {
    const world = createWorld({
      seed: 3,
      brokers: [1, 2, 3],
      topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
      producers: [{ id: 'checkout', topic: 'orders', acks: 'all', partitioner: 'sticky' }],
    });
    // Random keys, null keys for the sticky partitioner, jittered messages, placed replicas.
    const cursor = createCursor([
      {
        atMs: 0,
        command: { type: 'setProducerRate', producer: 'checkout', rate: 50, keys: ['a', 'b'] },
      },
      { atMs: 500, command: { type: 'produce', producer: 'checkout', count: 30 } },
    ]);
    runWithCommands(world, cursor, 1500);
    const fresh = createRngStreams(3);
    for (const name of RNG_STREAM_NAMES) expect(world.rng[name]).not.toEqual(fresh[name]);
    const restored = restoreCheckpoint(saveCheckpoint(world));
    expect(restored.rng).toEqual(world.rng);
    expect(restored.rng).not.toBe(world.rng);
  });
});

const PINNED_SEED_42 = {
  network: 4188858700,
  placement: 3271503254,
  partitioner: 691344399,
  keys: 3368035153,
};
