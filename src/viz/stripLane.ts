import type { ConsumerView, GroupView, LostRecord, PartitionView } from '../engine';
import { logWindow, type LogWindow } from './logWindow';
import {
  SIZES,
  type LayoutInput,
  type LogStrip,
  type MarkerKind,
  type PositionMarker,
  type RecentActivity,
} from './layoutTypes';
import { estimateTextWidth, labelTextWidth } from './textMetrics';
import { memberColors } from './groupLane';

/** The logs' lane: each partition's log as a strip of record cells, with markers under it. */

/**
 * Partition strips stacked from `top`, full width: shared by the cluster view (under the
 * cluster) and the log view (on their own, with taller cells).
 */
export function layoutStrips(
  s: LayoutInput,
  partitions: readonly PartitionView[],
  options: {
    top: number;
    width: number;
    maxRecordsDrawn: number;
    maxStrips: number;
    activity: RecentActivity | null;
    cellHeight?: number;
  },
): { strips: LogStrip[]; bottom: number; recordsPerStrip: number } {
  const { top, width, maxStrips, activity } = options;
  const groups = s.groups ?? [];
  const colorOf = memberColors(s.consumers);
  const shown = partitions.slice(0, maxStrips);
  const labelWidth = stripLabelWidth(shown);
  const recordsPerStrip = recordsThatFit(width, options.maxRecordsDrawn, labelWidth);
  const lostByPartition = groupLost(s.lostRecords ?? []);
  const live = new Set(s.brokers.filter((b) => b.alive).map((b) => b.id));
  const strips: LogStrip[] = [];
  let y = top;
  for (const p of shown) {
    const strip = layoutStrip(
      p,
      s.consumers,
      groups,
      colorOf,
      lostByPartition,
      y,
      width,
      recordsPerStrip,
      labelWidth,
      activity,
      live,
      options.cellHeight ?? SIZES.cellHeight,
    );
    strips.push(strip);
    y += strip.height;
  }
  return { strips, bottom: y, recordsPerStrip };
}

/** How many record cells fit in a strip at this width, capped at `maxDrawn`. */
export function recordsThatFit(
  width: number,
  maxDrawn: number,
  labelWidth: number = SIZES.stripLabelWidth,
): number {
  const { pad, ellipsisWidth, stripInfoWidth, cellWidth, cellGap } = SIZES;
  const available = width - 2 * pad - labelWidth - ellipsisWidth - stripInfoWidth;
  return Math.max(1, Math.min(maxDrawn, Math.floor((available + cellGap) / (cellWidth + cellGap))));
}

/** "leader 2 · ISR 2,3" or "⚠ OFFLINE: no leader" (the second line of a strip's label). */
export function leaderText(d: Pick<PartitionView, 'leader' | 'isr'>): string {
  if (d.leader === -1) return '⚠ OFFLINE: no leader';
  return `leader ${d.leader} · ISR ${d.isr.join(',')}`;
}

/** Strip label fonts: the name is 15 px bold (wider glyphs), the leader line 12 px. */
const STRIP_NAME_PX = 15 * 1.1;
const STRIP_LEADER_PX = 12;

/**
 * The label column's width: wide enough for the longest name and leader line drawn (a long
 * ISR must never run into the omitted-records count), never under `SIZES.stripLabelWidth`.
 */
export function stripLabelWidth(
  partitions: readonly Pick<PartitionView, 'topic' | 'partition' | 'leader' | 'isr'>[],
): number {
  let widest: number = SIZES.stripLabelWidth;
  for (const p of partitions) {
    const name = labelTextWidth(`${p.topic}-${p.partition}`, STRIP_NAME_PX);
    const leader = labelTextWidth(leaderText(p), STRIP_LEADER_PX);
    widest = Math.max(widest, Math.ceil(Math.max(name, leader)) + 8);
  }
  return widest;
}

/** "+222", "+12.3k", "+4.5M": an omitted-records count that fits the ellipsis column. */
export function formatOmitted(n: number): string {
  if (n < 10_000) return `+${n}`;
  if (n < 1_000_000) return `+${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `+${(n / 1_000_000).toFixed(1)}M`;
}

function groupLost(lost: readonly LostRecord[]): Map<string, LostRecord[]> {
  const out = new Map<string, LostRecord[]>();
  for (const r of lost) {
    const key = `${r.topic}-${r.partition}`;
    const list = out.get(key);
    if (list === undefined) out.set(key, [r]);
    else list.push(r);
  }
  return out;
}

function layoutStrip(
  p: PartitionView,
  consumers: readonly ConsumerView[],
  groups: readonly GroupView[],
  colorOf: Map<string, number>,
  lostByPartition: Map<string, LostRecord[]>,
  y: number,
  width: number,
  recordsPerStrip: number,
  labelWidth: number,
  activity: RecentActivity | null,
  live: ReadonlySet<number>,
  cellHeight: number = SIZES.cellHeight,
): LogStrip {
  const { pad, ellipsisWidth, cellWidth, cellGap } = SIZES;
  const window = logWindow(p.log, recordsPerStrip);
  const cellPitch = cellWidth + cellGap;
  const labelX = pad;
  const ellipsisX = pad + labelWidth;
  const cellsX = ellipsisX + ellipsisWidth;
  const id = `${p.topic}-${p.partition}`;
  const boundaryX = (offset: number): number =>
    cellsX +
    (Math.min(Math.max(offset, window.fromOffset), window.toOffset) - window.fromOffset) *
      cellPitch -
    cellGap / 2;
  const lost = lostByPartition.get(id) ?? [];
  const revocations = (activity?.revocations ?? []).filter((r) => r.partition === id);
  const markers = layoutMarkers(
    p,
    consumers,
    groups,
    colorOf,
    lost,
    window,
    boundaryX,
    activitySeeds(p, groups, activity, revocations, live),
    width - pad,
  );
  const lanes = Math.max(1, ...markers.map((m) => m.lane + 1));
  return {
    id,
    topic: p.topic,
    partition: p.partition,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    isr: p.isr,
    y,
    labelX,
    ellipsisX,
    cellsX,
    cellWidth,
    cellPitch,
    cellHeight,
    infoX: width - pad - SIZES.stripInfoWidth,
    height: cellHeight + lanes * SIZES.markerLaneHeight + SIZES.stripGap,
    window,
    highWatermark: p.highWatermark,
    logEndOffset: p.logEndOffset,
    highWatermarkX: boundaryX(p.highWatermark),
    logEndX: boundaryX(p.logEndOffset),
    markers,
    lostCount: lost.length,
    pausedGroups: [...new Set(revocations.filter((r) => r.movedTo === null).map((r) => r.group))],
    ownership: revocations.some((r) => r.movedTo === null)
      ? 'paused'
      : revocations.length > 0
        ? 'moved'
        : '',
  };
}

/**
 * Markers for what just happened to this partition: a lagging follower's LEO ("broker 1
 * catching up 120/239"), a truncation on return, and a revoked partition (at its group's
 * committed offset, where the next owner resumes).
 */
function activitySeeds(
  p: PartitionView,
  groups: readonly GroupView[],
  activity: RecentActivity | null,
  revocations: RecentActivity['revocations'],
  live: ReadonlySet<number>,
): MarkerSeed[] {
  const seeds: MarkerSeed[] = [];
  const inSync = new Set(p.isr);
  if (p.leader !== -1) {
    const leaderLeo = p.replicaLogEndOffsets[p.leader] ?? p.logEndOffset;
    for (const b of p.replicas) {
      // Only a running follower out of the ISR is catching up (a dead one is just behind).
      if (b === p.leader || inSync.has(b) || !live.has(b)) continue;
      const leo = p.replicaLogEndOffsets[b];
      if (leo === undefined || leo >= leaderLeo) continue;
      seeds.push({
        id: `replica-${b}`,
        kind: 'replica',
        position: leo,
        consumers: [],
        group: null,
        label: `broker ${b} catching up ${leo}/${leaderLeo}`,
        colorIndex: null,
      });
    }
  }
  if (activity !== null) {
    for (const t of activity.truncations) {
      if (t.topic !== p.topic || t.partition !== p.partition) continue;
      if (t.atMs > activity.nowMs || activity.nowMs - t.atMs > activity.badgeMs) continue;
      seeds.push({
        id: `truncated-${t.broker}-${t.atMs}`,
        kind: 'truncated',
        position: t.toOffset,
        consumers: [],
        group: null,
        label: `broker ${t.broker} truncated ${t.fromOffset}→${t.toOffset}`,
        colorIndex: null,
      });
    }
  }
  for (const r of revocations) {
    const committed =
      groups
        .find((g) => g.id === r.group)
        ?.offsets.find((o) => `${o.topic}-${o.partition}` === `${p.topic}-${p.partition}`)
        ?.committed ?? null;
    const label =
      r.movedTo !== null
        ? `${r.group}: moved ${r.member} → ${r.movedTo}`
        : r.rebalanceProtocol === 'cooperative'
          ? `${r.group}: revoked from ${r.member} (moving) — paused`
          : `${r.group}: revoked from ${r.member} — paused`;
    seeds.push({
      id: `revoked-${r.group}`,
      kind: 'revoked',
      position: committed ?? p.highWatermark,
      consumers: [r.member],
      group: r.group,
      label,
      colorIndex: null,
    });
  }
  return seeds;
}

interface MarkerSeed {
  id: string;
  kind: MarkerKind;
  position: number;
  consumers: string[];
  group: string | null;
  label: string;
  colorIndex: number | null;
}

/**
 * Consumer positions (consumers at the same position share one marker), each group's
 * committed offset with its lag, and lost acknowledged records; each label in the first lane
 * where it fits.
 */
function layoutMarkers(
  p: PartitionView,
  consumers: readonly ConsumerView[],
  groups: readonly GroupView[],
  colorOf: Map<string, number>,
  lost: readonly LostRecord[],
  window: LogWindow,
  boundaryX: (offset: number) => number,
  extra: readonly MarkerSeed[] = [],
  rightLimit = Infinity,
): PositionMarker[] {
  const byPosition = new Map<number, string[]>();
  for (const c of consumers) {
    if (!c.alive) continue;
    const at = c.positions.find((pos) => pos.topic === p.topic && pos.partition === p.partition);
    if (at === undefined || at.position < 0) continue;
    byPosition.set(at.position, [...(byPosition.get(at.position) ?? []), c.id]);
  }
  const seeds: MarkerSeed[] = [...byPosition.entries()].map(([position, ids]) => ({
    id: `pos-${position}`,
    kind: 'position',
    position,
    consumers: ids,
    group: null,
    label: `${ids.join(', ')} @ ${position} · lag ${Math.max(0, p.highWatermark - position)}`,
    colorIndex: ids.length === 1 ? (colorOf.get(ids[0]) ?? null) : null,
  }));
  for (const g of groups) {
    const o = g.offsets.find((x) => x.topic === p.topic && x.partition === p.partition);
    if (o === undefined || o.committed === null) continue;
    seeds.push({
      id: `commit-${g.id}`,
      kind: 'commit',
      position: o.committed,
      consumers: [],
      group: g.id,
      label: `${g.id} committed ${o.committed} · lag ${o.lag ?? 0}`,
      colorIndex: null,
    });
  }
  if (lost.length > 0) {
    const offsets = lost.map((r) => r.offset).sort((a, b) => a - b);
    const first = offsets[0];
    const last = offsets[offsets.length - 1];
    seeds.push({
      id: 'lost',
      kind: 'lost',
      position: first,
      consumers: [],
      group: null,
      // The ✕ is the glyph: the words say how many and where, once.
      label: `${lost.length} acknowledged record${lost.length === 1 ? '' : 's'} lost (offset${first === last ? ` ${first}` : `s ${first}–${last}`})`,
      colorIndex: null,
    });
  }
  seeds.push(...extra);
  const order: Record<MarkerKind, number> = {
    position: 0,
    commit: 1,
    revoked: 2,
    replica: 3,
    truncated: 4,
    lost: 5,
  };
  // Each lane holds the [left, right] spans of its labels; a label takes the first lane it fits.
  const lanes: [number, number][][] = [];
  return seeds
    .sort((a, b) => a.position - b.position || order[a.kind] - order[b.kind])
    .map((seed) => {
      const x = boundaryX(seed.position);
      const textWidth = estimateTextWidth(seed.label, SIZES.markerFontPx);
      // Near the right edge the label reads leftwards from its glyph, so it stays on screen.
      const anchor: 'start' | 'end' = x + 9 + textWidth > rightLimit ? 'end' : 'start';
      const span: [number, number] =
        anchor === 'start' ? [x - 6, x + 9 + textWidth] : [x - 9 - textWidth, x + 6];
      let lane = lanes.findIndex((spans) =>
        spans.every(([l, r]) => r + 6 <= span[0] || span[1] + 6 <= l),
      );
      if (lane === -1) lane = lanes.push([]) - 1;
      lanes[lane].push(span);
      return { ...seed, x, lane, anchor, clipped: seed.position < window.fromOffset };
    });
}
