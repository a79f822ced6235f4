import { describe, expect, it } from 'vitest';
import { LOG_VIEW_CELL_HEIGHT, layoutLogView } from './logViewLayout';
import { lessonSnapshot } from './testSnapshots';

describe('layoutLogView', () => {
  const s = lessonSnapshot(12_000);

  it('draws every partition full width, under a legend of the keys drawn', () => {
    const layout = layoutLogView(s, { width: 1200 });
    expect(layout.strips).toHaveLength(6);
    for (const strip of layout.strips) {
      expect(strip.y).toBeGreaterThanOrEqual(layout.stripsTop);
      expect(strip.cellHeight).toBe(LOG_VIEW_CELL_HEIGHT);
      expect(strip.cellsX + strip.window.capacity * strip.cellPitch).toBeLessThanOrEqual(
        strip.infoX + strip.cellPitch - strip.cellWidth,
      );
    }
    const bottom = Math.max(...layout.legend.map((e) => e.y));
    expect(bottom).toBeLessThan(layout.stripsTop);
    expect(layout.height).toBeGreaterThan(layout.strips[5].y + layout.strips[5].height);
  });

  it('puts each key in one partition (murmur2), counting its drawn records', () => {
    const layout = layoutLogView(s, { width: 1200 });
    const drawn = layout.strips.flatMap((st) => st.window.records.map((r) => ({ r, id: st.id })));
    for (const entry of layout.legend) {
      const mine = drawn.filter((d) => d.r.key === entry.key);
      expect(entry.count).toBe(mine.length);
      expect(new Set(mine.map((d) => d.id))).toEqual(new Set(entry.partitions));
      if (entry.key !== null) expect(entry.partitions).toHaveLength(1);
    }
  });

  it('costs what is drawn: a long log is windowed, with the rest counted', () => {
    const layout = layoutLogView(s, { width: 700 });
    for (const strip of layout.strips) {
      expect(strip.window.records.length).toBeLessThanOrEqual(layout.recordsPerStrip);
      expect(strip.window.omitted + strip.window.records.length).toBe(
        strip.logEndOffset - strip.window.fromOffset + strip.window.omitted,
      );
    }
  });
});
