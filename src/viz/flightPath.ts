import type { Flight, NodeRef } from '../engine';
import type { Box, ClusterLayout } from './clusterLayout';

export interface Point {
  x: number;
  y: number;
}

/**
 * Where a flight is drawn at virtual time `nowMs`: the fraction (now − sent)/(arrives − sent)
 * of the way along a gentle arc between its ends. Motion is a function of virtual time only,
 * so pause, step and speed changes need no special handling. Null when an end is not drawn.
 */
export function flightPosition(flight: Flight, nowMs: number, layout: ClusterLayout): Point | null {
  const ends = flightEnds(flight, layout);
  if (ends === null) return null;
  return pointOnArc(ends.from, ends.to, flightProgress(flight, nowMs));
}

export function flightProgress(
  flight: Pick<Flight, 'sentAtMs' | 'arrivesAtMs'>,
  nowMs: number,
): number {
  const span = flight.arrivesAtMs - flight.sentAtMs;
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (nowMs - flight.sentAtMs) / span));
}

/** Produce: producer → leader's replica; replicate: leader's replica → follower's; consume: leader's replica → consumer. */
export function flightEnds(
  flight: Flight,
  layout: ClusterLayout,
): { from: Point; to: Point } | null {
  const fromBox = endBox(flight.from, flight, layout);
  const toBox = endBox(flight.to, flight, layout);
  if (fromBox === null || toBox === null) return null;
  // Leave and enter through the sides that face each other.
  const rightward = fromBox.x + fromBox.width / 2 <= toBox.x + toBox.width / 2;
  return {
    from: edge(fromBox, rightward ? 'right' : 'left'),
    to: edge(toBox, rightward ? 'left' : 'right'),
  };
}

/** The box a flight end is drawn at: a node, or the replica of the flight's partition on a broker. */
function endBox(ref: NodeRef, flight: Flight, layout: ClusterLayout): Box | null {
  switch (ref.kind) {
    case 'producer':
      return layout.producers.find((p) => p.id === ref.id) ?? null;
    case 'consumer':
      return layout.consumers.find((c) => c.id === ref.id) ?? null;
    case 'broker': {
      const card = layout.brokers.find((b) => b.id === ref.id);
      if (card === undefined) return null;
      return (
        card.replicas.find((r) => r.topic === flight.topic && r.partition === flight.partition) ??
        card
      );
    }
  }
}

function edge(box: Box, side: 'left' | 'right'): Point {
  return { x: side === 'left' ? box.x : box.x + box.width, y: box.y + box.height / 2 };
}

/** A quadratic arc bowing upward by an eighth of the distance, so a flight does not hide a row's text. */
export function pointOnArc(from: Point, to: Point, t: number): Point {
  const distance = Math.hypot(to.x - from.x, to.y - from.y);
  const control = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 - distance / 8 };
  const u = 1 - t;
  return {
    x: u * u * from.x + 2 * u * t * control.x + t * t * to.x,
    y: u * u * from.y + 2 * u * t * control.y + t * t * to.y,
  };
}
