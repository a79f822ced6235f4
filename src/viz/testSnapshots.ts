import { createCursor, createWorld, runWithCommands, snapshot } from '../engine';
import type { Snapshot, WorldSetup } from '../engine';

/** The layout tests' small world: 3 brokers, orders × 6 at RF 3, a producer, two consumers. */
export const LESSON_SETUP: WorldSetup = {
  seed: 42,
  brokers: [1, 2, 3],
  topics: [{ name: 'orders', partitions: 6, replicationFactor: 3 }],
  producers: [{ id: 'checkout', topic: 'orders', acks: 'all' }],
  consumers: [
    { id: 'sally', topics: ['orders'] },
    { id: 'fred', topics: ['orders'] },
  ],
  config: { network: { latencyMs: 40, jitterMs: 20 } },
};

/** A small world run headless to `untilMs`, for layout tests: 3 brokers, orders × 6, keyed records. */
export function lessonSnapshot(untilMs: number, overrides: Partial<WorldSetup> = {}): Snapshot {
  const world = createWorld({ ...LESSON_SETUP, ...overrides });
  const cursor = createCursor([
    {
      atMs: 1000,
      command: {
        type: 'setProducerRate',
        producer: 'checkout',
        rate: 8,
        keys: ['alice', 'bob', 'carol', 'dave'],
      },
    },
    { atMs: 2000, command: { type: 'produce', producer: 'checkout', key: null, count: 3 } },
  ]);
  runWithCommands(world, cursor, untilMs);
  return snapshot(world);
}
