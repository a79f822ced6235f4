/**
 * Kafka's murmur2 (`org.apache.kafka.common.utils.Utils.murmur2`), the hash every Java
 * client uses to map a keyed record to a partition. 32-bit arithmetic with wrap-around:
 * `Math.imul` for multiplication, `>>>` for Java's unsigned shift. Returns a signed int,
 * as Java does.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  const r = 24;
  let h = 0x9747b28c ^ length;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k =
      (data[i4] & 0xff) |
      ((data[i4 + 1] & 0xff) << 8) |
      ((data[i4 + 2] & 0xff) << 16) |
      ((data[i4 + 3] & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = length & ~3;
  // The tail bytes fall through in Java's switch: 3 also applies 2 and 1, 2 also applies 1.
  const rest = length % 4;
  if (rest === 3) h ^= (data[tail + 2] & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1] & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail] & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: masks the sign bit (not Math.abs, which differs at -2^31). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/**
 * `toPositive(n) % count` (a partition from a hash or a counter), as a small integer. In a
 * browser V8 keeps integers as small integers only below 2^30 (pointer compression); above,
 * `toPositive(n)` is a boxed number, and `%` of a boxed number gives a boxed number even when
 * the result is small. Stored once in a `partition` field, such a number makes V8 keep that
 * field boxed in every object of the shape (12 bytes more each: acknowledged records,
 * fetches, tasks, events, every checkpoint's partitions), so the result is made an int32.
 */
export function positiveModulo(n: number, count: number): number {
  return (toPositive(n) % count) | 0;
}

const encoder = new TextEncoder();

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string key's bytes as Kafka's StringSerializer writes them: UTF-8 by Java's
 * `String.getBytes(UTF_8)`, which writes a lone surrogate (a string that is not well-formed
 * UTF-16) as `?` (0x3F). `TextEncoder` would write U+FFFD (3 bytes), and the key would hash to
 * another partition (found by the partitioners conformance suite against kafka-clients 4.3.1).
 */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s.replace(LONE_SURROGATE, '?'));
}

/** The byte length of {@link utf8Bytes}, without allocating. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c < 0xd800 || c > 0xdfff) bytes += 3;
    else {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4; // a surrogate pair: one code point above U+FFFF
        i++;
      } else bytes += 1; // a lone surrogate: Java writes '?'
    }
  }
  return bytes;
}

/** How a keyed record's partition is computed, with every intermediate number (for the inspector). */
export interface KeyPartitionExplanation {
  keyBytes: number[];
  murmur2: number;
  positive: number;
  numPartitions: number;
  partition: number;
}

/**
 * murmur2 of recently seen keys. A pure function's memo, so it cannot affect determinism;
 * bounded, since a workload may draw keys from an unbounded space.
 */
const keyHashes = new Map<string, number>();
const KEY_HASH_CACHE_LIMIT = 65_536;

export function keyHash(key: string): number {
  let hash = keyHashes.get(key);
  if (hash === undefined) {
    hash = murmur2(utf8Bytes(key));
    if (keyHashes.size >= KEY_HASH_CACHE_LIMIT) keyHashes.clear();
    keyHashes.set(key, hash);
  }
  return hash;
}

/** partition = (murmur2(keyBytes) & 0x7fffffff) % numPartitions (`BuiltInPartitioner.partitionForKey`). */
export function partitionForKey(key: string, numPartitions: number): number {
  return positiveModulo(keyHash(key), numPartitions);
}

export function explainKeyPartition(key: string, numPartitions: number): KeyPartitionExplanation {
  const bytes = utf8Bytes(key);
  const hash = murmur2(bytes);
  const positive = toPositive(hash);
  return {
    keyBytes: Array.from(bytes),
    murmur2: hash,
    positive,
    numPartitions,
    partition: positiveModulo(hash, numPartitions),
  };
}
