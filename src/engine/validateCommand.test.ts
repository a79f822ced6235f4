import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import { applyCommand, createWorld, takeEmitted } from './simulation';
import { snapshot } from './snapshot';
import type { World } from './world';

function plainReader(): World {
  const world = createWorld({
    seed: 1,
    brokers: [1],
    topics: [{ name: 'orders', partitions: 2 }],
    consumers: [{ id: 'sally', topics: ['orders'], from: 'earliest' }],
  });
  takeEmitted(world);
  return world;
}

function apply(world: World, command: Command) {
  applyCommand(world, command);
  return takeEmitted(world);
}

describe('validateCommand', () => {
  // Found by checkerAgreesWithEngine.property.test.ts (its converse): the scenario checker
  // refuses a seek of a consumer that is not running, and the engine accepted it, moving the
  // positions of a consumer with no process (a crashed one keeps its last assignment).
  it.each(['crashConsumer', 'removeConsumer'] as const)(
    'refuses a seek of a consumer stopped by %s, and leaves its positions alone',
    (stop) => {
      const world = plainReader();
      apply(world, { type: stop, consumer: 'sally' });
      const before = snapshot(world).consumers[0].positions;
      const events = apply(world, { type: 'seek', consumer: 'sally', offset: 'latest' });
      expect(events).toEqual([
        expect.objectContaining({
          type: 'commandRejected',
          command: 'seek',
          reason: 'consumer "sally" is not running',
        }),
      ]);
      expect(snapshot(world).consumers[0].positions).toEqual(before);
    },
  );

  it('accepts the same seek once the consumer runs again', () => {
    const world = plainReader();
    apply(world, { type: 'crashConsumer', consumer: 'sally' });
    apply(world, {
      type: 'addConsumer',
      consumer: { id: 'sally', topics: ['orders'], from: 'earliest' },
    });
    const events = apply(world, { type: 'seek', consumer: 'sally', offset: 'latest' });
    expect(events.map((e) => e.type)).toEqual(['consumerSeeked', 'consumerSeeked']);
  });
});
