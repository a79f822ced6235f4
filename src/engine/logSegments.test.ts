import { describe, expect, it } from 'vitest';
import {
  advanceLogStartOffset,
  deleteOldestSegments,
  deletesByRetention,
  followLogStartOffset,
  logSizeBytes,
  logStartOffsetDeletable,
  maybeRoll,
  newSegment,
  noteAppended,
  retentionBytesDeletable,
  retentionMsDeletable,
  segmentEndOffset,
  truncateSegments,
  type SegmentConfig,
} from './logSegments';
import { logEndOffset, type LogRecord, type ReplicaLog } from './model';
import { dict } from './names';

/**
 * The segment rules against Kafka's own tests (core/src/test/scala/unit/kafka/log/
 * UnifiedLogTest.scala, as of apache/kafka 1eb7644). Kafka's figures are in multiples of the
 * size of one single-record batch (`createRecords.sizeInBytes`); `SET` stands for it here.
 */
const SET = 74;

function emptyLog(): ReplicaLog {
  return {
    brokerId: 1,
    records: [],
    logStartOffset: 0,
    endOffset: 0,
    segments: [newSegment(0, 0)],
    highWatermark: 0,
    epochs: [],
    lastSequences: dict(),
  };
}

function config(overrides: Partial<SegmentConfig>): SegmentConfig {
  return {
    segmentBytes: 1073741824,
    segmentMs: 604800000,
    retentionMs: 604800000,
    retentionBytes: -1,
    cleanupPolicy: 'delete',
    ...overrides,
  };
}

/** `log.appendAsLeader` of one single-record batch, as leader.ts appends: roll first, then append. */
function append(
  log: ReplicaLog,
  cfg: SegmentConfig,
  timestampMs: number,
  nowMs = timestampMs,
  sizeBytes = SET,
): void {
  const offset = logEndOffset(log);
  maybeRoll(log, cfg, offset, { sizeBytes, maxTimestampMs: timestampMs }, nowMs);
  const record: LogRecord = {
    key: null,
    value: 'test',
    headers: [],
    timestampMs,
    producer: 'p',
    sequence: offset,
    sizeBytes,
    partitionReason: 'explicit',
    offset,
    leaderEpoch: 0,
  };
  log.records.push(record);
  log.endOffset = record.offset + 1;
  noteAppended(log, sizeBytes, timestampMs, 1);
}

const counts = (log: ReplicaLog) => log.segments.map((s) => s.recordCount);
const bases = (log: ReplicaLog) => log.segments.map((s) => s.baseOffset);

/** Kafka's retention pass for one rule: how many go, then deleting them. */
function deleteBy(log: ReplicaLog, count: number, nowMs = 0) {
  return deleteOldestSegments(log, count, nowMs);
}

describe('rolling segments (LogSegment.shouldRoll)', () => {
  it('rolls when the batch does not fit: testSizeBasedLogRoll (segment.bytes = 10 × (set − 1))', () => {
    const cfg = config({ segmentBytes: 10 * (SET - 1) });
    const log = emptyLog();
    for (let i = 0; i < 11; i++) append(log, cfg, 0);
    // Kafka asserts 2 segments. `size > segment.bytes − batch` rolls before the 10th batch
    // (9 × SET > 10 × (SET − 1) − SET), so the first holds 9.
    expect(log.segments).toHaveLength(2);
    expect(counts(log)).toEqual([9, 2]);
    expect(bases(log)).toEqual([0, 9]);
    expect(log.segments[0].sizeBytes).toBe(9 * SET);
  });

  it('a batch exactly filling segment.bytes stays (5 × set: five per segment)', () => {
    const cfg = config({ segmentBytes: 5 * SET });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 10);
    expect(counts(log)).toEqual([5, 5, 5]);
  });

  it('rolls once more than segment.ms has passed since the first batch: testTimeBasedLogRollJitter with no jitter', () => {
    // segmentMs = 60 * 60L in Kafka's test (3600 ms); timestamps follow the mock clock.
    const cfg = config({ segmentMs: 3600 });
    const log = emptyLog();
    append(log, cfg, 1000);
    append(log, cfg, 1000 + 3600); // waited exactly segment.ms: `>` does not roll yet
    expect(log.segments).toHaveLength(1);
    append(log, cfg, 1000 + 3601);
    expect(log.segments).toHaveLength(2);
    expect(log.segments[1].rollingBasedTimestampMs).toBe(4601);
  });

  it('counts segment.ms from the first batch timestamp, not from the clock', () => {
    const cfg = config({ segmentMs: 3600 });
    const log = emptyLog();
    append(log, cfg, 0, 0);
    // The clock moved far on, but the batch is timestamped within segment.ms of the first.
    append(log, cfg, 3000, 1_000_000);
    expect(log.segments).toHaveLength(1);
  });

  it('never rolls an empty active segment, even for a batch larger than segment.bytes', () => {
    const cfg = config({ segmentBytes: 100 });
    const log = emptyLog();
    append(log, cfg, 0, 0, 500);
    expect(log.segments).toHaveLength(1);
    append(log, cfg, 0, 0, 10);
    expect(counts(log)).toEqual([1, 1]);
  });
});

describe('deletion by retention (UnifiedLog.deleteOldSegments)', () => {
  it('by time: shouldDeleteTimeBasedSegmentsReadyToBeDeleted leaves one (new, empty) segment', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionMs: 10000 });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 10);
    log.highWatermark = logEndOffset(log);
    const nowMs = 1_700_000_000_000;
    const { deleted, rolled } = deleteBy(log, retentionMsDeletable(log, cfg, nowMs), nowMs);
    // Every segment, the active one too: Kafka rolls first so the log keeps one.
    expect(deleted).toHaveLength(3);
    expect(rolled?.reason).toBe('retention');
    expect(log.segments).toHaveLength(1);
    expect(log.logStartOffset).toBe(15);
    expect(log.records).toHaveLength(0);
    expect(log.segments[0]).toMatchObject({ baseOffset: 15, recordCount: 0, sizeBytes: 0 });
  });

  it('by time: shouldNotDeleteTimeBasedSegmentsWhenNoneReadyToBeDeleted keeps three', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionMs: 10_000_000 });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 1000);
    log.highWatermark = logEndOffset(log);
    expect(retentionMsDeletable(log, cfg, 2000)).toBe(0);
    expect(log.segments).toHaveLength(3);
  });

  it('by time: a segment exactly retention.ms old stays; one ms later it goes (`now − largestTimestamp > retentionMs`)', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionMs: 60_000 });
    const log = emptyLog();
    for (let i = 0; i < 5; i++) append(log, cfg, 1000 + i);
    for (let i = 0; i < 5; i++) append(log, cfg, 50_000);
    log.highWatermark = logEndOffset(log);
    // The first segment's newest record is at 1004.
    expect(retentionMsDeletable(log, cfg, 61_004)).toBe(0);
    expect(retentionMsDeletable(log, cfg, 61_005)).toBe(1);
  });

  it('by size: shouldDeleteSizeBasedSegments (retention.bytes 10 × set) leaves two', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionBytes: 10 * SET });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 0);
    log.highWatermark = logEndOffset(log);
    deleteBy(log, retentionBytesDeletable(log, cfg));
    expect(log.segments).toHaveLength(2);
    expect(log.logStartOffset).toBe(5);
    expect(logSizeBytes(log)).toBe(10 * SET);
  });

  it('by size: shouldNotDeleteSizeBasedSegmentsWhenUnderRetentionSize (exactly 15 × set) keeps three', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionBytes: 15 * SET });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 0);
    log.highWatermark = logEndOffset(log);
    expect(retentionBytesDeletable(log, cfg)).toBe(0);
  });

  it('by size: only whole segments the excess covers (excess 9 × set, segments of 5: one goes)', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionBytes: 6 * SET });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 0);
    log.highWatermark = logEndOffset(log);
    // size 15, excess 9: the first (5) fits in it, the second (5 more) would not.
    expect(retentionBytesDeletable(log, cfg)).toBe(1);
  });

  it('never at or above the high watermark: testDeleteOldSegments', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionMs: 999 });
    const log = emptyLog();
    const nowMs = 10_000;
    for (let i = 0; i < 100; i++) append(log, cfg, nowMs - 1000, nowMs - 1000);
    log.epochs = [
      { epoch: 0, startOffset: 40 },
      { epoch: 1, startOffset: 90 },
    ];
    // No high watermark yet: nothing is eligible.
    expect(retentionMsDeletable(log, cfg, nowMs)).toBe(0);
    for (let hw = 25; hw <= 30; hw++) {
      log.highWatermark = hw;
      deleteBy(log, retentionMsDeletable(log, cfg, nowMs), nowMs);
      expect(log.logStartOffset).toBeLessThanOrEqual(hw);
      log.segments.forEach((_, i) => {
        // Every segment left still holds an offset at or above the high watermark.
        expect(segmentEndOffset(log, i) - 1).toBeGreaterThanOrEqual(Math.min(hw, 99));
      });
    }
    log.highWatermark = logEndOffset(log);
    deleteBy(log, retentionMsDeletable(log, cfg, nowMs), nowMs);
    expect(log.segments).toHaveLength(1);
    // "Epoch entries should have gone": the latest epoch, from the log end offset.
    expect(log.epochs).toEqual([{ epoch: 1, startOffset: 100 }]);
  });

  it('replaces the records array instead of cutting it (checkpoints keep the old one)', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionBytes: 10 * SET });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 0);
    log.highWatermark = logEndOffset(log);
    const before = log.records;
    deleteBy(log, retentionBytesDeletable(log, cfg));
    expect(before).toHaveLength(15);
    expect(log.records).not.toBe(before);
    expect(log.records[0].offset).toBe(5);
  });
});

describe("a follower's log start offset (maybeIncrementLogStartOffset)", () => {
  it('follows testLogDeletionAfterDeleteRecords: 1 keeps three segments, 6 two, 15 one', () => {
    const cfg = config({ segmentBytes: 5 * SET });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 0);
    log.highWatermark = logEndOffset(log);
    expect(followLogStartOffset(log, 1)).toHaveLength(0);
    expect([log.logStartOffset, log.segments.length]).toEqual([1, 3]);
    expect(followLogStartOffset(log, 6)).toHaveLength(1);
    expect([log.logStartOffset, log.segments.length]).toEqual([6, 2]);
    expect(followLogStartOffset(log, 15)).toHaveLength(1);
    expect([log.logStartOffset, log.segments.length]).toEqual([15, 1]);
    // kafkascope drops the records below the start at once: the first segment starts there.
    expect(log.segments[0]).toMatchObject({ baseOffset: 15, recordCount: 0 });
  });

  it('never past its own high watermark (Kafka refuses it), never back', () => {
    const cfg = config({ segmentBytes: 5 * SET });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 0);
    log.highWatermark = 8;
    followLogStartOffset(log, 10);
    expect(log.logStartOffset).toBe(0);
    followLogStartOffset(log, 7);
    followLogStartOffset(log, 3);
    expect(log.logStartOffset).toBe(7);
    expect(counts(log)).toEqual([3, 5]);
  });
});

describe('truncation (LocalLog.truncateTo)', () => {
  it('drops the segments above the offset and recounts the last one left', () => {
    const cfg = config({ segmentBytes: 5 * SET });
    const log = emptyLog();
    for (let i = 0; i < 13; i++) append(log, cfg, i);
    log.records = log.records.slice(0, 7);
    log.endOffset = 7;
    truncateSegments(log, 500);
    expect(bases(log)).toEqual([0, 5]);
    expect(counts(log)).toEqual([5, 2]);
    expect(log.segments[1]).toMatchObject({ sizeBytes: 2 * SET, maxTimestampMs: 6 });
  });

  it('a segment left empty counts segment.ms afresh from now', () => {
    const cfg = config({ segmentBytes: 5 * SET });
    const log = emptyLog();
    for (let i = 0; i < 8; i++) append(log, cfg, i);
    log.records = log.records.slice(0, 5);
    log.endOffset = 5;
    truncateSegments(log, 500);
    expect(bases(log)).toEqual([0, 5]);
    expect(log.segments[1]).toMatchObject({
      recordCount: 0,
      rollingBasedTimestampMs: -1,
      createdAtMs: 500,
    });
  });
});

/**
 * More of Kafka's own tests (storage/src/test/java/org/apache/kafka/storage/internals/log/
 * UnifiedLogTest.java, apache/kafka b967e968), with their figures. The retention suite
 * (scripts/conformance/rules/retention.ts) checks the same rules against Kafka 4.3.1 on random
 * cases; these pin the named situations.
 */
describe("Kafka's UnifiedLogTest, more cases", () => {
  it('testTimeBasedLogRollDuringAppend: segment.ms counts from creation until a batch has a timestamp', () => {
    // segmentMs = ONE_HOUR = 60 * 60L ms; Kafka's records without a timestamp have -1.
    const cfg = config({ segmentMs: 3600 });
    const log = emptyLog();
    let nowMs = 0;
    nowMs += 3601;
    append(log, cfg, -1, nowMs);
    expect(log.segments).toHaveLength(1); // "doesn't roll if doing so creates an empty segment"
    append(log, cfg, -1, nowMs);
    expect(log.segments).toHaveLength(2); // rolls on this append since time has expired
    for (let n = 3; n < 5; n++) {
      nowMs += 3601;
      append(log, cfg, -1, nowMs);
      expect(log.segments).toHaveLength(n);
    }
    // A timestamped batch in a segment whose first batch had none: still the clock, from creation.
    const timestampMs = nowMs + 3601;
    append(log, cfg, timestampMs, nowMs);
    expect(log.segments).toHaveLength(4);
    nowMs += 3601;
    append(log, cfg, timestampMs, nowMs);
    expect(log.segments).toHaveLength(5); // a new segment, whose first batch has a timestamp
    nowMs += 3601;
    append(log, cfg, timestampMs, nowMs);
    expect(log.segments).toHaveLength(5); // the clock no longer counts: the first timestamp does
    append(log, cfg, nowMs, nowMs);
    expect(log.segments).toHaveLength(6); // this batch's timestamp is more than segment.ms later
  });

  it('shouldTruncateLeaderEpochsWhenDeletingSegments: the epoch of the deleted segment goes', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionBytes: 10 * SET });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 0);
    log.epochs = [
      { epoch: 0, startOffset: 0 },
      { epoch: 1, startOffset: 5 },
      { epoch: 2, startOffset: 10 },
    ];
    log.highWatermark = logEndOffset(log);
    expect(deleteBy(log, retentionBytesDeletable(log, cfg)).deleted.length).toBeGreaterThan(0);
    expect(log.epochs).toEqual([
      { epoch: 1, startOffset: 5 },
      { epoch: 2, startOffset: 10 },
    ]);
  });

  it('shouldUpdateOffsetForLeaderEpochsWhenDeletingSegments: an epoch spanning the new start starts there', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionBytes: 10 * SET });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 0);
    log.epochs = [
      { epoch: 0, startOffset: 0 },
      { epoch: 1, startOffset: 7 },
      { epoch: 2, startOffset: 10 },
    ];
    log.highWatermark = logEndOffset(log);
    deleteBy(log, retentionBytesDeletable(log, cfg));
    expect(log.epochs).toEqual([
      { epoch: 0, startOffset: 5 },
      { epoch: 1, startOffset: 7 },
      { epoch: 2, startOffset: 10 },
    ]);
  });

  it('shouldDeleteSegmentsReadyToBeDeletedWhenCleanupPolicyIsCompactAndDelete: size, then age, leave one', () => {
    // Records stamped 10 ms after the epoch, retention.ms at its 7-day default, the clock today.
    const cfg = config({
      segmentBytes: 5 * SET,
      retentionBytes: 10 * SET,
      cleanupPolicy: 'compact,delete',
    });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 10);
    log.highWatermark = logEndOffset(log);
    const nowMs = 1_767_225_600_000;
    expect(deletesByRetention(cfg)).toBe(true);
    // UnifiedLog.deleteOldSegments' order: log start offset, retention.bytes, retention.ms.
    expect(deleteBy(log, logStartOffsetDeletable(log), nowMs).deleted).toHaveLength(0);
    expect(deleteBy(log, retentionBytesDeletable(log, cfg), nowMs).deleted).toHaveLength(1);
    expect(deleteBy(log, retentionMsDeletable(log, cfg, nowMs), nowMs).deleted).toHaveLength(2);
    expect(log.segments).toHaveLength(1);
    expect(log.segments[0]).toMatchObject({ baseOffset: 15, sizeBytes: 0 });
  });

  it('shouldNotDeleteSegmentsWhenPolicyDoesNotIncludeDelete: compact alone deletes by neither size nor age', () => {
    const cfg = config({ segmentBytes: 5 * SET, retentionMs: 10_000, cleanupPolicy: 'compact' });
    expect(deletesByRetention(cfg)).toBe(false);
    expect(deletesByRetention({ ...cfg, cleanupPolicy: 'delete' })).toBe(true);
    // delete with neither limit (-1, -1) has nothing to delete by either.
    expect(deletesByRetention(config({ retentionMs: -1, retentionBytes: -1 }))).toBe(false);
  });

  it('shouldDeleteStartOffsetBreachedSegmentsWhenPolicyDoesNotIncludeDelete: the segment wholly below the log start goes', () => {
    const cfg = config({ segmentBytes: 5 * SET, cleanupPolicy: 'compact' });
    const log = emptyLog();
    for (let i = 0; i < 15; i++) append(log, cfg, 10);
    expect(log.segments).toHaveLength(3);
    log.highWatermark = logEndOffset(log);
    advanceLogStartOffset(log, 5);
    expect(deleteBy(log, logStartOffsetDeletable(log)).deleted).toHaveLength(1);
    expect(log.segments).toHaveLength(2);
    expect(log.segments[0].baseOffset).toBeLessThanOrEqual(log.logStartOffset);
    expect(log.segments[1].baseOffset).toBeGreaterThan(log.logStartOffset);
  });
});
