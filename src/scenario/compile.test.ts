import { describe, expect, it } from 'vitest';
import { createWorld, traceHash } from '../engine';
import type { TraceEvent } from '../engine';
import { compileScenario, loadScenario } from './compile';
import { parseScenario } from './parse';
import { formatProblem } from './problems';
import { runScenario } from './run';
import type { CompiledScenario } from './types';

const TEXT = `title: Compile me
seed: 42
duration: 10s
network: { latency: 5ms, jitter: 0ms }
cluster:
  brokers: [0, 1, 2]
  topics:
    - { name: orders, partitions: 3, replicationFactor: 2, placement: { startIndex: 1, shift: 0 }, minInsyncReplicas: 2 }
    - { name: audit, replicaAssignment: [[2, 0], [0, 1]] }
producers:
  - { id: checkout, topic: orders, acks: 1, partitioner: legacy, lingerMs: 0, batchSize: 1000, rate: 5, keys: [a, b], keyOrder: cycle }
  - { id: logger, acks: 0, ignoreKeys: true }
consumers:
  - { id: sally, topic: orders }
  - { id: fred, topics: [orders, audit], from: latest, maxPollRecords: 3 }
steps:
  - at: 3s
    expect: producers[checkout].sent > 0
  - at: 2s
    rate: { producer: checkout, rate: 10 }
  - at: 1s
    produce: { producer: logger, topic: audit, key: k, value: v, headers: [{ name: h, value: "1" }, { name: h, value: "2" }], count: 2 }
  - at: 2s
    say: two at once
  - at: 4s
    rate: { producer: checkout, rate: 1, keys: [c] }
  - at: 5s
    rate: { producer: checkout, rate: 2 }
  - at: 6s
    configure: { producer: checkout, acks: all }
  - at: 6s
    seek: { consumer: fred, topic: audit, partition: 1, offset: earliest }
  - at: 7s
    rate: { producer: checkout, rate: 0, key: null }
  - at: 9s
    expect: [records(audit) == 2, 'consumers[sally].consumed == records(orders)']
`;

function compiled(text = TEXT): CompiledScenario {
  const r = loadScenario(text, 'compile.yaml');
  if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p, 'compile.yaml')).join('\n'));
  return r.value;
}

describe('compileScenario', () => {
  it('builds the world setup', () => {
    const c = compiled();
    expect(c).toMatchObject({
      title: 'Compile me',
      description: null,
      seed: 42,
      durationMs: 10_000,
    });
    expect(c.setup).toEqual({
      seed: 42,
      brokers: [0, 1, 2],
      topics: [
        {
          name: 'orders',
          partitions: 3,
          replicationFactor: 2,
          placement: { startIndex: 1, shift: 0 },
          minInsyncReplicas: 2,
        },
        {
          name: 'audit',
          partitions: 2,
          replicationFactor: 2,
          replicaAssignment: [
            [2, 0],
            [0, 1],
          ],
        },
      ],
      producers: [
        {
          id: 'checkout',
          topic: 'orders',
          partitioner: 'legacy',
          acks: 1,
          lingerMs: 0,
          batchSizeBytes: 1000,
        },
        { id: 'logger', acks: 0, ignoreKeys: true },
      ],
      consumers: [
        { id: 'sally', topics: ['orders'], from: 'latest' },
        { id: 'fred', topics: ['orders', 'audit'], from: 'latest', maxPollRecords: 3 },
      ],
      config: { network: { latencyMs: 5, jitterMs: 0 } },
    });
    expect(() => createWorld(c.setup)).not.toThrow();
  });

  it('orders commands by time, then file order; a producer rate comes first', () => {
    const c = compiled();
    expect(c.commands.map((t) => [t.atMs, t.stepIndex, t.path, t.command.type])).toEqual([
      [0, -1, 'producers[0].rate', 'setProducerRate'],
      [1000, 2, 'steps[2]', 'produce'],
      [2000, 1, 'steps[1]', 'setProducerRate'],
      [2000, 3, 'steps[3]', 'narrate'],
      [4000, 4, 'steps[4]', 'setProducerRate'],
      [5000, 5, 'steps[5]', 'setProducerRate'],
      [6000, 6, 'steps[6]', 'configureProducer'],
      [6000, 7, 'steps[7]', 'seek'],
      [7000, 8, 'steps[8]', 'setProducerRate'],
    ]);
  });

  it('maps steps to commands, keeping only what the step said', () => {
    const commands = compiled().commands.map((t) => t.command);
    expect(commands[1]).toEqual({
      type: 'produce',
      producer: 'logger',
      topic: 'audit',
      key: 'k',
      value: 'v',
      headers: [
        ['h', '1'],
        ['h', '2'],
      ],
      count: 2,
    });
    expect(commands[3]).toEqual({ type: 'narrate', text: 'two at once' });
    expect(commands[6]).toEqual({ type: 'configureProducer', producer: 'checkout', acks: 'all' });
    expect(commands[7]).toEqual({
      type: 'seek',
      consumer: 'fred',
      topic: 'audit',
      partition: 1,
      offset: 'earliest',
    });
  });

  it("carries a rate's keys over until a rate step names new ones", () => {
    const rates = compiled()
      .commands.filter((t) => t.command.type === 'setProducerRate')
      .map((t) => t.command);
    expect(rates).toEqual([
      {
        type: 'setProducerRate',
        producer: 'checkout',
        rate: 5,
        keys: ['a', 'b'],
        keyOrder: 'cycle',
      },
      {
        type: 'setProducerRate',
        producer: 'checkout',
        rate: 10,
        keys: ['a', 'b'],
        keyOrder: 'cycle',
      },
      { type: 'setProducerRate', producer: 'checkout', rate: 1, keys: ['c'] },
      { type: 'setProducerRate', producer: 'checkout', rate: 2, keys: ['c'] },
      { type: 'setProducerRate', producer: 'checkout', rate: 0, key: null },
    ]);
  });

  it('compiles expectations with their time, step and path', () => {
    const c = compiled();
    expect(c.expectations.map((e) => [e.atMs, e.stepIndex, e.path, e.source])).toEqual([
      [3000, 0, 'steps[0].expect', 'producers[checkout].sent > 0'],
      [9000, 9, 'steps[9].expect[0]', 'records(audit) == 2'],
      [9000, 9, 'steps[9].expect[1]', 'consumers[sally].consumed == records(orders)'],
    ]);
  });

  it('is a pure function of the scenario', () => {
    const parsed = parseScenario(TEXT);
    if (!parsed.ok) throw new Error('invalid');
    const a = compileScenario(parsed.value);
    const b = compileScenario(parsed.value);
    expect(JSON.stringify({ ...a, expectations: a.expectations.map((e) => e.source) })).toBe(
      JSON.stringify({ ...b, expectations: b.expectations.map((e) => e.source) }),
    );
  });
});

describe('produce with a timestamp', () => {
  it('compiles `timestamp` (a duration) to the records’ CreateTime in ms', () => {
    const text = [
      'title: Event time',
      'duration: 5s',
      'cluster: { brokers: 1, topics: [{ name: attempts, partitions: 1 }] }',
      'producers: [{ id: cards, topic: attempts }]',
      'steps:',
      '  - at: 1s',
      '    produce: { producer: cards, key: A, timestamp: 4m50s }',
      '  - at: 2s',
      '    produce: { producer: cards, key: A, timestamp: 100 }',
      '',
    ].join('\n');
    const r = loadScenario(text, 'event-time.yaml');
    if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p)).join('\n'));
    expect(r.value.commands.map((c) => c.command)).toMatchObject([
      { type: 'produce', timestampMs: 290_000 },
      { type: 'produce', timestampMs: 100 },
    ]);
    const bad = loadScenario(text.replace('timestamp: 100', 'timestamp: -5'), 'bad.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map((p) => formatProblem(p)).join()).toMatch(
        /steps\[1\]\.produce\.timestamp/,
      );
  });
});

describe('loadScenario', () => {
  it("returns the parser's problems", () => {
    const r = loadScenario('title: x\n', 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toEqual(['duration', 'cluster']);
  });
});

describe('runScenario', () => {
  it('runs to the duration and checks every expectation at its time', () => {
    const c = compiled();
    const run = runScenario(c, { checkInvariants: true });
    expect(run.world.nowMs).toBe(10_000);
    expect(run.violations).toEqual([]);
    expect(run.results.map((r) => r.expectation)).toEqual(c.expectations);
    for (const { result } of run.results)
      expect(result, `${result.description}: ${result.actual}`).toMatchObject({ ok: true });
  });

  it('stops early when told, leaving later expectations out', () => {
    const c = compiled();
    const run = runScenario(c, { untilMs: 5000 });
    expect(run.world.nowMs).toBe(5000);
    expect(run.results.map((r) => r.expectation.atMs)).toEqual([3000]);
  });

  it('hands every event to onEvents, starting with the cluster', () => {
    const events: TraceEvent[] = [];
    runScenario(compiled(), { untilMs: 2500, onEvents: (batch) => events.push(...batch) });
    expect(events[0].type).toBe('clusterCreated');
    expect(events.some((e) => e.type === 'narrated' && e.text === 'two at once')).toBe(true);
    expect(events.every((e, i) => i === 0 || e.atMs >= events[i - 1].atMs)).toBe(true);
  });

  it('gives the same trace every time, and the same as the app builds it', () => {
    const c = compiled();
    const a = runScenario(c);
    const b = runScenario(c, { checkInvariants: true });
    expect(traceHash(a.world)).toBe(traceHash(b.world));
  });

  it('reports a failed expectation with expected and found', () => {
    const c = compiled(TEXT.replace('records(audit) == 2', 'records(audit) == 3'));
    const failed = runScenario(c).results.filter((r) => !r.result.ok);
    expect(failed.map((r) => r.result)).toEqual([
      { ok: false, description: 'records(audit) == 3', expected: '3', actual: '2' },
    ]);
  });
});

describe('a compacted topic in a scenario file', () => {
  const COMPACT = `title: Compaction
seed: 3
duration: 40s
cluster:
  brokers: 3
  logCleanerBackoff: 5s
  topics:
    - name: prices
      partitions: 1
      replicationFactor: 3
      cleanupPolicy: compact
      segmentMs: 5s
      minCleanableDirtyRatio: 0.1
      deleteRetentionMs: 1m
      minCompactionLagMs: 0s
      maxCompactionLagMs: 1h
producers:
  - { id: app, topic: prices, acks: all }
steps:
  - at: 0s
    rate: { producer: app, rate: 20, keys: [a, b, c] }
`;

  it('compiles the cleaner settings and runs the cleaner on them', () => {
    const c = compiled(COMPACT);
    expect(c.setup.topics[0]).toMatchObject({
      cleanupPolicy: 'compact',
      segmentMs: 5000,
      minCleanableDirtyRatio: 0.1,
      deleteRetentionMs: 60_000,
      minCompactionLagMs: 0,
      maxCompactionLagMs: 3_600_000,
    });
    expect(c.setup.config?.broker?.logCleanerBackoffMs).toBe(5000);
    const events: TraceEvent[] = [];
    const run = runScenario(c, {
      checkInvariants: true,
      onEvents: (batch) => events.push(...batch),
    });
    expect(run.violations).toEqual([]);
    const cleaned = events.filter((e) => e.type === 'logCleaned');
    expect(cleaned.length).toBeGreaterThan(0);
    expect(cleaned.every((e) => e.atMs % 5000 === 0)).toBe(true);
  });
});
