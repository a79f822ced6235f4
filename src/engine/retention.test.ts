import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint';
import type { TraceEvent } from './events';
import { logEndOffset } from './model';
import { createRng, nextInt } from './prng';
import { snapshot } from './snapshot';
import type { TopicSetup, WorldSetup } from './setup';
import { createWorld } from './simulation';
import { runChecked } from './testing';
import { byTime, createCursor, runWithCommands } from './timedCommands';
import { traceHash } from './world';

/**
 * Segments and retention in a running cluster: every replica rolls its own segments and
 * deletes by retention on Kafka's schedule (log.initial.task.delay.ms 30 s, then every
 * log.retention.check.interval.ms, 5 min), with Kafka's invariants checked after every step.
 */
const at = (atMs: number, command: Command) => ({ atMs, command });
const MINUTE = 60_000;

function cluster(seed: number, topic: Partial<TopicSetup> = {}): WorldSetup {
  return {
    seed,
    brokers: [1, 2, 3],
    topics: [
      {
        name: 'clicks',
        partitions: 1,
        replicationFactor: 3,
        placement: { startIndex: 0, shift: 0 },
        retentionMs: MINUTE,
        segmentMs: 10_000,
        ...topic,
      },
    ],
    producers: [{ id: 'app', topic: 'clicks', acks: 'all' }],
    consumers: [],
    config: { network: { latencyMs: 5, jitterMs: 0 } },
  };
}

const rate = (perSecond: number) =>
  at(0, { type: 'setProducerRate', producer: 'app', rate: perSecond });

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

describe('retention in a running cluster', () => {
  it('every replica rolls on segment.ms and deletes past retention.ms, at the check times only', () => {
    const { world, events } = runChecked(cluster(1), [rate(20)], 12 * MINUTE);
    const rolled = ofType(events, 'segmentRolled');
    for (const broker of [1, 2, 3])
      expect(rolled.filter((e) => e.broker === broker).length).toBeGreaterThan(10);
    expect(rolled.every((e) => e.reason === 'segment.ms')).toBe(true);
    const deleted = ofType(events, 'segmentDeleted');
    for (const broker of [1, 2, 3])
      expect(deleted.filter((e) => e.broker === broker).length).toBeGreaterThan(0);
    // 30 s, then every 5 min: nothing is a minute old at 30 s, so 330 s and 630 s.
    expect([...new Set(deleted.map((e) => e.atMs))]).toEqual([330_000, 630_000]);
    expect(deleted.every((e) => e.reason === 'retention.ms')).toBe(true);
    const p = world.topics.clicks.partitions[0];
    for (const log of Object.values(p.logs)) {
      expect(log.logStartOffset).toBeGreaterThan(0);
      // What is left is at most retention + one segment + one check interval old.
      const oldest = log.records[0].timestampMs;
      expect(world.nowMs - oldest).toBeLessThanOrEqual(MINUTE + 10_000 + 5 * MINUTE);
    }
  });

  it('with a short check interval the records held stay bounded while the producer writes on', () => {
    const setup = { ...cluster(2), config: { broker: { logRetentionCheckIntervalMs: 10_000 } } };
    const perSecond = 50;
    const { world } = runChecked(setup, [rate(perSecond)], 5 * MINUTE);
    const p = world.topics.clicks.partitions[0];
    const leader = p.logs[p.leader];
    expect(logEndOffset(leader)).toBeGreaterThan(perSecond * 290);
    // retention.ms + segment.ms + the check interval worth of records, at most.
    const bound = (perSecond * (MINUTE + 10_000 + 10_000)) / 1000;
    for (const log of Object.values(p.logs)) expect(log.records.length).toBeLessThanOrEqual(bound);
  });

  it('deletes by retention.bytes down to the limit in whole segments', () => {
    const setup = cluster(3, { retentionMs: -1, retentionBytes: 20_000, segmentBytes: 5_000 });
    const { world, events } = runChecked(setup, [rate(50)], 6 * MINUTE);
    const deleted = ofType(events, 'segmentDeleted');
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.every((e) => e.reason === 'retention.bytes')).toBe(true);
    expect(ofType(events, 'segmentRolled').every((e) => e.reason === 'segment.bytes')).toBe(true);
    const p = world.topics.clicks.partitions[0];
    for (const log of Object.values(p.logs)) {
      const closed = log.segments.slice(0, -1);
      expect(closed.every((s) => s.sizeBytes <= 5_000)).toBe(true);
      // After the check at 330 s, at least retention.bytes minus nothing was kept: the
      // excess only ever covers whole segments.
      expect(log.logStartOffset).toBeGreaterThan(0);
    }
  });

  it('keeps everything under cleanup.policy compact, and without finite retention schedules no check', () => {
    const compact = runChecked(cluster(4, { cleanupPolicy: 'compact' }), [rate(20)], 7 * MINUTE);
    expect(ofType(compact.events, 'segmentDeleted')).toHaveLength(0);
    expect(compact.world.retentionCheckAtMs).toBe(-1);
    const defaults = createWorld({
      ...cluster(4),
      topics: [{ name: 'clicks', partitions: 1 }],
    });
    // Kafka's 7 days: the first check that could delete anything is the first after day 7.
    expect(defaults.retentionCheckAtMs).toBeGreaterThan(604_800_000);
  });

  it('a slow consumer that falls below the log start is reset by auto.offset.reset', () => {
    for (const from of ['earliest', 'latest'] as const) {
      const setup: WorldSetup = {
        ...cluster(5),
        consumers: [{ id: 'slow', topics: ['clicks'], from }],
      };
      const { world, events } = runChecked(
        setup,
        [
          rate(20),
          at(2_000, { type: 'pauseConsumer', consumer: 'slow' }),
          at(400_000, { type: 'resumeConsumer', consumer: 'slow' }),
        ],
        401_000,
      );
      const resets = ofType(events, 'consumerPositionReset');
      expect(resets).toHaveLength(1);
      const reset = resets[0];
      expect(reset.reason).toBe('out of range');
      const deletedAt = ofType(events, 'segmentDeleted').filter((e) => e.atMs === 330_000);
      const start = deletedAt[deletedAt.length - 1].logStartOffset;
      expect(reset.from).toBeLessThan(start);
      if (from === 'earliest') expect(reset.to).toBe(start);
      else expect(reset.to).toBeGreaterThan(start + 20 * 60);
      expect(world.consumers.slow.positions['clicks/0']).toBeGreaterThanOrEqual(reset.to);
    }
  });

  it("a follower that was away past the leader's retention starts again at the leader's log start", () => {
    const { world, events } = runChecked(
      cluster(6),
      [
        rate(20),
        at(1_000, { type: 'killBroker', broker: 3 }),
        at(400_000, { type: 'restartBroker', broker: 3 }),
      ],
      460_000,
    );
    const emptied = ofType(events, 'segmentDeleted').filter(
      (e) => e.broker === 3 && e.reason === 'log start offset',
    );
    expect(emptied.length).toBeGreaterThan(0);
    const p = world.topics.clicks.partitions[0];
    expect(p.isr).toContain(3);
    expect(logEndOffset(p.logs[3])).toBe(logEndOffset(p.logs[p.leader]));
    // It started again at the leader's start, so it never holds less than the leader.
    expect(p.logs[3].logStartOffset).toBeLessThanOrEqual(p.logs[p.leader].logStartOffset);
  });

  it('followers learn the leader log start offset from fetch answers', () => {
    // Batches of about 20 records (linger.ms 1 s): the leader rolls per batch, followers
    // record by record, so their segments end elsewhere and their own check deletes less.
    // The leader's start reaches them with the next fetch answer, before their next check.
    const setup = cluster(7);
    setup.producers = [{ id: 'app', topic: 'clicks', acks: 'all', lingerMs: 1000 }];
    const { world } = runChecked(setup, [rate(20)], 331_000);
    const p = world.topics.clicks.partitions[0];
    const leader = p.logs[p.leader];
    expect(leader.logStartOffset).toBeGreaterThan(0);
    for (const id of p.replicas) {
      const log = p.logs[id];
      expect(log.logStartOffset).toBe(leader.logStartOffset);
      if (id === p.leader) continue;
      // The follower's own check (at 330 s, as the leader's) stopped at a segment of its own
      // ending below the leader's start; the answer after it trimmed that segment's front.
      expect(log.segments[0].baseOffset).toBe(leader.logStartOffset);
      expect(log.segments[0].recordCount).toBeLessThan(leader.segments[0].recordCount);
    }
  });

  it('runs the same from a checkpoint saved before a deletion as straight through', () => {
    const setup = cluster(8);
    const commands = byTime([rate(20), at(1_000, { type: 'killBroker', broker: 2 })]);
    const until = 11 * MINUTE;
    const straight = createWorld(setup);
    runWithCommands(straight, createCursor(commands), until);
    const run = createWorld(setup);
    const cursor = createCursor(commands);
    runWithCommands(run, cursor, 320_000);
    const checkpoint = saveCheckpoint(run);
    runWithCommands(run, cursor, until);
    expect(traceHash(run)).toBe(traceHash(straight));
    const restored = restoreCheckpoint(checkpoint);
    runWithCommands(restored, { entries: cursor.entries, next: 2 }, until);
    expect(traceHash(restored)).toBe(traceHash(straight));
    // The checkpoint still holds what was there before the deletion.
    const before = restoreCheckpoint(checkpoint).topics.clicks.partitions[0];
    expect(before.logs[1].logStartOffset).toBe(0);
    expect(straight.topics.clicks.partitions[0].logs[1].logStartOffset).toBeGreaterThan(0);
  });

  it("snapshots show the leader's segment boundaries, reusing them while the log is idle", () => {
    const { world } = runChecked(
      cluster(10),
      [rate(20), at(100_000, { type: 'setProducerRate', producer: 'app', rate: 0 })],
      101_000,
    );
    const p = world.topics.clicks.partitions[0];
    const view = snapshot(world).topics.find((t) => t.name === 'clicks')!.partitions[0].log;
    expect(view.segmentBaseOffsets).toEqual(p.logs[p.leader].segments.map((s) => s.baseOffset));
    expect(view.segmentBaseOffsets.length).toBeGreaterThan(5);
    expect(view.segmentBaseOffsets[0]).toBe(view.startOffset);
    const again = snapshot(world).topics.find((t) => t.name === 'clicks')!.partitions[0].log;
    expect(again.segmentBaseOffsets).toBe(view.segmentBaseOffsets);
  });

  it('is deterministic: the same seed gives the same trace', () => {
    const a = runChecked(cluster(9), [rate(30)], 7 * MINUTE);
    const b = runChecked(cluster(9), [rate(30)], 7 * MINUTE);
    expect(traceHash(a.world)).toBe(traceHash(b.world));
    expect(ofType(a.events, 'segmentDeleted').length).toBeGreaterThan(0);
  });

  // Kills, restarts, unclean elections and truncations among small segments and short
  // retention: every step checked (segments cover the log, the start never moves back).
  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`seed ${seed}: faults among rolling and deleting segments keep the invariants`, () => {
      const rng = createRng(seed);
      const setup = cluster(seed, {
        partitions: 2,
        retentionMs: 20_000 + nextInt(rng, 40_000),
        retentionBytes: nextInt(rng, 2) === 0 ? -1 : 3_000 + nextInt(rng, 6_000),
        segmentMs: 2_000 + nextInt(rng, 8_000),
        segmentBytes: 500 + nextInt(rng, 2_000),
        uncleanLeaderElection: true,
      });
      setup.producers = [{ id: 'app', topic: 'clicks', acks: 1, lingerMs: nextInt(rng, 200) }];
      setup.consumers = [{ id: 'reader', topics: ['clicks'], from: 'earliest' }];
      setup.config = { broker: { logRetentionCheckIntervalMs: 5_000 + nextInt(rng, 20_000) } };
      const commands = [rate(20 + nextInt(rng, 80))];
      for (let i = 0; i < 4; i++) {
        const broker = 1 + nextInt(rng, 3);
        const down = 10_000 + nextInt(rng, 150_000);
        commands.push(at(down, { type: 'killBroker', broker }));
        commands.push(at(down + 5_000 + nextInt(rng, 60_000), { type: 'restartBroker', broker }));
      }
      const { events } = runChecked(setup, commands, 4 * MINUTE);
      expect(ofType(events, 'segmentDeleted').length).toBeGreaterThan(0);
    });
  }
});
