import { describe, expect, it } from 'vitest';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint';
import type { Command } from './commands';
import type { FetchedBatch } from './processor';
import type { ConsumerSetup, WorldSetup } from './setup';
import { createWorld } from './simulation';
import { runChecked } from './testing';
import { createCursor, runWithCommands } from './timedCommands';
import { traceHash, type World } from './world';

function setup(consumer: Partial<ConsumerSetup>): WorldSetup {
  return {
    seed: 5,
    brokers: [1, 2, 3],
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
    producers: [{ id: 'checkout', topic: 'orders', acks: 'all' }],
    consumers: [{ id: 'app', topics: ['orders'], from: 'earliest', ...consumer }],
  };
}

/** A burst over every partition, then a steady keyed rate: many fetches per partition. */
const WORKLOAD: { atMs: number; command: Command }[] = [
  { atMs: 100, command: { type: 'produce', producer: 'checkout', count: 20 } },
  {
    atMs: 500,
    command: { type: 'setProducerRate', producer: 'checkout', rate: 300, keys: ['a', 'b', 'c'] },
  },
  { atMs: 2500, command: { type: 'setProducerRate', producer: 'checkout', rate: 0 } },
];

function collectedBatches(world: World): FetchedBatch[] {
  const processor = world.consumers.app.processor;
  if (processor.kind !== 'collect')
    throw new Error(`a ${processor.kind} processor collects nothing`);
  return processor.batches;
}

describe('a consumer’s processor', () => {
  it('is handed each fetched batch: per partition, the log’s records in offset order', () => {
    const { world } = runChecked(
      setup({ maxPollRecords: 7, processor: 'collect' }),
      WORKLOAD,
      5000,
    );
    const batches = collectedBatches(world);
    const consumer = world.consumers.app;
    expect(batches.length).toBeGreaterThan(3 * 2); // several fetches per partition
    expect(batches.reduce((n, b) => n + b.records.length, 0)).toBe(consumer.consumed);
    for (const p of world.topics.orders.partitions) {
      const handed = batches
        .filter((b) => b.topic === 'orders' && b.partition === p.partition)
        .flatMap((b) => b.records);
      const position = consumer.positions[`orders/${p.partition}`];
      expect(position).toBe(p.highWatermark); // it read everything
      expect(handed.map((r) => r.offset)).toEqual(Array.from({ length: position }, (_, i) => i));
      // The very records of the leader's log: the processor sees what was written.
      expect(handed).toEqual(p.logs[p.leader].records.slice(0, position));
    }
  });

  it('does nothing by default, and collecting does not change the run', () => {
    const plain = runChecked(setup({}), WORKLOAD, 5000).world;
    const collecting = runChecked(setup({ processor: 'collect' }), WORKLOAD, 5000).world;
    expect(plain.consumers.app.processor).toEqual({ kind: 'none' });
    expect(traceHash(collecting)).toBe(traceHash(plain));
  });

  it('is data in the world, so a checkpoint keeps its state and the run goes on the same', () => {
    const world = createWorld(setup({ processor: 'collect' }));
    const cursor = createCursor(WORKLOAD);
    runWithCommands(world, cursor, 1000);
    const restored = restoreCheckpoint(saveCheckpoint(world));
    const restoredCursor = createCursor(WORKLOAD.slice(cursor.next));
    expect(collectedBatches(restored)).toEqual(collectedBatches(world));
    runWithCommands(world, cursor, 5000);
    runWithCommands(restored, restoredCursor, 5000);
    expect(traceHash(restored)).toBe(traceHash(world));
    expect(collectedBatches(restored)).toEqual(collectedBatches(world));
  });
});
