import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import { partitionForKey } from './murmur2';
import { applyCommand, createWorld, runUntil, takeEmitted } from './simulation';
import { createCursor, runWithCommands } from './timedCommands';
import { snapshot } from './snapshot';
import { stateReport } from './report';
import { runChecked } from './testing';
import type { WorldSetup } from './setup';

function setup(seed: number, overrides: Partial<WorldSetup> = {}): WorldSetup {
  return {
    seed,
    brokers: [1, 2, 3],
    topics: [
      {
        name: 'orders',
        partitions: 6,
        replicationFactor: 3,
        placement: { startIndex: 0, shift: 0 },
      },
    ],
    producers: [{ id: 'checkout', topic: 'orders', acks: 'all' }],
    consumers: [{ id: 'sally', topics: ['orders'] }],
    ...overrides,
  };
}

const at = (atMs: number, command: Command) => ({ atMs, command });

/** A random but reproducible workload: bursts, keyed and unkeyed records, rates, partitioner changes. */
const workload = fc.array(
  fc.record({
    atMs: fc.integer({ min: 0, max: 5000 }),
    kind: fc.constantFrom('burst', 'keyed', 'rate', 'configure', 'seek'),
    count: fc.integer({ min: 1, max: 40 }),
    key: fc.constantFrom('alice', 'bob', 'carol', '', 'ключ'),
    partitioner: fc.constantFrom('default', 'round-robin', 'legacy', 'sticky' as const),
    acks: fc.constantFrom<(0 | 1 | 'all')[]>(0, 1, 'all'),
  }),
  { maxLength: 12 },
);

function toCommands(
  items: typeof workload extends fc.Arbitrary<infer T> ? T : never,
): { atMs: number; command: Command }[] {
  return items.map((w) => {
    switch (w.kind) {
      case 'burst':
        return at(w.atMs, { type: 'produce', producer: 'checkout', count: w.count });
      case 'keyed':
        return at(w.atMs, { type: 'produce', producer: 'checkout', key: w.key, count: w.count });
      case 'rate':
        return at(w.atMs, {
          type: 'setProducerRate',
          producer: 'checkout',
          rate: w.count * 5,
          keys: ['a', 'b', w.key],
        });
      case 'configure':
        return at(w.atMs, {
          type: 'configureProducer',
          producer: 'checkout',
          partitioner: w.partitioner,
          acks: w.acks,
        });
      case 'seek':
        return at(w.atMs, {
          type: 'seek',
          consumer: 'sally',
          offset: w.count % 3 === 0 ? 'earliest' : w.count,
        });
    }
  });
}

describe('determinism', () => {
  it('same scenario and seed give the same trace hash and state (seed 101)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), workload, (seed, items) => {
        const a = runChecked(setup(seed), toCommands(items), 6000);
        const b = runChecked(setup(seed), toCommands(items), 6000);
        expect(snapshot(a.world).traceHash).toBe(snapshot(b.world).traceHash);
        expect(stateReport(snapshot(a.world))).toEqual(stateReport(snapshot(b.world)));
        expect(a.events).toEqual(b.events);
      }),
      { seed: 101, numRuns: 25 },
    );
  });

  it('different seeds give different runs', () => {
    const commands = [
      at(0, { type: 'setProducerRate', producer: 'checkout', rate: 50 } as Command),
    ];
    const hashes = new Set(
      [1, 2, 3, 4].map((seed) => snapshot(runChecked(setup(seed), commands, 3000).world).traceHash),
    );
    expect(hashes.size).toBe(4);
  });

  it('the state at a time does not depend on how the run got there', () => {
    const commands = [
      at(100, {
        type: 'setProducerRate',
        producer: 'checkout',
        rate: 200,
        keys: ['x', 'y'],
      } as Command),
    ];
    const straight = createWorld(setup(9));
    const inSteps = createWorld(setup(9));
    const inStepsCursor = createCursor(commands);
    runWithCommands(straight, createCursor(commands), 4000);
    for (let t = 0; t <= 4000; t += 16.7) runWithCommands(inSteps, inStepsCursor, t);
    runWithCommands(inSteps, inStepsCursor, 4000);
    expect(snapshot(inSteps).traceHash).toBe(snapshot(straight).traceHash);
  });
});

describe('logs', () => {
  it('offsets are dense and records never change once written (seed 202)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), workload, (seed, items) => {
        const { world } = runChecked(setup(seed), toCommands(items), 3000);
        const early = JSON.stringify(stateReport(snapshot(world)).topics);
        runUntil(world, 8000);
        const late = stateReport(snapshot(world));
        const earlyTopics = JSON.parse(early) as typeof late.topics;
        for (const [t, topic] of earlyTopics.entries()) {
          for (const [i, p] of topic.partitions.entries()) {
            const now = late.topics[t].partitions[i];
            now.records.forEach((r, index) => expect(r.offset).toBe(index));
            // Every record present at 3 s is unchanged at 8 s.
            expect(now.records.slice(0, p.records.length)).toEqual(p.records);
          }
        }
      }),
      { seed: 202, numRuns: 20 },
    );
  });

  it('a record carries the timestamp it was produced with (CreateTime), or its send time', () => {
    const { world } = runChecked(
      setup(3),
      [
        at(1000, { type: 'produce', producer: 'checkout', key: 'k', timestampMs: 290_000 }),
        at(1000, { type: 'produce', producer: 'checkout', key: 'k' }),
        at(2000, { type: 'produce', producer: 'checkout', key: 'k', timestampMs: 0, count: 2 }),
      ],
      4000,
    );
    const records = stateReport(snapshot(world))
      .topics.flatMap((t) => t.partitions.flatMap((p) => p.records))
      .filter((r) => r.key === 'k');
    expect(records.map((r) => r.timestampMs)).toEqual([290_000, 1000, 0, 0]);
  });

  it('a negative timestamp is refused in ProducerRecord’s words', () => {
    const world = createWorld(setup(3));
    takeEmitted(world);
    applyCommand(world, { type: 'produce', producer: 'checkout', timestampMs: -1 });
    expect(takeEmitted(world)).toMatchObject([
      {
        type: 'commandRejected',
        reason: 'Invalid timestamp: -1. Timestamp should always be non-negative or null.',
      },
    ]);
  });

  it('a keyed record lands in murmur2(key) % partitions, in send order', () => {
    const { world } = runChecked(
      setup(3),
      [
        at(0, {
          type: 'produce',
          producer: 'checkout',
          keys: ['alice', 'bob', 'carol'],
          keyOrder: 'cycle',
          count: 30,
        }),
      ],
      2000,
    );
    const report = stateReport(snapshot(world));
    for (const p of report.topics[0].partitions) {
      for (const r of p.records) expect(p.partition).toBe(partitionForKey(r.key as string, 6));
      const sequences = p.records.map((r) => r.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    }
    expect(report.topics[0].partitions.reduce((n, p) => n + p.records.length, 0)).toBe(30);
  });

  it('every replica ends with the same log as the leader', () => {
    const { world } = runChecked(
      setup(4),
      [
        at(0, { type: 'setProducerRate', producer: 'checkout', rate: 300 }),
        at(2500, { type: 'setProducerRate', producer: 'checkout', rate: 0 }),
      ],
      3000,
    );
    runUntil(world, 5000);
    for (const p of snapshot(world).topics[0].partitions) {
      const leos = Object.values(p.replicaLogEndOffsets);
      expect(new Set(leos).size).toBe(1);
      expect(p.highWatermark).toBe(p.logEndOffset);
    }
  });
});

describe('acks', () => {
  function firstAckMs(acks: 0 | 1 | 'all'): { sentMs: number; ackMs: number; appendedMs: number } {
    const { events } = runChecked(
      setup(5, {
        producers: [{ id: 'checkout', topic: 'orders', acks, lingerMs: 0 }],
        config: { network: { latencyMs: 10, jitterMs: 0 } },
      }),
      [at(100, { type: 'produce', producer: 'checkout', key: 'alice' })],
      1000,
    );
    const find = (type: string) => events.find((e) => e.type === type)?.atMs ?? -1;
    return {
      sentMs: find('recordsSent'),
      appendedMs: find('recordsAppended'),
      ackMs: find('produceAcked'),
    };
  }

  it('acks=0 counts the record done when it is sent', () => {
    const t = firstAckMs(0);
    expect(t.ackMs).toBe(t.sentMs);
  });

  it('acks=1 is answered after the leader appends (one round trip)', () => {
    const t = firstAckMs(1);
    expect(t.appendedMs).toBe(t.sentMs + 10);
    expect(t.ackMs).toBe(t.appendedMs + 10);
  });

  it('acks=all waits until the followers have fetched it and the high watermark passed it', () => {
    const one = firstAckMs(1);
    const all = firstAckMs('all');
    expect(all.ackMs).toBeGreaterThan(one.ackMs);
  });
});

describe('consumers', () => {
  it('read up to the high watermark, each at its own position, and can seek', () => {
    const { world, events } = runChecked(
      setup(6, {
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
        consumers: [
          { id: 'sally', topics: ['orders'] },
          { id: 'fred', topics: ['orders'], from: 'latest' },
        ],
      }),
      [
        at(0, { type: 'produce', producer: 'checkout', count: 20 }),
        at(2000, { type: 'seek', consumer: 'sally', offset: 12 }),
        at(2000, { type: 'seek', consumer: 'fred', offset: 3 }),
      ],
      2001,
    );
    const s = snapshot(world);
    const position = (id: string) => s.consumers.find((c) => c.id === id)?.positions[0].position;
    expect(position('sally')).toBe(12);
    expect(position('fred')).toBe(3);
    expect(
      events
        .filter((e) => e.type === 'consumerFetched' && e.consumer === 'sally')
        .reduce((n, e) => n + (e.type === 'consumerFetched' ? e.count : 0), 0),
    ).toBe(20);
    runUntil(world, 4000);
    const after = snapshot(world);
    expect(after.consumers.map((c) => c.positions[0].position)).toEqual([20, 20]);
  });

  it('a consumer never reads past the high watermark', () => {
    const { world, events } = runChecked(
      setup(8),
      [at(0, { type: 'setProducerRate', producer: 'checkout', rate: 500 })],
      2000,
    );
    const hw: Record<string, number> = {};
    for (const e of events) {
      if (e.type === 'highWatermarkAdvanced') hw[`${e.topic}/${e.partition}`] = e.highWatermark;
      if (e.type === 'consumerFetched')
        expect(e.fromOffset + e.count).toBeLessThanOrEqual(hw[`${e.topic}/${e.partition}`]);
    }
    expect(snapshot(world).consumers[0].consumed).toBeGreaterThan(0);
  });
});

describe('commands', () => {
  it('rejects bad commands with an event instead of throwing', () => {
    const { events } = runChecked(
      setup(1),
      [
        at(0, { type: 'produce', producer: 'nobody' }),
        at(0, { type: 'produce', producer: 'checkout', topic: 'nope' }),
        at(0, { type: 'produce', producer: 'checkout', partition: 99 }),
        at(0, { type: 'seek', consumer: 'ghost', offset: 1 }),
      ],
      100,
    );
    const rejected = events.filter((e) => e.type === 'commandRejected');
    expect(rejected.map((e) => (e.type === 'commandRejected' ? e.reason : ''))).toEqual([
      'no producer "nobody"',
      'no topic "nope"',
      'topic "orders" has no partition 99',
      'no consumer "ghost"',
    ]);
  });

  it('a steady rate produces the exact number of records', () => {
    const { world } = runChecked(
      setup(2),
      [at(0, { type: 'setProducerRate', producer: 'checkout', rate: 37 })],
      9999,
    );
    // Ticks at 0, 27.03…, …: 37 records per second, 370 in [0, 10 s).
    expect(snapshot(world).producers[0].sent).toBe(370);
  });
});

describe('seek', () => {
  it('beyond the log end is found out at the next fetch and reset by auto.offset.reset', () => {
    const { world, events } = runChecked(
      setup(12, {
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
        consumers: [{ id: 'sally', topics: ['orders'], from: 'earliest' }],
      }),
      [
        at(0, { type: 'produce', producer: 'checkout', count: 5 }),
        at(1000, { type: 'seek', consumer: 'sally', offset: 50 }),
      ],
      2000,
    );
    const reset = events.find((e) => e.type === 'consumerPositionReset');
    expect(reset).toMatchObject({ consumer: 'sally', from: 50, to: 0, reason: 'out of range' });
    expect(snapshot(world).consumers[0].positions[0].position).toBe(5);
  });

  it('to a partition the consumer is not assigned is rejected', () => {
    const { events } = runChecked(
      setup(13),
      [at(0, { type: 'seek', consumer: 'sally', topic: 'orders', partition: 9, offset: 0 })],
      100,
    );
    expect(events.find((e) => e.type === 'commandRejected')).toMatchObject({
      reason: 'consumer "sally" is not assigned orders partition 9',
    });
  });
});

describe('names that objects already have', () => {
  it('are names like any other: unknown ones are rejected as unknown, new ones are added', () => {
    const world = createWorld({
      seed: 1,
      brokers: [1],
      topics: [{ name: 'orders', partitions: 1 }],
      producers: [{ id: 'p', topic: 'orders' }],
    });
    takeEmitted(world);
    const hostile = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    for (const name of hostile) {
      // Nothing of these names exists yet: each is refused the way any unknown name is.
      applyCommand(world, { type: 'produce', producer: name });
      applyCommand(world, { type: 'setProducerRate', producer: name, rate: 5 });
      applyCommand(world, { type: 'commit', consumer: name });
      applyCommand(world, { type: 'addPartitions', topic: name, count: 1 });
      // A consumer and a group may be called so (Kafka takes any client.id and group.id).
      applyCommand(world, { type: 'addConsumer', consumer: { id: name, topics: ['orders'] } });
      applyCommand(world, {
        type: 'addConsumer',
        consumer: { id: `c-${name}`, topics: ['orders'], group: name },
      });
    }
    const events = takeEmitted(world);
    const rejected = events.filter((e) => e.type === 'commandRejected');
    expect(rejected).toHaveLength(hostile.length * 4);
    for (const e of rejected)
      expect(JSON.stringify(e)).toMatch(/unknown|no (producer|consumer|topic)|does not exist/i);
    expect(world.consumerOrder).toEqual(hostile.flatMap((n) => [n, `c-${n}`]));
    for (const name of hostile) {
      expect(Object.hasOwn(world.consumers, name)).toBe(true);
      expect(Object.hasOwn(world.groups, name)).toBe(true);
      expect(world.groups[name].id).toBe(name);
    }
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).rate).toBeUndefined();
    expect(({} as Record<string, unknown>).nextSequence).toBeUndefined();
  });
});
