/**
 * Kafka's log cleaner (`cleanup.policy=compact`) as pure functions over plain data.
 *
 * Sources (Kafka 4.3.1, kafka-storage `org.apache.kafka.storage.internals.log`):
 * - `LogCleanerManager.cleanableOffsets` / `calculateCleanableBytes` / `maxCompactionDelay` /
 *   `grabFilthiestCompactedLog` and `LogToClean`: which part of a log may be cleaned, its dirty
 *   ratio, and which log a cleaner thread picks.
 * - `Cleaner.doClean` / `buildOffsetMap` / `groupSegmentsBySize` / `cleanInto` /
 *   `shouldRetainRecord`, with kafka-clients' `MemoryRecords.filterTo`: the pass itself.
 *
 * The model is batch-based, as Kafka's is: a segment holds record batches, and the delete
 * horizon of KIP-534 is stamped on a batch (`deleteHorizonMs` = clean time +
 * `delete.retention.ms`) by the first clean that keeps a tombstone of that batch; a later clean
 * at or after that time drops the batch's tombstones. kafkascope's producer writes one record
 * per batch, so `singleRecordBatches` gives every record its own horizon.
 *
 * Not modelled: transactions (aborted batches, markers; `CleanedTransactionMetadata`), message
 * formats before v2 (the legacy horizon from segment mtimes), key-hash collisions of the MD5
 * `SkimpyOffsetMap`, index sizes in `groupSegmentsBySize` (kafkascope's indexes never fill),
 * file mtimes (a segment without timestamps counts `lastModifiedMs`, default 0, where Kafka
 * reads the file's mtime), and the last-modified time a cleaned segment inherits.
 *
 * Retained on purpose, as Kafka does: a batch whose records all go is kept empty (header only,
 * its offsets intact) if it holds an active idempotent producer's last sequence, or if it is the
 * last batch before the round's upper bound, so the log's last offset survives. Otherwise the
 * last record of a log is not special: the active segment is never cleaned, so the newest
 * records always stay until they roll out of it.
 */

/** A record as the cleaner sees it. `value: null` is a tombstone; `key: null` is invalid in a compacted topic. */
export interface CleanerRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly timestampMs: number;
  /** The record's size inside its batch (Kafka: `DefaultRecord.sizeInBytes`). */
  readonly sizeBytes: number;
}

/** A record batch (magic v2). Offsets `baseOffset..lastOffset` survive cleaning even if records go. */
export interface CleanerBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly records: readonly CleanerRecord[];
  /** KIP-534's delete horizon, stamped by the first clean that keeps a tombstone of this batch; null: not yet. */
  readonly deleteHorizonMs: number | null;
  /** The idempotent producer's id, or -1 (`RecordBatch.NO_PRODUCER_ID`). */
  readonly producerId: number;
  /** The batch header's max timestamp (kept by an emptied batch). */
  readonly maxTimestampMs: number;
}

export interface CleanerSegment {
  readonly baseOffset: number;
  readonly batches: readonly CleanerBatch[];
  /** The file's mtime: Kafka's `largestTimestamp` for a segment without timestamps. Default 0. */
  readonly lastModifiedMs?: number;
}

/** A partition's log: segments ascending, the last one active (never cleaned). */
export interface CleanerLog {
  readonly segments: readonly CleanerSegment[];
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  /** The last stable offset (the high watermark without transactions): cleaning stops before it. */
  readonly lastStableOffset: number;
}

export type CleanupPolicy = 'compact' | 'delete' | 'compact,delete';

/** The topic configs the cleaner reads (Kafka's names in camelCase, Kafka's defaults). */
export interface CompactionConfig {
  readonly cleanupPolicy: CleanupPolicy;
  readonly deleteRetentionMs: number;
  readonly minCompactionLagMs: number;
  readonly maxCompactionLagMs: number;
  readonly minCleanableDirtyRatio: number;
  readonly segmentBytes: number;
}

export const DEFAULT_COMPACTION_CONFIG: CompactionConfig = {
  cleanupPolicy: 'compact',
  deleteRetentionMs: 86_400_000,
  minCompactionLagMs: 0,
  maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
  minCleanableDirtyRatio: 0.5,
  segmentBytes: 1_073_741_824,
};

/** `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: a v2 batch header. */
export const RECORD_BATCH_OVERHEAD_BYTES = 61;
const INT_MAX = 2_147_483_647;

/**
 * What a leader answers when a compacted topic is sent a record without a key
 * (`LogValidator.validateKey`): the batch is refused with INVALID_RECORD.
 */
export const NULL_KEY_IN_COMPACTED_TOPIC = {
  error: 'INVALID_RECORD',
  message: (topic: string, partition: number) =>
    `Compacted topic cannot accept message without key in topic partition ${topic}-${partition}`,
} as const;

export function isCompacted(config: CompactionConfig): boolean {
  return config.cleanupPolicy !== 'delete';
}

// ---- sizes ----

function varintBytes(zigzag: number): number {
  let n = 1;
  let v = zigzag;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Bytes of a zig-zag varint/varlong holding `v` (Kafka's `ByteUtils.sizeOfVarlong`). */
export function varlongBytes(v: number): number {
  return varintBytes(v >= 0 ? 2 * v : -2 * v - 1);
}

function utf8Bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * A v2 record's size in its batch (`DefaultRecord.sizeInBytes`, no headers): a length varint,
 * then attributes, timestamp and offset deltas, key and value with their lengths (-1 for null).
 * Strings count as UTF-8 (lone surrogates as 3 bytes, as Java's encoder replaces them).
 */
export function recordSizeBytes(
  key: string | null,
  value: string | null,
  timestampDeltaMs = 0,
  offsetDelta = 0,
): number {
  const field = (s: string | null) =>
    s === null ? varlongBytes(-1) : varlongBytes(utf8Bytes(s)) + utf8Bytes(s);
  const body =
    1 + varlongBytes(timestampDeltaMs) + varlongBytes(offsetDelta) + field(key) + field(value) + 1;
  return varlongBytes(body) + body;
}

/** A record's size once its timestamp delta changes (the batch's base timestamp moved). */
function resizedForDelta(sizeBytes: number, oldDeltaMs: number, newDeltaMs: number): number {
  if (oldDeltaMs === newDeltaMs) return sizeBytes;
  let body = sizeBytes - 1;
  while (body + varlongBytes(body) > sizeBytes) body--;
  const newBody = body - varlongBytes(oldDeltaMs) + varlongBytes(newDeltaMs);
  return newBody + varlongBytes(newBody);
}

export function batchSizeBytes(b: CleanerBatch): number {
  let n = RECORD_BATCH_OVERHEAD_BYTES;
  for (const r of b.records) n += r.sizeBytes;
  return n;
}

export function segmentSizeBytes(s: CleanerSegment): number {
  let n = 0;
  for (const b of s.batches) n += batchSizeBytes(b);
  return n;
}

/** One batch per record (kafkascope's producer), without a horizon yet. */
export function singleRecordBatches(
  records: readonly CleanerRecord[],
  producerId = -1,
): CleanerBatch[] {
  return records.map((r) => ({
    baseOffset: r.offset,
    lastOffset: r.offset,
    records: [r],
    deleteHorizonMs: null,
    producerId,
    maxTimestampMs: r.timestampMs,
  }));
}

// ---- which part of a log is cleanable (LogCleanerManager) ----

function activeSegment(log: CleanerLog): CleanerSegment {
  const s = log.segments[log.segments.length - 1];
  if (s === undefined) throw new Error('a log has at least its active segment');
  return s;
}

/** `LogSegments.values(from, to)`: the segments that may hold offsets in [from, to). */
function segmentsIn(log: CleanerLog, from: number, to: number): CleanerSegment[] {
  if (from === to) return [];
  if (to < from) throw new Error(`invalid segment range [${from}, ${to})`);
  let start = 0;
  for (let i = 0; i < log.segments.length; i++) if (log.segments[i].baseOffset <= from) start = i;
  return log.segments.slice(start).filter((s) => s.baseOffset < to);
}

/** `nonActiveLogSegmentsFrom(from)`. */
function nonActiveSegmentsFrom(log: CleanerLog, from: number): CleanerSegment[] {
  const active = activeSegment(log);
  return from > active.baseOffset ? [] : segmentsIn(log, from, active.baseOffset);
}

function largestTimestampMs(s: CleanerSegment): number {
  let max = -1;
  for (const b of s.batches) max = Math.max(max, b.maxTimestampMs);
  return max >= 0 ? max : (s.lastModifiedMs ?? 0);
}

/** `LogSegment.getFirstBatchTimestamp`: the first batch's max timestamp, or none. */
function firstBatchTimestampMs(s: CleanerSegment): number | null {
  const b = s.batches[0];
  return b !== undefined && b.maxTimestampMs >= 0 ? b.maxTimestampMs : null;
}

export interface CleanableOffsets {
  readonly firstDirtyOffset: number;
  /** Exclusive: cleaning stops before it (the LSO, the active segment, min.compaction.lag.ms). */
  readonly firstUncleanableDirtyOffset: number;
  /** The checkpoint was outside the log and is reset to the log start. */
  readonly forceUpdateCheckpoint: boolean;
}

/** `LogCleanerManager.cleanableOffsets`: the checkpoint (null: none yet) clamped, and the bound. */
export function cleanableOffsets(
  log: CleanerLog,
  checkpoint: number | null,
  nowMs: number,
  config: CompactionConfig,
): CleanableOffsets {
  const fromCheckpoint = checkpoint ?? log.logStartOffset;
  const invalid = fromCheckpoint < log.logStartOffset || fromCheckpoint > log.logEndOffset;
  const firstDirtyOffset = invalid ? log.logStartOffset : fromCheckpoint;
  let bound = Math.min(log.lastStableOffset, activeSegment(log).baseOffset);
  const lagMs = Math.max(config.minCompactionLagMs, 0);
  if (lagMs > 0) {
    const young = nonActiveSegmentsFrom(log, firstDirtyOffset).find(
      (s) => largestTimestampMs(s) > nowMs - lagMs,
    );
    if (young !== undefined) bound = Math.min(bound, young.baseOffset);
  }
  return {
    firstDirtyOffset,
    firstUncleanableDirtyOffset: Math.max(firstDirtyOffset, bound),
    forceUpdateCheckpoint: invalid,
  };
}

/** `maxCompactionDelay`: how long past max.compaction.lag.ms the oldest dirty segment is (0: not due). */
export function maxCompactionDelayMs(
  log: CleanerLog,
  firstDirtyOffset: number,
  nowMs: number,
  config: CompactionConfig,
): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const s of nonActiveSegmentsFrom(log, firstDirtyOffset)) {
    const t = firstBatchTimestampMs(s);
    if (t !== null && t > 0) earliest = Math.min(earliest, t);
  }
  const cleanUntilMs = nowMs - Math.max(config.maxCompactionLagMs, 0);
  return earliest < cleanUntilMs ? cleanUntilMs - earliest : 0;
}

/** `LogToClean`: the range a clean covers and its dirty ratio. */
export interface CleanableRange {
  readonly firstDirtyOffset: number;
  /** A segment's base offset (`calculateCleanableBytes` rounds the bound down to one). */
  readonly firstUncleanableOffset: number;
  readonly cleanBytes: number;
  readonly cleanableBytes: number;
  readonly totalBytes: number;
  /** cleanableBytes / totalBytes (NaN for an empty log, as in Kafka). */
  readonly cleanableRatio: number;
  readonly forceUpdateCheckpoint: boolean;
  /** max.compaction.lag.ms has passed for some dirty segment. */
  readonly needCompactionNow: boolean;
}

export function cleanableRange(
  log: CleanerLog,
  checkpoint: number | null,
  nowMs: number,
  config: CompactionConfig,
): CleanableRange {
  const o = cleanableOffsets(log, checkpoint, nowMs, config);
  const bySize = (ss: readonly CleanerSegment[]) => ss.reduce((n, s) => n + segmentSizeBytes(s), 0);
  const nonActive = nonActiveSegmentsFrom(log, o.firstUncleanableDirtyOffset);
  const firstUncleanableOffset = (nonActive[0] ?? activeSegment(log)).baseOffset;
  const cleanBytes = bySize(segmentsIn(log, -1, o.firstDirtyOffset));
  const cleanableBytes = bySize(
    segmentsIn(log, Math.min(o.firstDirtyOffset, firstUncleanableOffset), firstUncleanableOffset),
  );
  const totalBytes = cleanBytes + cleanableBytes;
  return {
    firstDirtyOffset: o.firstDirtyOffset,
    firstUncleanableOffset,
    cleanBytes,
    cleanableBytes,
    totalBytes,
    cleanableRatio: cleanableBytes / totalBytes,
    forceUpdateCheckpoint: o.forceUpdateCheckpoint,
    needCompactionNow: maxCompactionDelayMs(log, o.firstDirtyOffset, nowMs, config) > 0,
  };
}

/** The dirty ratio `min.cleanable.dirty.ratio` is compared with. */
export function dirtyRatio(
  log: CleanerLog,
  checkpoint: number | null,
  nowMs: number,
  config: CompactionConfig,
): number {
  return cleanableRange(log, checkpoint, nowMs, config).cleanableRatio;
}

export interface CleanerCandidate<Id> {
  readonly id: Id;
  readonly log: CleanerLog;
  readonly checkpoint: number | null;
  readonly config: CompactionConfig;
}

/**
 * `grabFilthiestCompactedLog`: among compacted, non-empty logs, those over their
 * min.cleanable.dirty.ratio (strictly) or due by max.compaction.lag.ms with cleanable bytes;
 * the highest ratio wins. Ties go to the earliest candidate (Kafka's `Stream.max` keeps the
 * first of equals, in its map's order): pass candidates in a stable order.
 */
export function grabFilthiestLog<Id>(
  candidates: readonly CleanerCandidate<Id>[],
  nowMs: number,
): { readonly id: Id; readonly range: CleanableRange } | null {
  let best: { id: Id; range: CleanableRange } | null = null;
  for (const c of candidates) {
    if (!isCompacted(c.config)) continue;
    const range = cleanableRange(c.log, c.checkpoint, nowMs, c.config);
    if (!(range.totalBytes > 0)) continue;
    const eligible =
      (range.needCompactionNow && range.cleanableBytes > 0) ||
      range.cleanableRatio > c.config.minCleanableDirtyRatio;
    if (eligible && (best === null || range.cleanableRatio > best.range.cleanableRatio))
      best = { id: c.id, range };
  }
  return best;
}

// ---- the clean (Cleaner) ----

export type RemovalReason = 'superseded' | 'tombstone expired' | 'no key';

export interface RemovedRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly reason: RemovalReason;
  /** For 'superseded': the offset of the key's latest record in the offset map. */
  readonly supersededBy?: number;
}

export interface CleanOptions {
  /** Offset map capacity in keys (`dedupe buffer slots × load factor`); default unbounded. */
  readonly offsetMapCapacity?: number;
  /** Last data offset per active idempotent producer (`lastRecordsOfActiveProducers`). */
  readonly activeProducerLastOffsets?: ReadonlyMap<number, number>;
}

export interface CleanResult {
  /** The whole log after the pass (segments past the cleaned range untouched). */
  readonly segments: readonly CleanerSegment[];
  /** The new cleaner checkpoint (`doClean`'s end offset: the offset map's latest offset + 1). */
  readonly firstDirtyOffset: number;
  /** The source segments' base offsets per cleaned group (each became one segment). */
  readonly groups: readonly (readonly number[])[];
  readonly removed: readonly RemovedRecord[];
  /** Batches that got their delete horizon in this pass. */
  readonly horizonsStamped: readonly {
    readonly baseOffset: number;
    readonly deleteHorizonMs: number;
  }[];
  /** Batches kept without records so their offsets (or producer's sequence) are not lost. */
  readonly emptiedBatches: readonly number[];
}

interface OffsetMap {
  readonly latest: Map<string, number>;
  latestOffset: number;
}

/** `buildOffsetMap`: the latest offset per key in [start, end), until the map is full. */
function buildOffsetMap(log: CleanerLog, start: number, end: number, capacity: number): OffsetMap {
  const map: OffsetMap = { latest: new Map(), latestOffset: -1 };
  const dirty = segmentsIn(log, start, end);
  for (let i = 0; i < dirty.length; i++) {
    for (const b of dirty[i].batches) {
      for (const r of b.records) {
        if (r.key === null || r.offset < start) continue;
        // SkimpyOffsetMap refuses once full (even a key it holds); the rest stays dirty.
        if (map.latest.size >= capacity) return map;
        map.latest.set(r.key, r.offset);
        map.latestOffset = r.offset;
      }
      if (b.lastOffset >= start) map.latestOffset = b.lastOffset;
    }
    // Offset gaps: the segment is mapped up to the next one's base (or the bound).
    map.latestOffset = (dirty[i + 1]?.baseOffset ?? end) - 1;
  }
  return map;
}

/**
 * `groupSegmentsBySize`: consecutive segments merged while their total size fits in
 * segment.bytes and their offsets stay within an int of the group's base (index entries are
 * relative offsets). Index sizes are not modelled.
 */
export function groupSegmentsBySize(
  segments: readonly CleanerSegment[],
  maxSizeBytes: number,
  firstUncleanableOffset: number,
): CleanerSegment[][] {
  const groups: CleanerSegment[][] = [];
  let i = 0;
  while (i < segments.length) {
    const group = [segments[i]];
    let size = segmentSizeBytes(segments[i]);
    i++;
    while (i < segments.length) {
      const next = segments[i];
      const nextSize = segmentSizeBytes(next);
      const lastOffsetOfNext =
        i + 1 < segments.length ? segments[i + 1].baseOffset - 1 : firstUncleanableOffset - 1;
      const fits =
        size + nextSize <= maxSizeBytes &&
        (nextSize === 0 || lastOffsetOfNext - group[0].baseOffset <= INT_MAX);
      if (!fits) break;
      group.push(next);
      size += nextSize;
      i++;
    }
    groups.push(group);
  }
  return groups;
}

interface PassState {
  readonly map: OffsetMap;
  readonly nowMs: number;
  readonly config: CompactionConfig;
  readonly upperBoundOffset: number;
  readonly producers: ReadonlyMap<number, number>;
  readonly removed: RemovedRecord[];
  readonly stamped: { baseOffset: number; deleteHorizonMs: number }[];
  readonly emptied: number[];
}

/** `Cleaner.shouldRetainRecord`; null: kept. */
function removalOf(s: PassState, b: CleanerBatch, r: CleanerRecord): RemovedRecord | null {
  if (r.offset > s.map.latestOffset) return null;
  if (r.key === null) return { offset: r.offset, key: null, reason: 'no key' };
  const found = s.map.latest.get(r.key) ?? -1;
  if (r.offset < found)
    return { offset: r.offset, key: r.key, reason: 'superseded', supersededBy: found };
  const keepDeletes = b.deleteHorizonMs === null || s.nowMs < b.deleteHorizonMs;
  if (r.value === null && !keepDeletes)
    return { offset: r.offset, key: r.key, reason: 'tombstone expired' };
  return null;
}

/** `cleanInto` for one batch (with `MemoryRecords.filterTo`): the batch to write, or null. */
function filterBatch(s: PassState, b: CleanerBatch): CleanerBatch | null {
  const kept: CleanerRecord[] = [];
  for (const r of b.records) {
    const removal = removalOf(s, b, r);
    if (removal === null) kept.push(r);
    else s.removed.push(removal);
  }
  if (kept.length > 0) {
    const stamp = b.deleteHorizonMs === null && kept.some((r) => r.value === null);
    if (kept.length === b.records.length && !stamp) return b;
    const deleteHorizonMs = stamp ? s.nowMs + s.config.deleteRetentionMs : b.deleteHorizonMs;
    if (stamp && deleteHorizonMs !== null)
      s.stamped.push({ baseOffset: b.baseOffset, deleteHorizonMs });
    // MemoryRecordsBuilder: the base timestamp is the horizon if any, else the first record's.
    const oldBase = b.deleteHorizonMs ?? b.records[0].timestampMs;
    const newBase = deleteHorizonMs ?? kept[0].timestampMs;
    const records = kept.map((r) => ({
      ...r,
      sizeBytes: resizedForDelta(r.sizeBytes, r.timestampMs - oldBase, r.timestampMs - newBase),
    }));
    return { ...b, records, deleteHorizonMs };
  }
  // Kept empty: the batch holding an active producer's last sequence, and the round's last
  // batch (so the log's last offset is not lost); `writeEmptyHeader` drops the horizon.
  const producerLast = b.producerId >= 0 && s.producers.get(b.producerId) === b.lastOffset;
  if (producerLast || b.lastOffset + 1 === s.upperBoundOffset) {
    s.emptied.push(b.baseOffset);
    return { ...b, records: [], deleteHorizonMs: null };
  }
  return null;
}

/**
 * `Cleaner.doClean`: one pass over `log` from its start to `range.firstUncleanableOffset`
 * (from `cleanableRange`). Keeps a keyed record if no later offset for its key is in the
 * offset map, a tombstone until its batch's delete horizon has passed; never renumbers.
 */
export function cleanLog(
  log: CleanerLog,
  range: Pick<CleanableRange, 'firstDirtyOffset' | 'firstUncleanableOffset'>,
  nowMs: number,
  config: CompactionConfig,
  options: CleanOptions = {},
): CleanResult {
  const upperBoundOffset = range.firstUncleanableOffset;
  const map = buildOffsetMap(
    log,
    range.firstDirtyOffset,
    upperBoundOffset,
    options.offsetMapCapacity ?? Number.POSITIVE_INFINITY,
  );
  const endOffset = map.latestOffset + 1;
  const s: PassState = {
    map,
    nowMs,
    config,
    upperBoundOffset,
    producers: options.activeProducerLastOffsets ?? new Map(),
    removed: [],
    stamped: [],
    emptied: [],
  };
  const toClean = segmentsIn(log, 0, endOffset);
  const groups = groupSegmentsBySize(toClean, config.segmentBytes, upperBoundOffset);
  const cleaned = groups.map((group): CleanerSegment => {
    const batches: CleanerBatch[] = [];
    for (const seg of group) {
      for (const b of seg.batches) {
        const out = filterBatch(s, b);
        if (out !== null) batches.push(out);
      }
    }
    const last = group[group.length - 1];
    return {
      baseOffset: group[0].baseOffset,
      batches,
      ...(last.lastModifiedMs !== undefined ? { lastModifiedMs: last.lastModifiedMs } : {}),
    };
  });
  return {
    segments: [...cleaned, ...log.segments.slice(toClean.length)],
    firstDirtyOffset: endOffset,
    groups: groups.map((g) => g.map((x) => x.baseOffset)),
    removed: s.removed,
    horizonsStamped: s.stamped,
    emptiedBatches: s.emptied,
  };
}
