import { describe, expect, it } from 'vitest';
import type { Flight } from '../engine';
import { layoutCluster } from './clusterLayout';
import { flightEnds, flightPosition, flightProgress, pointOnArc } from './flightPath';
import { lessonSnapshot } from './testSnapshots';

const s = lessonSnapshot(5000);
const layout = layoutCluster(s, { width: 1200 });
const p3 = s.topics[0].partitions[3];
const follower = p3.replicas.find((b) => b !== p3.leader)!;

function flight(kind: Flight['kind'], from: Flight['from'], to: Flight['to']): Flight {
  return {
    id: 1,
    kind,
    from,
    to,
    topic: 'orders',
    partition: 3,
    count: 2,
    first: 0,
    sentAtMs: 100,
    arrivesAtMs: 140,
  };
}

describe('flight paths', () => {
  it('progress is (now − sent)/(arrives − sent), clamped to [0, 1]', () => {
    const f = { sentAtMs: 100, arrivesAtMs: 140 };
    expect(flightProgress(f, 90)).toBe(0);
    expect(flightProgress(f, 110)).toBe(0.25);
    expect(flightProgress(f, 140)).toBe(1);
    expect(flightProgress(f, 500)).toBe(1);
    expect(flightProgress({ sentAtMs: 5, arrivesAtMs: 5 }, 5)).toBe(1);
  });

  it('a produce flight runs from the producer to the leader replica of its partition', () => {
    const f = flight(
      'produce',
      { kind: 'producer', id: 'checkout' },
      { kind: 'broker', id: p3.leader },
    );
    const ends = flightEnds(f, layout)!;
    const producer = layout.producers[0];
    const slot = layout.brokers
      .find((b) => b.id === p3.leader)!
      .replicas.find((r) => r.partition === 3)!;
    expect(ends.from).toEqual({
      x: producer.x + producer.width,
      y: producer.y + producer.height / 2,
    });
    expect(ends.to).toEqual({ x: slot.x, y: slot.y + slot.height / 2 });
    expect(flightPosition(f, 100, layout)).toEqual(ends.from);
    expect(flightPosition(f, 140, layout)).toEqual(ends.to);
  });

  it('a replicate flight joins the two replicas of its partition through facing sides', () => {
    const f = flight(
      'replicate',
      { kind: 'broker', id: p3.leader },
      { kind: 'broker', id: follower },
    );
    const ends = flightEnds(f, layout)!;
    expect(ends.from.y).toBe(ends.to.y);
    const leftToRight = p3.leader < follower;
    expect(ends.from.x < ends.to.x).toBe(leftToRight);
  });

  it('a consume flight ends at the consumer', () => {
    const f = flight(
      'consume',
      { kind: 'broker', id: p3.leader },
      { kind: 'consumer', id: 'fred' },
    );
    const fred = layout.consumers.find((c) => c.id === 'fred')!;
    expect(flightEnds(f, layout)!.to).toEqual({ x: fred.x, y: fred.y + fred.height / 2 });
  });

  it('has no position when an end is not drawn', () => {
    const f = flight(
      'consume',
      { kind: 'broker', id: p3.leader },
      { kind: 'consumer', id: 'nobody' },
    );
    expect(flightPosition(f, 120, layout)).toBeNull();
  });

  it('arcs upward between its ends', () => {
    const mid = pointOnArc({ x: 0, y: 100 }, { x: 100, y: 100 }, 0.5);
    expect(mid.x).toBe(50);
    expect(mid.y).toBeLessThan(100);
  });
});
