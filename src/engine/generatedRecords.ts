/**
 * What a record costs and says when kafkascope makes it up: sizes from a record's parts, and the
 * generated value `<producer>-<sequence>` of records sent without one (rate producers). Pure
 * functions with memos that cannot affect determinism; shared by the producer, which builds
 * records, and by record runs (recordRuns.ts), which derive a run's records from its first.
 */
import type { PendingRecord } from './model';
import { utf8Length } from './murmur2';

/** Kafka's record overhead is ~70 bytes per batch plus a few per record; a fixed estimate is enough here. */
export const RECORD_OVERHEAD_BYTES = 10;

/**
 * UTF-8 lengths of recently seen keys and producer ids. A pure function's memo, so it cannot
 * affect determinism; bounded, since keys may come from an unbounded space.
 */
const textLengths = new Map<string, number>();
const TEXT_LENGTH_CACHE_LIMIT = 65_536;

export function cachedUtf8Length(text: string): number {
  let length = textLengths.get(text);
  if (length === undefined) {
    length = utf8Length(text);
    if (textLengths.size >= TEXT_LENGTH_CACHE_LIMIT) textLengths.clear();
    textLengths.set(text, length);
  }
  return length;
}

/** Decimal digits of a non-negative integer (the length of its String()). */
export function decimalDigits(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10_000) return 4;
  if (n < 100_000) return 5;
  if (n < 1_000_000) return 6;
  if (n < 10_000_000) return 7;
  let digits = 8;
  for (let rest = Math.floor(n / 100_000_000); rest >= 1; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

export function recordSize(
  key: string | null,
  value: string | null,
  headers: PendingRecord['headers'],
): number {
  let size = RECORD_OVERHEAD_BYTES;
  if (key !== null) size += cachedUtf8Length(key);
  if (value !== null) size += utf8Length(value);
  for (let i = 0; i < headers.length; i++)
    size += utf8Length(headers[i][0]) + utf8Length(headers[i][1]);
  return size;
}

/**
 * The size of a record with the generated value `<producer>-<sequence>`, from its parts.
 * `keyBytes`: the key's UTF-8 length when the caller knows it (-1: look it up).
 */
export function generatedRecordSize(
  key: string | null,
  keyBytes: number,
  producerId: string,
  sequence: number,
): number {
  let size = RECORD_OVERHEAD_BYTES + valuePrefixBytes(producerId) + decimalDigits(sequence);
  if (key !== null) size += keyBytes >= 0 ? keyBytes : cachedUtf8Length(key);
  return size;
}

/**
 * The generated value's `<producer>-` prefix and its UTF-8 length, for the last producer that
 * asked: a rate tick makes all its records for one producer, so this is one string per tick,
 * not one per record. A memo of a pure function: it cannot affect determinism.
 */
let prefixProducer: string | null = null;
let prefix = '';
let prefixBytes = 0;

function valuePrefix(producerId: string): string {
  if (producerId !== prefixProducer) {
    prefixProducer = producerId;
    prefix = `${producerId}-`;
    prefixBytes = utf8Length(prefix);
  }
  return prefix;
}

/**
 * `<producer>-<sequence>`, from sequence 1000 on as two shared parts: the head
 * `<producer>-<sequence ÷ 1000>` (one flat string per thousand records of a producer) and the
 * last three digits (one of 1000 strings made once). Joined, V8 keeps such a string as one
 * pair of pointers to its parts (32 bytes, the only allocation of the record's value), where
 * joining the characters made a 40-byte flat copy and, on the way, a string of the digits to
 * throw away. Below 1000 the value is short, and joined flat.
 */
const valueParts: [string, number] = ['', 0];

function joinedValue(producerId: string, n: number): string {
  valueParts[0] = valuePrefix(producerId);
  valueParts[1] = n;
  return valueParts.join('');
}

/** "000" … "999". */
const LAST_THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) =>
  String(i).padStart(3, '0'),
);

/** The head of the last value made (a memo of a pure function: it cannot affect determinism). */
let headProducer: string | null = null;
let headThousands = -1;
let head = '';

export function generatedValue(producerId: string, sequence: number): string {
  if (sequence < 1000) return joinedValue(producerId, sequence);
  const thousands = Math.floor(sequence / 1000);
  if (thousands !== headThousands || producerId !== headProducer) {
    headProducer = producerId;
    headThousands = thousands;
    head = joinedValue(producerId, thousands);
  }
  return head + LAST_THREE_DIGITS[sequence - thousands * 1000];
}

export function valuePrefixBytes(producerId: string): number {
  valuePrefix(producerId);
  return prefixBytes;
}
