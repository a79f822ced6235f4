import { describe, expect, it } from 'vitest';
import { compileStatements } from '../ksql/compile';
import type { StreamsProgram, TestInputRecord, TestOutputRecord } from '../plan';
import { runTopologyTestDriver, runWithCommits } from './testDriver';

/**
 * Expected outputs copied from Kafka's own tests (apache/kafka, streams/src/test):
 * `KStreamWindowAggregateTest` (#testAggBasic, #shouldLogAndMeterWhenSkippingExpiredWindow,
 * #…ByGrace) and `KStreamSessionWindowAggregateProcessorTest`. Kafka's tests aggregate strings
 * ("0+1+1": the initializer "0", then "+v" per record); ksqlDB has no string-concatenating
 * aggregate, so each value v is an INTEGER and the query computes COUNT(*) and SUM(V): Kafka's
 * "0+2+2+1" is checked as CNT 3, S 5 (values are JSON: ksqlDB refuses GROUP BY over the KAFKA
 * value format). Ported from the runtime prototype's tests (branch
 * streams-processing) to the statement front end.
 */

function program(window: string, emit: 'CHANGES' | 'FINAL', cache: number): StreamsProgram {
  const text = `SET 'cache.max.bytes.buffering'='${cache}';
CREATE STREAM topic1 (K STRING KEY, V INT) WITH (KAFKA_TOPIC='topic1', VALUE_FORMAT='JSON', PARTITIONS=1);
CREATE TABLE OUT AS SELECT K, COUNT(*) AS CNT, SUM(V) AS S FROM topic1 WINDOW ${window} GROUP BY K EMIT ${emit};`;
  const compiled = compileStatements(text, {});
  if (!compiled.ok) throw new Error(compiled.problems[0].message);
  return compiled.program;
}

/** Kafka's aggregate string ("0+1+1" or "+5+6") as this query's JSON value. */
function fromKafkaString(s: string): string {
  const parts = s.split('+').filter((p, i) => !(i === 0 && (p === '0' || p === '')));
  return `{"CNT":${parts.length},"S":${parts.reduce((a, p) => a + Number(p), 0)}}`;
}

type Row = [key: string, start: number, end: number, value: string | null, ts: number];

const view = (outputs: readonly TestOutputRecord[]): Row[] =>
  outputs.map((o) => [
    String(o.key),
    o.window?.startMs ?? -1,
    o.window?.endMs ?? -1,
    o.value,
    o.timestampMs,
  ]);

const expected = (rows: Row[]): Row[] =>
  rows.map(([k, s, e, v, ts]) => [k, s, e, v === null ? null : fromKafkaString(v), ts]);

const pipe = (records: [string, number, number][]): TestInputRecord[] =>
  records.map(([key, v, ts]) => ({
    topic: 'topic1',
    key,
    value: JSON.stringify({ V: v }),
    timestampMs: ts,
  }));

const CACHES = [0, 10_000_000];
const label = (cache: number) => (cache === 0 ? 'cache off' : 'cache on');

describe('KStreamWindowAggregateTest', () => {
  const hopping10by5 =
    'HOPPING (SIZE 10 MILLISECONDS, ADVANCE BY 5 MILLISECONDS, GRACE PERIOD 100 MILLISECONDS)';
  // prettier-ignore
  const aggBasicInputs = pipe([
    ['A', 1, 0], ['B', 2, 1], ['C', 3, 2], ['D', 4, 3], ['A', 1, 4],
    ['A', 1, 5], ['B', 2, 6], ['D', 4, 7], ['B', 2, 8], ['C', 3, 9],
    ['A', 1, 10], ['B', 2, 11], ['D', 4, 12], ['B', 2, 13], ['C', 3, 14],
    ['B', 1, 3], ['B', 2, 2], ['B', 3, 9],
  ]);

  for (const cache of CACHES) {
    it(`#testAggBasic (hopping 10/5, grace 100), ${label(cache)}`, () => {
      const out = runTopologyTestDriver(program(hopping10by5, 'CHANGES', cache), aggBasicInputs);
      // prettier-ignore
      expect(view(out.outputs)).toEqual(expected([
        ['A', 0, 10, '0+1', 0], ['B', 0, 10, '0+2', 1], ['C', 0, 10, '0+3', 2], ['D', 0, 10, '0+4', 3],
        ['A', 0, 10, '0+1+1', 4], ['A', 0, 10, '0+1+1+1', 5], ['A', 5, 15, '0+1', 5],
        ['B', 0, 10, '0+2+2', 6], ['B', 5, 15, '0+2', 6], ['D', 0, 10, '0+4+4', 7], ['D', 5, 15, '0+4', 7],
        ['B', 0, 10, '0+2+2+2', 8], ['B', 5, 15, '0+2+2', 8], ['C', 0, 10, '0+3+3', 9], ['C', 5, 15, '0+3', 9],
        ['A', 5, 15, '0+1+1', 10], ['A', 10, 20, '0+1', 10], ['B', 5, 15, '0+2+2+2', 11], ['B', 10, 20, '0+2', 11],
        ['D', 5, 15, '0+4+4', 12], ['D', 10, 20, '0+4', 12], ['B', 5, 15, '0+2+2+2+2', 13], ['B', 10, 20, '0+2+2', 13],
        ['C', 5, 15, '0+3+3', 14], ['C', 10, 20, '0+3', 14],
        ['B', 0, 10, '0+2+2+2+1', 8], ['B', 0, 10, '0+2+2+2+1+2', 8], ['B', 0, 10, '0+2+2+2+1+2+3', 9], ['B', 5, 15, '0+2+2+2+2+3', 13],
      ]));
      expect(out.droppedRecords).toBe(0);
    });

    it(`#testAggBasic with EMIT FINAL emits nothing (no window closes), ${label(cache)}`, () => {
      const out = runTopologyTestDriver(program(hopping10by5, 'FINAL', cache), aggBasicInputs);
      expect(out.outputs).toEqual([]);
    });
  }

  // prettier-ignore
  const expiredInputs = pipe([
    ['k', 100, 100], ['k', 0, 0], ['k', 1, 1], ['k', 2, 2], ['k', 3, 3],
    ['k', 4, 4], ['k', 5, 5], ['k', 6, 6], ['k', 105, 105], ['k', 106, 106],
  ]);
  const expiredWindow =
    'HOPPING (SIZE 10 MILLISECONDS, ADVANCE BY 5 MILLISECONDS, RETENTION 100 MILLISECONDS, GRACE PERIOD 90 MILLISECONDS)';

  for (const cache of CACHES) {
    it(`#shouldLogAndMeterWhenSkippingExpiredWindow, EMIT CHANGES, ${label(cache)}`, () => {
      const out = runTopologyTestDriver(program(expiredWindow, 'CHANGES', cache), expiredInputs);
      // prettier-ignore
      expect(view(out.outputs)).toEqual(expected([
        ['k', 95, 105, '+100', 100], ['k', 100, 110, '+100', 100], ['k', 5, 15, '+5', 5], ['k', 5, 15, '+5+6', 6],
        ['k', 100, 110, '+100+105', 105], ['k', 105, 115, '+105', 105], ['k', 100, 110, '+100+105+106', 106], ['k', 105, 115, '+105+106', 106],
      ]));
      expect(out.droppedRecords).toBe(7);
    });

    it(`#shouldLogAndMeterWhenSkippingExpiredWindow, EMIT FINAL: only [k@5/15] "+5+6" at ts 6, ${label(cache)}`, () => {
      const out = runTopologyTestDriver(program(expiredWindow, 'FINAL', cache), expiredInputs);
      expect(view(out.outputs)).toEqual(expected([['k', 5, 15, '+5+6', 6]]));
      expect(out.droppedRecords).toBe(7);
    });

    it(`#shouldLogAndMeterWhenSkippingExpiredWindowByGrace (tumbling 10, grace 90), ${label(cache)}`, () => {
      // prettier-ignore
      const inputs = pipe([
        ['k', 100, 200], ['k', 0, 100], ['k', 1, 101], ['k', 2, 102],
        ['k', 3, 103], ['k', 4, 104], ['k', 5, 105], ['k', 6, 6],
      ]);
      const window = 'TUMBLING (SIZE 10 MILLISECONDS, GRACE PERIOD 90 MILLISECONDS)';
      const out = runTopologyTestDriver(program(window, 'CHANGES', cache), inputs);
      expect(view(out.outputs)).toEqual(expected([['k', 200, 210, '+100', 200]]));
      expect(out.droppedRecords).toBe(7);
      // Kafka's test asserts only the drops for EMIT FINAL; the drop count is the same.
      expect(runTopologyTestDriver(program(window, 'FINAL', cache), inputs).droppedRecords).toBe(7);
    });
  }
});

describe('KStreamSessionWindowAggregateProcessorTest', () => {
  const GAP = 5 * 60 * 1000;
  const session = (gapMs: number) => `SESSION (${gapMs} MILLISECONDS, GRACE PERIOD 0 MILLISECONDS)`;

  it('#shouldImmediatelyForwardRemovedSessionsWhenMerging (no cache): the merged session is deleted, stamped with its end', () => {
    const out = runTopologyTestDriver(
      program(session(GAP), 'CHANGES', 0),
      pipe([
        ['a', 1, 0],
        ['a', 1, 5],
      ]),
    );
    expect(view(out.outputs)).toEqual(
      expected([
        ['a', 0, 0, '0+1', 0],
        ['a', 0, 0, null, 0],
        ['a', 0, 5, '0+1+1', 5],
      ]),
    );
  });

  // prettier-ignore
  const multiple = pipe([
    ['a', 1, 0], ['b', 1, 0], ['c', 1, 0], ['d', 1, 0], ['d', 2, GAP / 2],
    ['a', 2, GAP + 1], ['b', 2, GAP + 1], ['a', 3, GAP + 1 + GAP / 2], ['c', 3, GAP + 1 + GAP / 2],
  ]);
  const counts = (outputs: readonly TestOutputRecord[]) =>
    outputs.map((o) => [
      o.key,
      o.window?.startMs,
      o.window?.endMs,
      (JSON.parse(o.value ?? '{}') as { CNT: number }).CNT,
      o.timestampMs,
    ]);

  it('#shouldHandleMultipleSessionsAndMerging (cache, one flush at the end): never-flushed merged sessions vanish', () => {
    const out = runWithCommits(
      program(session(GAP), 'CHANGES', 100_000),
      multiple,
      multiple.length,
    );
    expect(counts(out.outputs)).toEqual([
      ['a', 0, 0, 1, 0],
      ['b', 0, 0, 1, 0],
      ['c', 0, 0, 1, 0],
      ['d', 0, GAP / 2, 2, GAP / 2],
      ['b', GAP + 1, GAP + 1, 1, GAP + 1],
      ['a', GAP + 1, GAP + 1 + GAP / 2, 2, GAP + 1 + GAP / 2],
      ['c', GAP + 1 + GAP / 2, GAP + 1 + GAP / 2, 1, GAP + 1 + GAP / 2],
    ]);
  });

  it('#shouldHandleMultipleSessionsAndMerging with EMIT FINAL: each closed session once, by end then key', () => {
    for (const cache of [0, 100_000]) {
      const out = runTopologyTestDriver(program(session(GAP), 'FINAL', cache), multiple);
      expect(counts(out.outputs)).toEqual([
        ['a', 0, 0, 1, 0],
        ['b', 0, 0, 1, 0],
        ['c', 0, 0, 1, 0],
        ['d', 0, GAP / 2, 2, GAP / 2],
      ]);
    }
  });

  it('#shouldLogAndMeterWhenSkippingLateRecordWithZeroGrace: gap 10, a record at 0 after stream time 11 is dropped', () => {
    const out = runTopologyTestDriver(
      program(session(10), 'CHANGES', 0),
      pipe([
        ['dummy', 0, 0],
        ['OnTime1', 1, 0],
        ['dummy', 0, 11],
        ['Late1', 1, 0],
      ]),
    );
    expect(out.droppedRecords).toBe(1);
    expect(out.outputs.map((o) => o.key)).not.toContain('Late1');
  });
});
