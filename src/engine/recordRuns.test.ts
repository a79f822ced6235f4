import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import type { TraceEvent } from './events';
import { generatedRecordSize, generatedValue } from './generatedRecords';
import type { LogRecord } from './model';
import {
  countRecords,
  digitsBetween,
  expandRuns,
  recordsFitting,
  runBytes,
  runFixedBytes,
  sliceEntry,
} from './recordRuns';
import type { TopicSetup, WorldSetup } from './setup';
import { recordsInRange, snapshot } from './snapshot';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint';
import { createWorld } from './simulation';
import { runChecked } from './testing';
import { byTime, createCursor, runWithCommands } from './timedCommands';
import { traceHash } from './world';

/**
 * Runs change what the engine holds, never what it does: each scenario below is run with runs
 * (every rate tick's records, runsFromRecordsPerTick 1) and without (never), and must give the
 * same events, one for one, with Kafka's invariants checked after every step of both.
 */
const at = (atMs: number, command: Command) => ({ atMs, command });
const SECOND = 1000;

function setup(
  seed: number,
  topic: Partial<TopicSetup> = {},
  extra: Partial<WorldSetup> = {},
  runs: boolean,
): WorldSetup {
  return {
    seed,
    brokers: [1, 2, 3],
    topics: [{ name: 'events', partitions: 3, replicationFactor: 3, ...topic }],
    producers: [{ id: 'fast', topic: 'events', acks: 'all' }],
    consumers: [],
    ...extra,
    config: {
      network: { latencyMs: 3, jitterMs: 2 },
      producer: { runsFromRecordsPerTick: runs ? 1 : Number.POSITIVE_INFINITY },
      ...(extra.config ?? {}),
    },
  };
}

interface Case {
  name: string;
  topic?: Partial<TopicSetup>;
  extra?: Partial<WorldSetup>;
  commands: { atMs: number; command: Command }[];
  untilMs: number;
  /** What the run must show for the case to test what it says (runs cut by that path). */
  shows?: (events: readonly TraceEvent[]) => boolean;
}

const rate = (perSecond: number, key?: string) =>
  at(0, { type: 'setProducerRate', producer: 'fast', rate: perSecond, key });

const CASES: Case[] = [
  {
    name: 'null keys, the uniform sticky partitioner',
    commands: [rate(20_000)],
    untilMs: 3 * SECOND,
  },
  { name: 'one key', commands: [rate(15_000, 'card-7')], untilMs: 3 * SECOND },
  {
    name: 'small batches and segments: follower rolls cut runs, retention deletes them',
    topic: { segmentBytes: 20_000, retentionBytes: 60_000, retentionMs: -1 },
    extra: {
      producers: [{ id: 'fast', topic: 'events', acks: 'all', batchSizeBytes: 3_000 }],
      config: { broker: { logRetentionCheckIntervalMs: 1_000 } },
    },
    commands: [rate(12_000)],
    untilMs: 40 * SECOND,
    shows: (events) =>
      events.some((e) => e.type === 'segmentRolled' && e.reason === 'segment.bytes') &&
      events.some((e) => e.type === 'segmentDeleted'),
  },
  {
    name: 'consumers with small polls read from inside runs',
    extra: {
      consumers: [
        { id: 'slow', topics: ['events'], group: 'g', maxPollRecords: 7 },
        { id: 'collector', topics: ['events'], maxPollRecords: 333, processor: 'collect' },
      ],
    },
    commands: [rate(10_000)],
    untilMs: 8 * SECOND,
    shows: (events) => events.some((e) => e.type === 'consumerFetched' && e.count === 7),
  },
  {
    name: 'a broker killed and restarted: truncation inside runs, failover, lost records',
    topic: { replicationFactor: 3, uncleanLeaderElection: true },
    extra: {
      producers: [{ id: 'fast', topic: 'events', acks: 1 }],
      consumers: [{ id: 'reader', topics: ['events'], group: 'g' }],
      // Small follower fetches: followers hold cut runs, which truncations then cut again,
      // and a slow network: they lag, so the restarted broker has records to truncate.
      config: {
        replication: { replicaFetchMaxBytes: 2_500 },
        network: { latencyMs: 40, jitterMs: 10 },
      },
    },
    // Broker 1 is fenced 9 s after it dies (broker.session.timeout.ms), its partitions' leaders
    // change, and when it comes back it truncates to its new leaders.
    commands: [
      rate(8_000),
      at(1_000, { type: 'killBroker', broker: 1 }),
      at(13_000, { type: 'restartBroker', broker: 1 }),
    ],
    untilMs: 16 * SECOND,
    shows: (events) =>
      events.some((e) => e.type === 'logTruncated') &&
      events.some((e) => e.type === 'acknowledgedRecordsLost'),
  },
  {
    name: 'rate changes mid-run and a slow rate between fast ones',
    commands: [
      rate(30_000),
      at(700, { type: 'setProducerRate', producer: 'fast', rate: 50 }),
      at(1_400, { type: 'setProducerRate', producer: 'fast', rate: 40_000, key: 'k' }),
    ],
    untilMs: 4 * SECOND,
  },
];

describe('record runs', () => {
  it.each(CASES)('give the same events as records one by one: $name', { timeout: 60_000 }, (c) => {
    const one = runChecked(setup(11, c.topic, c.extra, false), c.commands, c.untilMs);
    const runs = runChecked(setup(11, c.topic, c.extra, true), c.commands, c.untilMs);
    expect(c.shows?.(one.events) ?? true).toBe(true);
    expect(runs.events.length).toBe(one.events.length);
    for (let i = 0; i < one.events.length; i++)
      if (JSON.stringify(runs.events[i]) !== JSON.stringify(one.events[i]))
        expect({ i, event: runs.events[i] }).toEqual({ i, event: one.events[i] });
    // The same records, held in fewer entries.
    for (const topic of Object.keys(one.world.topics))
      for (const p of one.world.topics[topic].partitions)
        for (const [broker, log] of Object.entries(p.logs)) {
          const withRuns = runs.world.topics[topic].partitions[p.partition].logs[Number(broker)];
          expect(countRecords(withRuns.records)).toBe(log.records.length);
          expect(expandRuns(withRuns.records)).toEqual(log.records);
        }
    expect(runs.world.producers.fast.ackedRecords).toEqual(one.world.producers.fast.ackedRecords);
    // What the app and the report read (a snapshot's log views) is the same, record by record.
    const [viewOne, viewRuns] = [one.world, runs.world].map((w) => snapshot(w));
    expect(viewRuns.traceHash).toBe(viewOne.traceHash);
    viewOne.topics.forEach((t, ti) =>
      t.partitions.forEach((p, pi) => {
        const log = viewRuns.topics[ti].partitions[pi].log;
        expect(log.length).toBe(p.log.length);
        for (const i of [0, Math.floor(p.log.length / 2), p.log.length - 1])
          expect(log.records[i]).toEqual(p.log.records[i]);
        const from = Math.max(p.log.startOffset, p.logEndOffset - 40);
        expect(recordsInRange(log, from, p.logEndOffset)).toEqual(
          recordsInRange(p.log, from, p.logEndOffset),
        );
      }),
    );
  });

  it('survive a checkpoint: a restored run goes on as the straight one, at every moment', () => {
    const c = CASES[4];
    const commands = byTime(c.commands);
    const straight = createWorld(setup(11, c.topic, c.extra, true));
    runWithCommands(straight, createCursor(commands), c.untilMs);
    // Checkpoints taken mid-run, with batches open and runs on the wire, restored and run on.
    for (const atMs of [333, 1_250, 12_990, 13_100]) {
      const run = createWorld(setup(11, c.topic, c.extra, true));
      const cursor = createCursor(commands);
      runWithCommands(run, cursor, atMs);
      const checkpoint = saveCheckpoint(run);
      const next = cursor.next;
      runWithCommands(run, cursor, c.untilMs);
      expect(traceHash(run)).toBe(traceHash(straight));
      const restored = restoreCheckpoint(checkpoint);
      runWithCommands(restored, { entries: cursor.entries, next }, c.untilMs);
      expect(traceHash(restored)).toBe(traceHash(straight));
    }
  });

  it('hold a fast producer in far fewer entries than records', () => {
    const c = CASES[0];
    const { world } = runChecked(setup(11, c.topic, c.extra, true), c.commands, c.untilMs);
    const p = world.topics.events.partitions[0];
    const log = p.logs[p.leader];
    const records = countRecords(log.records);
    expect(records).toBeGreaterThan(5_000);
    expect(log.records.length).toBeLessThan(records / 50);
  });
});

describe('run arithmetic', () => {
  const run: LogRecord = {
    key: 'k',
    value: generatedValue('fast', 995),
    headers: [],
    timestampMs: 40,
    producer: 'fast',
    sequence: 995,
    sizeBytes: 0,
    partitionReason: 'key-hash',
    offset: 100,
    leaderEpoch: 2,
    count: 10,
  };
  const sizeOf = (sequence: number) => generatedRecordSize('k', -1, 'fast', sequence);

  it('sums record sizes across a power of ten', () => {
    expect(digitsBetween(995, 1005)).toBe(5 * 3 + 5 * 4);
    expect(digitsBetween(0, 0)).toBe(0);
    expect(digitsBetween(9, 101)).toBe(1 + 90 * 2 + 1 * 3);
    let sum = 0;
    for (let s = 995; s < 1005; s++) sum += sizeOf(s);
    expect(runBytes(run, 0, 10)).toBe(sum);
    expect(runFixedBytes('fast', 'k') + 3).toBe(sizeOf(995));
  });

  it('counts the records that fit in some bytes, one by one', () => {
    const fixed = runFixedBytes('fast', 'k');
    for (const bytes of [
      0,
      5,
      sizeOf(995),
      sizeOf(995) * 5,
      sizeOf(995) * 5 + sizeOf(1000),
      10_000,
    ]) {
      let n = 0;
      let left = bytes;
      while (n < 10 && left >= sizeOf(995 + n)) left -= sizeOf(995 + n++);
      expect(recordsFitting(995, fixed, bytes, 10)).toBe(n);
    }
  });

  it('cuts a run into a record or a shorter run, and expands to the records one by one', () => {
    const whole = { ...run, sizeBytes: runBytes(run, 0, 10) };
    expect(sliceEntry(whole, 0, 10)).toBe(whole);
    const one = sliceEntry(whole, 3, 4);
    expect(one).toEqual({
      key: 'k',
      value: 'fast-998',
      headers: [],
      timestampMs: 40,
      producer: 'fast',
      sequence: 998,
      sizeBytes: sizeOf(998),
      partitionReason: 'key-hash',
      offset: 103,
      leaderEpoch: 2,
    });
    const piece = sliceEntry(whole, 4, 9);
    expect(piece).toMatchObject({ offset: 104, sequence: 999, count: 5, value: 'fast-999' });
    const records = expandRuns([piece]);
    expect(records.map((r) => r.value)).toEqual([
      'fast-999',
      'fast-1000',
      'fast-1001',
      'fast-1002',
      'fast-1003',
    ]);
    expect(records.map((r) => r.offset)).toEqual([104, 105, 106, 107, 108]);
    expect(piece.sizeBytes).toBe(records.reduce((n, r) => n + r.sizeBytes, 0));
  });
});
