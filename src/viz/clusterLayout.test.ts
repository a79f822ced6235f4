import { cardCount } from './producerLayer';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../engine';
import {
  estimateTextWidth,
  formatOmitted,
  labelTextWidth,
  layoutCluster,
  layoutWidth,
  leaderText,
  recordsThatFit,
  SIZES,
  stripLabelWidth,
  visiblePartitions,
  type Box,
} from './clusterLayout';
import { lessonSnapshot } from './testSnapshots';

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutCluster', () => {
  const s = lessonSnapshot(12_000);

  it('draws one card per broker with a row for every replica it hosts', () => {
    const layout = layoutCluster(s, { width: 1000 });
    expect(layout.brokers.map((b) => b.id)).toEqual([1, 2, 3]);
    for (const card of layout.brokers) {
      expect(card.replicas).toHaveLength(6);
      for (const slot of card.replicas) {
        const p = s.topics[0].partitions[slot.partition];
        expect(slot.role).toBe(p.leader === card.id ? 'leader' : 'follower');
        expect(slot.x).toBeGreaterThanOrEqual(card.x);
        expect(slot.x + slot.width).toBeLessThanOrEqual(card.x + card.width);
        expect(slot.y + slot.height).toBeLessThanOrEqual(card.y + card.height);
      }
    }
    expect(layout.brokers.filter((b) => b.isController)).toHaveLength(1);
  });

  it('lines a partition up on the same row in every broker', () => {
    const layout = layoutCluster(s, { width: 1000 });
    for (let partition = 0; partition < 6; partition++) {
      const ys = layout.brokers.map((b) => b.replicas.find((r) => r.partition === partition)?.y);
      expect(new Set(ys).size).toBe(1);
    }
  });

  it('keeps producers, brokers and consumers apart and inside the width', () => {
    for (const width of [700, 1024, 1280, 1900]) {
      const layout = layoutCluster(s, { width });
      const boxes: Box[] = [...layout.producers, ...layout.brokers, ...layout.consumers];
      boxes.forEach((a, i) =>
        boxes.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)),
      );
      for (const box of boxes)
        expect(box.x + box.width).toBeLessThanOrEqual(layout.width - SIZES.pad);
      for (const strip of layout.strips) {
        expect(strip.cellsX + strip.window.capacity * strip.cellPitch).toBeLessThanOrEqual(
          strip.infoX,
        );
      }
    }
  });

  it('draws the newest records of each log, as many as fit, with the rest counted', () => {
    const layout = layoutCluster(s, { width: 900, maxRecordsDrawn: 40 });
    expect(layout.recordsPerStrip).toBe(
      recordsThatFit(900, 40, stripLabelWidth(visiblePartitions(s))),
    );
    for (const strip of layout.strips) {
      const p = visiblePartitions(s).find((v) => v.partition === strip.partition)!;
      const drawn = Math.min(p.logEndOffset - p.logStartOffset, layout.recordsPerStrip);
      expect(strip.window.records).toHaveLength(drawn);
      expect(strip.window.toOffset).toBe(p.logEndOffset);
      expect(strip.window.omitted).toBe(p.logEndOffset - p.logStartOffset - drawn);
      expect(strip.window.records.map((r) => r.offset)).toEqual(
        Array.from({ length: drawn }, (_, i) => p.logEndOffset - drawn + i),
      );
    }
    expect(layout.strips.some((st) => st.window.omitted > 0)).toBe(true);
  });

  it('a wider view draws more records, never more than maxRecordsDrawn', () => {
    expect(recordsThatFit(1900, 40)).toBeGreaterThan(recordsThatFit(900, 40));
    expect(recordsThatFit(10_000, 40)).toBe(40);
    expect(recordsThatFit(200, 40)).toBe(1);
  });

  it('places the high watermark and log end at cell boundaries', () => {
    const layout = layoutCluster(s, { width: 1280 });
    for (const strip of layout.strips) {
      const { fromOffset } = strip.window;
      expect(strip.logEndX).toBeCloseTo(
        strip.cellsX + (strip.logEndOffset - fromOffset) * strip.cellPitch - SIZES.cellGap / 2,
      );
      expect(strip.highWatermarkX).toBeLessThanOrEqual(strip.logEndX);
    }
  });

  it('groups consumers at the same position into one marker, and lanes overlapping labels', () => {
    const layout = layoutCluster(s, { width: 1280 });
    const strip = layout.strips[0];
    const positions = s.consumers.map(
      (c) => c.positions.find((p) => p.partition === strip.partition)!.position,
    );
    const markers = strip.markers;
    expect(markers.flatMap((m) => m.consumers).sort()).toEqual(['fred', 'sally']);
    if (positions[0] === positions[1])
      expect(markers[0].label).toBe(
        `sally, fred @ ${positions[0]} · lag ${strip.highWatermark - positions[0]}`,
      );

    // Two consumers one offset apart: their labels would collide, so the second goes a lane down.
    const apart: Snapshot = {
      ...s,
      consumers: [
        { ...s.consumers[0], positions: [{ topic: 'orders', partition: 0, position: 3 }] },
        { ...s.consumers[1], positions: [{ topic: 'orders', partition: 0, position: 4 }] },
      ],
    };
    const split = layoutCluster(apart, { width: 1280 }).strips[0];
    expect(split.markers.map((m) => [m.label, m.lane])).toEqual([
      [`sally @ 3 · lag ${split.highWatermark - 3}`, 0],
      [`fred @ 4 · lag ${split.highWatermark - 4}`, 1],
    ]);
    expect(split.height).toBe(SIZES.cellHeight + 2 * SIZES.markerLaneHeight + SIZES.stripGap);
  });

  it('is a pure function of its input', () => {
    expect(layoutCluster(s, { width: 1111 })).toEqual(layoutCluster(s, { width: 1111 }));
  });
});

describe('strip labels', () => {
  // A long ISR and a long omitted count: "leader 12 · ISR 12,13,11,14,10" next to "+1234".
  const base = lessonSnapshot(12_000);
  const s: Snapshot = {
    ...base,
    topics: base.topics.map((t) => ({
      ...t,
      name: 'payments-eu',
      partitions: t.partitions.map((p) => ({
        ...p,
        topic: 'payments-eu',
        partition: p.partition + 10,
        leader: 12,
        isr: [12, 13, 11, 14, 10],
      })),
    })),
  };

  it('never overlap the omitted count, the cells or the HW/LEO column at 1024–1440 px', () => {
    for (let width = 1024; width <= 1440; width += 16) {
      const layout = layoutCluster(s, { width });
      for (const strip of layout.strips) {
        const leaderRight = strip.labelX + labelTextWidth(leaderText(strip), 12);
        const nameRight = strip.labelX + labelTextWidth(strip.id, 15 * 1.1);
        expect(Math.max(leaderRight, nameRight)).toBeLessThanOrEqual(strip.ellipsisX - 4);
        // The count is centred in the ellipsis column and must stay inside it.
        const count = estimateTextWidth(formatOmitted(123_456), 11);
        expect(count).toBeLessThanOrEqual(SIZES.ellipsisWidth - 4);
        expect(strip.ellipsisX + SIZES.ellipsisWidth).toBeLessThanOrEqual(strip.cellsX);
        const cellsRight = strip.cellsX + strip.window.capacity * strip.cellPitch - SIZES.cellGap;
        expect(cellsRight).toBeLessThanOrEqual(strip.infoX);
      }
    }
  });

  it('grows the label column with the longest label, never below the default', () => {
    const short = stripLabelWidth([{ topic: 't', partition: 0, leader: 1, isr: [1] }]);
    expect(short).toBe(SIZES.stripLabelWidth);
    expect(stripLabelWidth(visiblePartitions(s))).toBeGreaterThan(
      stripLabelWidth(visiblePartitions(base)),
    );
  });

  it('counts omitted records compactly', () => {
    expect(formatOmitted(222)).toBe('+222');
    expect(formatOmitted(12_345)).toBe('+12.3k');
    expect(formatOmitted(123_456)).toBe('+123k');
    expect(formatOmitted(4_500_000)).toBe('+4.5M');
  });
});

describe('layoutWidth', () => {
  it('is the width layoutCluster lays the picture out at, known before it does', () => {
    const s = lessonSnapshot(3_000);
    for (const options of [
      { width: 1100 },
      { width: 2400.7 },
      { width: 300 },
      { width: 300, stacked: true },
      { width: 900, stacked: true, room: true },
      { width: 1760, logsBeside: 600, brokersPerRow: 2 },
    ])
      expect(layoutWidth(options), JSON.stringify(options)).toBe(layoutCluster(s, options).width);
  });
});

describe('producer card counts', () => {
  it('are exact up to 99,999, then short enough for the card', () => {
    expect([0, 99_999, 100_000, 598_456, 6_001_000, 8_640_001_000].map(cardCount)).toEqual([
      '0',
      '99999',
      '100k',
      '598k',
      '6.00M',
      '8.64B',
    ]);
  });
});
