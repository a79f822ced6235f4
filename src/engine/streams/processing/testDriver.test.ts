import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileStatements } from '../ksql/compile';
import type { StreamsProgram, TestInputRecord } from '../plan';
import { aggregateRecord } from './aggregation';
import { createQueryTask, processRecord } from './queryTask';
import { runTopologyTestDriver, runWithCommits } from './testDriver';
import { createAggregationState } from './windowStore';

function program(text: string): StreamsProgram {
  const r = compileStatements(text, {});
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.program;
}

const SOURCE =
  "CREATE STREAM s (id STRING KEY, v INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);";
const input = (key: string | null, v: number | null, timestampMs: number): TestInputRecord => ({
  topic: 's',
  key,
  value: JSON.stringify({ v }),
  timestampMs,
});

describe('the record cache and the commit interval (Kafka Streams memory-mgmt doc)', () => {
  // <A,1>, <A,20>, <A,300> summed: without the cache every update reaches the sink; with it, the
  // updates between two commits collapse into one.
  const script = (cache: number) =>
    `${SOURCE}\nSET 'cache.max.bytes.buffering'='${cache}';\nCREATE TABLE t AS SELECT id, SUM(v) AS total FROM s GROUP BY id;`;
  const inputs = [input('A', 1, 1), input('A', 20, 2), input('A', 300, 3)];

  it('cache off: (1), (21), (321)', () => {
    const out = runWithCommits(program(script(0)), inputs, 3).outputs;
    expect(out.map((r) => r.value)).toEqual(['{"TOTAL":1}', '{"TOTAL":21}', '{"TOTAL":321}']);
  });

  it('cache on, one commit for the three: a single (321)', () => {
    const out = runWithCommits(program(script(10_000_000)), inputs, 3).outputs;
    expect(out.map((r) => r.value)).toEqual(['{"TOTAL":321}']);
    expect(out[0].timestampMs).toBe(3);
  });

  it('cache on, a commit after each record (TopologyTestDriver): every update', () => {
    const out = runTopologyTestDriver(program(script(10_000_000)), inputs).outputs;
    expect(out.map((r) => r.value)).toEqual(['{"TOTAL":1}', '{"TOTAL":21}', '{"TOTAL":321}']);
  });
});

describe('windowed aggregation', () => {
  const fraud = (clause: string) =>
    `${SOURCE}\nSET 'cache.max.bytes.buffering'='0';\nCREATE TABLE f AS SELECT id, COUNT(*) FROM s WINDOW TUMBLING (SIZE 10 MILLISECONDS${clause}) GROUP BY id EMIT CHANGES;`;

  it('stamps each update with the max timestamp in its window, not the late record’s', () => {
    const out = runTopologyTestDriver(program(fraud(', GRACE PERIOD 5 MILLISECONDS')), [
      input('k', 1, 8),
      input('k', 1, 3),
    ]).outputs;
    expect(out.map((r) => [r.window?.startMs, r.value, r.timestampMs])).toEqual([
      [0, '{"KSQL_COL_0":1}', 8],
      [0, '{"KSQL_COL_0":2}', 8],
    ]);
  });

  it('a record exactly at the window end closes it with grace 0 (end > stream time − grace)', () => {
    const r = runTopologyTestDriver(program(fraud(', GRACE PERIOD 0 MILLISECONDS')), [
      input('k', 1, 5),
      input('other', 1, 10),
      input('k', 1, 9),
    ]);
    expect(r.outputs.map((o) => o.key)).toEqual(['k', 'other']);
    expect(r.droppedRecords).toBe(1);
  });

  it('null keys are dropped and counted at the aggregation; negative timestamps at the source', () => {
    const r = runTopologyTestDriver(program(fraud('')), [input(null, 1, 5), input('k', 1, -1)]);
    expect(r.outputs).toEqual([]);
    expect(r.droppedRecords).toBe(2);
  });

  // No window accepts a record once stream time has passed its end plus grace: each update a
  // record makes is to a window ending after (stream time with this record) − grace.
  it('never updates a closed window (fast-check seed 77)', () => {
    const grace = 4;
    const query = program(fraud(`, GRACE PERIOD ${grace} MILLISECONDS`)).queries[0];
    if (query.kind !== 'CTAS') throw new Error('expected an aggregation');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 60 })), {
          minLength: 1,
          maxLength: 30,
        }),
        (records) => {
          const state = createAggregationState(false, query.window?.retentionMs ?? null);
          let streamTime = -1;
          for (const [key, ts] of records) {
            streamTime = Math.max(streamTime, ts);
            const step = aggregateRecord(query, state, { key, args: [undefined], timestampMs: ts });
            for (const change of step.changes) {
              expect(change.window!.endMs).toBeGreaterThan(streamTime - grace);
            }
            expect(step.dropped).toBe(step.lateWindows.length);
          }
        },
      ),
      { seed: 77, numRuns: 200 },
    );
  });
});

describe('state stays bounded by retention, not history', () => {
  it('a session store of ever-new keys holds only live segments, and so does its key index', () => {
    const p = program(
      `${SOURCE}\nSET 'cache.max.bytes.buffering'='0';\nCREATE TABLE c AS SELECT id, COUNT(*) FROM s WINDOW SESSION (1 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY id EMIT CHANGES;`,
    );
    const query = p.queries[0];
    const task = createQueryTask(query, 0);
    for (let i = 0; i < 5000; i++) processRecord(query, task, input(`k${i}`, 1, i * 1000));
    const state = task.aggregation!;
    // Retention 1 s; segments of 60 s: at most the live segment and the one before it.
    expect(Object.keys(state.store).length).toBeLessThanOrEqual(120);
    expect(Object.keys(state.keyIndex).length).toBeLessThanOrEqual(120);
  });
});

describe('names are data', () => {
  it('a back-quoted column called __proto__ is a column like any other', () => {
    const p = program(
      "CREATE STREAM s (id STRING KEY, `__proto__` INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);\nCREATE STREAM t AS SELECT id, `__proto__` * 2 AS `__proto__` FROM s;",
    );
    const out = runTopologyTestDriver(p, [
      { topic: 's', key: 'k', value: '{"__proto__":21}', timestampMs: 1 },
    ]).outputs;
    expect(out.map((r) => r.value)).toEqual(['{"__proto__":42}']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('arithmetic over aggregates takes the aggregate’s type', () => {
  it('SUM of a DOUBLE halves to a fraction; SUM of an INT divides as Java’s int does', () => {
    const p = program(
      "CREATE STREAM s (id STRING KEY, d DOUBLE, i INT) WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON', PARTITIONS=1);\nSET 'cache.max.bytes.buffering'='0';\nCREATE TABLE t AS SELECT id, SUM(d) / 2 AS half_d, SUM(i) / 2 AS half_i FROM s GROUP BY id;",
    );
    const out = runTopologyTestDriver(p, [
      { topic: 's', key: 'k', value: '{"d":3.0,"i":3}', timestampMs: 1 },
    ]).outputs;
    expect(out.map((r) => JSON.parse(r.value!) as unknown)).toEqual([{ HALF_D: 1.5, HALF_I: 1 }]);
  });
});
