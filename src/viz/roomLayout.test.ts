import { describe, expect, it } from 'vitest';
import { replicaRowText } from './brokerLayer';
import { layoutCluster, leaderText } from './clusterLayout';
import { ROOM_SIZES, type ReplicaSlot } from './layoutTypes';
import { fitStage, legible, MIN_ROOM_BROKER_CARD_WIDTH, ROOM_BESIDE_SHARES } from './stageFit';
import { lessonSnapshot } from './testSnapshots';

/**
 * The room layout (presenter mode): narrower columns and cards, glyphs for words, producers
 * perhaps above the brokers, so the fitted picture, and its text, is drawn larger.
 */

/** Two groups of three members on orders × 6, like lesson 8. */
const twoGroups = () =>
  lessonSnapshot(12_000, {
    consumers: ['e1', 'e2', 'e3', 'k1', 'k2', 'k3'].map((id) => ({
      id,
      group: id.startsWith('e') ? 'g-eager' : 'g-coop',
      topics: ['orders'],
    })),
  });

/** The presenter's stage at 1280×720 with the caption and announcement bands. */
const STAGE = { width: 1280, height: 606 };

describe('the room layout', () => {
  const s = twoGroups();

  it('draws the same picture larger than the desk layout does, every card still legible', () => {
    const desk = fitStage(s, { hostedRowsOnly: true }, STAGE, { maxScale: 2.5 });
    const room = fitStage(s, { hostedRowsOnly: true, room: true }, STAGE, { maxScale: 2.5 });
    expect(room.layout.room).toBe(true);
    expect(room.scale).toBeGreaterThan(desk.scale * 1.15);
    expect(legible(room.layout)).toBe(true);
    for (const b of room.layout.brokers)
      expect(b.width).toBeGreaterThanOrEqual(MIN_ROOM_BROKER_CARD_WIDTH);
    expect(room.layout.width * room.scale).toBeLessThanOrEqual(STAGE.width + 0.01);
    expect(room.layout.height * room.scale).toBeLessThanOrEqual(STAGE.height + 0.01);
  });

  it('the fit search finds the scale trying every room arrangement and width would', () => {
    let best = 0;
    for (const share of ROOM_BESIDE_SHARES)
      for (const brokersPerRow of [3, 2])
        for (const producersAbove of [false, true])
          for (let width = 640; width <= 2400; width += 40) {
            const layout = layoutCluster(s, {
              width,
              room: true,
              logsBeside: Math.round(width * share),
              brokersPerRow,
              producersAbove,
            });
            if (!legible(layout)) continue;
            best = Math.max(
              best,
              Math.min(2.5, STAGE.width / layout.width, STAGE.height / layout.height),
            );
          }
    const fit = fitStage(s, { room: true }, STAGE, { maxScale: 2.5, fill: false });
    expect(fit.scale).toBeCloseTo(best, 3);
  });

  it('producers above: a row over the brokers, which start at the left edge', () => {
    const layout = layoutCluster(s, { width: 1000, room: true, producersAbove: true });
    const brokersTop = Math.min(...layout.brokers.map((b) => b.y));
    for (const p of layout.producers) expect(p.y + p.height).toBeLessThan(brokersTop);
    expect(layout.columns.brokersTopY).toBe(brokersTop);
    expect(Math.min(...layout.brokers.map((b) => b.x))).toBe(layout.columns.producersX);
    // In a column (the default), brokers are right of the producers and level with them.
    const column = layoutCluster(s, { width: 1000, room: true });
    expect(column.columns.brokersTopY).toBe(column.columns.topY);
    expect(Math.min(...column.brokers.map((b) => b.x))).toBeGreaterThan(
      column.producers[0].x + column.producers[0].width,
    );
  });

  it('narrower columns: producers, lane gaps and the strips’ info column', () => {
    const desk = layoutCluster(s, { width: 1000 });
    const room = layoutCluster(s, { width: 1000, room: true });
    expect(room.columns.columnWidth).toBe(ROOM_SIZES.producerColumnWidth);
    expect(room.columns.columnWidth).toBeLessThan(desk.columns.columnWidth);
    expect(room.strips[0].infoWidth).toBe(ROOM_SIZES.stripInfoWidth);
    expect(room.strips[0].infoWidth).toBeLessThan(desk.strips[0].infoWidth);
    // The strip's label says the leader with the brokers' legend glyph.
    expect(room.strips[0].leaderLine).toBe(leaderText(s.topics[0].partitions[0], true));
    expect(desk.strips[0].leaderLine).toBe(leaderText(s.topics[0].partitions[0]));
  });
});

describe('leaderText', () => {
  it('says the leader in words at a desk and with ★ in a room', () => {
    expect(leaderText({ leader: 2, isr: [2, 3] })).toBe('leader 2 · ISR 2,3');
    expect(leaderText({ leader: 2, isr: [2, 3] }, true)).toBe('★2 · ISR 2,3');
    expect(leaderText({ leader: -1, isr: [] }, true)).toBe('⚠ OFFLINE');
  });
});

describe('replicaRowText', () => {
  const row = (over: Partial<ReplicaSlot>): ReplicaSlot =>
    ({
      width: 140,
      badge: null,
      catchUp: null,
      state: 'leader',
      logEndOffset: 40,
      ...over,
    }) as ReplicaSlot;

  it('a room row: the glyph says the role, a symbol the unusual states, the LEO a bare number', () => {
    expect(replicaRowText(row({}), true)).toEqual({ role: '', leo: '40' });
    expect(replicaRowText(row({ state: 'out-of-sync' }), true)).toEqual({ role: '◌', leo: '40' });
    expect(replicaRowText(row({ state: 'broker-down' }), true)).toEqual({ role: '✕', leo: '40' });
    expect(
      replicaRowText(
        row({
          state: 'out-of-sync',
          catchUp: { replicaLogEndOffset: 120, leaderLogEndOffset: 239 },
        }),
        true,
      ),
    ).toEqual({ role: '↻', leo: '120/239' });
    // Too narrow for the number: the glyph alone.
    expect(replicaRowText(row({ width: 100 }), true).leo).toBe('');
  });

  it('a desk row keeps its words, and the LEO where the row is wide', () => {
    expect(replicaRowText(row({ width: 240 }), false)).toEqual({ role: 'leader', leo: 'LEO 40' });
    expect(replicaRowText(row({ width: 200 }), false)).toEqual({ role: 'leader', leo: '' });
    expect(replicaRowText(row({ width: 140 }), false)).toEqual({ role: '', leo: '' });
  });

  it('a badge hides both for its few seconds', () => {
    const badge = {
      kind: 'rejoined',
      text: '✓ in ISR',
      words: 'rejoined the ISR',
      age: 0,
    } as const;
    expect(replicaRowText(row({ badge }), true)).toEqual({ role: '', leo: '' });
  });
});

describe('commit markers', () => {
  it('groups that committed the same offset share one marker; each group is in exactly one', () => {
    const s = twoGroups();
    const layout = layoutCluster(s, { width: 1400 });
    let shared = 0;
    for (const strip of layout.strips) {
      const commits = strip.markers.filter((m) => m.kind === 'commit');
      expect(new Set(commits.map((m) => m.position)).size).toBe(commits.length);
      for (const g of s.groups) {
        const o = g.offsets.find((x) => x.topic === strip.topic && x.partition === strip.partition);
        if (o === undefined || o.committed === null) continue;
        const mine = commits.filter((m) => (m.group ?? '').split(', ').includes(g.id));
        expect(mine).toHaveLength(1);
        expect(mine[0].position).toBe(o.committed);
        expect(mine[0].label).toContain(`committed ${o.committed} · lag ${o.lag ?? 0}`);
      }
      shared += commits.filter((m) => (m.group ?? '').includes(', ')).length;
    }
    // Both groups read the same records at the same pace here: some commits coincide.
    expect(shared).toBeGreaterThan(0);
  });
});

describe('the stacked layout (a phone held upright)', () => {
  const s = twoGroups();
  const layout = layoutCluster(s, { width: 390, room: true, stacked: true, hostedRowsOnly: true });

  it('is as wide as the screen, one lane under another: producers, brokers, groups, logs', () => {
    expect(layout.width).toBe(390);
    const bottom = (boxes: { y: number; height: number }[]) =>
      Math.max(...boxes.map((b) => b.y + b.height));
    const top = (boxes: { y: number }[]) => Math.min(...boxes.map((b) => b.y));
    expect(bottom(layout.producers)).toBeLessThan(top(layout.brokers));
    expect(bottom(layout.brokers)).toBeLessThan(top(layout.groups));
    expect(bottom(layout.groups)).toBeLessThan(layout.strips[0].y);
    expect(layout.columns.groupsTopY).toBe(top(layout.groups));
    expect(layout.logsX).toBe(0);
  });

  it('nothing wider than the screen; broker cards two to a row, each legible', () => {
    const right = (b: { x: number; width: number }) => b.x + b.width;
    for (const b of [...layout.producers, ...layout.brokers, ...layout.groups, ...layout.consumers])
      expect(right(b)).toBeLessThanOrEqual(390);
    expect(new Set(layout.brokers.map((b) => b.y)).size).toBe(2);
    for (const b of layout.brokers)
      expect(b.width).toBeGreaterThanOrEqual(MIN_ROOM_BROKER_CARD_WIDTH);
    // Groups take the whole width, one under the other.
    for (const g of layout.groups) expect(g.width).toBe(390 - 2 * 16);
    for (const strip of layout.strips)
      expect(strip.infoX + strip.infoWidth).toBeLessThanOrEqual(390);
  });
});
