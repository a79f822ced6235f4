import type { BrokerView, ConsumerView, PartitionView, ProducerView, Snapshot } from '../engine';
import { logWindow, type LogWindow } from './logWindow';

/**
 * Pure layout: snapshot → coordinates for everything drawn, for a given width. Producers in a
 * column on the left, brokers as cards in the middle (one row per partition, so a partition's
 * replicas line up across brokers), consumers on the right, and below, each partition's log as
 * a strip of record cells with consumer positions marked under it.
 */

export interface LayoutOptions {
  width: number;
  /** Most records drawn per log (fewer when the strip is narrower). */
  maxRecordsDrawn?: number;
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

export interface ConsumerNode extends Box {
  id: string;
  consumer: ConsumerView;
}

export type ReplicaRole = 'leader' | 'follower';

export interface ReplicaSlot extends Box {
  /** "orders-3@2": stable while leadership moves. */
  id: string;
  topic: string;
  partition: number;
  brokerId: number;
  role: ReplicaRole;
  inSync: boolean;
  logEndOffset: number;
}

export interface BrokerCard extends Box {
  id: number;
  alive: boolean;
  isController: boolean;
  replicas: ReplicaSlot[];
}

/** Consumers at the same position on a partition share one marker. */
export interface PositionMarker {
  id: string;
  position: number;
  consumers: string[];
  label: string;
  x: number;
  /** Marker lane under the strip (0 = nearest). */
  lane: number;
  /** The position is before the drawn window: the marker sits at its left edge. */
  clipped: boolean;
}

export interface LogStrip {
  /** "orders-3" */
  id: string;
  topic: string;
  partition: number;
  leader: number;
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
}

export interface ClusterLayout {
  width: number;
  height: number;
  columns: {
    producersX: number;
    brokersX: number;
    consumersX: number;
    columnWidth: number;
    topY: number;
  };
  logsY: number;
  producers: ProducerNode[];
  brokers: BrokerCard[];
  consumers: ConsumerNode[];
  strips: LogStrip[];
  /** Records drawn per strip at most (for this width). */
  recordsPerStrip: number;
}

export const SIZES = {
  pad: 16,
  sectionLabelHeight: 24,
  laneGap: 48,
  brokerGap: 14,
  brokerHeaderHeight: 44,
  replicaRowHeight: 26,
  brokerFooter: 8,
  producerHeight: 72,
  consumerHeight: 72,
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

/** Width of text in DejaVu Sans at `fontPx`, roughly (0.62 em per character). */
export function estimateTextWidth(text: string, fontPx: number): number {
  return text.length * fontPx * 0.62;
}

type LayoutInput = Pick<
  Snapshot,
  'brokers' | 'topics' | 'producers' | 'consumers' | 'controllerId'
>;

export function layoutCluster(s: LayoutInput, options: LayoutOptions): ClusterLayout {
  const width = Math.max(640, Math.floor(options.width));
  const { pad, sectionLabelHeight, laneGap } = SIZES;
  const columnWidth = width >= 900 ? 150 : 120;
  const topY = pad + sectionLabelHeight;
  const columns = {
    producersX: pad,
    brokersX: pad + columnWidth + laneGap,
    consumersX: width - pad - columnWidth,
    columnWidth,
    topY,
  };
  const partitions = visiblePartitions(s);
  const brokers = layoutBrokers(
    s.brokers,
    s.controllerId,
    partitions,
    columns.brokersX,
    columns.consumersX - laneGap,
    topY,
  );
  const producers = stack(
    s.producers,
    columns.producersX,
    topY,
    columnWidth,
    SIZES.producerHeight,
  ).map(({ item, box }) => ({ id: item.id, producer: item, ...box }));
  const consumers = stack(
    s.consumers,
    columns.consumersX,
    topY,
    columnWidth,
    SIZES.consumerHeight,
  ).map(({ item, box }) => ({ id: item.id, consumer: item, ...box }));
  const clusterBottom = Math.max(
    topY,
    ...brokers.map((b) => b.y + b.height),
    ...producers.map((p) => p.y + p.height),
    ...consumers.map((c) => c.y + c.height),
  );
  const logsY = clusterBottom + SIZES.sectionGap;
  const stripsTop = logsY + sectionLabelHeight;
  const recordsPerStrip = recordsThatFit(
    width,
    options.maxRecordsDrawn ?? DEFAULT_MAX_RECORDS_DRAWN,
  );
  const strips: LogStrip[] = [];
  let y = stripsTop;
  for (const p of partitions) {
    const strip = layoutStrip(p, s.consumers, y, width, recordsPerStrip);
    strips.push(strip);
    y += strip.height;
  }
  return {
    width,
    height: y + pad,
    columns,
    logsY,
    producers,
    brokers,
    consumers,
    strips,
    recordsPerStrip,
  };
}

/** Partitions of non-internal topics, topic by topic. */
export function visiblePartitions(s: Pick<Snapshot, 'topics'>): PartitionView[] {
  return s.topics.filter((t) => !t.internal).flatMap((t) => [...t.partitions]);
}

function stack<T>(items: readonly T[], x: number, top: number, width: number, height: number) {
  return items.map((item, i) => ({
    item,
    box: { x, y: top + i * (height + SIZES.nodeGap), width, height },
  }));
}

function layoutBrokers(
  brokers: readonly BrokerView[],
  controllerId: number,
  partitions: readonly PartitionView[],
  left: number,
  right: number,
  top: number,
): BrokerCard[] {
  const n = Math.max(1, brokers.length);
  const cardWidth = (right - left - (n - 1) * SIZES.brokerGap) / n;
  const height =
    SIZES.brokerHeaderHeight + partitions.length * SIZES.replicaRowHeight + SIZES.brokerFooter;
  return brokers.map((b, i) => {
    const x = left + i * (cardWidth + SIZES.brokerGap);
    const replicas: ReplicaSlot[] = [];
    partitions.forEach((p, row) => {
      if (!p.replicas.includes(b.id)) return;
      replicas.push({
        id: `${p.topic}-${p.partition}@${b.id}`,
        topic: p.topic,
        partition: p.partition,
        brokerId: b.id,
        role: p.leader === b.id ? 'leader' : 'follower',
        inSync: p.isr.includes(b.id),
        logEndOffset: p.replicaLogEndOffsets[b.id] ?? 0,
        x: x + 6,
        y: top + SIZES.brokerHeaderHeight + row * SIZES.replicaRowHeight,
        width: cardWidth - 12,
        height: SIZES.replicaRowHeight - 4,
      });
    });
    return {
      id: b.id,
      alive: b.alive,
      isController: b.id === controllerId,
      x,
      y: top,
      width: cardWidth,
      height,
      replicas,
    };
  });
}

/** How many record cells fit in a strip at this width, capped at `maxDrawn`. */
export function recordsThatFit(width: number, maxDrawn: number): number {
  const { pad, stripLabelWidth, ellipsisWidth, stripInfoWidth, cellWidth, cellGap } = SIZES;
  const available = width - 2 * pad - stripLabelWidth - ellipsisWidth - stripInfoWidth;
  return Math.max(1, Math.min(maxDrawn, Math.floor((available + cellGap) / (cellWidth + cellGap))));
}

function layoutStrip(
  p: PartitionView,
  consumers: readonly ConsumerView[],
  y: number,
  width: number,
  recordsPerStrip: number,
): LogStrip {
  const { pad, stripLabelWidth, ellipsisWidth, cellWidth, cellGap, cellHeight } = SIZES;
  const window = logWindow(p.log, recordsPerStrip);
  const cellPitch = cellWidth + cellGap;
  const labelX = pad;
  const ellipsisX = pad + stripLabelWidth;
  const cellsX = ellipsisX + ellipsisWidth;
  const boundaryX = (offset: number): number =>
    cellsX +
    (Math.min(Math.max(offset, window.fromOffset), window.toOffset) - window.fromOffset) *
      cellPitch -
    cellGap / 2;
  const markers = layoutMarkers(p, consumers, window, boundaryX);
  const lanes = Math.max(1, ...markers.map((m) => m.lane + 1));
  return {
    id: `${p.topic}-${p.partition}`,
    topic: p.topic,
    partition: p.partition,
    leader: p.leader,
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
  };
}

/** Groups consumers by position and puts each label in the first lane where it fits. */
function layoutMarkers(
  p: PartitionView,
  consumers: readonly ConsumerView[],
  window: LogWindow,
  boundaryX: (offset: number) => number,
): PositionMarker[] {
  const byPosition = new Map<number, string[]>();
  for (const c of consumers) {
    const at = c.positions.find((pos) => pos.topic === p.topic && pos.partition === p.partition);
    if (at === undefined || at.position < 0) continue;
    byPosition.set(at.position, [...(byPosition.get(at.position) ?? []), c.id]);
  }
  const laneEnds: number[] = [];
  return [...byPosition.entries()]
    .sort(([a], [b]) => a - b)
    .map(([position, ids]) => {
      const x = boundaryX(position);
      const label = `${ids.join(', ')} @ ${position}`;
      const right = x + 8 + estimateTextWidth(label, SIZES.markerFontPx);
      let lane = laneEnds.findIndex((end) => end + 6 <= x - 6);
      if (lane === -1) lane = laneEnds.length;
      laneEnds[lane] = right;
      return {
        id: `pos-${position}`,
        position,
        consumers: ids,
        label,
        x,
        lane,
        clipped: position < window.fromOffset,
      };
    });
}
