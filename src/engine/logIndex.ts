/**
 * Finding records by offset in a log's records array. A log's offsets are dense (record i has
 * offset start + i) until the log cleaner compacts it: then they are ascending with holes
 * (Kafka never renumbers a record). These lookups answer for both: the dense guess first
 * (O(1), every log that was never compacted), else a binary search. An entry may be a run of
 * records (recordRuns.ts): a run holds the offsets from its own to its end.
 */
import type { LogRecord, ReplicaLog } from './model';
import { entriesBetween, entryEndOffset, recordOf } from './recordRuns';

/** A log's records as far as a lookup needs: read `records[i]` for i < `length` only. */
export interface RecordsByOffset {
  readonly records: readonly LogRecord[];
  readonly startOffset: number;
  readonly length: number;
}

/**
 * The index of the first entry holding an offset ≥ `offset` (for records: whose offset is ≥ it;
 * a run that holds `offset` itself starts before it); `length` if there is none.
 */
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
    if (entryEndOffset(records[mid]) <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The record at exactly `offset`, or undefined (before the log start, past its end, or compacted away). */
export function recordAtOffset(log: RecordsByOffset, offset: number): LogRecord | undefined {
  const i = indexAtOrAfter(log, offset);
  if (i >= log.length) return undefined;
  const entry = log.records[i];
  return entry.offset <= offset ? recordOf(entry, offset - entry.offset) : undefined;
}

/** The entries with offsets in [from, to), oldest first (runs cut to the range). */
export function recordsBetween(
  log: RecordsByOffset,
  fromOffset: number,
  toOffset: number,
): LogRecord[] {
  const start = indexAtOrAfter(log, fromOffset);
  const end = indexAtOrAfter(log, toOffset);
  // A run holding `toOffset` starts before it: it is cut, not left out.
  const last = end < log.length && log.records[end].offset < toOffset ? end + 1 : end;
  if (start >= last) return [];
  const first = log.records[start];
  if (first.count === undefined && last === end && first.offset >= fromOffset)
    return log.records.slice(start, end);
  return entriesBetween(log.records, start, last, fromOffset, toOffset);
}

/** The entries before `offset` (a run holding it cut short): what a truncation to it keeps. */
export function entriesBefore(log: RecordsByOffset, offset: number): LogRecord[] {
  const end = indexAtOrAfter(log, offset);
  const kept = log.records.slice(0, end);
  const cut = end < log.length ? log.records[end] : undefined;
  if (cut !== undefined && cut.offset < offset)
    kept.push(...entriesBetween(log.records, end, end + 1, cut.offset, offset));
  return kept;
}

/** A replica log's records as these lookups read them (its whole array, from its log start). */
export function byOffsetOf(log: ReplicaLog): RecordsByOffset {
  return { records: log.records, startOffset: log.logStartOffset, length: log.records.length };
}
