import { describe, expect, it } from 'vitest';
import type { LogRecord, LogView } from '../engine';
import { logWindow } from './logWindow';

function log(startOffset: number, length: number): LogView {
  const records = Array.from(
    { length },
    (_, i) => ({ offset: startOffset + i, key: `k${i}` }) as LogRecord,
  );
  // A longer backing array than the view: a snapshot reads only `length` records.
  return {
    records: [...records, { offset: startOffset + length, key: 'later' } as LogRecord],
    startOffset,
    length,
  };
}

describe('logWindow', () => {
  it('draws a short log whole', () => {
    const w = logWindow(log(0, 3), 40);
    expect(w).toMatchObject({ fromOffset: 0, toOffset: 3, omitted: 0 });
    expect(w.records.map((r) => r.offset)).toEqual([0, 1, 2]);
  });

  it('draws only the newest maxDrawn records of a long log and counts the rest', () => {
    const w = logWindow(log(0, 100), 40);
    expect(w).toMatchObject({ fromOffset: 60, toOffset: 100, omitted: 60 });
    expect(w.records).toHaveLength(40);
    expect(w.records[0].offset).toBe(60);
    expect(w.records[39].offset).toBe(99);
  });

  it('respects a log start offset and never reads past the view', () => {
    const w = logWindow(log(50, 5), 3);
    expect(w).toMatchObject({ fromOffset: 52, toOffset: 55, omitted: 2 });
    expect(w.records.map((r) => r.key)).toEqual(['k2', 'k3', 'k4']);
  });

  it('handles an empty log', () => {
    expect(logWindow(log(0, 0), 40)).toEqual({
      fromOffset: 0,
      toOffset: 0,
      omitted: 0,
      records: [],
    });
  });
});
