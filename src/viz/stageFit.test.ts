import { describe, expect, it } from 'vitest';
import { layoutCluster, SIZES } from './clusterLayout';
import {
  BESIDE_SHARES,
  fitStage,
  legible,
  MIN_BROKER_CARD_WIDTH,
  scaleToFit,
  shapeKey,
  TALL_CELL_HEIGHT,
} from './stageFit';
import { lessonSnapshot } from './testSnapshots';

/** Two groups of two members on orders × 6, like lesson 8. */
const twoGroups = () =>
  lessonSnapshot(12_000, {
    consumers: [
      { id: 'e1', group: 'g-eager', topics: ['orders'] },
      { id: 'e2', group: 'g-eager', topics: ['orders'] },
      { id: 'k1', group: 'g-coop', topics: ['orders'] },
      { id: 'k2', group: 'g-coop', topics: ['orders'] },
    ],
  });

describe('fitStage', () => {
  const s = twoGroups();

  it('fits the whole picture in the box, at the largest scale of the legible layouts tried', () => {
    const box = { width: 1280, height: 520 };
    const fit = fitStage(s, {}, box);
    expect(fit.layout.width * fit.scale).toBeLessThanOrEqual(box.width + 0.01);
    expect(fit.layout.height * fit.scale).toBeLessThanOrEqual(box.height + 0.01);
    expect(legible(fit.layout)).toBe(true);
    // Better than laying out at the box's own width and shrinking to fit.
    const plain = layoutCluster(s, { width: box.width });
    expect(fit.scale).toBeGreaterThan(scaleToFit(plain, box));
  });

  it('rebalances to the aspect ratio: a wide box puts the logs beside the cluster', () => {
    const wide = fitStage(s, {}, { width: 1920, height: 560 });
    const tall = fitStage(s, {}, { width: 800, height: 1200 });
    expect(wide.logsBeside).toBeGreaterThan(0);
    expect(tall.logsBeside).toBe(0);
    expect(wide.layout.logsX).toBeGreaterThan(0);
    // Beside: strips start right of every broker card and group box.
    const clusterRight = Math.max(
      ...wide.layout.brokers.map((b) => b.x + b.width),
      ...wide.layout.groups.map((g) => g.x + g.width),
    );
    expect(wide.layout.logsX + wide.layout.strips[0].labelX).toBeGreaterThan(clusterRight);
  });

  it('never trades legibility for scale: broker cards stay wide enough for their rows', () => {
    const fit = fitStage(s, {}, { width: 700, height: 2000 });
    for (const b of fit.layout.brokers)
      expect(b.width).toBeGreaterThanOrEqual(MIN_BROKER_CARD_WIDTH);
  });

  it('only the counts of what is drawn change the shape key, not the numbers', () => {
    expect(shapeKey(lessonSnapshot(5_000), false)).toBe(shapeKey(lessonSnapshot(9_000), false));
    expect(shapeKey(s, false)).not.toBe(shapeKey(lessonSnapshot(9_000), false));
  });
});

describe('columns rebalance', () => {
  const s = twoGroups();

  it('broker cards stop at their maximum width; the groups lane takes the spare width', () => {
    const layout = layoutCluster(s, { width: 1920 });
    for (const b of layout.brokers) expect(b.width).toBeLessThanOrEqual(SIZES.brokerMaxWidth);
    expect(layout.columns.groupsWidth).toBeGreaterThan(2 * SIZES.groupMinWidth);
    // The two groups side by side, not stacked.
    const [a, b] = layout.groups;
    expect(a.y).toBe(b.y);
    expect(a.x + a.width).toBeLessThanOrEqual(b.x);
  });

  it('a narrow lane stacks the groups', () => {
    const layout = layoutCluster(s, { width: 1000 });
    const [a, b] = layout.groups;
    expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
  });

  it('brokers wrap into rows on request, rows keeping their replicas inside their cards', () => {
    const layout = layoutCluster(s, { width: 1000, brokersPerRow: 2 });
    const [b1, b2, b3] = layout.brokers;
    expect(b1.y).toBe(b2.y);
    expect(b3.y).toBeGreaterThan(b1.y + b1.height);
    for (const card of layout.brokers)
      for (const r of card.replicas) {
        expect(r.y).toBeGreaterThanOrEqual(card.y);
        expect(r.y + r.height).toBeLessThanOrEqual(card.y + card.height);
      }
  });
});

describe('the fit search is cheap and as good as trying every width', () => {
  const s = twoGroups();

  /** The old search: every width at `step`, every arrangement (the reference). */
  function exhaustiveScale(box: { width: number; height: number }): number {
    let best = 0;
    for (const share of BESIDE_SHARES)
      for (const perRow of [3, 2])
        for (let width = 640; width <= 2400; width += 80) {
          const layout = layoutCluster(s, {
            width,
            logsBeside: Math.round(width * share),
            brokersPerRow: perRow,
          });
          if (!legible(layout)) continue;
          best = Math.max(
            best,
            Math.min(2.5, box.width / layout.width, box.height / layout.height),
          );
        }
    return best;
  }

  for (const box of [
    { width: 1280, height: 504 },
    { width: 1024, height: 560 },
    { width: 1920, height: 860 },
    { width: 800, height: 420 },
  ])
    it(`${box.width}×${box.height}: the same scale as the exhaustive search`, () => {
      const fit = fitStage(s, {}, box, { maxScale: 2.5 });
      expect(fit.scale).toBeCloseTo(exhaustiveScale(box), 3);
    });
});

describe('filling the stage', () => {
  it('height to spare grows the strips into tall cells (key and value), at the same scale', () => {
    const s = lessonSnapshot(12_000);
    // A tall box and a scale cap (no 80 px text on a projector): height is left over.
    const box = { width: 1280, height: 1400 };
    const fit = fitStage(s, {}, box, { beside: false, maxScale: 0.9 });
    expect(fit.scale).toBeCloseTo(0.9, 3);
    expect(fit.cellHeight).toBeGreaterThanOrEqual(TALL_CELL_HEIGHT);
    expect(fit.layout.strips[0].cellHeight).toBe(fit.cellHeight);
    expect(fit.layout.height * fit.scale).toBeLessThanOrEqual(box.height + 0.01);
  });

  it('no height to spare: the cells keep their size', () => {
    const s = lessonSnapshot(12_000);
    const fit = fitStage(s, {}, { width: 1280, height: 300 });
    expect(fit.cellHeight).toBeUndefined();
    expect(fit.layout.strips[0].cellHeight).toBe(SIZES.cellHeight);
  });

  it('hosted rows only: replication factor 1 packs each card to the replicas it hosts', () => {
    const s = lessonSnapshot(5_000, {
      topics: [{ name: 'orders', partitions: 6, replicationFactor: 1 }],
    });
    const aligned = layoutCluster(s, { width: 1280 });
    const packed = layoutCluster(s, { width: 1280, hostedRowsOnly: true });
    expect(packed.brokers[0].height).toBeLessThan(aligned.brokers[0].height);
    for (const card of packed.brokers) {
      expect(card.replicas.length).toBe(2);
      const ys = card.replicas.map((r) => r.y).sort((a, b) => a - b);
      expect(ys[1] - ys[0]).toBe(SIZES.replicaRowHeight);
      for (const r of card.replicas)
        expect(r.y + r.height).toBeLessThanOrEqual(card.y + card.height);
    }
    // Replication factor 3: every card hosts every partition, so nothing changes.
    const full = lessonSnapshot(5_000);
    expect(layoutCluster(full, { width: 1280, hostedRowsOnly: true }).brokers[0].height).toBe(
      layoutCluster(full, { width: 1280 }).brokers[0].height,
    );
  });
});
