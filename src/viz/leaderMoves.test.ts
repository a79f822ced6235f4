import { describe, expect, it } from 'vitest';
import { layoutCluster } from './clusterLayout';
import { detectLeaderMoves, transitionMs } from './leaderMoves';
import { lessonSnapshot } from './testSnapshots';

describe('leader moves and compact layout', () => {
  const s = lessonSnapshot(5000);
  const layout = layoutCluster(s, { width: 1280 });
  const partitions = s.topics[0].partitions;

  it('finds a changed leader and draws it from the old leader row to the new one', () => {
    const p = partitions[1];
    const other = p.replicas.find((b) => b !== p.leader)!;
    const previous = partitions.map((q) => (q === p ? { ...q, leader: other } : q));
    const [move] = detectLeaderMoves(previous, partitions, layout);
    // The same when the last frame listed its partitions in another order.
    expect(detectLeaderMoves([...previous].reverse(), partitions, layout)).toEqual([move]);
    expect(move).toMatchObject({ partition: 'orders-1', fromBroker: other, toBroker: p.leader });
    const row = (b: number) =>
      layout.brokers.find((c) => c.id === b)!.replicas.find((r) => r.partition === 1)!;
    expect(move.from.y).toBe(row(other).y + row(other).height / 2);
    expect(move.to.x).toBe(row(p.leader).x + 16);
  });

  it('no move when unchanged, or to/from offline', () => {
    expect(detectLeaderMoves(partitions, partitions, layout)).toEqual([]);
    const offline = partitions.map((q, i) => (i === 2 ? { ...q, leader: -1 } : q));
    expect(detectLeaderMoves(offline, partitions, layout)).toEqual([]);
    expect(detectLeaderMoves([...offline].reverse(), partitions, layout)).toEqual([]);
    expect(detectLeaderMoves(partitions, offline as typeof partitions, layout)).toEqual([]);
  });

  it('scales transitions by playback speed, within bounds', () => {
    expect(transitionMs(1)).toBe(1200);
    expect(transitionMs(2)).toBe(600);
    expect(transitionMs(100)).toBe(150);
    expect(transitionMs(0.1)).toBe(2500);
  });

  it('aggregates many brokers into counted cards that stay inside the width', () => {
    const brokers = Array.from({ length: 50 }, (_, i) => ({
      id: i + 1,
      alive: i !== 3,
      fenced: false,
      waitingForController: false,
    }));
    const big = layoutCluster({ ...s, brokers }, { width: 1280 });
    expect(big.mode).toBe('compact');
    expect(big.brokers.every((b) => b.replicas.length === 0)).toBe(true);
    for (const b of big.brokers) expect(b.x + b.width).toBeLessThanOrEqual(big.columns.consumersX);
    const hosted = big.brokers.reduce(
      (n, b) => n + b.counts.leaders + b.counts.followers + b.counts.outOfSync + b.counts.offline,
      0,
    );
    expect(hosted).toBe(
      partitions.reduce((n, p) => n + p.replicas.filter((r) => r <= 3).length, 0),
    );
  });
});
