import { describe, expect, it } from 'vitest';
import { indexAtOrAfter, recordAtOffset, recordsBetween, type RecordsByOffset } from './logIndex';
import type { LogRecord } from './model';
import { NO_HEADERS } from './model';

function record(offset: number): LogRecord {
  return {
    key: `k${offset}`,
    value: `v${offset}`,
    headers: NO_HEADERS,
    timestampMs: 0,
    producer: 'p',
    sequence: offset,
    sizeBytes: 10,
    partitionReason: 'explicit',
    offset,
    leaderEpoch: 0,
  } as LogRecord;
}

const logOf = (offsets: number[], startOffset = offsets[0] ?? 0): RecordsByOffset => ({
  records: [...offsets.map(record), record(9999)], // beyond `length`: never read
  startOffset,
  length: offsets.length,
});

describe('finding records by offset', () => {
  it('dense logs: the index is offset − start', () => {
    const log = logOf([5, 6, 7, 8, 9]);
    expect([3, 5, 7, 9, 10, 11].map((o) => indexAtOrAfter(log, o))).toEqual([0, 0, 2, 4, 5, 5]);
    expect(recordAtOffset(log, 7)?.offset).toBe(7);
    expect(recordAtOffset(log, 10)).toBeUndefined();
    expect(recordAtOffset(log, 4)).toBeUndefined();
  });

  it('compacted logs: offsets ascending with holes, nothing renumbered', () => {
    // A cleaned log whose start is 0 but whose first kept record is 2 (0 and 1 were removed).
    const log = logOf([2, 3, 7, 12, 13, 20], 0);
    expect([0, 2, 4, 7, 8, 13, 14, 20, 21].map((o) => indexAtOrAfter(log, o))).toEqual([
      0, 0, 2, 2, 3, 4, 5, 5, 6,
    ]);
    expect(recordAtOffset(log, 12)?.offset).toBe(12);
    expect(recordAtOffset(log, 5)).toBeUndefined();
    expect(recordsBetween(log, 3, 13).map((r) => r.offset)).toEqual([3, 7, 12]);
    expect(recordsBetween(log, 21, 30)).toEqual([]);
  });

  it('a dense guess that lands on a compacted record still finds the first at or after', () => {
    // The dense guess for offset 3 is index 3, which holds 12: the guess is checked, not trusted.
    const log = logOf([0, 1, 2, 12, 13], 0);
    expect(indexAtOrAfter(log, 3)).toBe(3);
    expect(recordAtOffset(log, 3)).toBeUndefined();
    // Holes before a record at its dense index: 0,5,6 → offset 2 is not at index 2.
    const holes = logOf([0, 5, 6, 7], 0);
    expect(indexAtOrAfter(holes, 2)).toBe(1);
    expect(recordAtOffset(holes, 2)).toBeUndefined();
  });

  it('agrees with a linear scan on random sparse logs', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 200; round++) {
      const offsets: number[] = [];
      let o = Math.floor(next() * 5);
      const n = Math.floor(next() * 30);
      for (let i = 0; i < n; i++) {
        offsets.push(o);
        o += next() < 0.6 ? 1 : 1 + Math.floor(next() * 6);
      }
      const log = logOf(offsets, 0);
      for (let q = -2; q < o + 3; q++) {
        const linear = offsets.findIndex((x) => x >= q);
        expect(indexAtOrAfter(log, q)).toBe(linear === -1 ? offsets.length : linear);
      }
    }
  });
});
