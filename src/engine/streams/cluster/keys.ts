/**
 * Record keys as ksqlDB's KAFKA key format writes them, and the partition Kafka Streams sends
 * a key to: murmur2 of the serialized key bytes (`DefaultStreamPartitioner`); for a windowed
 * key, of the base key only (`WindowedStreamPartitioner`), so every window of a key lands in
 * one partition. kafkascope's record keys are text: a number key is shown as its digits but
 * hashed as the bytes Kafka would hash.
 */
import { murmur2, positiveModulo, utf8Bytes } from '../../murmur2';
import type { SqlType, SqlValue } from '../plan';

/** The key as a record shows it; null stays null (no key). */
export function keyText(value: SqlValue): string | null {
  return value === null ? null : String(value);
}

/**
 * A record key read as a column of `type`; undefined when the bytes would not deserialize
 * (Streams drops the record and counts it).
 */
export function parseKey(text: string | null, type: SqlType | 'NULL'): SqlValue | undefined {
  if (text === null) return null;
  switch (type) {
    case 'INTEGER':
    case 'BIGINT': {
      const n = Number(text);
      return /^-?\d+$/.test(text.trim()) && Number.isSafeInteger(n) ? n : undefined;
    }
    case 'DOUBLE': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
    }
    case 'BOOLEAN':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'STRING':
    case 'NULL':
      return text;
  }
}

/** The KAFKA format's bytes: INTEGER 4 and BIGINT/DOUBLE 8 bytes big-endian, STRING UTF-8. */
export function keyBytes(value: string | number | boolean, type: SqlType | 'NULL'): Uint8Array {
  if (typeof value === 'number') {
    if (type === 'INTEGER') {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setInt32(0, value);
      return bytes;
    }
    const bytes = new Uint8Array(8);
    if (type === 'DOUBLE') new DataView(bytes.buffer).setFloat64(0, value);
    else new DataView(bytes.buffer).setBigInt64(0, BigInt(value));
    return bytes;
  }
  return utf8Bytes(String(value));
}

/** The partition Streams writes a (base) key to; null key: left to the producer's partitioner. */
export function streamPartitionOf(
  value: SqlValue,
  type: SqlType | 'NULL',
  numPartitions: number,
): number | undefined {
  if (value === null) return undefined;
  return positiveModulo(murmur2(keyBytes(value, type)), numPartitions);
}
