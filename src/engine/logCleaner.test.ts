/**
 * The log cleaner against Kafka's own unit tests (core/src/test/scala/unit/kafka/log/
 * LogCleanerTest.scala and LogCleanerManagerTest.scala; each `it` names the test it ports).
 * Kafka's tests build logs by appending until a segment is full; these build the same shapes
 * directly. The seeded comparison with Kafka's Cleaner itself is the cleaner conformance suite
 * (scripts/conformance/rules/cleaner.ts, vectors in conformance/vectors/cleaner.json).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COMPACTION_CONFIG,
  NULL_KEY_IN_COMPACTED_TOPIC,
  cleanLog,
  cleanableOffsets,
  cleanableRange,
  grabFilthiestLog,
  groupSegmentsBySize,
  recordSizeBytes,
  segmentSizeBytes,
  singleRecordBatches,
  type CleanerBatch,
  type CleanerLog,
  type CleanerRecord,
  type CleanerSegment,
  type CompactionConfig,
} from './logCleaner';

const config = (o: Partial<CompactionConfig> = {}): CompactionConfig => ({
  ...DEFAULT_COMPACTION_CONFIG,
  ...o,
});

function rec(offset: number, key: string | null, value: string | null, timestampMs = 0) {
  return { offset, key, value, timestampMs, sizeBytes: recordSizeBytes(key, value) };
}

function seg(baseOffset: number, records: readonly CleanerRecord[]): CleanerSegment {
  return { baseOffset, batches: singleRecordBatches(records) };
}

/** Segments as [baseOffset, records]; the last is the active one. LSO defaults to the end. */
function logOf(
  segments: readonly (readonly [number, readonly CleanerRecord[]])[],
  o: { logEndOffset?: number; lastStableOffset?: number; logStartOffset?: number } = {},
): CleanerLog {
  const all = segments.flatMap(([, rs]) => rs);
  const end = o.logEndOffset ?? (all.length > 0 ? all[all.length - 1].offset + 1 : 0);
  return {
    segments: segments.map(([b, rs]) => seg(b, rs)),
    logStartOffset: o.logStartOffset ?? segments[0][0],
    logEndOffset: end,
    lastStableOffset: o.lastStableOffset ?? end,
  };
}

/** Keyed records `key = offset % keys`, `value = offset` (three digits: equal sizes), in segments of `perSegment`, plus an active one. */
function keyedLog(count: number, keys: number, perSegment: number): CleanerLog {
  const segs: [number, CleanerRecord[]][] = [];
  for (let o = 0; o < count; o += perSegment) {
    const rs: CleanerRecord[] = [];
    for (let i = o; i < Math.min(count, o + perSegment); i++)
      rs.push(rec(i, String(i % keys).padStart(2, '0'), String(i).padStart(3, '0')));
    segs.push([o, rs]);
  }
  segs.push([count, []]);
  return logOf(segs, { logEndOffset: count });
}

const records = (ss: readonly CleanerSegment[]) =>
  ss.flatMap((s) => s.batches.flatMap((b) => b.records));
const offsetsIn = (ss: readonly CleanerSegment[]) => records(ss).map((r) => r.offset);
const keysIn = (ss: readonly CleanerSegment[]) => records(ss).map((r) => r.key);

/** One pass the way the cleaner thread runs it: range from the checkpoint, then clean. */
function pass(log: CleanerLog, checkpoint: number | null, nowMs: number, c: CompactionConfig) {
  const range = cleanableRange(log, checkpoint, nowMs, c);
  const result = cleanLog(log, range, nowMs, c);
  return { range, result, log: { ...log, segments: result.segments } };
}

describe('cleanLog: which records survive', () => {
  it('keeps the latest record per key, in offset order, never renumbered (testCleanSegments)', () => {
    const log = keyedLog(30, 4, 10);
    const { result } = pass(log, null, 0, config());
    expect(offsetsIn(result.segments)).toEqual([26, 27, 28, 29]);
    expect(keysIn(result.segments)).toEqual(['02', '03', '00', '01']);
    expect(result.firstDirtyOffset).toBe(30);
    expect(result.removed).toHaveLength(26);
    expect(result.removed[0]).toEqual({
      offset: 0,
      key: '00',
      reason: 'superseded',
      supersededBy: 28,
    });
  });

  it('drops every value of a deleted key; its tombstone only in a later pass after delete.retention.ms (testCleaningWithDeletes, KIP-534)', () => {
    const values = Array.from({ length: 6 }, (_, i) => rec(i, `${i}`, `${i}`, 0));
    const tombstones = [0, 2, 4].map((k, i) => rec(6 + i, `${k}`, null, 0));
    const log = logOf([
      [0, values],
      [6, tombstones],
      [9, []],
    ]);
    const c = config({ deleteRetentionMs: 1000 });
    const first = pass(log, null, 5000, c);
    expect(keysIn(first.result.segments)).toEqual(['1', '3', '5', '0', '2', '4']);
    expect(first.result.horizonsStamped.map((h) => h.deleteHorizonMs)).toEqual([6000, 6000, 6000]);
    expect(first.result.firstDirtyOffset).toBe(9);
    // Before the horizon a new pass (after more data) keeps them.
    const more = {
      ...first.log,
      segments: [...first.log.segments.slice(0, -1), seg(9, [rec(9, '9', 'x', 5500)]), seg(10, [])],
      logEndOffset: 10,
      lastStableOffset: 10,
    };
    const second = pass(more, first.result.firstDirtyOffset, 5999, c);
    expect(records(second.result.segments).filter((r) => r.value === null)).toHaveLength(3);
    // At the horizon (`currentTime < deleteHorizonMs` no longer holds) they go.
    const third = pass({ ...more, segments: [...more.segments] }, 9, 6000, c);
    expect(keysIn(third.result.segments)).toEqual(['1', '3', '5', '9']);
    expect(third.result.removed.map((r) => [r.offset, r.reason])).toEqual([
      [6, 'tombstone expired'],
      [7, 'tombstone expired'],
      [8, 'tombstone expired'],
    ]);
  });

  it('stamps the horizon from the clean time, not the tombstone’s timestamp (testCleanTombstone)', () => {
    const c = config({ deleteRetentionMs: 86_400_000 });
    const log = logOf([
      [0, [rec(0, '0', '0', 100_000_000)]],
      [1, [rec(1, '0', null, 1)]],
      [2, []],
    ]);
    const first = pass(log, 1, 0, c);
    expect(offsetsIn(first.result.segments)).toEqual([1]);
    expect(first.result.segments[0].batches[0].deleteHorizonMs).toBe(86_400_000);
    const next = {
      ...first.log,
      segments: [...first.log.segments.slice(0, -1), seg(2, [rec(2, '1', '1')]), seg(3, [])],
      logEndOffset: 3,
      lastStableOffset: 3,
    };
    expect(offsetsIn(pass(next, 2, 1000, c).result.segments)).toEqual([1, 2]);
  });

  it('makes progress with an offset map that holds one key (testPartialSegmentClean)', () => {
    const rs = [0, 1, 0, 1, 0].map((k, i) => rec(i, `${k}`, `${k}`));
    let log = logOf([
      [0, rs],
      [5, []],
    ]);
    const steps: [number, string[], number[]][] = [
      [2, ['1', '0', '1', '0'], [1, 2, 3, 4]],
      [3, ['0', '1', '0'], [2, 3, 4]],
      [4, ['1', '0'], [3, 4]],
    ];
    for (const [firstDirty, keys, offsets] of steps) {
      const r = cleanLog(
        log,
        { firstDirtyOffset: firstDirty, firstUncleanableOffset: 5 },
        0,
        config(),
        {
          offsetMapCapacity: 1,
        },
      );
      expect(r.firstDirtyOffset).toBe(firstDirty + 1);
      log = { ...log, segments: r.segments };
      expect(keysIn(log.segments)).toEqual(keys);
      expect(offsetsIn(log.segments)).toEqual(offsets);
    }
  });

  it('moves the checkpoint past offset gaps (testCleaningBeyondMissingOffsets)', () => {
    const ten = Array.from({ length: 10 }, (_, i) => rec(i, `${i}`, `${i}`));
    const one = logOf([
      [0, ten],
      [11, [rec(11, '1015', '1015')]],
    ]);
    expect(pass(one, null, 0, config()).result.firstDirtyOffset).toBe(11);
    const two = logOf([
      [0, ten],
      [15, Array.from({ length: 10 }, (_, i) => rec(15 + i, `${15 + i}`, 'v'))],
      [30, [rec(30, '1015', '1015')]],
    ]);
    expect(pass(two, null, 0, config()).result.firstDirtyOffset).toBe(30);
  });

  it('keeps the batch of an active producer’s last sequence, emptied (testLogCleanerRetainsProducerLastSequence)', () => {
    const b = (offset: number, key: string, producerId: number): CleanerBatch => ({
      ...singleRecordBatches([rec(offset, key, `${offset}`)], producerId)[0],
    });
    const log: CleanerLog = {
      segments: [
        {
          baseOffset: 0,
          batches: [b(0, '0', -1), b(1, '0', 1), b(2, '0', 2), b(3, '0', 3), b(4, '1', 2)],
        },
        { baseOffset: 5, batches: [] },
      ],
      logStartOffset: 0,
      logEndOffset: 5,
      lastStableOffset: 5,
    };
    const r = cleanLog(log, { firstDirtyOffset: 0, firstUncleanableOffset: 5 }, 0, config(), {
      activeProducerLastOffsets: new Map([
        [1, 1],
        [2, 4],
        [3, 3],
      ]),
    });
    expect(r.segments[0].batches.map((x) => x.lastOffset)).toEqual([1, 3, 4]);
    expect(keysIn(r.segments)).toEqual(['0', '1']);
    expect(offsetsIn(r.segments)).toEqual([3, 4]);
    expect(r.emptiedBatches).toEqual([1]);
  });

  it('keeps the round’s last batch, emptied, so the last offset is not lost (testCleanSegmentsRetainingLastEmptyBatch)', () => {
    // Every record is a tombstone whose horizon has passed.
    const segs = [0, 3, 6].map((base) => ({
      baseOffset: base,
      batches: singleRecordBatches([0, 1, 2].map((i) => rec(base + i, `${base + i}`, null))).map(
        (x) => ({ ...x, deleteHorizonMs: 10 }),
      ),
    }));
    const log: CleanerLog = {
      segments: [...segs, { baseOffset: 9, batches: [] }],
      logStartOffset: 0,
      logEndOffset: 9,
      lastStableOffset: 9,
    };
    const r = cleanLog(
      log,
      { firstDirtyOffset: 0, firstUncleanableOffset: 9 },
      100,
      config({ segmentBytes: 10_000 }),
    );
    expect(r.segments).toHaveLength(2);
    expect(r.segments[0].batches).toEqual([
      expect.objectContaining({ baseOffset: 8, lastOffset: 8, records: [], deleteHorizonMs: null }),
    ]);
    expect(segmentSizeBytes(r.segments[0])).toBe(61);
  });

  it('drops records without a key (testCleaningWithUnkeyedMessages) and names Kafka’s append error', () => {
    const log = logOf([
      [0, [rec(0, null, 'a'), rec(1, 'k', 'b'), rec(2, null, 'c')]],
      [3, []],
    ]);
    const r = pass(log, null, 0, config()).result;
    expect(offsetsIn(r.segments)).toEqual([1]);
    expect(r.removed.map((x) => x.reason)).toEqual(['no key', 'no key']);
    expect(NULL_KEY_IN_COMPACTED_TOPIC.error).toBe('INVALID_RECORD');
    expect(NULL_KEY_IN_COMPACTED_TOPIC.message('t', 0)).toBe(
      'Compacted topic cannot accept message without key in topic partition t-0',
    );
  });

  it('leaves the uncleanable section alone (testCleaningWithUncleanableSection)', () => {
    const log = keyedLog(70, 10, 14); // 5 full segments and an empty active one
    const before = log.segments.map((s) => s.batches.length);
    const r = cleanLog(
      log,
      { firstDirtyOffset: 0, firstUncleanableOffset: 28 },
      0,
      config({ segmentBytes: 100 }),
    );
    expect(r.firstDirtyOffset).toBe(28);
    const after = r.segments.map((s) => s.batches.length);
    expect(after.slice(0, 2).every((n, i) => n < before[i])).toBe(true);
    expect(after.slice(2)).toEqual(before.slice(2));
    expect(r.segments.slice(2)).toEqual(log.segments.slice(2));
  });
});

describe('groupSegmentsBySize (testSegmentGrouping*)', () => {
  const log = keyedLog(30, 30, 3); // ten segments of three records, plus the active one
  const closed = log.segments.slice(0, -1);
  const size = segmentSizeBytes(closed[0]);

  it('groups everything under a large limit and nothing under a tiny one (testSegmentGrouping)', () => {
    expect(groupSegmentsBySize(closed, 2_147_483_647, 30)).toHaveLength(1);
    const singles = groupSegmentsBySize(closed, 1, 30);
    expect(singles.map((g) => g.length)).toEqual(Array(10).fill(1));
    const threes = groupSegmentsBySize(closed, 3 * size + 1, 30);
    expect(threes.map((g) => g.length)).toEqual([3, 3, 3, 1]);
    expect(threes.flat().map((s) => s.baseOffset)).toEqual(closed.map((s) => s.baseOffset));
  });

  it('keeps a group’s offsets within Int.MaxValue of its base (testSegmentGroupingWithSparseOffsets)', () => {
    const max = 2_147_483_647;
    const sparse = [
      seg(0, [rec(0, 'h', 'h')]),
      seg(max, [rec(max, 'h', 'h'), rec(max + 1, 'h', 'h')]),
    ];
    expect(groupSegmentsBySize(sparse, max, max + 1)).toHaveLength(1);
    expect(groupSegmentsBySize(sparse, max, max + 2)).toHaveLength(2);
  });

  it('groups empty segments whatever their offsets (testSegmentGroupingWithSparseOffsetsAndEmptySegments)', () => {
    const big = 2_147_483_648;
    const segs = [seg(0, []), seg(big, []), seg(2 * big, [rec(3 * big - 1, 'k', 'v')])];
    expect(groupSegmentsBySize(segs, 2_147_483_647, 3 * big).map((g) => g.length)).toEqual([2, 1]);
  });
});

describe('cleanable range and dirty ratio (LogCleanerManagerTest, LogToClean)', () => {
  const eight = keyedLog(80, 80, 10); // segments at 0, 10, …, 70 and the active one at 80

  it('is bounded by the last stable offset (testCleanableOffsetsForNone)', () => {
    const log = { ...eight, lastStableOffset: 50 };
    expect(cleanableOffsets(log, 0, 0, config())).toEqual({
      firstDirtyOffset: 0,
      firstUncleanableDirtyOffset: 50,
      forceUpdateCheckpoint: false,
    });
    // LogToClean rounds the bound down to the segment holding it.
    expect(
      cleanableRange({ ...eight, lastStableOffset: 55 }, 0, 0, config()).firstUncleanableOffset,
    ).toBe(50);
  });

  it('is bounded by the active segment (testCleanableOffsetsActiveSegment)', () => {
    expect(cleanableOffsets(eight, 0, 0, config()).firstUncleanableDirtyOffset).toBe(80);
  });

  it('stops at the first segment younger than min.compaction.lag.ms (testCleanableOffsetsForTime, ForShortTime)', () => {
    const lag = 3_600_000;
    const t0 = 1_000_000;
    const t1 = t0 + lag + 1;
    const at = (ts: number, base: number) =>
      [base, [0, 1, 2].map((i) => rec(base + i, `${base + i}`, 'v', ts))] as const;
    const log = logOf([at(t0, 0), at(t0, 3), at(t1, 6), at(t1, 9), [12, []]], { logEndOffset: 12 });
    expect(
      cleanableOffsets(log, 0, t1, config({ minCompactionLagMs: lag })).firstUncleanableDirtyOffset,
    ).toBe(6);
    expect(
      cleanableOffsets(log, 0, t1 + lag + 1, config({ minCompactionLagMs: lag }))
        .firstUncleanableDirtyOffset,
    ).toBe(12);
  });

  it('resets a checkpoint outside the log (testCleanableOffsetsNeedsCheckpointReset)', () => {
    const log = { ...eight, logStartOffset: 20 };
    expect(
      cleanableOffsets({ ...eight, logStartOffset: 10 }, 15, 0, config()).forceUpdateCheckpoint,
    ).toBe(false);
    expect(cleanableOffsets(log, 15, 0, config())).toMatchObject({
      firstDirtyOffset: 20,
      forceUpdateCheckpoint: true,
    });
    expect(cleanableOffsets(log, 81, 0, config())).toMatchObject({
      firstDirtyOffset: 20,
      forceUpdateCheckpoint: true,
    });
  });

  it('counts clean and cleanable bytes by segment (testLogToCleanWithUncleanableSection, testLogToClean)', () => {
    const segs = eight.segments;
    const r = cleanableRange({ ...eight, lastStableOffset: 40 }, 20, 0, config());
    const sizeOf = (from: number, to: number) =>
      segs.slice(from, to).reduce((n, s) => n + segmentSizeBytes(s), 0);
    expect(r.cleanBytes).toBe(sizeOf(0, 2));
    expect(r.cleanableBytes).toBe(sizeOf(2, 4));
    expect(r.totalBytes).toBe(sizeOf(0, 4));
    expect(r.cleanableRatio).toBeCloseTo(0.5, 9);
    expect(cleanableRange(eight, 80, 0, config()).totalBytes).toBe(sizeOf(0, 8));
  });
});

describe('grabFilthiestLog (LogCleanerManagerTest.testGrabFilthiestCompactedLog*)', () => {
  const log = keyedLog(40, 40, 10);
  const cand = (id: string, checkpoint: number, o: Partial<CompactionConfig> = {}) => ({
    id,
    log,
    checkpoint,
    config: config(o),
  });

  it('returns the log with the dirtiest ratio (ReturnsLogWithDirtiestRatio)', () => {
    expect(grabFilthiestLog([cand('a', 30), cand('b', 0), cand('c', 10)], 0)?.id).toBe('b');
  });

  it('needs a ratio strictly above min.cleanable.dirty.ratio, skips delete-only logs, ties go to the first', () => {
    expect(grabFilthiestLog([cand('half', 20)], 0)).toBeNull();
    expect(grabFilthiestLog([cand('half', 20, { minCleanableDirtyRatio: 0.49 })], 0)?.id).toBe(
      'half',
    );
    expect(grabFilthiestLog([cand('d', 0, { cleanupPolicy: 'delete' })], 0)).toBeNull();
    expect(
      grabFilthiestLog([cand('x', 0, { cleanupPolicy: 'compact,delete' }), cand('y', 0)], 0)?.id,
    ).toBe('x');
  });

  it('cleans a log whose dirty data is older than max.compaction.lag.ms, whatever its ratio', () => {
    const old = cand('old', 30, { maxCompactionLagMs: 1000 });
    expect(grabFilthiestLog([old], 500)).toBeNull(); // record timestamps are 0: first batch timestamp 0 is ignored
    const stamped = { ...old, log: keyedLogAt(40, 10, 100) };
    expect(grabFilthiestLog([stamped], 2000)?.range.needCompactionNow).toBe(true);
    expect(grabFilthiestLog([stamped], 1000)).toBeNull();
  });
});

function keyedLogAt(count: number, perSegment: number, timestampMs: number): CleanerLog {
  const segs: [number, CleanerRecord[]][] = [];
  for (let o = 0; o < count; o += perSegment)
    segs.push([
      o,
      Array.from({ length: perSegment }, (_, i) => rec(o + i, `${o + i}`, 'v', timestampMs)),
    ]);
  segs.push([count, []]);
  return logOf(segs, { logEndOffset: count });
}

describe('record sizes (DefaultRecord.sizeInBytes)', () => {
  it('match what Kafka 4.3.1 wrote (CleanerProbe dumps)', () => {
    expect(recordSizeBytes('a', '1')).toBe(9);
    expect(recordSizeBytes('a', null)).toBe(8);
    expect(recordSizeBytes('a', null, -1050)).toBe(9);
    expect(61 + recordSizeBytes('a', '1')).toBe(70);
  });
});
