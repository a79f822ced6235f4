import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint';
import type { TraceEvent } from './events';
import { cleanerLogOf } from './compaction';
import { cleanLog } from './logCleaner';
import { newSegment, replaceCleanedSegments } from './logSegments';
import { lostRecordsOf } from './lost';
import { createRng, nextInt } from './prng';
import type { LogRecord, ReplicaLog } from './model';
import type { TopicSetup, WorldSetup } from './setup';
import { createWorld } from './simulation';
import { runChecked } from './testing';
import { byTime, createCursor, runWithCommands } from './timedCommands';
import { traceHash } from './world';

/**
 * The log cleaner running in a cluster (compaction.ts over logCleaner.ts): a compacted topic
 * with short segments, a low min.cleanable.dirty.ratio and a short log.cleaner.backoff.ms,
 * Kafka's invariants (relaxed for holes) checked after every step.
 */
const at = (atMs: number, command: Command) => ({ atMs, command });
const SECOND = 1_000;
const DEFAULTS = {
  cleanupPolicy: 'compact' as const,
  deleteRetentionMs: 0,
  minCompactionLagMs: 0,
  maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
  minCleanableDirtyRatio: 0,
  segmentBytes: 1 << 30,
};
const KEYS = ['b', 'c', 'd', 'e'];

function cluster(seed: number, topic: Partial<TopicSetup> = {}): WorldSetup {
  return {
    seed,
    brokers: [1, 2, 3],
    topics: [
      {
        name: 'prices',
        partitions: 1,
        replicationFactor: 3,
        placement: { startIndex: 0, shift: 0 },
        cleanupPolicy: 'compact',
        segmentMs: 5 * SECOND,
        minCleanableDirtyRatio: 0.1,
        deleteRetentionMs: 30 * SECOND,
        ...topic,
      },
    ],
    producers: [{ id: 'app', topic: 'prices', acks: 'all' }],
    consumers: [],
    config: { network: { latencyMs: 5, jitterMs: 0 }, broker: { logCleanerBackoffMs: 5 * SECOND } },
  };
}

const keyed = (perSecond: number) =>
  at(0, {
    type: 'setProducerRate',
    producer: 'app',
    rate: perSecond,
    keys: KEYS,
    keyOrder: 'cycle',
  });
const stop = (atMs: number) => at(atMs, { type: 'setProducerRate', producer: 'app', rate: 0 });
const put = (atMs: number, key: string, value: string | null) =>
  at(atMs, { type: 'produce', producer: 'app', key, value });

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

/** The table a reader of the whole log builds: the latest value per key (tombstones delete). */
function table(records: readonly LogRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of records) {
    if (r.key === null) continue;
    if (r.value === null) out.delete(r.key);
    else out.set(r.key, r.value);
  }
  return out;
}

function expectAscendingWithHoles(log: ReplicaLog): void {
  for (let i = 1; i < log.records.length; i++)
    expect(log.records[i].offset).toBeGreaterThan(log.records[i - 1].offset);
  expect(log.records.length).toBeLessThan(log.endOffset - log.logStartOffset);
}

/** Below the cleaner's checkpoint each key is held once, unless a later one is above it. */
function expectCleanBelowCheckpoint(log: ReplicaLog): void {
  const checkpoint = log.cleanerCheckpoint ?? 0;
  const clean = log.records.filter((r) => r.offset < checkpoint).map((r) => r.key);
  expect(new Set(clean).size).toBe(clean.length);
}

describe('the log cleaner in a running cluster', () => {
  it('every replica compacts its own log: the latest record per key stays, offsets keep holes', () => {
    const commands = [keyed(20), put(500, 'a', 'first'), put(1_000, 'a', 'second'), stop(60_000)];
    const { world, events } = runChecked(cluster(1), commands, 90 * SECOND);
    const cleaned = ofType(events, 'logCleaned');
    for (const broker of [1, 2, 3])
      expect(cleaned.filter((e) => e.broker === broker).length).toBeGreaterThan(0);
    // Passes run on log.cleaner.backoff.ms's grid only.
    expect(cleaned.every((e) => e.atMs % (5 * SECOND) === 0)).toBe(true);
    expect(cleaned.some((e) => e.superseded > 0)).toBe(true);
    const p = world.topics.prices.partitions[0];
    const leader = p.logs[p.leader];
    const tables = Object.values(p.logs).map((log) => table(log.records));
    for (const log of Object.values(p.logs)) {
      expectAscendingWithHoles(log);
      expectCleanBelowCheckpoint(log);
      // Every replica ends where the leader does, and reads as the same table.
      expect(log.endOffset).toBe(leader.endOffset);
    }
    for (const t of tables) expect(t).toEqual(tables[0]);
    expect(tables[0].get('a')).toBe('second');
    expect([...tables[0].keys()].sort()).toEqual(['a', ...KEYS]);
    // The superseded 'a' is gone from every replica.
    for (const log of Object.values(p.logs))
      expect(log.records.some((r) => r.key === 'a' && r.value === 'first')).toBe(false);
  });

  it('a consumer from earliest reads only what compaction kept, and ends at the log end', () => {
    const commands = [
      keyed(20),
      stop(40_000),
      at(60_000, {
        type: 'addConsumer',
        consumer: { id: 'reader', topics: ['prices'], from: 'earliest' },
      }),
    ];
    const { world, events } = runChecked(cluster(2), commands, 70 * SECOND);
    const p = world.topics.prices.partitions[0];
    const leader = p.logs[p.leader];
    expectAscendingWithHoles(leader);
    const fetched = ofType(events, 'consumerFetched').filter((e) => e.consumer === 'reader');
    expect(fetched.reduce((n, e) => n + e.count, 0)).toBe(leader.records.length);
    expect(Object.values(world.consumers.reader.positions)).toEqual([p.highWatermark]);
  });

  it('keeps a tombstone until delete.retention.ms after it was first kept, then a later pass removes it', () => {
    const commands = [keyed(20), put(1_000, 'a', 'v'), put(2_000, 'a', null), stop(100_000)];
    const { world, events } = runChecked(cluster(3), commands, 110 * SECOND);
    const p = world.topics.prices.partitions[0];
    const leaderId = p.leader;
    const cleaned = ofType(events, 'logCleaned').filter((e) => e.broker === leaderId);
    const expired = cleaned.find((e) => e.tombstonesRemoved > 0);
    expect(expired).toBeDefined();
    const tombstone = expired!.removed.find((r) => r.reason === 'tombstone expired')!;
    expect(tombstone.key).toBe('a');
    // The first pass that cleaned past the tombstone kept it (and stamped its horizon).
    const firstOver = cleaned.find((e) => e.toOffset > tombstone.offset)!;
    expect(firstOver.removed.some((r) => r.offset === tombstone.offset)).toBe(false);
    expect(expired!.atMs - firstOver.atMs).toBeGreaterThanOrEqual(30 * SECOND);
    expect(p.logs[leaderId].records.some((r) => r.key === 'a')).toBe(false);
    expect(p.logs[leaderId].deleteHorizons?.[tombstone.offset]).toBeUndefined();
  });

  it('a consumer positioned in a hole moves on to the next record kept', () => {
    const base = [keyed(20), stop(40_000)];
    const first = runChecked(cluster(4), base, 50 * SECOND);
    const p = first.world.topics.prices.partitions[0];
    const leader = p.logs[p.leader];
    const kept = new Set(leader.records.map((r) => r.offset));
    let hole = leader.logStartOffset;
    while (kept.has(hole)) hole++;
    expect(hole).toBeLessThan(leader.cleanerCheckpoint!);
    const commands = [
      ...base,
      at(50_000, {
        type: 'addConsumer',
        consumer: { id: 'reader', topics: ['prices'], from: hole },
      }),
    ];
    const { events } = runChecked(cluster(4), commands, 55 * SECOND);
    const fetched = ofType(events, 'consumerFetched').filter((e) => e.consumer === 'reader');
    expect(fetched[0].fromOffset).toBe(hole);
    expect(fetched[0].count).toBeGreaterThan(0);
  });

  it('a consumer whose range up to the high watermark was all compacted away moves to its end', () => {
    const world = createWorld(cluster(5));
    const cursor = createCursor(byTime([keyed(20), stop(10_000)]));
    runWithCommands(world, cursor, 20 * SECOND);
    const p = world.topics.prices.partitions[0];
    const leader = p.logs[p.leader];
    // As if the cleaner had removed everything from offset 50 on (tombstones past their horizon).
    leader.records = leader.records.filter((r) => r.offset < 50);
    leader.cleanerCheckpoint = leader.endOffset;
    replaceCleanedSegments(
      leader,
      leader.segments.map((s) => [s.baseOffset]),
    );
    expect(p.highWatermark).toBeGreaterThan(60);
    runWithCommands(
      world,
      createCursor(
        byTime([
          at(20_000, {
            type: 'addConsumer',
            consumer: { id: 'reader', topics: ['prices'], from: 55 },
          }),
        ]),
      ),
      22 * SECOND,
    );
    const positions = Object.values(world.consumers.reader.positions);
    expect(positions).toEqual([p.highWatermark]);
  });

  it('refuses records without a key: INVALID_RECORD, not retried', () => {
    const { world, events } = runChecked(
      cluster(6),
      [at(0, { type: 'setProducerRate', producer: 'app', rate: 10 })],
      5 * SECOND,
    );
    const errored = ofType(events, 'produceErrored');
    expect(errored.length).toBeGreaterThan(0);
    expect(errored.every((e) => e.error === 'INVALID_RECORD' && !e.willRetry)).toBe(true);
    expect(world.producers.app.errors.INVALID_RECORD).toBeGreaterThan(0);
    expect(world.producers.app.acked).toBe(0);
    const p = world.topics.prices.partitions[0];
    expect(p.logs[p.leader].records).toHaveLength(0);
  });

  it('acknowledged records compacted away are not reported lost after a failover', () => {
    const commands = [keyed(20), at(45_000, { type: 'killBroker', broker: 1 }), stop(60_000)];
    const { world, events } = runChecked(cluster(7), commands, 70 * SECOND);
    expect(ofType(events, 'logCleaned').length).toBeGreaterThan(0);
    expect(ofType(events, 'leaderChanged').length).toBeGreaterThan(0);
    expect(lostRecordsOf(world)).toEqual([]);
    expect(ofType(events, 'acknowledgedRecordsLost')).toHaveLength(0);
  });

  it('runs the same from a checkpoint saved before a clean as straight through', () => {
    const setup = cluster(8);
    const commands = byTime([keyed(20), stop(50_000)]);
    const until = 60 * SECOND;
    const straight = createWorld(setup);
    runWithCommands(straight, createCursor(commands), until);
    const run = createWorld(setup);
    const cursor = createCursor(commands);
    runWithCommands(run, cursor, 12_000);
    const checkpoint = saveCheckpoint(run);
    runWithCommands(run, cursor, until);
    expect(traceHash(run)).toBe(traceHash(straight));
    const restored = restoreCheckpoint(checkpoint);
    runWithCommands(restored, { entries: cursor.entries, next: 1 }, until);
    expect(traceHash(restored)).toBe(traceHash(straight));
    const p = straight.topics.prices.partitions[0];
    expect(p.logs[p.leader].cleanerCheckpoint).toBeGreaterThan(0);
    const before = restoreCheckpoint(checkpoint).topics.prices.partitions[0];
    expect(before.logs[before.leader].records.length).toBeLessThan(p.logs[p.leader].endOffset);
  });

  it('is deterministic, and a run with no compacted segment ever closed schedules no pass', () => {
    const a = runChecked(cluster(9), [keyed(20)], 40 * SECOND);
    const b = runChecked(cluster(9), [keyed(20)], 40 * SECOND);
    expect(traceHash(a.world)).toBe(traceHash(b.world));
    expect(ofType(a.events, 'logCleaned').length).toBeGreaterThan(0);
    const idle = runChecked(cluster(9, { segmentMs: 604_800_000 }), [keyed(20)], 40 * SECOND);
    expect(idle.world.cleanerPassAtMs).toBe(-1);
  });

  // Compaction among faults (unclean elections, truncation, followers starting again), with
  // compact,delete's retention too: every step checked (holes ascend within the log, segments
  // count what they hold), with a reader from earliest fetching across the holes.
  for (const seed of [11, 12, 13, 14]) {
    it(`seed ${seed}: faults among cleaning, rolling and deleting keep the invariants`, () => {
      const rng = createRng(seed);
      const setup = cluster(seed, {
        partitions: 2,
        cleanupPolicy: nextInt(rng, 2) === 0 ? 'compact' : 'compact,delete',
        retentionMs: 30_000 + nextInt(rng, 60_000),
        segmentMs: 2_000 + nextInt(rng, 8_000),
        segmentBytes: 500 + nextInt(rng, 2_000),
        minCleanableDirtyRatio: nextInt(rng, 50) / 100,
        deleteRetentionMs: nextInt(rng, 20_000),
        uncleanLeaderElection: true,
      });
      setup.producers = [{ id: 'app', topic: 'prices', acks: 1, lingerMs: nextInt(rng, 200) }];
      setup.consumers = [{ id: 'reader', topics: ['prices'], from: 'earliest' }];
      const commands = [keyed(20 + nextInt(rng, 80)), put(3_000, 'a', null), put(9_000, 'b', null)];
      for (let i = 0; i < 4; i++) {
        const broker = 1 + nextInt(rng, 3);
        const down = 10_000 + nextInt(rng, 150_000);
        commands.push(at(down, { type: 'killBroker', broker }));
        commands.push(at(down + 5_000 + nextInt(rng, 60_000), { type: 'restartBroker', broker }));
      }
      const { events } = runChecked(setup, commands, 4 * 60 * SECOND);
      expect(ofType(events, 'logCleaned').length).toBeGreaterThan(0);
    });
  }

  it("compacts a windowed record by its key and window, as Kafka's windowed key bytes are", () => {
    const record = (offset: number, key: string, startMs: number): LogRecord => ({
      offset,
      key,
      value: `v${offset}`,
      headers: [],
      timestampMs: offset,
      producer: 'app',
      sequence: offset,
      sizeBytes: 20,
      partitionReason: 'key-hash',
      leaderEpoch: 0,
      window: { startMs, endMs: startMs + 1000 },
    });
    const records = [record(0, 'k', 0), record(1, 'k', 1000), record(2, 'k', 0)];
    const log: ReplicaLog = {
      brokerId: 1,
      records,
      logStartOffset: 0,
      endOffset: 4,
      segments: [
        { ...newSegment(0, 0), sizeBytes: 60, recordCount: 3, maxTimestampMs: 2 },
        newSegment(3, 0),
      ],
      highWatermark: 4,
      epochs: [],
      lastSequences: {},
    };
    const result = cleanLog(
      cleanerLogOf(log),
      { firstDirtyOffset: 0, firstUncleanableOffset: 3 },
      10,
      DEFAULTS,
    );
    // Only the first record of window [0, 1000) goes: the window at 1000 is a key of its own.
    expect(result.removed.map((r) => [r.offset, r.key])).toEqual([[0, 'k@0-1000']]);
  });
});
