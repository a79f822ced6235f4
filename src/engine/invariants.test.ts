import { describe, expect, it } from 'vitest';
import { checkInvariants, createInvariantMemory } from './invariants';
import type { WorldSetup } from './setup';
import { runChecked } from './testing';
import type { World } from './world';

const SETUP: WorldSetup = {
  seed: 3,
  brokers: [1, 2, 3],
  topics: [
    { name: 'orders', partitions: 3, replicationFactor: 3, placement: { startIndex: 0, shift: 0 } },
  ],
  producers: [{ id: 'shop', topic: 'orders', acks: 'all' }],
  consumers: [
    { id: 'c1', group: 'billing', topics: ['orders'], from: 'earliest' },
    { id: 'c2', group: 'billing', topics: ['orders'], from: 'earliest' },
  ],
};

/** A sound world after some traffic, and the memory its checks built on the way. */
function soundWorld(): { world: World; memory: ReturnType<typeof createInvariantMemory> } {
  const { world } = runChecked(
    SETUP,
    Array.from({ length: 10 }, (_, i) => ({
      atMs: 500 + i * 300,
      command: { type: 'produce' as const, producer: 'shop', count: 5, partition: i % 3 },
    })),
    8_000,
  );
  const memory = createInvariantMemory();
  expect(checkInvariants(world, memory)).toEqual([]);
  return { world, memory };
}

const orders0 = (world: World) => world.topics.orders.partitions[0];

describe('each invariant fires on a world that breaks it', () => {
  it('a leader outside the ISR', () => {
    const { world, memory } = soundWorld();
    const p = orders0(world);
    p.isr = p.isr.filter((id) => id !== p.leader);
    expect(checkInvariants(world, memory)).toContain(
      `orders-0: leader ${p.leader} is not in the ISR ${p.isr}`,
    );
  });

  it('duplicates in the ISR, and a member that is no replica', () => {
    const { world, memory } = soundWorld();
    const p = orders0(world);
    p.isr = [...p.isr, p.isr[0], 9];
    const problems = checkInvariants(world, memory);
    expect(problems).toContain(`orders-0: ISR has duplicates ${p.isr}`);
    expect(problems).toContain('orders-0: ISR member 9 is not a replica');
  });

  it('a high watermark above the leader log end, or moving back within an epoch', () => {
    const { world, memory } = soundWorld();
    const p = orders0(world);
    const hw = p.highWatermark;
    expect(hw).toBeGreaterThan(1);
    p.highWatermark = hw - 1;
    expect(checkInvariants(world, memory)).toContain(
      `orders-0: HW moved back from ${hw} to ${hw - 1} in epoch ${p.leaderEpoch}`,
    );
    p.highWatermark = 10_000;
    expect(checkInvariants(world, memory).some((m) => m.includes('above leader LEO'))).toBe(true);
  });

  it('a record whose offset does not follow its position in the log', () => {
    const { world, memory } = soundWorld();
    const log = orders0(world).logs[1];
    const last = log.records[log.records.length - 1];
    log.records.push({ ...last, offset: last.offset + 5 });
    expect(checkInvariants(world, memory).some((m) => m.includes('has offset'))).toBe(true);
  });

  it("a producer batch whose count is not its records'", () => {
    const { world } = runChecked(
      SETUP,
      [
        {
          atMs: 7_999,
          command: { type: 'produce' as const, producer: 'shop', count: 3, partition: 1 },
        },
      ],
      8_000,
    );
    const batch = world.producers.shop.openBatches.orders[1];
    expect(batch?.recordCount).toBe(3);
    if (batch === undefined) return;
    batch.recordCount = 4;
    expect(checkInvariants(world)).toContain(
      'producer shop: a batch says it holds 4 records but holds 3',
    );
  });

  it('one partition owned by two members of a group', () => {
    const { world, memory } = soundWorld();
    const [c1, c2] = [world.consumers.c1, world.consumers.c2];
    expect(c1.assignment.length).toBeGreaterThan(0);
    c2.assignment = [...c2.assignment, c1.assignment[0]];
    const tp = c1.assignment[0];
    expect(checkInvariants(world, memory)).toContain(
      `group billing: ${tp.topic}-${tp.partition} owned by both c1 and c2`,
    );
  });

  it('a second owner appended in place, after a clean check remembered the assignments', () => {
    const { world, memory } = soundWorld();
    const [c1, c2] = [world.consumers.c1, world.consumers.c2];
    expect(checkInvariants(world, memory)).toEqual([]);
    c2.assignment.push(c1.assignment[0]);
    const tp = c1.assignment[0];
    expect(checkInvariants(world, memory)).toContain(
      `group billing: ${tp.topic}-${tp.partition} owned by both c1 and c2`,
    );
  });

  it('a replaced records array is examined from its start, not from the old length', () => {
    const { world, memory } = soundWorld();
    const log = orders0(world).logs[1];
    expect(log.records.length).toBeGreaterThan(3);
    // Same length, new array, a wrong offset early on: only a full look finds it.
    log.records = log.records.map((r, i) => (i === 1 ? { ...r, offset: r.offset + 7 } : r));
    expect(checkInvariants(world, memory).some((m) => m.includes('record at index 1'))).toBe(true);
  });

  it('a name-keyed record with a prototype', () => {
    const { world, memory } = soundWorld();
    world.topics.orders.partitions[2].logs[3].lastSequences = {};
    expect(checkInvariants(world, memory)).toContain(
      'orders-2 log on 3 lastSequences has a prototype: a name like "__proto__" would reach Object.prototype',
    );
  });

  it('a partition led by a fenced broker', () => {
    const { world, memory } = soundWorld();
    const p = orders0(world);
    world.brokers.find((b) => b.id === p.leader)!.fenced = true;
    expect(checkInvariants(world, memory)).toContain(`orders-0: led by fenced broker ${p.leader}`);
  });
});
