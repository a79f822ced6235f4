/**
 * Record runs: how a fast rate producer's records are held without one object per record.
 *
 * At 100,000 records a second with an hour's retention a log holds 360 million records; at one
 * object each (about 170 bytes with its strings) that is 60 GB, where Kafka's own log holds them
 * as batches. So when a rate tick sends many records (world.config.producer.runsFromRecordsPerTick),
 * the records it puts into one batch one after another (one key, one timestamp, consecutive
 * sequences, generated values, no headers) are one entry, a run, with `count` records: offsets
 * `offset` … `offset + count - 1`, sequences likewise, `sizeBytes` their sum. Logs, fetch
 * answers and produce requests hold entries; a reader that needs the records themselves (a
 * processor, the inspector) expands them, and where a limit falls inside a run (a fetch's bytes
 * or records, a truncation, a segment's bytes) the run is cut exactly where a record-by-record
 * log would be cut. So a run changes what the engine holds, never what it does: the same
 * scenario gives the same events with runs and without (recordRuns.test.ts).
 */
import {
  cachedUtf8Length,
  decimalDigits,
  generatedValue,
  RECORD_OVERHEAD_BYTES,
  valuePrefixBytes,
} from './generatedRecords';
import type { LogRecord, PendingRecord, UnwrittenRecord } from './model';

/** A run while its batch is open: the producer extends it record by record or in bulk. */
export interface UnwrittenRun extends UnwrittenRecord {
  count: number;
  sizeBytes: number;
}

/** Records an entry stands for: a run's count, else 1. */
export function recordCount(entry: PendingRecord): number {
  return entry.count ?? 1;
}

/** One past the last offset of an entry. */
export function entryEndOffset(entry: LogRecord): number {
  return entry.offset + (entry.count ?? 1);
}

/** The sequence of an entry's last record. */
export function lastSequenceOf(entry: PendingRecord): number {
  return entry.sequence + (entry.count ?? 1) - 1;
}

/** Records in `entries[from, to)`. */
export function countRecords(
  entries: readonly PendingRecord[],
  from = 0,
  to = entries.length,
): number {
  let n = to - from;
  for (let i = from; i < to; i++) {
    const count = entries[i].count;
    if (count !== undefined) n += count - 1;
  }
  return n;
}

/** Whether any of `entries` is a run of more than one record. */
export function hasRuns(entries: readonly PendingRecord[]): boolean {
  for (let i = 0; i < entries.length; i++) if ((entries[i].count ?? 1) > 1) return true;
  return false;
}

/** The bytes every record of a run has besides its sequence's digits. */
export function runFixedBytes(producer: string, key: string | null): number {
  return (
    RECORD_OVERHEAD_BYTES + valuePrefixBytes(producer) + (key === null ? 0 : cachedUtf8Length(key))
  );
}

/** Σ decimalDigits(n) for n in [from, to): one step per power of ten crossed. */
export function digitsBetween(from: number, to: number): number {
  let sum = 0;
  let n = from;
  while (n < to) {
    const digits = decimalDigits(n);
    const bandEnd = Math.min(to, 10 ** digits);
    sum += (bandEnd - n) * digits;
    n = bandEnd;
  }
  return sum;
}

/**
 * How many records from sequence `sequence` on (each `fixedBytes` plus its digits) fit in
 * `bytes` together, at most `max`: records grow by a byte at each power of ten, so band by band.
 */
export function recordsFitting(
  sequence: number,
  fixedBytes: number,
  bytes: number,
  max: number,
): number {
  let taken = 0;
  let left = bytes;
  let n = sequence;
  while (taken < max) {
    const digits = decimalDigits(n);
    const size = fixedBytes + digits;
    const inBand = Math.min(max - taken, 10 ** digits - n);
    const fit = Math.min(inBand, Math.floor(left / size));
    taken += fit;
    left -= fit * size;
    n += fit;
    if (fit < inBand) break;
  }
  return taken;
}

/** The size of the run's records with indexes [from, to). */
export function runBytes(run: PendingRecord, from: number, to: number): number {
  return (
    (to - from) * runFixedBytes(run.producer, run.key) +
    digitsBetween(run.sequence + from, run.sequence + to)
  );
}

/** The size of record `index` of an entry (a plain record's own size). */
export function recordBytesAt(entry: PendingRecord, index: number): number {
  if (entry.count === undefined) return entry.sizeBytes;
  return runFixedBytes(entry.producer, entry.key) + decimalDigits(entry.sequence + index);
}

/**
 * Record `index` of an entry as a record of its own, shaped as the producer makes every record
 * (so a reader cannot tell it came from a run). A plain record is itself.
 */
export function recordOf(entry: LogRecord, index: number): LogRecord {
  if (entry.count === undefined) return entry;
  return runPiece(entry, index, 1);
}

/**
 * The records [from, to) of an entry (indexes within it) as one entry: the entry itself when
 * whole, a record when one, else a shorter run. Logs share entries; a cut makes a new one.
 */
export function sliceEntry(entry: LogRecord, from: number, to: number): LogRecord {
  const count = entry.count ?? 1;
  if (from === 0 && to === count) return entry;
  return runPiece(entry, from, to - from);
}

/** `count` records of a run from its index `from`: a record (no `count` field) when one. */
function runPiece(run: LogRecord, from: number, count: number): LogRecord {
  const sequence = run.sequence + from;
  const piece = {
    key: run.key,
    value: generatedValue(run.producer, sequence),
    headers: run.headers,
    timestampMs: run.timestampMs,
    producer: run.producer,
    sequence,
    sizeBytes: count === 1 ? recordBytesAt(run, from) : runBytes(run, from, from + count),
    partitionReason: run.partitionReason,
    offset: run.offset + from,
    leaderEpoch: run.leaderEpoch,
  };
  return count === 1 ? piece : { ...piece, count };
}

/** Every record of `entries`, runs expanded: for readers that look at records one by one. */
export function expandRuns(entries: readonly LogRecord[]): readonly LogRecord[] {
  if (!hasRuns(entries)) return entries;
  const records: LogRecord[] = [];
  for (const entry of entries) {
    const count = entry.count ?? 1;
    for (let i = 0; i < count; i++) records.push(recordOf(entry, i));
  }
  return records;
}

/** The records with offsets in [from, to) of sorted entries, runs cut at both ends. */
export function entriesBetween(
  entries: readonly LogRecord[],
  startIndex: number,
  endIndex: number,
  fromOffset: number,
  toOffset: number,
): LogRecord[] {
  const out: LogRecord[] = [];
  for (let i = startIndex; i < endIndex; i++) {
    const entry = entries[i];
    const first = Math.max(0, fromOffset - entry.offset);
    const last = Math.min(entry.count ?? 1, toOffset - entry.offset);
    if (last > first) out.push(sliceEntry(entry, first, last));
  }
  return out;
}
