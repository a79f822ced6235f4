import type {
  BrokerView,
  ConsumerView,
  GroupView,
  LostRecord,
  PartitionView,
  ProducerView,
  Snapshot,
} from '../engine';
import { logWindow, type LogWindow } from './logWindow';

/**
 * Pure layout: snapshot → coordinates for everything drawn, for a given width. Producers in a
 * column on the left, brokers as cards in the middle, consumer groups boxed on the right, and
 * below, each partition's log as a strip of record cells with positions, commits and losses
 * marked under it.
 *
 * Two broker modes: `detailed` (one row per partition in every card, so a partition's
 * replicas line up across brokers) while that stays legible, else `compact` (a grid of cards
 * with counts: what cannot be drawn one by one is aggregated). Strips are capped the same way.
 */

export interface LayoutOptions {
  width: number;
  /** Most records drawn per log (fewer when the strip is narrower). */
  maxRecordsDrawn?: number;
  /** Include internal topics (__consumer_offsets). */
  showInternal?: boolean;
  /** Brokers the controller has fenced. */
  /** Most partition strips drawn; the rest are counted. */
  maxStrips?: number;
  /** What just happened (from the store's events), to mark on rows, members and strips. */
  activity?: RecentActivity;
}

/**
 * Recent truncations, ISR rejoins and revoked partitions at virtual time `nowMs` (the store
 * folds them from the trace; nothing here is inferred by the view).
 */
export interface RecentActivity {
  nowMs: number;
  /** How long a badge stays (virtual ms); its age fraction fades it. */
  badgeMs: number;
  truncations: readonly {
    atMs: number;
    topic: string;
    partition: number;
    broker: number;
    fromOffset: number;
    toOffset: number;
  }[];
  isrRejoins: readonly { atMs: number; topic: string; partition: number; broker: number }[];
  revocations: readonly {
    atMs: number;
    group: string;
    member: string;
    /** "orders-4" */
    partition: string;
    rebalanceProtocol: 'eager' | 'cooperative';
    movedTo: string | null;
    settledAtMs: number | null;
  }[];
}

/** A short-lived mark on a replica row: truncated on return, or back in the ISR. */
export interface ReplicaBadge {
  kind: 'truncated' | 'rejoined';
  /** "✂ 104→103", "✓ in ISR" */
  text: string;
  /** "truncated its log from offset 104 to 103" */
  words: string;
  /** 0 when it happened, 1 when it expires: fades with virtual time. */
  age: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ProducerNode extends Box {
  id: string;
  producer: ProducerView;
}

/** A consumer's card: inside its group's box, or among the consumers without a group. */
export interface ConsumerNode extends Box {
  id: string;
  consumer: ConsumerView;
  /** Palette slot (CSS `member-N`): stable per consumer for the whole run. */
  colorIndex: number;
  /** "orders-0" … for its current assignment. */
  partitions: string[];
  /** In a stable group with nothing assigned (more members than partitions). */
  idle: boolean;
  /** Partitions it gave up in a rebalance that nobody has yet ("orders-4"). */
  revoked: string[];
  rebalanceProtocol: 'eager' | 'cooperative' | null;
  /** Status lines under its name (see `memberLines`); the card grows with them. */
  lines: string[];
}

export interface GroupBox extends Box {
  id: string;
  group: GroupView | null;
  members: ConsumerNode[];
}

export type ReplicaRole = 'leader' | 'follower';

export type ReplicaState =
  'leader' | 'follower' | 'out-of-sync' | 'broker-down' | 'leader-broker-down' | 'offline';

export interface ReplicaSlot extends Box {
  /** "orders-3@2": stable while leadership moves. */
  id: string;
  topic: string;
  partition: number;
  brokerId: number;
  role: ReplicaRole;
  inSync: boolean;
  state: ReplicaState;
  logEndOffset: number;
  /** The owner's colour slot in the first group that has this partition, if any. */
  ownerColorIndex: number | null;
  /** A live follower behind the leader and out of the ISR: its LEO and the leader's. */
  catchUp: { replicaLogEndOffset: number; leaderLogEndOffset: number } | null;
  badge: ReplicaBadge | null;
}

export interface BrokerCounts {
  leaders: number;
  followers: number;
  outOfSync: number;
  offline: number;
}

export interface BrokerCard extends Box {
  id: number;
  alive: boolean;
  fenced: boolean;
  isController: boolean;
  /** Groups whose coordinator this broker is. */
  coordinatorOf: string[];
  replicas: ReplicaSlot[];
  /** Replicas hosted, by state (drawn instead of rows in compact mode). */
  counts: BrokerCounts;
}

export type MarkerKind = 'position' | 'commit' | 'lost' | 'replica' | 'truncated' | 'revoked';

/** Something marked under a strip at an offset: consumer positions, group commits, lost records. */
export interface PositionMarker {
  id: string;
  kind: MarkerKind;
  position: number;
  consumers: string[];
  /** The group (commit markers). */
  group: string | null;
  label: string;
  x: number;
  /** Marker lane under the strip (0 = nearest). */
  lane: number;
  /** The position is before the drawn window: the marker sits at its left edge. */
  clipped: boolean;
  /** 'end': the label reads leftwards from the glyph (near the strip's right edge). */
  anchor: 'start' | 'end';
  colorIndex: number | null;
}

export interface LogStrip {
  /** "orders-3" */
  id: string;
  topic: string;
  partition: number;
  leader: number;
  leaderEpoch: number;
  isr: readonly number[];
  y: number;
  labelX: number;
  /** Where the ellipsis (omitted records) is drawn. */
  ellipsisX: number;
  cellsX: number;
  cellWidth: number;
  cellPitch: number;
  cellHeight: number;
  infoX: number;
  height: number;
  window: LogWindow;
  highWatermark: number;
  logEndOffset: number;
  /** x of the boundary before the high watermark's offset (clamped to the window). */
  highWatermarkX: number;
  logEndX: number;
  markers: PositionMarker[];
  lostCount: number;
  /**
   * Its group ownership right now: 'paused' (revoked, nobody reads it), 'moved' (just assigned
   * to another member), or '' (as usual).
   */
  ownership: 'paused' | 'moved' | '';
  /** Groups in which nobody reads it right now (revoked, not yet assigned again). */
  pausedGroups: string[];
}

export type BrokerMode = 'detailed' | 'compact';

export interface ClusterLayout {
  width: number;
  height: number;
  mode: BrokerMode;
  columns: {
    producersX: number;
    brokersX: number;
    consumersX: number;
    columnWidth: number;
    groupsWidth: number;
    topY: number;
  };
  logsY: number;
  producers: ProducerNode[];
  brokers: BrokerCard[];
  groups: GroupBox[];
  consumers: ConsumerNode[];
  strips: LogStrip[];
  /** Partitions whose strips are not drawn (over `maxStrips`). */
  stripsOmitted: number;
  /** Records drawn per strip at most (for this width). */
  recordsPerStrip: number;
}

export const SIZES = {
  pad: 16,
  sectionLabelHeight: 24,
  laneGap: 48,
  brokerGap: 14,
  brokerHeaderHeight: 72,
  replicaRowHeight: 26,
  brokerFooter: 8,
  compactCardWidth: 150,
  compactCardHeight: 118,
  producerHeight: 72,
  consumerHeight: 44,
  memberLineHeight: 16,
  groupHeaderHeight: 54,
  groupGap: 14,
  nodeGap: 12,
  sectionGap: 20,
  stripLabelWidth: 104,
  ellipsisWidth: 44,
  stripInfoWidth: 96,
  cellWidth: 44,
  cellGap: 3,
  cellHeight: 36,
  markerLaneHeight: 18,
  stripGap: 8,
  markerFontPx: 12,
} as const;

export const DEFAULT_MAX_RECORDS_DRAWN = 40;
export const DEFAULT_MAX_STRIPS = 48;
/** Beyond these, broker cards aggregate (compact mode). */
export const DETAILED_MAX_BROKERS = 12;
export const DETAILED_MAX_PARTITIONS = 48;
export const MEMBER_COLOR_COUNT = 8;

/** Width of text in DejaVu Sans at `fontPx`, roughly (0.62 em per character). */
export function estimateTextWidth(text: string, fontPx: number): number {
  return text.length * fontPx * 0.62;
}

type LayoutInput = Pick<
  Snapshot,
  'brokers' | 'topics' | 'producers' | 'consumers' | 'controllerId'
> &
  Partial<Pick<Snapshot, 'groups' | 'lostRecords'>>;

export function layoutCluster(s: LayoutInput, options: LayoutOptions): ClusterLayout {
  const width = Math.max(640, Math.floor(options.width));
  const { pad, sectionLabelHeight, laneGap } = SIZES;
  const columnWidth = width >= 900 ? 150 : 120;
  const hasConsumers = s.consumers.length > 0 || (s.groups ?? []).length > 0;
  const groupsWidth = !hasConsumers ? 0 : width >= 1100 ? 200 : width >= 900 ? 170 : 140;
  const topY = pad + sectionLabelHeight;
  const columns = {
    producersX: pad,
    brokersX: pad + columnWidth + laneGap,
    consumersX: width - pad - groupsWidth,
    columnWidth,
    groupsWidth,
    topY,
  };
  const partitions = visiblePartitions(s, options.showInternal ?? false);
  const groups = s.groups ?? [];
  const colorOf = memberColors(s.consumers);
  const owners = partitionOwners(groups, colorOf);
  const fenced = new Set(s.brokers.filter((b) => b.fenced).map((b) => b.id));
  const mode: BrokerMode =
    s.brokers.length <= DETAILED_MAX_BROKERS && partitions.length <= DETAILED_MAX_PARTITIONS
      ? 'detailed'
      : 'compact';
  const brokerArea = {
    left: columns.brokersX,
    right: hasConsumers ? columns.consumersX - laneGap : width - pad,
    top: topY,
  };
  const activity = options.activity ?? null;
  const brokers = layoutBrokers(s, groups, partitions, owners, fenced, mode, brokerArea, activity);
  const producers = stack(
    s.producers,
    columns.producersX,
    topY,
    columnWidth,
    SIZES.producerHeight,
  ).map(({ item, box }) => ({ id: item.id, producer: item, ...box }));
  const groupBoxes = layoutGroups(
    s.consumers,
    groups,
    colorOf,
    columns.consumersX,
    topY,
    groupsWidth,
    activity,
  );
  const consumers = groupBoxes.flatMap((g) => g.members);
  const clusterBottom = Math.max(
    topY,
    ...brokers.map((b) => b.y + b.height),
    ...producers.map((p) => p.y + p.height),
    ...groupBoxes.map((g) => g.y + g.height),
  );
  const logsY = clusterBottom + SIZES.sectionGap;
  const stripsTop = logsY + sectionLabelHeight;
  const maxStrips = options.maxStrips ?? DEFAULT_MAX_STRIPS;
  const {
    strips,
    bottom: y,
    recordsPerStrip,
  } = layoutStrips(s, partitions, {
    top: stripsTop,
    width,
    maxRecordsDrawn: options.maxRecordsDrawn ?? DEFAULT_MAX_RECORDS_DRAWN,
    maxStrips,
    activity,
  });
  return {
    width,
    height: y + pad + (partitions.length > maxStrips ? 24 : 0),
    mode,
    columns,
    logsY,
    producers,
    brokers,
    groups: groupBoxes,
    consumers,
    strips,
    stripsOmitted: Math.max(0, partitions.length - maxStrips),
    recordsPerStrip,
  };
}

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

/** Partitions drawn: those of non-internal topics (and internal ones on request), topic by topic. */
export function visiblePartitions(
  s: Pick<Snapshot, 'topics'>,
  showInternal = false,
): PartitionView[] {
  return s.topics.filter((t) => showInternal || !t.internal).flatMap((t) => [...t.partitions]);
}

/** Consumer id → palette slot, by the order consumers joined the run (stable as others leave). */
export function memberColors(consumers: readonly Pick<ConsumerView, 'id'>[]): Map<string, number> {
  return new Map(consumers.map((c, i) => [c.id, i % MEMBER_COLOR_COUNT]));
}

/** "topic-partition" → the colour of its owner in the first group that assigned it. */
function partitionOwners(
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

function stack<T>(items: readonly T[], x: number, top: number, width: number, height: number) {
  return items.map((item, i) => ({
    item,
    box: { x, y: top + i * (height + SIZES.nodeGap), width, height },
  }));
}

/** What a replica is, as the model says: leader, in-sync follower, lagging, on a dead broker, or offline. */
export function replicaState(p: PartitionView, brokerId: number, alive: boolean): ReplicaState {
  if (p.leader === -1) return 'offline';
  if (p.leader === brokerId) return alive ? 'leader' : 'leader-broker-down';
  if (!alive) return 'broker-down';
  return p.isr.includes(brokerId) ? 'follower' : 'out-of-sync';
}

function layoutBrokers(
  s: LayoutInput,
  groups: readonly GroupView[],
  partitions: readonly PartitionView[],
  owners: Map<string, number>,
  fenced: ReadonlySet<number>,
  mode: BrokerMode,
  area: { left: number; right: number; top: number },
  activity: RecentActivity | null,
): BrokerCard[] {
  const n = Math.max(1, s.brokers.length);
  const available = area.right - area.left;
  let perRow = n;
  let cardWidth = (available - (n - 1) * SIZES.brokerGap) / n;
  let height =
    SIZES.brokerHeaderHeight + partitions.length * SIZES.replicaRowHeight + SIZES.brokerFooter;
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
      rows.get(brokerId)!.push({
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
        y: area.top + SIZES.brokerHeaderHeight + row * SIZES.replicaRowHeight,
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

/**
 * A member's status lines: what it does (crashed, paused, rebalancing, its partitions) and,
 * during a rebalance, what it still reads (cooperative) and what it gave up: eager members give
 * up everything and read nothing ("revoked — paused"); cooperative members keep reading what
 * stays with them and only the moved partitions pause.
 */
export function memberLines(
  c: ConsumerView,
  partitions: readonly string[],
  idle: boolean,
  revoked: readonly string[],
  rebalanceProtocol: 'eager' | 'cooperative' | null,
): string[] {
  if (!c.alive) return ['crashed'];
  if (c.paused) return ['paused'];
  const rebalancing = c.group !== null && c.phase !== 'stable';
  const lines: string[] = [];
  if (revoked.length > 0 && partitions.length === 0)
    lines.push(rebalanceProtocol === 'cooperative' ? '❚❚ revoked (moving)' : '❚❚ revoked — paused');
  else if (rebalancing && partitions.length > 0) lines.push(`▶ ${partitions.join(' ')}`);
  else if (rebalancing) lines.push(c.phase === 'idle' ? 'not in group' : `${c.phase}…`);
  else if (idle) lines.push('idle: no partitions');
  else lines.push(partitions.length === 0 ? 'no partitions' : partitions.join(' '));
  if (revoked.length > 0) {
    if (partitions.length === 0) lines.push(revoked.join(' '));
    else
      lines.push(
        `❚❚ ${rebalanceProtocol === 'cooperative' ? 'moving' : 'revoked'}: ${revoked.join(' ')}`,
      );
  }
  return lines;
}

/** Each group boxed with its members; consumers without a group in a box of their own. */
function layoutGroups(
  consumers: readonly ConsumerView[],
  groups: readonly GroupView[],
  colorOf: Map<string, number>,
  x: number,
  top: number,
  width: number,
  activity: RecentActivity | null,
): GroupBox[] {
  const byId = new Map(consumers.map((c) => [c.id, c]));
  const boxes: GroupBox[] = [];
  let y = top;
  const place = (id: string, group: GroupView | null, members: ConsumerView[]): void => {
    const header = SIZES.groupHeaderHeight;
    let memberY = y + header;
    const nodes: ConsumerNode[] = members.map((c) => {
      const partitions = c.assignment.map((tp) => `${tp.topic}-${tp.partition}`);
      const idle = c.alive && c.group !== null && c.phase === 'stable' && partitions.length === 0;
      const revoked = (activity?.revocations ?? [])
        .filter((r) => r.group === c.group && r.member === c.id && r.movedTo === null)
        .map((r) => r.partition);
      const protocol = group?.rebalanceProtocol ?? null;
      const lines = memberLines(c, partitions, idle, revoked, protocol);
      const height = SIZES.consumerHeight + (lines.length - 1) * SIZES.memberLineHeight;
      const node = {
        id: c.id,
        consumer: c,
        colorIndex: colorOf.get(c.id) ?? 0,
        partitions,
        idle,
        revoked,
        rebalanceProtocol: protocol,
        lines,
        x: x + 8,
        y: memberY,
        width: width - 16,
        height,
      };
      memberY += height + 6;
      return node;
    });
    const height = Math.max(memberY, y + header + SIZES.consumerHeight + 6) - y + 4;
    boxes.push({ id, group, members: nodes, x, y, width, height });
    y += height + SIZES.groupGap;
  };
  for (const g of groups) {
    // Members the coordinator knows, then the group's consumers still finding their way in.
    const known = g.members.map((m) => byId.get(m.id)).filter((c) => c !== undefined);
    const others = consumers.filter(
      (c) => c.group === g.id && !g.members.some((m) => m.id === c.id),
    );
    place(g.id, g, [...known, ...others]);
  }
  const grouped = new Set(groups.map((g) => g.id));
  const loose = consumers.filter((c) => c.group === null || !grouped.has(c.group));
  if (loose.length > 0) place('', null, loose);
  return boxes;
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

/** Spaces, dots, commas and the like are about half as wide as letters and digits in DejaVu Sans. */
const NARROW_CHARS = new Set([..." ·,.:;|ilI!'-"]);

/** Width of a label in DejaVu Sans, a little more closely than `estimateTextWidth`. */
export function labelTextWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const ch of text) em += NARROW_CHARS.has(ch) ? 0.32 : 0.62;
  return em * fontPx;
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
