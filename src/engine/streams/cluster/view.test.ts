import { describe, expect, it, vi } from 'vitest';
import type { Command } from '../../commands';
import type { WorldSetup } from '../../setup';
import { snapshot } from '../../snapshot';
import { runChecked } from '../../testing';
import type { TimedEntry } from '../../timedCommands';
import { STREAMS_HISTORY_CAP } from './types';

/**
 * What the processing view is given: each input the aggregation saw (late or counted, with the
 * task's stream time and close line), each row written with why, the record cache's entries,
 * HAVING's verdict per row. Every run checks the invariants after every step.
 */

vi.setConfig({ testTimeout: 120_000 });

const source = `CREATE STREAM s (id VARCHAR KEY, v INT) WITH (KAFKA_TOPIC='attempts', VALUE_FORMAT='JSON');`;
const counting = (extra: string, emit = 'EMIT CHANGES', having = '') =>
  `${source}\n${extra}\nCREATE TABLE t AS SELECT id, COUNT(*) AS n FROM s WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 2 SECONDS) GROUP BY id ${having} ${emit};`;

function setup(statements: string): WorldSetup {
  return {
    seed: 3,
    brokers: [1],
    topics: [{ name: 'attempts', partitions: 1, replicationFactor: 1 }],
    producers: [{ id: 'p', topic: 'attempts' }],
    streams: [{ id: 'app', statements, instances: 1 }],
  };
}

/** A record for key `id` sent at `atMs` with event time `eventMs`. */
function send(atMs: number, id: string, eventMs: number): TimedEntry {
  const command: Command = {
    type: 'produce',
    producer: 'p',
    topic: 'attempts',
    key: id,
    value: JSON.stringify({ V: 1 }),
    timestampMs: eventMs,
  };
  return { atMs, command };
}

const input = [
  send(5_000, 'A', 1_000),
  send(5_500, 'A', 3_000),
  send(6_000, 'A', 14_000), // stream time 14 s: close line 12 s closes [0, 10 s)
  send(6_500, 'A', 2_000), // late: [0, 10 s) closed
  send(7_000, 'A', 11_000), // out of order but within grace of its window [10 s, 20 s)
];

describe('the inputs the view draws', () => {
  const run = runChecked(setup(counting('')), input, 20_000);
  const q = snapshot(run.world).streams[0].queries[0];

  it('lists each record at the aggregation with its event time, arrival and outcome', () => {
    expect(q.inputs.map((i) => [i.key, i.timestampMs, i.outcome])).toEqual([
      ['A', 1_000, 'counted'],
      ['A', 3_000, 'counted'],
      ['A', 14_000, 'counted'],
      ['A', 2_000, 'late'],
      ['A', 11_000, 'counted'],
    ]);
    const arrivals = q.inputs.map((i) => i.processedAtMs);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
    expect(arrivals[0]).toBeGreaterThanOrEqual(5_000);
  });

  it('gives the task stream time and close line after each record (stream time − grace)', () => {
    expect(q.inputs.map((i) => [i.streamTimeMs, i.closeMs])).toEqual([
      [1_000, -1_000],
      [3_000, 1_000],
      [14_000, 12_000],
      [14_000, 12_000],
      [14_000, 12_000],
    ]);
    expect(q.tasks[0].closeMs).toBe(12_000);
    expect(q.window).toEqual({
      kind: 'TUMBLING',
      sizeMs: 10_000,
      advanceMs: 10_000,
      gapMs: 0,
      graceMs: 2_000,
    });
    expect(q.droppedRecords).toBe(1);
  });
});

describe('why each row was written', () => {
  it('with the cache on: rows leave at commits, marked cache flush, fewer than the inputs', () => {
    const run = runChecked(setup(counting('')), input, 20_000);
    const q = snapshot(run.world).streams[0].queries[0];
    expect(q.cacheEnabled).toBe(true);
    expect(q.outputs.length).toBeGreaterThan(0);
    expect(q.outputs.every((o) => o.reason === 'cache flush')).toBe(true);
    // Four counted inputs, two windows: the cache collapsed each window's updates into one row.
    expect(q.outputs.map((o) => [o.key, o.window?.startMs, o.value])).toEqual([
      ['A', 0, '{"N":2}'],
      ['A', 10_000, '{"N":2}'],
    ]);
  });

  it('with the cache off: one row per counted input, marked update', () => {
    const run = runChecked(setup(counting("SET 'cache.max.bytes.buffering'='0';")), input, 20_000);
    const q = snapshot(run.world).streams[0].queries[0];
    expect(q.cacheEnabled).toBe(false);
    expect(q.outputs.map((o) => [o.reason, o.window?.startMs, o.value])).toEqual([
      ['update', 0, '{"N":1}'],
      ['update', 0, '{"N":2}'],
      ['update', 10_000, '{"N":1}'],
      ['update', 10_000, '{"N":2}'],
    ]);
    expect(q.cache).toEqual([]);
  });

  it('with EMIT FINAL: one row per window once it closed, marked window close', () => {
    const more = [...input, send(9_000, 'A', 30_000), send(11_000, 'A', 31_000)];
    const run = runChecked(setup(counting('', 'EMIT FINAL')), more, 20_000);
    const q = snapshot(run.world).streams[0].queries[0];
    expect(q.emit).toBe('FINAL');
    expect(q.outputs.map((o) => [o.reason, o.window?.startMs, o.value])).toEqual([
      ['window close', 0, '{"N":2}'],
      ['window close', 10_000, '{"N":2}'],
    ]);
  });

  it('marks HAVING changing its mind as KTableFilter sees it: left on a tombstone, entered when it passes again', () => {
    const having = `${source}\nSET 'cache.max.bytes.buffering'='0';\nCREATE TABLE t AS SELECT id, COUNT(*) AS n FROM s WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY id HAVING COUNT(*) < 3 OR COUNT(*) > 3 EMIT CHANGES;`;
    const four = [1, 2, 3, 4].map((i) => send(5_000 + i * 500, 'A', 1_000 + i));
    const run = runChecked(setup(having), four, 20_000);
    const q = snapshot(run.world).streams[0].queries[0];
    expect(q.hasHaving).toBe(true);
    // The first row is no transition: without the cache, Kafka's window aggregate sends the
    // initializer (COUNT 0, which passes `< 3`) as the old value (`KStreamWindowAggregate`).
    expect(q.outputs.map((o) => [o.value, o.having])).toEqual([
      ['{"N":1}', null],
      ['{"N":2}', null],
      [null, 'left'],
      ['{"N":4}', 'entered'],
    ]);
    expect(q.store.map((e) => [e.value.KSQL_AGG_VARIABLE_0, e.passesHaving])).toEqual([[4, true]]);
  });
});

describe('the record cache', () => {
  it('shows dirty entries between commits, and none right after one', () => {
    const quick = [send(5_000, 'A', 1_000), send(5_100, 'B', 1_000)];
    const before = runChecked(setup(counting('')), quick, 5_300);
    const q = snapshot(before.world).streams[0].queries[0];
    expect(q.cache.map((e) => [e.key, e.value.KSQL_AGG_VARIABLE_0, e.dirty])).toEqual([
      ['A', 1, true],
      ['B', 1, true],
    ]);
    expect(q.store).toEqual([]);
    const after = runChecked(setup(counting('')), quick, 9_000);
    const flushed = snapshot(after.world).streams[0].queries[0];
    expect(flushed.cache.every((e) => !e.dirty)).toBe(true);
    expect(flushed.store.map((e) => e.key)).toEqual(['A', 'B']);
  });
});

describe('the history is bounded', () => {
  it(`keeps the last ${STREAMS_HISTORY_CAP} inputs and outputs, numbered in order`, () => {
    const many = Array.from({ length: STREAMS_HISTORY_CAP + 40 }, (_, i) =>
      send(5_000 + i * 20, `k${i % 7}`, 1_000 + i),
    );
    const run = runChecked(setup(counting("SET 'cache.max.bytes.buffering'='0';")), many, 20_000);
    const q = snapshot(run.world).streams[0].queries[0];
    expect(q.inputs).toHaveLength(STREAMS_HISTORY_CAP);
    expect(q.inputs.at(-1)?.timestampMs).toBe(1_000 + STREAMS_HISTORY_CAP + 39);
    expect(q.outputs).toHaveLength(STREAMS_HISTORY_CAP);
    const seqs = [...q.inputs, ...q.outputs].map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});

describe('restoration progress', () => {
  it('counts the records put so far at an even pace between the restore start and end', () => {
    const slow: WorldSetup = {
      ...setup(counting('')),
      streams: [{ id: 'app', statements: counting(''), instances: 2 }],
      config: { network: { latencyMs: 250, jitterMs: 0 } },
    };
    const records = [1, 2, 3, 4, 5, 6].map((i) => send(5_000 + i * 300, 'A', 1_000 + i));
    // Whoever owns the one task dies; the other instance takes it after the session timeout.
    const owner = snapshot(runChecked(slow, records, 11_000).world).streams[0].queries[0].tasks[0]
      .instance;
    const kill: TimedEntry = {
      atMs: 12_000,
      command: { type: 'killStreamsInstance', instance: owner ?? 'app-1' },
    };
    const entries = [...records, kill];
    // The first restoration after the kill (the ones at start replay an empty changelog).
    const started = runChecked(slow, entries, 80_000).events.find(
      (e) => e.type === 'streamsTaskRestoring' && e.atMs > 12_000,
    );
    if (started?.type !== 'streamsTaskRestoring') throw new Error('no restoration');
    expect(started.toOffset - started.fromOffset).toBeGreaterThan(0);
    const at = (ms: number) =>
      snapshot(runChecked(slow, entries, ms).world).streams[0].queries[0].tasks[0].restoring;
    const begin = at(started.atMs);
    expect(begin?.restoredRecords).toBe(0);
    const total = started.toOffset - started.fromOffset;
    // Three quarters of the way: 2 records × 0.75 → 1 put.
    const startMs = begin?.startedAtMs ?? 0;
    const middle = at(Math.ceil(startMs + 0.75 * ((begin?.doneAtMs ?? 0) - startMs)));
    expect(middle?.restoredRecords).toBeGreaterThan(0);
    expect(middle?.restoredRecords).toBeLessThan(total);
    expect(begin!.doneAtMs - begin!.startedAtMs).toBeGreaterThanOrEqual(1_000);
  });
});
