import { logEndOffset, type LogRecord, type ReplicaLog, type TopicConfig } from './model';
import { countRecords, entryEndOffset, recordCount, sliceEntry } from './recordRuns';

/**
 * A replica log's segments, as Kafka's `LocalLog` keeps them: the bookkeeping only (the records
 * stay in the log's one `records` array). The last segment is the active one, the only one
 * appended to. Everything that rolls, trims or deletes segments lives here, so the log cleaner
 * (compaction) can later replace a range of segments through the same few functions.
 *
 * Offsets are not assumed dense in this module: a segment ends where the next one begins (or
 * at the log end offset for the active one), never at `baseOffset + recordCount`, and records
 * are found by offset with a binary search ({@link recordIndex}), so a compacted log (sparse
 * offsets) keeps working here. The log cleaner's hook: it rewrites the records of a range of
 * closed segments and replaces those segments (same base offsets, fewer records and bytes);
 * `replaceCleanedSegments` does that for compaction.ts, and invariants.ts checks a log some
 * replica of which was cleaned with `checkSparseSegments` instead of the dense rule.
 */
export interface LogSegment {
  /** The offset of its first record (or, while empty, of the first record it will hold). */
  baseOffset: number;
  /** The records' bytes (`sizeBytes` summed): what segment.bytes and retention.bytes count. */
  sizeBytes: number;
  recordCount: number;
  /** The largest record timestamp in it, -1 while empty: what retention.ms compares (`largestTimestamp`). */
  maxTimestampMs: number;
  /**
   * segment.ms counts from here: the largest timestamp of the first batch appended to it
   * (`LogSegment.rollingBasedTimestamp`), -1 while empty.
   */
  rollingBasedTimestampMs: number;
  /** Virtual time it was created (Kafka's `created`: segment.ms counts from it while empty). */
  createdAtMs: number;
}

/** The topic settings segments and retention read (a {@link TopicConfig} has them all). */
export type SegmentConfig = Pick<
  TopicConfig,
  'segmentBytes' | 'segmentMs' | 'retentionMs' | 'retentionBytes' | 'cleanupPolicy'
>;

/** A batch about to be appended, as `LogSegment.shouldRoll` sees it. */
export interface BatchInfo {
  sizeBytes: number;
  maxTimestampMs: number;
}

export function newSegment(baseOffset: number, nowMs: number): LogSegment {
  return {
    baseOffset,
    sizeBytes: 0,
    recordCount: 0,
    maxTimestampMs: -1,
    rollingBasedTimestampMs: -1,
    createdAtMs: nowMs,
  };
}

export function activeSegment(log: ReplicaLog): LogSegment {
  return log.segments[log.segments.length - 1];
}

/** One past the last offset a segment can hold: the next segment's base, or the log end offset. */
export function segmentEndOffset(log: ReplicaLog, index: number): number {
  const next = log.segments[index + 1];
  return next !== undefined ? next.baseOffset : logEndOffset(log);
}

/**
 * The index in `log.records` of the first entry holding an offset at or above `offset`
 * (records.length if none): a record at or above it, or a run (recordRuns.ts) that ends above it.
 */
export function recordIndex(log: ReplicaLog, offset: number): number {
  const { records } = log;
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entryEndOffset(records[mid]) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `LogSegment.timeWaitedForRoll`: from the first batch's timestamp to the new batch's largest
 * one, or (a segment with no timestamped batch yet) from its creation to now.
 */
export function timeWaitedForRollMs(
  segment: LogSegment,
  nowMs: number,
  batchMaxTimestampMs: number,
): number {
  if (segment.rollingBasedTimestampMs >= 0)
    return batchMaxTimestampMs - segment.rollingBasedTimestampMs;
  return nowMs - segment.createdAtMs;
}

/**
 * `LogSegment.shouldRoll` (segment.jitter.ms 0, and indexes never full): the batch does not fit
 * in segment.bytes, or a non-empty segment has waited more than segment.ms.
 */
export function shouldRoll(
  segment: LogSegment,
  config: SegmentConfig,
  batchBytes: number,
  batchMaxTimestampMs: number,
  nowMs: number,
): boolean {
  if (segment.sizeBytes > config.segmentBytes - batchBytes) return true;
  return (
    segment.sizeBytes > 0 &&
    timeWaitedForRollMs(segment, nowMs, batchMaxTimestampMs) > config.segmentMs
  );
}

/** A segment roll, as the caller reports it (the `segmentRolled` event). */
export interface RolledSegment {
  /** The segment that stopped being active. */
  readonly closed: LogSegment;
  readonly closedEndOffset: number;
  readonly reason: 'segment.bytes' | 'segment.ms' | 'retention';
}

/**
 * `UnifiedLog.maybeRoll`: before a batch whose first offset is `baseOffset` is appended, rolls a
 * new active segment there when the batch calls for it. Returns what was rolled, or null.
 */
export function maybeRoll(
  log: ReplicaLog,
  config: SegmentConfig,
  baseOffset: number,
  batch: BatchInfo,
  nowMs: number,
): RolledSegment | null {
  const active = activeSegment(log);
  // An empty active segment takes the batch however big: Kafka's roll would only replace it
  // with another empty one at the same offset (and refuses a batch above segment.bytes first).
  if (active.sizeBytes === 0) return null;
  if (!shouldRoll(active, config, batch.sizeBytes, batch.maxTimestampMs, nowMs)) return null;
  const full = active.sizeBytes > config.segmentBytes - batch.sizeBytes;
  return roll(log, baseOffset, nowMs, full ? 'segment.bytes' : 'segment.ms');
}

/** Closes the active segment and starts a new, empty one at `baseOffset` (`LocalLog.roll`). */
export function roll(
  log: ReplicaLog,
  baseOffset: number,
  nowMs: number,
  reason: RolledSegment['reason'],
): RolledSegment {
  const closed = activeSegment(log);
  log.segments.push(newSegment(baseOffset, nowMs));
  return { closed, closedEndOffset: baseOffset, reason };
}

/**
 * Records a batch appended to the active segment (`LogSegment.append`): the first batch of an
 * empty segment sets the timestamp segment.ms counts from.
 */
export function noteAppended(
  log: ReplicaLog,
  batchBytes: number,
  batchMaxTimestampMs: number,
  count: number,
): void {
  const active = activeSegment(log);
  if (active.sizeBytes === 0) active.rollingBasedTimestampMs = batchMaxTimestampMs;
  active.sizeBytes += batchBytes;
  active.recordCount += count;
  if (batchMaxTimestampMs > active.maxTimestampMs) active.maxTimestampMs = batchMaxTimestampMs;
}

/** The bytes and largest timestamp of `records[from, to)`. */
export function batchInfo(records: readonly LogRecord[], from = 0, to = records.length): BatchInfo {
  let sizeBytes = 0;
  let maxTimestampMs = -1;
  for (let i = from; i < to; i++) {
    sizeBytes += records[i].sizeBytes;
    if (records[i].timestampMs > maxTimestampMs) maxTimestampMs = records[i].timestampMs;
  }
  return { sizeBytes, maxTimestampMs };
}

/**
 * Truncation to `toOffset` (`LocalLog.truncateTo`), after `log.records` was cut there and
 * `log.endOffset` set to it: segments starting above it go, the last one left is recounted
 * from its remaining records, and one left empty forgets its rolling timestamp and counts
 * segment.ms from now (`LogSegment.truncateTo`).
 */
export function truncateSegments(log: ReplicaLog, nowMs: number): void {
  const end = logEndOffset(log);
  let keep = log.segments.length;
  while (keep > 1 && log.segments[keep - 1].baseOffset > end) keep--;
  const segments = log.segments.slice(0, keep);
  const last = { ...segments[keep - 1] };
  if (last.baseOffset > end) last.baseOffset = end;
  segments[keep - 1] = last;
  log.segments = segments;
  recount(log, keep - 1);
  if (last.sizeBytes === 0) {
    last.createdAtMs = nowMs;
    last.rollingBasedTimestampMs = -1;
  }
}

/** Recounts segment `index` from the records it holds (after records were cut from it). */
function recount(log: ReplicaLog, index: number): void {
  const segment = log.segments[index];
  const from = recordIndex(log, segment.baseOffset);
  const to = recordIndex(log, segmentEndOffset(log, index));
  const info = batchInfo(log.records, from, to);
  segment.sizeBytes = info.sizeBytes;
  segment.recordCount = countRecords(log.records, from, to);
  segment.maxTimestampMs = info.maxTimestampMs;
}

/** The log's size in bytes (`UnifiedLog.size`): its segments' sizes summed. */
export function logSizeBytes(log: ReplicaLog): number {
  let total = 0;
  for (const segment of log.segments) total += segment.sizeBytes;
  return total;
}

export function deletesByRetention(config: SegmentConfig): boolean {
  return (
    config.cleanupPolicy !== 'compact' && (config.retentionMs >= 0 || config.retentionBytes >= 0)
  );
}

/**
 * `UnifiedLog.deletableSegments`: the oldest segments, in order, while each is wholly below the
 * replica's high watermark and `predicate` holds for it; a last segment that is empty never
 * is. The active segment is included when it qualifies: {@link deleteSegments} then rolls first.
 * `predicate` is called only for segments below the high watermark, in order (the size rule
 * counts down as it goes).
 */
export function deletableSegmentCount(
  log: ReplicaLog,
  predicate: (segment: LogSegment, index: number) => boolean,
): number {
  let count = 0;
  for (let i = 0; i < log.segments.length; i++) {
    const segment = log.segments[i];
    const isLastAndEmpty = i === log.segments.length - 1 && segment.sizeBytes === 0;
    // Never at or beyond the high watermark, so the log start offset cannot pass it.
    if (!(log.highWatermark >= segmentEndOffset(log, i) && predicate(segment, i)) || isLastAndEmpty)
      break;
    count++;
  }
  return count;
}

/** `deleteRetentionMsBreachedSegments`: strictly older than retention.ms (`now - largestTimestamp > retentionMs`). */
export function retentionMsDeletable(
  log: ReplicaLog,
  config: SegmentConfig,
  nowMs: number,
): number {
  if (config.retentionMs < 0) return 0;
  return deletableSegmentCount(log, (s) => nowMs - s.maxTimestampMs > config.retentionMs);
}

/**
 * `deleteRetentionSizeBreachedSegments`: nothing unless the log is at least retention.bytes;
 * then the oldest segments while the excess (`size - retentionBytes`) still covers each whole.
 */
export function retentionBytesDeletable(log: ReplicaLog, config: SegmentConfig): number {
  const size = logSizeBytes(log);
  if (config.retentionBytes < 0 || size < config.retentionBytes) return 0;
  let diff = size - config.retentionBytes;
  return deletableSegmentCount(log, (s) => {
    if (diff - s.sizeBytes < 0) return false;
    diff -= s.sizeBytes;
    return true;
  });
}

/**
 * `deleteLogStartOffsetBreachedSegments`: segments wholly below the log start offset (a
 * follower that learned a higher one from its leader).
 */
export function logStartOffsetDeletable(log: ReplicaLog): number {
  return deletableSegmentCount(
    log,
    (_, i) => i + 1 < log.segments.length && log.segments[i + 1].baseOffset <= log.logStartOffset,
  );
}

/** A deleted segment, with where it ended, as the `segmentDeleted` event reports it. */
export interface DeletedSegment {
  readonly segment: LogSegment;
  readonly endOffset: number;
}

/**
 * `UnifiedLog.deleteSegments`: deletes the oldest `count` segments. Deleting them all rolls a new
 * active segment first (a log always has one). The log start offset moves to the next segment's
 * base, and `records` is replaced by a slice, never cut in place: checkpoints and snapshots keep
 * the old array.
 */
export function deleteOldestSegments(
  log: ReplicaLog,
  count: number,
  nowMs: number,
): { deleted: DeletedSegment[]; rolled: RolledSegment | null } {
  if (count <= 0) return { deleted: [], rolled: null };
  const rolled =
    count >= log.segments.length ? roll(log, logEndOffset(log), nowMs, 'retention') : null;
  const deleted = log.segments
    .slice(0, count)
    .map((segment, i) => ({ segment, endOffset: segmentEndOffset(log, i) }));
  log.segments = log.segments.slice(count);
  advanceLogStartOffset(log, log.segments[0].baseOffset);
  return { deleted, rolled };
}

/**
 * Moves the log start offset up to `to` (never down, never past the log end): the records below
 * it go (a new array), the epoch cache is trimmed from the start (`truncateFromStart`: the
 * entry covering `to` now starts there). Segments are not touched: the caller deletes or trims
 * them.
 */
export function advanceLogStartOffset(log: ReplicaLog, to: number): void {
  const target = Math.min(to, logEndOffset(log));
  if (target <= log.logStartOffset) return;
  const first = recordIndex(log, target);
  const records = log.records.slice(first);
  // A run holding the new start loses its records below it (only a follower's can: its runs
  // were cut where its fetches ended, not where its leader's segments begin).
  if (records.length > 0 && records[0].offset < target)
    records[0] = sliceEntry(records[0], target - records[0].offset, recordCount(records[0]));
  log.records = records;
  log.logStartOffset = target;
  let firstEpoch = 0;
  while (firstEpoch + 1 < log.epochs.length && log.epochs[firstEpoch + 1].startOffset <= target)
    firstEpoch++;
  const epochs = log.epochs.slice(firstEpoch);
  if (epochs.length > 0 && epochs[0].startOffset < target)
    epochs[0] = { epoch: epochs[0].epoch, startOffset: target };
  log.epochs = epochs;
}

/**
 * A follower's log start offset moves up to its leader's (`maybeIncrementLogStartOffset` with
 * the fetch response's logStartOffset): segments wholly below it go, and the one it falls in
 * loses its records below it. Kafka keeps that segment's file whole until its next retention
 * pass (the records below the log start are only unreadable); kafkascope's logs hold no records
 * below their start, so they go at once and the segment's base moves up with them.
 */
export function followLogStartOffset(log: ReplicaLog, to: number): DeletedSegment[] {
  if (to <= log.logStartOffset || to > log.highWatermark) return [];
  let whole = 0;
  while (whole + 1 < log.segments.length && log.segments[whole + 1].baseOffset <= to) whole++;
  const deleted = log.segments
    .slice(0, whole)
    .map((segment, i) => ({ segment, endOffset: segmentEndOffset(log, i) }));
  log.segments = log.segments.slice(whole);
  advanceLogStartOffset(log, to);
  const first = { ...log.segments[0] };
  if (first.baseOffset < log.logStartOffset) {
    first.baseOffset = log.logStartOffset;
    log.segments[0] = first;
    recount(log, 0);
  }
  return deleted;
}

/**
 * `truncateFullyAndStartAt`: the follower's whole log goes (it fell below its leader's log
 * start) and it starts again, empty, at `offset`.
 */
export function truncateFullyAndStartAt(log: ReplicaLog, offset: number, nowMs: number): void {
  log.records = [];
  log.logStartOffset = offset;
  log.endOffset = offset;
  delete log.cleanerCheckpoint;
  delete log.deleteHorizons;
  log.highWatermark = offset;
  log.epochs = [];
  log.segments = [newSegment(offset, nowMs)];
}

/**
 * The log cleaner's swap (`Cleaner.cleanSegments` → `replaceSegments`): each group of the oldest
 * segments (listed by base offset, in order, as `cleanLog` grouped them) becomes one segment at
 * the group's first base, after `log.records` was replaced by the records kept. The new
 * segment is recounted from the records it holds (it may hold none: Kafka keeps a cleaned
 * segment however little it keeps); it keeps the group's creation and roll timestamps, and its
 * largest timestamp is its records' (or, emptied, the group's: retention then ages it as before).
 */
export function replaceCleanedSegments(
  log: ReplicaLog,
  groups: readonly (readonly number[])[],
): void {
  const replaced = groups.reduce((n, g) => n + g.length, 0);
  const merged: LogSegment[] = groups.map((group, g) => {
    const first = groups.slice(0, g).reduce((n, x) => n + x.length, 0);
    const sources = log.segments.slice(first, first + group.length);
    return {
      ...sources[0],
      maxTimestampMs: Math.max(...sources.map((s) => s.maxTimestampMs)),
    };
  });
  log.segments = [...merged, ...log.segments.slice(replaced)];
  for (let i = 0; i < merged.length; i++) {
    const before = log.segments[i].maxTimestampMs;
    recount(log, i);
    if (log.segments[i].recordCount === 0) log.segments[i].maxTimestampMs = before;
  }
}
