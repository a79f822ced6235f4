import type { PartitionView } from '../engine';
import type { Box, ClusterLayout } from './clusterLayout';

export interface Point {
  x: number;
  y: number;
}

/** A partition whose leadership moved from one broker to another since the last frame. */
export interface LeaderMove {
  /** "orders-1#4": partition and the new leader epoch, so each election animates once. */
  id: string;
  partition: string;
  fromBroker: number;
  toBroker: number;
  from: Point;
  to: Point;
}

/** A partition and its leader broker (-1 offline), as the last frame drew it. */
export type LeaderOf = Pick<PartitionView, 'topic' | 'partition' | 'leader'>;

/** "topic-partition" → leader broker (-1 offline). */
export function leadersOf(partitions: readonly LeaderOf[]): Map<string, number> {
  return new Map(partitions.map((p) => [`${p.topic}-${p.partition}`, p.leader]));
}

/** The same partitions in the same order (the usual case from one frame to the next). */
function sameShape(a: readonly LeaderOf[], b: readonly LeaderOf[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (a[i].partition !== b[i].partition || a[i].topic !== b[i].topic) return false;
  return true;
}

/**
 * Pure: the leadership changes between two frames (`previous`: the last frame's partitions),
 * with where to draw them (the replica rows in detailed mode, the broker cards in compact
 * mode). Offline → leader and leader → offline are not moves: the rows show those states
 * directly. Partitions in the same order are compared side by side, without building a
 * table: a 1,000-partition cluster does this every frame and almost never finds a move.
 */
export function detectLeaderMoves(
  previous: readonly LeaderOf[],
  partitions: readonly PartitionView[],
  layout: Pick<ClusterLayout, 'brokers'>,
): LeaderMove[] {
  const moves: LeaderMove[] = [];
  const aligned = sameShape(previous, partitions);
  const table = aligned ? null : leadersOf(previous);
  for (let i = 0; i < partitions.length; i++) {
    const p = partitions[i];
    if (aligned && previous[i].leader === p.leader) continue;
    const id = `${p.topic}-${p.partition}`;
    const before = aligned ? previous[i].leader : table!.get(id);
    if (before === undefined || before === p.leader || before === -1 || p.leader === -1) continue;
    const from = anchor(layout, id, before);
    const to = anchor(layout, id, p.leader);
    if (from === null || to === null) continue;
    moves.push({
      id: `${id}#${p.leaderEpoch}`,
      partition: id,
      fromBroker: before,
      toBroker: p.leader,
      from,
      to,
    });
  }
  return moves;
}

function anchor(
  layout: Pick<ClusterLayout, 'brokers'>,
  partition: string,
  broker: number,
): Point | null {
  const card = layout.brokers.find((b) => b.id === broker);
  if (card === undefined) return null;
  const slot = card.replicas.find((r) => `${r.topic}-${r.partition}` === partition);
  const box: Box = slot ?? card;
  return slot !== undefined
    ? { x: box.x + 16, y: box.y + box.height / 2 }
    : { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Transition length for discrete changes: a real second at 1×, shorter when faster. */
export function transitionMs(speed: number, baseMs = 1200): number {
  return Math.round(Math.min(2500, Math.max(150, baseMs / Math.max(speed, 0.01))));
}
