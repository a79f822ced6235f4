import { describe, expect, it } from 'vitest';
import type { LogRecord, LogView } from '../engine';
import { describeWindow, logWindow, pageEnd, slotOfOffset, type LogWindow } from './logWindow';

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
    segmentBaseOffsets: [startOffset],
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
      newer: 0,
      records: [],
      slots: [],
      capacity: 40,
      logStartOffset: 0,
      logEndOffset: 0,
    });
  });

  it('keeps pinned offsets in view, with a gap slot "… N" before the newest', () => {
    // Lesson 5: 27 records, room for 21 cells, fred rewound to 0.
    const w = logWindow(log(0, 27), 21, { pinned: [0] });
    expect(w.slots).toHaveLength(21);
    expect(w.slots[0]).toMatchObject({ kind: 'record', record: { offset: 0 } });
    expect(w.slots[1]).toEqual({ kind: 'gap', fromOffset: 1, toOffset: 8, count: 7 });
    expect(w.records.map((r) => r.offset)).toEqual([
      0,
      ...Array.from({ length: 19 }, (_, i) => 8 + i),
    ]);
    expect(w).toMatchObject({ fromOffset: 0, toOffset: 27, omitted: 0, newer: 0 });
    // Without the pin: the newest 21, the rest folded (what the issue saw).
    expect(logWindow(log(0, 27), 21).fromOffset).toBe(6);
  });

  it('merges adjacent pins into one run and draws a single skipped record instead of a gap', () => {
    const w = logWindow(log(100, 100), 12, { pinned: [104, 105, 103, 190] });
    const drawn = w.slots.map((x) =>
      x.kind === 'record' ? x.record.offset : `…${x.toOffset - x.fromOffset}`,
    );
    expect(drawn).toEqual([103, 104, 105, '…84', 190, '…3', 194, 195, 196, 197, 198, 199]);
    expect(w.slots).toHaveLength(12);
    // A pin one record before the newest run: that record is drawn, not a one-record gap.
    const near = logWindow(log(0, 30), 10, { pinned: [23] });
    expect(near.slots.every((x) => x.kind === 'record')).toBe(true);
    expect(near.records.map((r) => r.offset)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });

  it('gives pins at most half the slots, most important first', () => {
    const w = logWindow(log(0, 200), 10, { pinned: [5, 50, 90, 120, 150] });
    expect(w.slots).toHaveLength(10);
    const pinsDrawn = w.records.map((r) => r.offset).filter((o) => o < 190);
    expect(pinsDrawn).toEqual([5, 50]);
    expect(w.records.filter((r) => r.offset >= 190).length).toBeGreaterThanOrEqual(5);
    expect(w.toOffset).toBe(200);
  });

  it('ignores pins outside the log, already among the newest, or not offsets', () => {
    const w = logWindow(log(10, 50), 20, { pinned: [3, 59, 60, 1.5, Number.NaN] });
    expect(w.slots.every((x) => x.kind === 'record')).toBe(true);
    expect(w.fromOffset).toBe(40);
  });

  it('draws as many cells as there is room for (no cap below the room)', () => {
    for (const room of [1, 7, 33, 120]) {
      const w = logWindow(log(0, 500), room);
      expect(w.slots).toHaveLength(room);
      expect(w.capacity).toBe(room);
    }
  });

  it('pages back: the window ends before the given offset, a slot kept for "newer"', () => {
    const w = logWindow(log(0, 100), 21, { endOffset: 50, pinned: [0] });
    expect(w).toMatchObject({ fromOffset: 30, toOffset: 50, omitted: 30, newer: 50 });
    expect(w.slots).toHaveLength(20);
    // Pages clamp: never before the first full page, and at the log end it follows again.
    expect(logWindow(log(0, 100), 21, { endOffset: 3 })).toMatchObject({
      fromOffset: 0,
      toOffset: 20,
    });
    expect(logWindow(log(0, 100), 21, { endOffset: 100 })).toMatchObject({
      toOffset: 100,
      newer: 0,
    });
    // A log that fits whole is never paged.
    expect(logWindow(log(0, 10), 21, { endOffset: 5 })).toMatchObject({ toOffset: 10, newer: 0 });
  });

  it('pageEnd: older, newer, and back to following the newest', () => {
    const follow = logWindow(log(0, 100), 21, { pinned: [0] });
    const olderEnd = pageEnd(follow, 'older');
    expect(olderEnd).toBe(follow.records.at(-1)!.offset - (follow.records.length - 2));
    const older = logWindow(log(0, 100), 21, { endOffset: olderEnd });
    expect(older.toOffset).toBe(olderEnd);
    expect(older.records).toHaveLength(20);
    const older2 = logWindow(log(0, 100), 21, { endOffset: pageEnd(older, 'older') });
    expect(older2.toOffset).toBe(older.fromOffset);
    expect(pageEnd(older2, 'newer')).toBe(older2.toOffset + 20);
    expect(pageEnd(older, 'newer')).toBeNull(); // reaches the end: follows the newest
    expect(pageEnd(older, 'newest')).toBeNull();
    // At the oldest page, older stays put.
    const oldest = logWindow(log(0, 100), 21, { endOffset: 20 });
    expect(pageEnd(oldest, 'older')).toBe(20);
    expect(pageEnd(logWindow(log(0, 5), 21), 'older')).toBeNull();
  });

  it('slotOfOffset places boundaries at cells, inside gaps and past the end', () => {
    const w: LogWindow = logWindow(log(0, 27), 21, { pinned: [0] });
    expect(slotOfOffset(w, 0)).toBe(0);
    expect(slotOfOffset(w, 1)).toBe(1); // the gap's left edge
    expect(slotOfOffset(w, 4)).toBe(1.5); // inside the gap
    expect(slotOfOffset(w, 8)).toBe(2);
    expect(slotOfOffset(w, 27)).toBe(21);
    const paged = logWindow(log(0, 100), 21, { endOffset: 50 });
    expect(slotOfOffset(paged, 80)).toBe(20.5); // on the "newer" control
    expect(slotOfOffset(paged, 10)).toBe(0); // before the window: clipped to its left edge
  });

  it('describes the window in words', () => {
    expect(describeWindow(logWindow(log(0, 27), 21, { pinned: [0] }), 0)).toBe(
      'showing offsets 0 and 8–26 of 0–26',
    );
    expect(describeWindow(logWindow(log(0, 100), 21, { endOffset: 50 }), 0)).toBe(
      'showing offsets 30–49 of 0–99',
    );
    expect(describeWindow(logWindow(log(0, 0), 21), 0)).toBe('no records');
  });

  describe('a compacted log (offsets ascending, with holes)', () => {
    /** The cleaner kept these offsets of a log 0–39 (start 0, end 40). */
    const kept = [2, 3, 7, 8, 9, 15, 16, 20, 21, 22, 23, 30, 31, 38];
    const compacted: LogView = {
      records: kept.map((offset) => ({ offset, key: `k${offset}` }) as LogRecord),
      startOffset: 0,
      length: kept.length,
      endOffset: 40,
      segmentBaseOffsets: [0],
    };

    it('draws the newest records side by side and counts records, not offsets', () => {
      const w = logWindow(compacted, 5);
      expect(w.records.map((r) => r.offset)).toEqual([22, 23, 30, 31, 38]);
      expect(w).toMatchObject({ fromOffset: 22, toOffset: 40, omitted: 9, newer: 0 });
      expect(w).toMatchObject({ logStartOffset: 0, logEndOffset: 40 });
      expect(describeWindow(w, 0)).toBe('showing offsets 22–38 of 0–39');
    });

    it('pins a position in a hole to the record a consumer there reads next', () => {
      const w = logWindow(compacted, 8, { pinned: [10] });
      expect(w.slots[0]).toMatchObject({ kind: 'record', record: { offset: 15 } });
      // The gap stands for offsets 16 and 20, two records (17–19 were compacted away).
      expect(w.slots[1]).toEqual({ kind: 'gap', fromOffset: 16, toOffset: 21, count: 2 });
      expect(w.records.map((r) => r.offset)).toEqual([15, 21, 22, 23, 30, 31, 38]);
      expect(describeWindow(w, 0)).toBe('showing offsets 15 and 21–38 of 0–39');
    });

    it('pages back by records', () => {
      const follow = logWindow(compacted, 5);
      const end = pageEnd(follow, 'older');
      expect(end).toBe(22);
      const older = logWindow(compacted, 5, { endOffset: end });
      // The "newer" control takes a slot: four records before offset 22.
      expect(older.records.map((r) => r.offset)).toEqual([15, 16, 20, 21]);
      expect(older).toMatchObject({ omitted: 5, newer: 5, toOffset: 22 });
    });
  });
});
