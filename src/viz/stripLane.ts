import type {
  ConsumerView,
  GroupView,
  LogRecord,
  LogView,
  LostRecord,
  PartitionView,
} from '../engine';
import { indexAtOrAfter } from '../engine/light';
import { logWindow, slotOfOffset, type LogWindow } from './logWindow';
import {
  CELL_FONTS,
  cellContentWidth,
  cellEssentialWidth,
  cellFonts,
  isTallCell,
  minCellWidth,
  type CellFonts,
} from './recordCell';
import {
  ROOM_SIZES,
  SIZES,
  type LayoutInput,
  type LogStrip,
  type MarkerKind,
  type PositionMarker,
  type RecentActivity,
  type SegmentMark,
} from './layoutTypes';
import { labelTextWidth, namePx, textPx } from './textMetrics';
import { memberColors } from './groupLane';
import { findByPartition } from './partitionIndex';
import { sameData } from './dom';

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
    /** The caption's focus (`record:orders-0@104` keeps that offset in view). */
    focus?: readonly string[];
    /** Strips paged back by the learner: strip id → the offset the drawn window ends before. */
    pages?: ReadonlyMap<string, number>;
    /** A room's narrower label and info columns (`ROOM_SIZES`). */
    room?: boolean;
    /** Marker lanes each strip keeps (`LayoutOptions.laneFloors`). */
    laneFloors?: ReadonlyMap<string, number>;
  },
): { strips: LogStrip[]; bottom: number; recordsPerStrip: number } {
  const { top, width, maxStrips, activity } = options;
  const groups = s.groups ?? [];
  const colorOf = memberColors(s.consumers);
  const shown = partitions.slice(0, maxStrips);
  const room = options.room ?? false;
  const labelWidth = stripLabelWidth(shown, room ? ROOM_SIZES.stripLabelWidth : undefined, room);
  const infoWidth = room ? ROOM_SIZES.stripInfoWidth : SIZES.stripInfoWidth;
  const recordsPerStrip = recordsThatFit(width, options.maxRecordsDrawn, labelWidth, infoWidth);
  const lostByPartition = groupLost(s.lostRecords ?? []);
  const live = new Set(s.brokers.filter((b) => b.alive).map((b) => b.id));
  const focused = focusedOffsets(options.focus ?? []);
  const strips: LogStrip[] = [];
  let y = top;
  const cellHeight = options.cellHeight ?? SIZES.cellHeight;
  for (const p of shown) {
    const id = `${p.topic}-${p.partition}`;
    const revocations = (activity?.revocations ?? []).filter((r) => r.partition === id);
    const inputs: StripInputs = {
      p,
      newest: p.log.length > 0 ? p.log.records[p.log.length - 1] : undefined,
      lost: lostByPartition.get(id) ?? [],
      revocations,
      seeds: activitySeeds(p, groups, activity, revocations, live),
      y,
      width,
      recordsPerStrip,
      labelWidth,
      infoWidth,
      room,
      cellHeight,
      focused: focused.get(id) ?? [],
      page: options.pages?.get(id) ?? null,
      laneFloor: options.laneFloors?.get(id) ?? 1,
    };
    // A strip laid out from the same inputs as last time is the same strip (the same object,
    // which the log layer then passes over at once): most strips are quiet in a frame. Two
    // are kept per partition: a frame may lay the picture out at two widths (the cluster
    // view tries the fitted one, then draws at the legible one).
    const memos = stripMemo.get(id);
    const hit = memos?.find(
      (m) => sameStripInputs(m.inputs, inputs) && sameClients(m.clients, s.consumers, groups, p),
    );
    let strip: LogStrip;
    if (hit !== undefined) strip = hit.strip;
    else {
      strip = layoutStrip(p, s.consumers, groups, colorOf, inputs);
      const memo = { inputs, clients: clientsOf(s.consumers, groups, p), strip };
      if (memos === undefined) stripMemo.set(id, [memo]);
      else {
        // The one not used last goes (the other is what the other width needs next frame),
        // and any laid out from another log (another run, a seek back to a restored world):
        // a remembered strip holds its partition's view, and with it the log's records.
        const kept = memos.filter((m) => m.inputs.p.log.records === p.log.records);
        kept.unshift(memo);
        kept.length = Math.min(kept.length, STRIP_MEMOS_PER_PARTITION);
        stripMemo.set(id, kept);
      }
    }
    if (hit !== undefined && memos !== undefined && memos[0] !== hit) {
      memos.splice(memos.indexOf(hit), 1);
      memos.unshift(hit);
    }
    strips.push(strip);
    y += strip.height;
  }
  // Partitions of another run (or no longer shown) are forgotten once they outnumber these.
  if (stripMemo.size > 2 * shown.length + 64) {
    const ids = new Set(strips.map((strip) => strip.id));
    for (const id of stripMemo.keys()) if (!ids.has(id)) stripMemo.delete(id);
  }
  return { strips, bottom: y, recordsPerStrip };
}

/** How many record cells fit in a strip at this width, capped at `maxDrawn`. */
export function recordsThatFit(
  width: number,
  maxDrawn: number,
  labelWidth: number = SIZES.stripLabelWidth,
  stripInfoWidth: number = SIZES.stripInfoWidth,
): number {
  const { pad, ellipsisWidth, cellWidth, cellGap } = SIZES;
  const available = width - 2 * pad - labelWidth - ellipsisWidth - stripInfoWidth;
  return Math.max(1, Math.min(maxDrawn, Math.floor((available + cellGap) / (cellWidth + cellGap))));
}

/**
 * "leader 2 · ISR 2,3" or "⚠ OFFLINE: no leader" (the second line of a strip's label); for a
 * room, "★2 · ISR 2,3" (the brokers' legend says ★ is the leader).
 */
export function leaderText(d: Pick<PartitionView, 'leader' | 'isr'>, room = false): string {
  if (d.leader === -1) return room ? '⚠ OFFLINE' : '⚠ OFFLINE: no leader';
  return `${room ? '★' : 'leader '}${d.leader} · ISR ${d.isr.join(',')}`;
}

/** The strip label's leader line is 12 px (its name is 15 px bold, a room's `ROOM_NAME_PX`). */
const STRIP_LEADER_PX = 12;

/**
 * The label column's width: wide enough for the longest name and leader line drawn (a long
 * ISR must never run into the omitted-records count), never under `SIZES.stripLabelWidth`.
 */
export function stripLabelWidth(
  partitions: readonly Pick<PartitionView, 'topic' | 'partition' | 'leader' | 'isr'>[],
  minimum: number = SIZES.stripLabelWidth,
  room = false,
): number {
  let widest = minimum;
  for (const p of partitions) {
    const name = labelTextWidth(`${p.topic}-${p.partition}`, namePx(15, room) * 1.1);
    const leader = labelTextWidth(leaderText(p, room), textPx(STRIP_LEADER_PX, room));
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

/** Everything a strip is laid out from but the clients (see `clientsOf`). */
export interface StripInputs {
  p: PartitionView;
  /**
   * Its log's newest record: a log truncated and written again to its old length, in the
   * same records array, has another (the log view holds the array, not a copy).
   */
  newest: LogRecord | undefined;
  lost: readonly LostRecord[];
  revocations: RecentActivity['revocations'];
  /** What just happened to it (`activitySeeds`): all it reads of the activity and the time. */
  seeds: MarkerSeed[];
  y: number;
  width: number;
  recordsPerStrip: number;
  labelWidth: number;
  infoWidth: number;
  room: boolean;
  cellHeight: number;
  focused: readonly number[];
  page: number | null;
  laneFloor: number;
}

/** Whether a strip laid out from `a` is the one laid out from `b` (clients apart). */
export function sameStripInputs(a: StripInputs, b: StripInputs): boolean {
  return (
    a.y === b.y &&
    a.width === b.width &&
    a.recordsPerStrip === b.recordsPerStrip &&
    a.labelWidth === b.labelWidth &&
    a.infoWidth === b.infoWidth &&
    a.room === b.room &&
    a.cellHeight === b.cellHeight &&
    a.page === b.page &&
    a.laneFloor === b.laneFloor &&
    a.newest === b.newest &&
    samePartition(a.p, b.p) &&
    sameData(a.focused, b.focused) &&
    sameData(a.lost, b.lost) &&
    sameData(a.revocations, b.revocations) &&
    sameData(a.seeds, b.seeds)
  );
}

/**
 * Whether two views of a partition are alike, field by field (`sameData` would do, more
 * slowly: a replica's log end offsets are keyed by broker id, which objects hold apart from
 * their named keys). The test beside this file changes each field in turn.
 */
export function samePartition(a: PartitionView, b: PartitionView): boolean {
  if (a === b) return true;
  if (
    a.topic !== b.topic ||
    a.partition !== b.partition ||
    a.leader !== b.leader ||
    a.leaderEpoch !== b.leaderEpoch ||
    a.highWatermark !== b.highWatermark ||
    a.logEndOffset !== b.logEndOffset ||
    a.logStartOffset !== b.logStartOffset ||
    a.log.records !== b.log.records ||
    a.log.startOffset !== b.log.startOffset ||
    a.log.length !== b.log.length ||
    a.log.segmentBaseOffsets !== b.log.segmentBaseOffsets ||
    a.replicas.length !== b.replicas.length ||
    a.isr.length !== b.isr.length
  )
    return false;
  for (let i = 0; i < a.isr.length; i++) if (a.isr[i] !== b.isr[i]) return false;
  for (let i = 0; i < a.replicas.length; i++) if (a.replicas[i] !== b.replicas[i]) return false;
  const x = a.replicaLogEndOffsets;
  const y = b.replicaLogEndOffsets;
  let keys = 0;
  for (const id in x) {
    keys++;
    if (x[id as unknown as number] !== y[id as unknown as number]) return false;
  }
  for (const _id in y) keys--;
  return keys === 0;
}

/** The last strip laid out for each partition, with what it was laid out from. */
const stripMemo = new Map<string, { inputs: StripInputs; clients: unknown[]; strip: LogStrip }[]>();
/** Strips remembered per partition, the most recently used first. */
const STRIP_MEMOS_PER_PARTITION = 2;
/** Forgets the strips laid out so far (tests: a layout from nothing to compare with). */
export function forgetStripLayouts(): void {
  stripMemo.clear();
}

/**
 * What a strip reads of the consumers and groups, flat: each consumer's id (their order gives
 * the colours), whether it runs and its position here; each group's id, commit and lag here.
 */
function clientsOf(
  consumers: readonly ConsumerView[],
  groups: readonly GroupView[],
  p: Pick<PartitionView, 'topic' | 'partition'>,
): unknown[] {
  const out: unknown[] = [];
  for (const c of consumers)
    out.push(c.id, c.alive, findByPartition(c.positions, p.topic, p.partition)?.position);
  for (const g of groups) {
    const o = findByPartition(g.offsets, p.topic, p.partition);
    out.push(g.id, o?.committed, o?.lag);
  }
  return out;
}

/** `clientsOf` equals `last`, compared in place (no list built when nothing changed). */
function sameClients(
  last: readonly unknown[],
  consumers: readonly ConsumerView[],
  groups: readonly GroupView[],
  p: Pick<PartitionView, 'topic' | 'partition'>,
): boolean {
  if (last.length !== 3 * (consumers.length + groups.length)) return false;
  let i = 0;
  for (const c of consumers) {
    if (last[i] !== c.id || last[i + 1] !== c.alive) return false;
    if (last[i + 2] !== findByPartition(c.positions, p.topic, p.partition)?.position) return false;
    i += 3;
  }
  for (const g of groups) {
    const o = findByPartition(g.offsets, p.topic, p.partition);
    if (last[i] !== g.id || last[i + 1] !== o?.committed || last[i + 2] !== o?.lag) return false;
    i += 3;
  }
  return true;
}

function layoutStrip(
  p: PartitionView,
  consumers: readonly ConsumerView[],
  groups: readonly GroupView[],
  colorOf: Map<string, number>,
  inputs: StripInputs,
): LogStrip {
  const { pad, ellipsisWidth, cellGap } = SIZES;
  const { y, width, recordsPerStrip, cellHeight, lost, revocations, laneFloor } = inputs;
  const columns = { label: inputs.labelWidth, info: inputs.infoWidth, room: inputs.room };
  const id = `${p.topic}-${p.partition}`;
  // The room for cells is what `recordsPerStrip` default cells take; cells may be wider (their
  // text needs it and few records fill the room), and then fewer are drawn.
  const room = recordsPerStrip * (SIZES.cellWidth + cellGap);
  const cellWidth = stripCellWidth(p.log, room, isTallCell(cellHeight), cellFonts(columns.room));
  const cellPitch = cellWidth + cellGap;
  const capacity = Math.max(1, Math.floor((room + cellGap) / cellPitch));
  const window = logWindow(p.log, capacity, {
    pinned: stripPins(p, inputs.focused, lost, consumers, groups),
    endOffset: inputs.page,
  });
  const labelX = pad;
  const ellipsisX = pad + columns.label;
  const cellsX = ellipsisX + ellipsisWidth;
  const boundaryX = (offset: number): number =>
    cellsX + slotOfOffset(window, offset) * cellPitch - cellGap / 2;
  const markers = layoutMarkers(
    p,
    consumers,
    groups,
    colorOf,
    lost,
    window,
    boundaryX,
    inputs.seeds,
    { left: labelX, right: width - pad },
    textPx(SIZES.markerFontPx, columns.room),
  );
  const lanes = Math.max(laneFloor, ...markers.map((m) => m.lane + 1));
  const laneHeight = columns.room ? ROOM_SIZES.markerLaneHeight : SIZES.markerLaneHeight;
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
    infoX: width - pad - columns.info,
    infoWidth: columns.info,
    leaderLine: leaderText(p, columns.room),
    room: columns.room,
    height: cellHeight + lanes * laneHeight + SIZES.stripGap,
    lanes,
    window,
    highWatermark: p.highWatermark,
    logEndOffset: p.logEndOffset,
    highWatermarkX: boundaryX(p.highWatermark),
    logEndX: boundaryX(p.logEndOffset),
    markers,
    segmentMarks: segmentMarks(p.log.segmentBaseOffsets, window, boundaryX),
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
 * What a position's marker says after the offset: its lag, or that the records there are gone
 * (retention deleted them): the consumer's next fetch is out of range and auto.offset.reset
 * moves it.
 */
function positionNote(p: PartitionView, position: number): string {
  if (position < p.logStartOffset) return ` · deleted (log starts at ${p.logStartOffset})`;
  return ` · lag ${Math.max(0, p.highWatermark - position)}`;
}

/**
 * Segment starts inside the window. The first segment begins at the log start (the strip's
 * left end says that already), and a log of one segment has nothing to divide: every lesson
 * with Kafka's 1 GiB segments draws as it always did.
 */
export function segmentMarks(
  bases: readonly number[],
  window: LogWindow,
  boundaryX: (offset: number) => number,
): SegmentMark[] {
  const marks: SegmentMark[] = [];
  for (let i = 1; i < bases.length; i++) {
    const base = bases[i];
    if (base <= window.fromOffset || base > window.toOffset) continue;
    marks.push({ baseOffset: base, x: boundaryX(base), active: i === bases.length - 1 });
  }
  return marks;
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
    seeds.push(...followerLeoSeeds(p, leaderLeo, live, activity?.nowMs ?? null));
  }
  if (activity !== null) {
    for (const t of activity.logTrims) {
      if (t.topic !== p.topic || t.partition !== p.partition) continue;
      if (t.atMs > activity.nowMs || activity.nowMs - t.atMs > activity.badgeMs) continue;
      seeds.push({
        id: `deleted-${t.atMs}-${t.reason}`,
        kind: 'deleted',
        position: t.toOffset,
        consumers: [],
        group: null,
        label: `${t.toOffset - t.fromOffset === 1 ? `offset ${t.fromOffset}` : `offsets ${t.fromOffset}–${t.toOffset - 1}`} deleted (${t.reason})`,
        colorIndex: null,
        age: Math.min(1, Math.max(0, (activity.nowMs - t.atMs) / activity.badgeMs)),
      });
    }
    for (const c of activity.logCleans) {
      if (c.topic !== p.topic || c.partition !== p.partition) continue;
      if (c.atMs > activity.nowMs || activity.nowMs - c.atMs > activity.badgeMs) continue;
      const why = [
        c.superseded > 0 ? `${c.superseded} superseded` : null,
        c.tombstonesRemoved > 0
          ? `${c.tombstonesRemoved} tombstone${c.tombstonesRemoved === 1 ? '' : 's'}`
          : null,
      ].filter((x) => x !== null);
      seeds.push({
        id: `cleaned-${c.atMs}`,
        kind: 'cleaned',
        position: c.removedOffsets[0] ?? p.logStartOffset,
        consumers: [],
        group: null,
        label: `cleaner removed ${c.removedCount} (${why.join(', ')})`,
        shorter: [`cleaned −${c.removedCount}`],
        colorIndex: null,
        age: Math.min(1, Math.max(0, (activity.nowMs - c.atMs) / activity.badgeMs)),
      });
    }
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
        ?.offsets.find((o) => o.topic === p.topic && o.partition === p.partition)?.committed ??
      null;
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

/** An in-sync follower behind for at least this long (virtual ms) gets its LEO marked. */
export const FOLLOWER_LAG_SHOWN_MS = 400;

/**
 * In-sync followers that are behind the leader ("broker 2 LEO 40"), grouped by LEO: what
 * replication lessons teach (the high watermark is the smallest LEO in the ISR). Only a lag
 * that lasts (the oldest record a follower lacks was sent `FOLLOWER_LAG_SHOWN_MS` ago), so a
 * fast network's routine few-millisecond lag does not flicker on every strip.
 */
function followerLeoSeeds(
  p: PartitionView,
  leaderLeo: number,
  live: ReadonlySet<number>,
  nowMs: number | null,
): MarkerSeed[] {
  if (nowMs === null) return [];
  const byLeo = new Map<number, number[]>();
  for (const b of p.isr) {
    const leo = p.replicaLogEndOffsets[b];
    if (b === p.leader || !live.has(b) || leo === undefined || leo >= leaderLeo) continue;
    // The first record the follower lacks (the one at its LEO, or after it in a compacted log).
    const next = indexAtOrAfter(p.log, leo);
    const missing = next < p.log.length ? p.log.records[next] : undefined;
    if (missing === undefined || nowMs - missing.timestampMs < FOLLOWER_LAG_SHOWN_MS) continue;
    byLeo.set(leo, [...(byLeo.get(leo) ?? []), b]);
  }
  return [...byLeo.entries()].map(([leo, brokers]) => ({
    id: `follower-${brokers.join('-')}`,
    kind: 'replica',
    position: leo,
    consumers: [],
    group: null,
    label: `broker${brokers.length > 1 ? 's' : ''} ${brokers.join(', ')} LEO ${leo}`,
    colorIndex: null,
  }));
}

interface MarkerSeed {
  id: string;
  kind: MarkerKind;
  position: number;
  consumers: string[];
  group: string | null;
  label: string;
  /** Shorter forms of the label, most words first, drawn where the whole one has no room. */
  shorter?: readonly string[];
  colorIndex: number | null;
  age?: number;
}

/** "e1, k1, k2" → "e1 +2": the first of several names, and how many more. */
function firstAndCount(ids: readonly string[]): string {
  return ids.length === 1 ? ids[0] : `${ids[0]} +${ids.length - 1}`;
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
  limits: { left: number; right: number } = { left: -Infinity, right: Infinity },
  fontPx: number = SIZES.markerFontPx,
): PositionMarker[] {
  const byPosition = new Map<number, string[]>();
  for (const c of consumers) {
    if (!c.alive) continue;
    const at = findByPartition(c.positions, p.topic, p.partition);
    if (at === undefined || at.position < 0) continue;
    byPosition.set(at.position, [...(byPosition.get(at.position) ?? []), c.id]);
  }
  const seeds: MarkerSeed[] = [...byPosition.entries()].map(([position, ids]) => ({
    // Named by its consumers, not its offset: the same marker moves as they read on (and as
    // a seek puts them elsewhere), where one named by offset was removed and built again each
    // time, in every frame of playback and every seek.
    id: `pos-${ids.join('+')}`,
    kind: 'position',
    position,
    consumers: ids,
    group: null,
    label: `${ids.join(', ')} @ ${position}${positionNote(p, position)}`,
    shorter: [`${firstAndCount(ids)} @ ${position}${positionNote(p, position)}`, `@ ${position}`],
    colorIndex: ids.length === 1 ? (colorOf.get(ids[0]) ?? null) : null,
  }));
  // Groups that committed the same offset share one marker (as consumers at one position do):
  // their lag is the same, and a lane of labels saying so twice is height the picture needs.
  const commits = new Map<number, { groups: string[]; lag: number }>();
  for (const g of groups) {
    const o = findByPartition(g.offsets, p.topic, p.partition);
    if (o === undefined || o.committed === null) continue;
    const at = commits.get(o.committed);
    if (at === undefined) commits.set(o.committed, { groups: [g.id], lag: o.lag ?? 0 });
    else at.groups.push(g.id);
  }
  for (const [committed, { groups: ids, lag }] of commits)
    seeds.push({
      id: `commit-${ids.join('+')}`,
      kind: 'commit',
      position: committed,
      consumers: [],
      group: ids.join(', '),
      label: `${ids.join(', ')} committed ${committed} · lag ${lag}`,
      shorter: [
        `${firstAndCount(ids)} committed ${committed} · lag ${lag}`,
        `committed ${committed} · lag ${lag}`,
        `${committed}`,
      ],
      colorIndex: null,
    });
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
    deleted: 6,
    cleaned: 7,
  };
  // Each lane holds the [left, right] spans of its labels; a label takes the first lane it fits.
  const lanes: [number, number][][] = [];
  return seeds
    .sort((a, b) => a.position - b.position || order[a.kind] - order[b.kind])
    .map((seed) => {
      const x = boundaryX(seed.position);
      // The label reads rightwards from its glyph, or leftwards near the strip's right edge;
      // where neither side holds it whole, the side with more room takes a shorter form.
      const right = limits.right - (x + 9);
      const left = x - 9 - limits.left;
      // Labels are bold (app.css `.marker-label`): about a tenth wider than regular text.
      const width = (t: string) => labelTextWidth(t, fontPx) * 1.1;
      const full = width(seed.label);
      const anchor: 'start' | 'end' =
        full <= right ? 'start' : full <= left || left > right ? 'end' : 'start';
      const text = labelWithin(seed, anchor === 'start' ? right : left, width);
      const textWidth = width(text);
      const span: [number, number] =
        anchor === 'start' ? [x - 6, x + 9 + textWidth] : [x - 9 - textWidth, x + 6];
      let lane = lanes.findIndex((spans) =>
        spans.every(([l, r]) => r + 6 <= span[0] || span[1] + 6 <= l),
      );
      if (lane === -1) lane = lanes.push([]) - 1;
      lanes[lane].push(span);
      const { shorter: _shorter, ...marker } = seed;
      return { ...marker, text, x, lane, anchor, clipped: seed.position < window.fromOffset };
    });
}

/** The label, or its first shorter form that fits `room`, or the last one cut to fit. */
function labelWithin(
  seed: Pick<MarkerSeed, 'label' | 'shorter'>,
  room: number,
  width: (t: string) => number,
): string {
  const forms = [seed.label, ...(seed.shorter ?? [])];
  const fits = forms.find((t) => width(t) <= room);
  if (fits !== undefined) return fits;
  const last = forms[forms.length - 1];
  for (let n = last.length - 1; n > 0; n--) {
    const cut = `${last.slice(0, n).trimEnd()}…`;
    if (width(cut) <= room) return cut;
  }
  return last;
}

/** A room's strips show at least this many records when keys widen their cells. */
const MIN_ROOM_RECORDS = 4;

/** Widest cell: a value longer than this is shortened (two-line cells) or truncated (tall cells). */
const MAX_CELL_WIDTH = { short: 132, tall: 220 } as const;

/**
 * A strip's cell width: wide enough for its records' text when they all fit in `room` at that
 * width (few records: "signed up" in full); else as wide as lets every record fit; else the
 * default width, and the window draws what fits. The log view's tall cells always take the
 * width their values need (values in full), and the learner pages through the rest.
 */
export function stripCellWidth(
  log: Pick<LogView, 'records' | 'startOffset' | 'length'>,
  room: number,
  tall: boolean,
  fonts: CellFonts = CELL_FONTS,
): number {
  // The same log as last time (its records array, as long, with the same newest record: a
  // log truncated and written again to its old length has another), at the same size: the
  // same width. Most strips gain no record in a frame.
  const last = log.length > 0 ? log.records[log.length - 1] : undefined;
  const memos = cellWidthOf.get(log.records) ?? [];
  const memo = memos.find(
    (m) =>
      m.length === log.length &&
      m.last === last &&
      m.room === room &&
      m.tall === tall &&
      m.fonts === fonts,
  );
  if (memo !== undefined) return memo.width;
  const width = measureStripCellWidth(log, room, tall, fonts);
  // Two sizes per log (the cluster view may lay a frame out at two widths).
  cellWidthOf.set(log.records, [
    { length: log.length, last, room, tall, fonts, width },
    ...memos.slice(0, 1),
  ]);
  return width;
}

/** Each log's last cell widths, with what they were measured from (see `stripCellWidth`). */
const cellWidthOf = new WeakMap<
  readonly LogRecord[],
  {
    length: number;
    last: LogRecord | undefined;
    room: number;
    tall: boolean;
    fonts: CellFonts;
    width: number;
  }[]
>();

function measureStripCellWidth(
  log: Pick<LogView, 'records' | 'startOffset' | 'length'>,
  room: number,
  tall: boolean,
  fonts: CellFonts,
): number {
  const { cellGap } = SIZES;
  const minWidth = minCellWidth(fonts, SIZES.cellWidth);
  const most = Math.max(1, Math.floor((room + cellGap) / (minWidth + cellGap)));
  let content: number = minWidth;
  // The newest records that could be drawn at all: O(cells), not O(log).
  for (let i = Math.max(0, log.length - most); i < log.length; i++)
    content = Math.max(content, cellContentWidth(log.records[i], tall, fonts));
  const widest = Math.min(content, tall ? MAX_CELL_WIDTH.tall : MAX_CELL_WIDTH.short, room);
  if (tall || log.length * (widest + cellGap) <= room + cellGap) return widest;
  const allFit = Math.floor((room + cellGap) / Math.max(1, log.length)) - cellGap;
  const width = Math.max(minWidth, Math.min(widest, allFit));
  if (fonts === CELL_FONTS) return width;
  // A room's cells are wide enough for what it must read (keys in full, a counter's tail) while
  // a lesson's few records per strip still fit: fewer cells rather than "ali…".
  let essential = width;
  for (let i = Math.max(0, log.length - most); i < log.length; i++)
    essential = Math.max(essential, cellEssentialWidth(log.records[i], fonts));
  const fewestFit = Math.floor((room + cellGap) / MIN_ROOM_RECORDS) - cellGap;
  return Math.max(width, Math.min(essential, widest, fewestFit));
}

/** `record:orders-0@104` focus ids, by strip: the offsets the caption names. */
export function focusedOffsets(focus: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const id of focus) {
    const m = /^record:(.+)@(\d+)$/.exec(id);
    if (m === null) continue;
    out.set(m[1], [...(out.get(m[1]) ?? []), Number(m[2])]);
  }
  return out;
}

/**
 * The offsets a strip keeps in view, most important first: what the caption names, lost
 * records (newest first), then where consumers are and groups committed (the next record each
 * will read), then the record before each of those.
 */
export function stripPins(
  p: Pick<PartitionView, 'topic' | 'partition'>,
  focused: readonly number[],
  lost: readonly LostRecord[],
  consumers: readonly ConsumerView[],
  groups: readonly GroupView[],
): number[] {
  const pins = [...focused, ...lost.map((r) => r.offset).sort((a, b) => b - a)];
  const positions: number[] = [];
  for (const c of consumers) {
    if (!c.alive) continue;
    const at = findByPartition(c.positions, p.topic, p.partition);
    if (at !== undefined && at.position >= 0) positions.push(at.position);
  }
  for (const g of groups) {
    const o = findByPartition(g.offsets, p.topic, p.partition);
    if (o !== undefined && o.committed !== null) positions.push(o.committed);
  }
  // Then the record just before each: the one a consumer last read (fred, rewound to 0, has
  // read offset 0 a poll later and stands at 1).
  return [...pins, ...positions, ...positions.map((o) => o - 1)];
}
