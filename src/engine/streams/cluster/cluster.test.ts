import { describe, expect, it, vi } from 'vitest';
import type { Command } from '../../commands';
import type { TraceEvent } from '../../events';
import { murmur2, toPositive, utf8Bytes } from '../../murmur2';
import type { LogRecord } from '../../model';
import type { WorldSetup } from '../../setup';
import { stateReport } from '../../report';
import { snapshot } from '../../snapshot';
import { runChecked } from '../../testing';
import type { TimedEntry } from '../../timedCommands';
import { compileStatements } from '../ksql/compile';
import type { TestInputRecord } from '../plan';
import { runTopologyTestDriver } from '../processing/testDriver';
import { FRAUD_APPLICATION_ID, FRAUD_STATEMENTS } from '../fraudFixture';

/**
 * Streams in the cluster, every run checked against Kafka's invariants and the runtime's own
 * (store = changelog replay, no record in a closed window) after every step. The cluster's
 * results are compared with the TopologyTestDriver mode, which the conformance harness checks
 * against real Kafka Streams: with the same input, the last row per key and window must agree.
 */

// Each run checks every invariant after every step: slow on a busy two-core machine.
vi.setConfig({ testTimeout: 120_000 });

const FRAUD = FRAUD_STATEMENTS;
const APP = FRAUD_APPLICATION_ID;
const REPARTITION = `${APP}-Aggregate-GroupBy-repartition`;
const CHANGELOG = `${APP}-Aggregate-Aggregate-Materialize-changelog`;

interface Attempt {
  atMs: number;
  card: string;
  /** Event time; default the send time. */
  timestampMs?: number;
}

/**
 * One broker unless asked: with three, __consumer_offsets' 50 partitions replicate and every
 * step's invariant check walks them all (the fraud run below keeps three, to show RF 3 topics).
 */
function setup(statements: string, instances: number, partitions = 6, brokers = 1): WorldSetup {
  return {
    seed: 12,
    brokers: Array.from({ length: brokers }, (_, i) => i + 1),
    topics: [{ name: 'authorization_attempts', partitions, replicationFactor: brokers }],
    producers: [{ id: 'pos', topic: 'authorization_attempts' }],
    streams: [{ id: 'fraud', statements, instances }],
  };
}

function produce(a: Attempt, i: number): TimedEntry {
  const command: Command = {
    type: 'produce',
    producer: 'pos',
    topic: 'authorization_attempts',
    key: a.card,
    value: JSON.stringify({ CARD_NUMBER: a.card, AMOUNT: 10 + i }),
    timestampMs: a.timestampMs ?? a.atMs,
  };
  return { atMs: a.atMs, command };
}

function at(atMs: number, command: Command): TimedEntry {
  return { atMs, command };
}

/** Attempts every `everyMs` from `fromMs`, cycling through cards with the given weights. */
function attempts(fromMs: number, count: number, everyMs: number, cards: string[]): Attempt[] {
  return Array.from({ length: count }, (_, i) => ({
    atMs: fromMs + i * everyMs,
    card: cards[(i * 7 + Math.floor(i / 3)) % cards.length],
  }));
}

function topicRecords(run: ReturnType<typeof runChecked>, topic: string): LogRecord[] {
  return run.world.topics[topic].partitions.flatMap((p) => {
    const log = p.logs[p.leader];
    return log.records.slice(0, p.highWatermark - log.logStartOffset);
  });
}

/** The last value per (key, window) of a topic: the table it holds. */
function lastRows(
  records: readonly {
    key: string | null;
    window?: { startMs: number };
    value: string | null;
    timestampMs: number;
  }[],
) {
  const rows = new Map<string, string | null>();
  for (const r of [...records].sort((a, b) => a.timestampMs - b.timestampMs))
    rows.set(`${r.key}@${r.window?.startMs ?? ''}`, r.value);
  return rows;
}

function ttdRows(statements: string, input: readonly Attempt[]) {
  const compiled = compileStatements(statements, { authorization_attempts: { partitions: 1 } });
  if (!compiled.ok) throw new Error(compiled.problems[0].message);
  const inputs: TestInputRecord[] = input.map((a, i) => ({
    topic: 'authorization_attempts',
    key: a.card,
    value: JSON.stringify({ CARD_NUMBER: a.card, AMOUNT: 10 + i }),
    timestampMs: a.timestampMs ?? a.atMs,
  }));
  const result = runTopologyTestDriver(compiled.program, inputs);
  return {
    rows: lastRows(
      result.outputs.map((o) => ({
        key: o.key === null ? null : String(o.key),
        window: o.window ?? undefined,
        value: o.value,
        timestampMs: o.timestampMs,
      })),
    ),
    dropped: result.droppedRecords,
  };
}

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

describe('the fraud query as a Kafka Streams application in the cluster', () => {
  const input = attempts(20_000, 40, 1_500, ['4111', '5500', '3400', '6011', '4111']);
  const run = runChecked(setup(FRAUD, 2, 6, 3), input.map(produce), 200_000);
  const view = snapshot(run.world).streams[0];

  it('creates the repartition, changelog and sink topics like the source: 6 partitions, RF 3', () => {
    for (const t of [REPARTITION, CHANGELOG, 'POSSIBLE_FRAUD']) {
      expect(run.world.topics[t].partitions.length).toBe(6);
      expect(run.world.topics[t].partitions[0].replicas.length).toBe(3);
    }
    expect(ofType(run.events, 'streamsAppStarted')[0].topicsCreated).toEqual([
      REPARTITION,
      CHANGELOG,
      'POSSIBLE_FRAUD',
    ]);
  });

  it('is one consumer group (the application id) whose stream assignor spreads 12 tasks 6 and 6', () => {
    const group = snapshot(run.world).groups.find((g) => g.id === APP);
    expect(group?.protocol).toBe('stream');
    expect(view.queries[0].tasks.map((t) => t.id)).toEqual([
      ...[0, 1, 2, 3, 4, 5].map((p) => `0_${p}`),
      ...[0, 1, 2, 3, 4, 5].map((p) => `1_${p}`),
    ]);
    const byInstance = new Map<string | null, number>();
    for (const t of view.queries[0].tasks)
      byInstance.set(t.instance, (byInstance.get(t.instance) ?? 0) + 1);
    expect(byInstance).toEqual(
      new Map([
        ['fraud-1', 6],
        ['fraud-2', 6],
      ]),
    );
    // Stateful tasks (1_p, with a store) are balanced on their own: three each.
    const stateful = view.queries[0].tasks.filter((t) => t.id.startsWith('1_'));
    expect(stateful.filter((t) => t.instance === 'fraud-1').length).toBe(3);
  });

  it('writes the repartition topic by murmur2 of the GROUP BY key', () => {
    const records = run.world.topics[REPARTITION].partitions.flatMap((p) =>
      p.logs[p.leader].records.map((r) => ({ r, partition: p.partition })),
    );
    expect(records.length).toBe(40);
    for (const { r, partition } of records)
      expect(partition).toBe(toPositive(murmur2(utf8Bytes(r.key as string))) % 6);
  });

  it('writes windowed rows keyed by the card, with their window, partitioned by the base key', () => {
    const out = run.world.topics.POSSIBLE_FRAUD.partitions.flatMap((p) =>
      p.logs[p.leader].records.map((r) => ({ r, partition: p.partition })),
    );
    expect(out.length).toBeGreaterThan(0);
    for (const { r, partition } of out) {
      expect(partition).toBe(toPositive(murmur2(utf8Bytes(r.key as string))) % 6);
      expect(r.window?.endMs).toBe((r.window?.startMs ?? 0) + 300_000);
    }
  });

  it('ends with the table TopologyTestDriver computes from the same records', () => {
    const expected = ttdRows(FRAUD, input);
    expect(lastRows(topicRecords(run, 'POSSIBLE_FRAUD'))).toEqual(expected.rows);
  });

  it('reports tasks RUNNING with their stream time, and store entries = the windowed counts', () => {
    expect(view.queries[0].tasks.every((t) => t.state === 'RUNNING')).toBe(true);
    const counts = new Map<string, number>();
    for (const a of input) if (a.atMs < 300_000) counts.set(a.card, (counts.get(a.card) ?? 0) + 1);
    const store = view.queries[0].store;
    expect(new Map(store.map((e) => [e.key, e.value.KSQL_AGG_VARIABLE_0]))).toEqual(counts);
    for (const e of store) expect(e.window).toEqual({ startMs: 0, endMs: 300_000 });
    const last = Math.max(...input.map((a) => a.atMs));
    expect(Math.max(...view.queries[0].tasks.map((t) => t.streamTimeMs))).toBe(last);
  });

  it('is in the JSON report: streams[] with queries, tasks, dropped records and store entries', () => {
    const report = stateReport(snapshot(run.world));
    const app = report.streams[0];
    expect(app.id).toBe('fraud');
    expect(app.applicationId).toBe(APP);
    expect(app.queries[0]).toMatchObject({
      queryId: 'CTAS_POSSIBLE_FRAUD_0',
      sinkTopic: 'POSSIBLE_FRAUD',
      repartitionTopic: REPARTITION,
      changelogTopic: CHANGELOG,
    });
    expect(app.queries[0].topology.map((s) => s.id)).toEqual([0, 1]);
    expect(app.tasks).toHaveLength(12);
    expect(app.droppedRecords).toBe(0);
    expect(app.stores[0].name).toBe('Aggregate-Aggregate-Materialize');
    expect(app.stores[0].entries.length).toBe(4);
    const sink = report.topics.find((t) => t.name === 'POSSIBLE_FRAUD');
    const rows = sink?.partitions.flatMap((p) => p.records) ?? [];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.window).toEqual({ startMs: 0, endMs: 300_000 });
    // A record of a topic without windows has no window field at all.
    const source = report.topics.find((t) => t.name === 'authorization_attempts');
    expect(source?.partitions.flatMap((p) => p.records).some((r) => 'window' in r)).toBe(false);
  });

  it('replays exactly: same setup, same trace', () => {
    const once = runChecked(setup(FRAUD, 2), input.map(produce), 120_000);
    const again = runChecked(setup(FRAUD, 2), input.map(produce), 120_000);
    expect(again.events).toEqual(once.events);
    expect(snapshot(again.world).traceHash).toBe(snapshot(once.world).traceHash);
  });
});

describe('killing an instance', () => {
  // Records before the kill are processed and committed long before it (commit.interval.ms 2 s).
  const before = attempts(20_000, 24, 1_000, ['4111', '5500', '3400', '6011']);
  const after = attempts(120_000, 16, 1_000, ['4111', '5500', '3400', '6011']);
  const run = runChecked(
    setup(FRAUD, 2),
    [
      ...before.map(produce),
      at(60_000, { type: 'killStreamsInstance', instance: 'fraud-2' }),
      ...after.map(produce),
    ],
    200_000,
  );

  it('moves its tasks only after the session timeout (no LeaveGroup), then restores their stores', () => {
    const moved = ofType(run.events, 'streamsTasksAssigned').filter((e) => e.atMs > 60_000);
    expect(moved.length).toBeGreaterThan(0);
    // session.timeout.ms 45 s: not before 105 s.
    expect(Math.min(...moved.map((e) => e.atMs))).toBeGreaterThanOrEqual(105_000);
    expect(moved.at(-1)?.instance).toBe('fraud-1');
    const restoring = ofType(run.events, 'streamsTaskRestoring').filter((e) => e.atMs > 60_000);
    const restored = ofType(run.events, 'streamsTaskRestored').filter((e) => e.atMs > 60_000);
    expect(restoring.map((e) => e.task).sort()).toEqual(restored.map((e) => e.task).sort());
    expect(restored.some((e) => e.records > 0)).toBe(true);
    for (const e of restored) {
      const started = restoring.find((r) => r.task === e.task);
      expect(e.atMs).toBeGreaterThan(started?.atMs ?? Infinity);
      expect(e.records).toBe((started?.toOffset ?? 0) - (started?.fromOffset ?? 0));
    }
  });

  it('loses nothing: the table is what TopologyTestDriver computes from every record', () => {
    expect(lastRows(topicRecords(run, 'POSSIBLE_FRAUD'))).toEqual(
      ttdRows(FRAUD, [...before, ...after]).rows,
    );
    const view = snapshot(run.world).streams[0];
    expect(view.instances.map(({ id, running }) => ({ id, running }))).toEqual([
      { id: 'fraud-1', running: true },
      { id: 'fraud-2', running: false },
    ]);
    // The running instance's next commit lies within one commit interval; a dead one has none.
    const next = view.instances[0].nextCommitAtMs ?? -1;
    expect(next).toBeGreaterThanOrEqual(run.world.nowMs);
    expect(next).toBeLessThanOrEqual(run.world.nowMs + view.queries[0].commitIntervalMs);
    expect(view.instances[1].nextCommitAtMs).toBeNull();
    expect(view.queries[0].tasks.every((t) => t.instance === 'fraud-1')).toBe(true);
  });

  it('restarting it brings tasks back to it, restored from the changelog', () => {
    const restart = runChecked(
      setup(FRAUD, 2),
      [
        ...before.map(produce),
        at(60_000, { type: 'killStreamsInstance', instance: 'fraud-2' }),
        at(130_000, { type: 'restartStreamsInstance', instance: 'fraud-2' }),
      ],
      200_000,
    );
    const tasks = snapshot(restart.world).streams[0].queries[0].tasks;
    expect(tasks.filter((t) => t.instance === 'fraud-2').length).toBe(6);
    const back = ofType(restart.events, 'streamsTaskRestoring').filter(
      (e) => e.atMs > 130_000 && e.instance === 'fraud-2',
    );
    expect(back.length).toBe(3); // its three stateful tasks (1_p); 0_p are stateless
  });
});

describe('a graceful stop', () => {
  it('commits, but sends no LeaveGroup: the group keeps the member until its session expires', () => {
    const run = runChecked(
      setup(FRAUD, 2),
      [
        ...attempts(20_000, 8, 1_000, ['4111']).map(produce),
        at(40_000, { type: 'stopStreamsInstance', instance: 'fraud-2' }),
      ],
      120_000,
    );
    const stop = ofType(run.events, 'streamsInstanceStopped')[0];
    expect(stop.how).toBe('closed');
    const removed = run.events.filter((e) => e.type === 'memberRemoved');
    expect(removed.length).toBe(1);
    // session.timeout.ms (45 s) from its last heartbeat (every 3 s) before the stop.
    expect(removed[0].atMs).toBeGreaterThan(40_000 + 45_000 - 3_000);
  });
});

describe('adding an instance', () => {
  it('rebalances the tasks over three instances, four each', () => {
    const run = runChecked(
      setup(FRAUD, 2),
      [at(30_000, { type: 'addStreamsInstance', app: 'fraud' })],
      90_000,
    );
    const tasks = snapshot(run.world).streams[0].queries[0].tasks;
    for (const instance of ['fraud-1', 'fraud-2', 'fraud-3'])
      expect(tasks.filter((t) => t.instance === instance).length).toBe(4);
  });
});

describe('late records', () => {
  const LATE = `CREATE STREAM s (id VARCHAR KEY, v INT) WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');
SET 'cache.max.bytes.buffering'='0';
CREATE TABLE t AS SELECT id, COUNT(*) AS n FROM s WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY id EMIT CHANGES;`;
  // Event times go back: the 3rd record belongs to a window closed by the 2nd.
  const input: Attempt[] = [
    { atMs: 10_000, card: 'A', timestampMs: 1_000 },
    { atMs: 11_000, card: 'A', timestampMs: 25_000 },
    { atMs: 12_000, card: 'A', timestampMs: 2_000 },
    { atMs: 13_000, card: 'A', timestampMs: 26_000 },
  ];
  const run = runChecked(setup(LATE, 1, 1), input.map(produce), 40_000);

  it('are dropped, counted and traced with the close time they missed, as TopologyTestDriver does', () => {
    const dropped = ofType(run.events, 'streamsRecordDropped');
    expect(dropped.map((e) => [e.reason, e.offset, e.closeMs])).toEqual([['late', 2, 25_000]]);
    const expected = ttdRows(LATE, input);
    expect(snapshot(run.world).streams[0].droppedRecords).toBe(expected.dropped);
    expect(lastRows(topicRecords(run, 'T'))).toEqual(expected.rows);
  });

  it('the GROUP BY on the key needs no repartition topic: one sub-topology, its store logged', () => {
    const q = snapshot(run.world).streams[0].queries[0];
    expect(q.repartitionTopic).toBeNull();
    expect(q.tasks.map((t) => t.id)).toEqual(['0_0']);
    expect(q.changelogTopic).not.toBeNull();
  });
});

describe('statements that cannot run', () => {
  it('stop the world from being built, in ksqlDB words', () => {
    const slide = FRAUD.replace('CREATE TABLE possible_fraud', 'CREATE STREAM possible_fraud');
    expect(() => runChecked(setup(slide, 1), [], 1000)).toThrow(/Invalid result type/);
  });
});

describe('EMIT FINAL in a cluster', () => {
  const FINAL = `CREATE STREAM s (id VARCHAR KEY, v INT) WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');
CREATE TABLE t AS SELECT id, COUNT(*) AS n FROM s WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY id EMIT FINAL;`;

  it('checks for closed windows at most once a second of the clock (emit.interval.ms)', () => {
    const input: Attempt[] = [
      { atMs: 10_000, card: 'A', timestampMs: 1_000 },
      // Closes [0, 10 s), but 200 ms after the last check: no emit yet.
      { atMs: 10_200, card: 'A', timestampMs: 12_000 },
      { atMs: 11_500, card: 'A', timestampMs: 13_000 },
    ];
    const run = runChecked(setup(FINAL, 1, 1), input.map(produce), 30_000);
    const emitted = ofType(run.events, 'streamsEmitted');
    expect(emitted.map((e) => [e.atMs >= 11_500, e.key, e.window, e.value])).toEqual([
      [true, 'A', { startMs: 0, endMs: 10_000 }, '{"N":1}'],
    ]);
    // TopologyTestDriver mode (emit interval 0) emits it with the second record already.
    expect(ttdRows(FINAL, input.slice(0, 2)).rows.size).toBe(1);
  });

  it('never emits a window twice when its task moves: the last emit travels with the commit', () => {
    const keys = ['A', 'B', 'C', 'D', 'E', 'F'];
    const wave = (fromMs: number, eventFromMs: number) =>
      keys.flatMap((card, i) => [
        { atMs: fromMs + i * 300, card, timestampMs: eventFromMs + i * 100 },
        { atMs: fromMs + 2_000 + i * 300, card, timestampMs: eventFromMs + 1_000 + i * 100 },
      ]);
    const input = [...wave(10_000, 1_000), ...wave(20_000, 21_000), ...wave(120_000, 41_000)];
    // A long retention keeps the emitted windows in the store, where a new owner could see them.
    const retained = FINAL.replace('SIZE 10 SECONDS', 'SIZE 10 SECONDS, RETENTION 1 HOUR');
    const run = runChecked(
      setup(retained, 2),
      [...input.map(produce), at(40_000, { type: 'killStreamsInstance', instance: 'fraud-1' })],
      200_000,
    );
    const rows = topicRecords(run, 'T').map((r) => `${r.key}@${r.window?.startMs}`);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows).size).toBe(rows.length);
    // The restored tasks started from the committed close time, not from nothing.
    expect(
      ofType(run.events, 'streamsTaskRestored').filter((e) => e.atMs > 40_000).length,
    ).toBeGreaterThan(0);
  });
});

describe('an instance id that a client already has', () => {
  it('is refused: addStreamsInstance never takes over an existing consumer', () => {
    const base = setup(FRAUD, 2);
    const run = runChecked(
      { ...base, consumers: [{ id: 'fraud-3', topics: ['authorization_attempts'] }] },
      [at(10_000, { type: 'addStreamsInstance', app: 'fraud' })],
      20_000,
    );
    const rejected = ofType(run.events, 'commandRejected');
    expect(rejected.map((e) => e.reason)).toEqual([
      'the new instance fraud-3 would be consumer "fraud-3", which exists',
    ]);
    expect(run.world.consumers['fraud-3'].processor.kind).toBe('none');
  });
});
