/**
 * Finding records by offset in a log's records array. A log's offsets are dense (record i has
 * offset start + i) until the log cleaner compacts it: then they are ascending with holes
 * (Kafka never renumbers a record). These lookups answer for both: the dense guess first
 * (O(1), every log that was never compacted), else a binary search.
 */
import type { LogRecord, ReplicaLog } from './model';

/** A log's records as far as a lookup needs: read `records[i]` for i < `length` only. */
export interface RecordsByOffset {
  readonly records: readonly LogRecord[];
  readonly startOffset: number;
  readonly length: number;
}

/** The index of the first record whose offset is ≥ `offset`; `length` if there is none. */
export function indexAtOrAfter(log: RecordsByOffset, offset: number): number {
  const { records, length } = log;
  if (length === 0) return 0;
  const guess = offset - log.startOffset;
  if (guess <= 0) return 0;
  // Offsets strictly ascend, so a record holding `offset` is the first at or after it.
  if (guess < length && records[guess].offset === offset) return guess;
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (records[mid].offset < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The record at exactly `offset`, or undefined (before the log start, past its end, or compacted away). */
export function recordAtOffset(log: RecordsByOffset, offset: number): LogRecord | undefined {
  const i = indexAtOrAfter(log, offset);
  return i < log.length && log.records[i].offset === offset ? log.records[i] : undefined;
}

/** The records with offsets in [from, to), oldest first. */
export function recordsBetween(
  log: RecordsByOffset,
  fromOffset: number,
  toOffset: number,
): LogRecord[] {
  const start = indexAtOrAfter(log, fromOffset);
  const end = indexAtOrAfter(log, toOffset);
  return start < end ? log.records.slice(start, end) : [];
}

/** A replica log's records as these lookups read them (its whole array, from its log start). */
export function byOffsetOf(log: ReplicaLog): RecordsByOffset {
  return { records: log.records, startOffset: log.logStartOffset, length: log.records.length };
}
