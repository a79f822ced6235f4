import { describe, expect, it } from 'vitest';
import { createTraceHash, foldValue, traceHashHex } from './traceHash';

/** Values of every kind foldValue takes, and the hash each gave before the folding was tuned. */
const PINNED: readonly [unknown, string][] = [
  [0, '3e801244ee8d8caf'],
  [-1, 'ec9ef2e0400df5e3'],
  [2147483647, '6c9e2960c00ebf63'],
  [-2147483648, 'be80dbc46e8cc32f'],
  [4294967295, 'e8da7dda7fbfcc95'],
  [12.345, '7900ae7e8170dbf9'],
  [1e21, '707490148c16dab0'],
  [NaN, 'afe3bdc94f0443d9'],
  ['héllo', '1ad20c2d46a07eed'],
  ['', 'f942d0867ac63e6d'],
  [true, '0ae4f8d12a5175ae'],
  [false, 'bab8b9c0bd7194af'],
  [null, '5b1137e21babe27d'],
  [undefined, 'ab3d76f321488e5c'],
  [[1, 'a', [null]], 'b92551e9b5139503'],
  [{ type: 'recordsSent', atMs: 10.5, count: 83, ok: true, list: [3, 4] }, '378a208298030fb7'],
];

function hashOf(...values: unknown[]): string {
  const h = createTraceHash();
  for (const v of values) foldValue(h, v);
  return traceHashHex(h);
}

describe('trace hash', () => {
  // Golden traces and saved runs hold these hashes: a faster fold must give the same ones.
  it.each(PINNED.map(([value, hex], i) => ({ i, value, hex })))(
    'folds value #$i as it always did',
    ({ value, hex }) => {
      expect(hashOf(value)).toBe(hex);
    },
  );

  it('folds a sequence of values as it always did', () => {
    expect(hashOf(...PINNED.map(([value]) => value))).toBe('bdb00e786b90bfcf');
  });
});
