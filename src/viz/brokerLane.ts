import type { BrokerView, GroupView, PartitionView } from '../engine';
import {
  ROOM_SIZES,
  SIZES,
  type BrokerCard,
  type BrokerCounts,
  type BrokerMode,
  type LayoutInput,
  type RecentActivity,
  type ReplicaBadge,
  type ReplicaSlot,
  type ReplicaState,
} from './layoutTypes';

/** The brokers' lane: a card per broker, a row per partition replica (detailed) or counts (compact). */

/** "topic-partition" → the colour of its owner in the first group that assigned it. */
export function partitionOwners(
  groups: readonly GroupView[],
  colorOf: Map<string, number>,
): Map<string, number> {
  const owners = new Map<string, number>();
  for (const g of groups)
    for (const m of g.members)
      for (const tp of m.assignment) {
        const key = `${tp.topic}-${tp.partition}`;
        if (!owners.has(key)) owners.set(key, colorOf.get(m.id) ?? 0);
      }
  return owners;
}

/** What a replica is, as the model says: leader, in-sync follower, lagging, on a dead broker, or offline. */
export function replicaState(p: PartitionView, brokerId: number, alive: boolean): ReplicaState {
  if (p.leader === -1) return 'offline';
  if (p.leader === brokerId) return alive ? 'leader' : 'leader-broker-down';
  if (!alive) return 'broker-down';
  return p.isr.includes(brokerId) ? 'follower' : 'out-of-sync';
}

export function layoutBrokers(
  s: LayoutInput,
  groups: readonly GroupView[],
  partitions: readonly PartitionView[],
  owners: Map<string, number>,
  fenced: ReadonlySet<number>,
  mode: BrokerMode,
  area: { left: number; right: number; top: number },
  activity: RecentActivity | null,
  /** Detailed cards per row (a narrow stage wraps them); all in one row by default. */
  brokersPerRow?: number,
  /**
   * Rows only for the replicas a broker hosts (packed from the top) when most rows would be
   * empty (replication factor 1, a broker hosting nothing): shorter cards on a fitted stage.
   * Else one row per partition, so a partition's replicas line up across the cards.
   */
  hostedRowsOnly = false,
  /** A room's narrower cards (`ROOM_SIZES.brokerMaxWidth`). */
  room = false,
): BrokerCard[] {
  const n = Math.max(1, s.brokers.length);
  const hosted = new Map<number, number>(s.brokers.map((b) => [b.id, 0]));
  for (const p of partitions)
    for (const id of p.replicas) if (hosted.has(id)) hosted.set(id, hosted.get(id)! + 1);
  const mostHosted = Math.max(0, ...hosted.values());
  const packed = hostedRowsOnly && mostHosted <= (2 * partitions.length) / 3;
  const rowsPerCard = packed ? Math.max(1, mostHosted) : partitions.length;
  const available = area.right - area.left;
  let perRow = Math.max(1, Math.min(n, brokersPerRow ?? n));
  let cardWidth = Math.min(
    room ? ROOM_SIZES.brokerMaxWidth : SIZES.brokerMaxWidth,
    (available - (perRow - 1) * SIZES.brokerGap) / perRow,
  );
  let height = SIZES.brokerHeaderHeight + rowsPerCard * SIZES.replicaRowHeight + SIZES.brokerFooter;
  if (mode === 'compact') {
    perRow = Math.max(
      1,
      Math.floor((available + SIZES.brokerGap) / (SIZES.compactCardWidth + SIZES.brokerGap)),
    );
    perRow = Math.min(perRow, n);
    cardWidth = (available - (perRow - 1) * SIZES.brokerGap) / perRow;
    height = SIZES.compactCardHeight;
  }
  const alive = new Map(s.brokers.map((b: BrokerView) => [b.id, b.alive]));
  const counts = new Map<number, BrokerCounts>(
    s.brokers.map((b) => [b.id, { leaders: 0, followers: 0, outOfSync: 0, offline: 0 }]),
  );
  const rows = new Map<number, ReplicaSlot[]>(s.brokers.map((b) => [b.id, []]));
  const xOf = (i: number) => area.left + (i % perRow) * (cardWidth + SIZES.brokerGap);
  const yOf = (i: number) => area.top + Math.floor(i / perRow) * (height + SIZES.brokerGap);
  const index = new Map(s.brokers.map((b, i) => [b.id, i]));
  partitions.forEach((p, row) => {
    for (const brokerId of p.replicas) {
      const c = counts.get(brokerId);
      if (c === undefined) continue;
      const state = replicaState(p, brokerId, alive.get(brokerId) ?? false);
      if (state === 'offline') c.offline++;
      else if (state === 'leader' || state === 'leader-broker-down') c.leaders++;
      else if (state === 'follower') c.followers++;
      else c.outOfSync++;
      if (mode !== 'detailed') continue;
      const i = index.get(brokerId)!;
      const slots = rows.get(brokerId)!;
      const slot = packed ? slots.length : row;
      slots.push({
        id: `${p.topic}-${p.partition}@${brokerId}`,
        topic: p.topic,
        partition: p.partition,
        brokerId,
        role: p.leader === brokerId ? 'leader' : 'follower',
        inSync: p.isr.includes(brokerId),
        state,
        logEndOffset: p.replicaLogEndOffsets[brokerId] ?? 0,
        ownerColorIndex: owners.get(`${p.topic}-${p.partition}`) ?? null,
        catchUp: catchUpOf(p, brokerId, state),
        badge: activity === null ? null : replicaBadge(activity, p, brokerId),
        x: xOf(i) + 6,
        y: yOf(i) + SIZES.brokerHeaderHeight + slot * SIZES.replicaRowHeight,
        width: cardWidth - 12,
        height: SIZES.replicaRowHeight - 4,
      });
    }
  });
  return s.brokers.map((b, i) => ({
    id: b.id,
    alive: b.alive,
    fenced: fenced.has(b.id),
    isController: b.id === s.controllerId,
    waitingForController: b.waitingForController,
    coordinatorOf: groups.filter((g) => g.coordinator.broker === b.id).map((g) => g.id),
    x: xOf(i),
    y: yOf(i),
    width: cardWidth,
    height,
    replicas: rows.get(b.id) ?? [],
    counts: counts.get(b.id)!,
  }));
}

/** How far a live follower out of the ISR is behind the leader (null when it is not behind). */
export function catchUpOf(
  p: PartitionView,
  brokerId: number,
  state: ReplicaState,
): ReplicaSlot['catchUp'] {
  if (state !== 'out-of-sync' || p.leader === -1) return null;
  const leaderLogEndOffset = p.replicaLogEndOffsets[p.leader] ?? p.logEndOffset;
  const replicaLogEndOffset = p.replicaLogEndOffsets[brokerId] ?? 0;
  return { replicaLogEndOffset, leaderLogEndOffset };
}

/** The newest truncation or ISR rejoin of this replica still within the badge time. */
export function replicaBadge(
  a: RecentActivity,
  p: Pick<PartitionView, 'topic' | 'partition'>,
  brokerId: number,
): ReplicaBadge | null {
  const mine = <T extends { topic: string; partition: number; broker: number; atMs: number }>(
    list: readonly T[],
  ): T | undefined =>
    list.findLast(
      (x) =>
        x.topic === p.topic &&
        x.partition === p.partition &&
        x.broker === brokerId &&
        x.atMs <= a.nowMs &&
        a.nowMs - x.atMs <= a.badgeMs,
    );
  const truncated = mine(a.truncations);
  const rejoined = mine(a.isrRejoins);
  const age = (atMs: number) => Math.min(1, Math.max(0, (a.nowMs - atMs) / a.badgeMs));
  if (rejoined !== undefined && (truncated === undefined || rejoined.atMs >= truncated.atMs))
    return {
      kind: 'rejoined',
      text: '✓ in ISR',
      words: 'rejoined the ISR',
      age: age(rejoined.atMs),
    };
  if (truncated !== undefined)
    return {
      kind: 'truncated',
      text: `✂ ${truncated.fromOffset}→${truncated.toOffset}`,
      words: `truncated its log from offset ${truncated.fromOffset} to ${truncated.toOffset}`,
      age: age(truncated.atMs),
    };
  return null;
}
