import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  explainKeyPartition,
  murmur2,
  partitionForKey,
  positiveModulo,
  toPositive,
  utf8Bytes,
  utf8Length,
} from './murmur2';

/** An independent murmur2 written with BigInt arithmetic, to cross-check the Math.imul version. */
function murmur2Reference(data: Uint8Array): number {
  const mask = 0xffffffffn;
  const m = 0x5bd1e995n;
  const mul = (a: bigint, b: bigint) => (a * b) & mask;
  let h = (0x9747b28cn ^ BigInt(data.length)) & mask;
  const words = Math.floor(data.length / 4);
  for (let i = 0; i < words; i++) {
    let k =
      BigInt(data[4 * i]) |
      (BigInt(data[4 * i + 1]) << 8n) |
      (BigInt(data[4 * i + 2]) << 16n) |
      (BigInt(data[4 * i + 3]) << 24n);
    k = mul(k, m);
    k ^= k >> 24n;
    k = mul(k, m);
    h = mul(h, m);
    h ^= k;
  }
  const tail = words * 4;
  const rest = data.length % 4;
  if (rest >= 3) h ^= BigInt(data[tail + 2]) << 16n;
  if (rest >= 2) h ^= BigInt(data[tail + 1]) << 8n;
  if (rest >= 1) {
    h ^= BigInt(data[tail]);
    h = mul(h, m);
  }
  h ^= h >> 13n;
  h = mul(h, m);
  h ^= h >> 15n;
  return Number(BigInt.asIntN(32, h));
}

describe('murmur2', () => {
  // Kafka's own published values (UtilsTest.testMurmur2).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ])('murmur2(%j) is %i, as in Kafka', (key, expected) => {
    expect(murmur2(utf8Bytes(key))).toBe(expected);
  });

  it('hashes raw bytes a, b, c to 479470107', () => {
    expect(murmur2(new Uint8Array([97, 98, 99]))).toBe(479470107);
  });

  it('matches an independent BigInt implementation on arbitrary bytes (seed 1)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        (bytes) => murmur2(bytes) === murmur2Reference(bytes),
      ),
      { seed: 1, numRuns: 500 },
    );
  });

  it('hashes bytes above 0x7f as unsigned, like Java masks them', () => {
    expect(murmur2(new Uint8Array([0xff, 0x80, 0xfe]))).toBe(
      murmur2Reference(new Uint8Array([0xff, 0x80, 0xfe])),
    );
  });
});

describe('partitionForKey', () => {
  it('uses & 0x7fffffff, not Math.abs', () => {
    const hash = murmur2(utf8Bytes('21')); // negative
    expect(hash).toBeLessThan(0);
    expect(partitionForKey('21', 7)).toBe((hash & 0x7fffffff) % 7);
    expect(partitionForKey('21', 7)).not.toBe(Math.abs(hash) % 7);
  });

  it('hashes the empty string (an empty byte array) rather than treating it as no key', () => {
    const expected = toPositive(murmur2Reference(new Uint8Array([]))) % 6;
    expect(partitionForKey('', 6)).toBe(expected);
  });

  it('encodes keys as UTF-8, surrogate pairs included', () => {
    for (const key of ['ключ', 'clé', '🍕', '日本語', 'a\u0000b']) {
      const bytes = new TextEncoder().encode(key);
      expect(utf8Bytes(key)).toEqual(bytes);
      expect(utf8Length(key)).toBe(bytes.length);
      expect(partitionForKey(key, 5)).toBe(toPositive(murmur2Reference(bytes)) % 5);
    }
  });

  // kafka-clients 4.3.1's StringSerializer (String.getBytes(UTF_8)) writes each lone surrogate
  // as '?'; these bytes and partitions are what the partitioners conformance suite got from it.
  it.each([
    ['н\ud9d6', 'd0bd3f', 64, 23],
    ['Q\udac4h;', '513f683b', 50, 1],
    ['\udc00\ud800', '3f3f', 1, 0],
    ['a\ud800\ud83d\ude00', '613ff09f9880', 6, -1],
  ])('encodes the lone surrogates of %j as Java does (?)', (key, hex, n, partition) => {
    const bytes = Uint8Array.from(hex.match(/../g) as string[], (h) => parseInt(h, 16));
    expect(utf8Bytes(key)).toEqual(bytes);
    expect(utf8Length(key)).toBe(bytes.length);
    if (partition >= 0) expect(partitionForKey(key, n)).toBe(partition);
  });

  it('spreads over partition counts that are not powers of two (seed 2)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 1000 }), (key, n) => {
        const p = partitionForKey(key, n);
        return (
          Number.isInteger(p) &&
          p >= 0 &&
          p < n &&
          p === toPositive(murmur2Reference(utf8Bytes(key))) % n
        );
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it('explains every intermediate number', () => {
    const e = explainKeyPartition('foobar', 6);
    expect(e).toEqual({
      keyBytes: [102, 111, 111, 98, 97, 114],
      murmur2: -790332482,
      positive: -790332482 & 0x7fffffff,
      numPartitions: 6,
      partition: (-790332482 & 0x7fffffff) % 6,
    });
  });

  it('gives the same answer for a key seen many times (the memo is transparent)', () => {
    const first = partitionForKey('alice', 12);
    for (let i = 0; i < 70_000; i++) partitionForKey(`k${i}`, 12);
    expect(partitionForKey('alice', 12)).toBe(first);
  });
});

describe('positiveModulo', () => {
  it('is toPositive(n) % count, also for hashes at and above 2^30 and at -2^31', () => {
    const hashes = [
      0,
      1,
      -1,
      2 ** 30 - 1,
      2 ** 30,
      2 ** 31 - 1,
      -(2 ** 31),
      -790332482,
      1_234_567_891,
    ];
    for (const n of hashes)
      for (const count of [1, 6, 32, 50, 1000])
        expect(positiveModulo(n, count)).toBe(toPositive(n) % count);
  });
});
