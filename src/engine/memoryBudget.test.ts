import { describe, expect, it } from 'vitest';
import { createWorld, runUntil, applyCommand } from './index';
import {
  BYTES_PER_RECORD_HELD,
  formatBytes,
  MAX_RECORDS_HELD,
  memoryStopFor,
  recordsHeld,
} from './memoryBudget';

describe('the memory a run holds', () => {
  it('counts each partition’s longest replica log once (followers share the records)', () => {
    const world = createWorld({
      seed: 1,
      brokers: [1, 2, 3],
      topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 'orders', acks: 'all' }],
      consumers: [],
    });
    expect(recordsHeld(world)).toBe(0);
    applyCommand(world, { type: 'produce', producer: 'p', topic: 'orders', key: 'k', count: 10 });
    runUntil(world, 5000);
    const p = world.topics.orders.partitions.find((q) => q.logs[q.leader].records.length > 0)!;
    // Every replica has the ten records; the run holds ten, not thirty.
    expect(Object.values(p.logs).map((l) => l.records.length)).toEqual([10, 10, 10]);
    expect(recordsHeld(world)).toBe(10);
  });

  it('stops before the budget: when another interval growing as fast as the last would pass it', () => {
    expect(memoryStopFor(1000, 400, 0, 1000)).toBeNull(); // 400 + 400 <= 1000
    expect(memoryStopFor(2000, 500, 400, 1000)).toBeNull(); // 500 + 100
    const stop = memoryStopFor(3000, 600, 100, 1000)!; // 600 + 500 > 1000
    expect(stop.atMs).toBe(3000);
    expect(stop.recordsHeld).toBe(600);
    expect(stop.estimatedBytes).toBe(600 * BYTES_PER_RECORD_HELD);
    expect(stop.message).toMatch(/^Stopped at 3\.0 s of virtual time: the logs hold 600 records/);
    expect(stop.message).toMatch(
      /lower the producers' rate \(producers\[\]\.rate, rate steps\) or the duration, or shorten a topic's retention \(retentionMs or retentionBytes, with segmentMs: only closed segments are deleted\)\.$/,
    );
    // Runs (a fast producer's records, many an entry): the budget counts entries, and says so.
    const runs = memoryStopFor(3000, 600, 100, 1000, 150_000)!;
    expect([runs.recordsHeld, runs.entriesHeld]).toEqual([150_000, 600]);
    expect(runs.estimatedBytes).toBe(600 * BYTES_PER_RECORD_HELD);
    expect(runs.message).toMatch(
      /the logs hold 150,000 records in 600 log entries \(about .*\), and the next second would pass the memory budget of 1,000 log entries/,
    );
    // The default budget is the documented one.
    expect(memoryStopFor(0, MAX_RECORDS_HELD / 2, MAX_RECORDS_HELD / 2)).toBeNull();
    expect(memoryStopFor(0, MAX_RECORDS_HELD / 2 + 1, 0)).not.toBeNull();
  });

  it('says bytes for people', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(6_000_000 * 170)).toBe('973 MiB');
    expect(formatBytes(1.5 * 2 ** 40)).toBe('1.5 TiB');
  });
});
