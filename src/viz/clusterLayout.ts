import type { PartitionView, Snapshot } from '../engine';
import { layoutBrokers, partitionOwners } from './brokerLane';
import { layoutGroups, memberColors, roomGroupMinWidth } from './groupLane';
import { layoutProducerRow, layoutProducers } from './producerLane';
import { layoutStrips } from './stripLane';
import {
  DEFAULT_MAX_RECORDS_DRAWN,
  DEFAULT_MAX_STRIPS,
  DETAILED_MAX_BROKERS,
  DETAILED_MAX_PARTITIONS,
  ROOM_SIZES,
  SIZES,
  type BrokerMode,
  type ClusterLayout,
  type LayoutInput,
  type LayoutOptions,
} from './layoutTypes';

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

export type * from './layoutTypes';
export {
  DEFAULT_MAX_RECORDS_DRAWN,
  DEFAULT_MAX_STRIPS,
  DETAILED_MAX_BROKERS,
  DETAILED_MAX_PARTITIONS,
  MEMBER_COLOR_COUNT,
  ROOM_SIZES,
  SIZES,
} from './layoutTypes';
export { catchUpOf, replicaBadge, replicaState } from './brokerLane';
export { memberColors, memberLines } from './groupLane';
export {
  formatOmitted,
  layoutStrips,
  leaderText,
  recordsThatFit,
  stripLabelWidth,
} from './stripLane';
export { estimateTextWidth, labelTextWidth } from './textMetrics';

/** The narrowest stacked picture (a small phone's screen). */
export const STACKED_MIN_WIDTH = 320;

/**
 * The width of the picture `layoutCluster` lays out with these options, known before it does:
 * a stacked picture (a phone held upright) is as narrow as its screen; others keep 640.
 */
export function layoutWidth(options: Pick<LayoutOptions, 'width' | 'stacked'>): number {
  return Math.max(options.stacked === true ? STACKED_MIN_WIDTH : 640, Math.floor(options.width));
}

export function layoutCluster(s: LayoutInput, options: LayoutOptions): ClusterLayout {
  const stacked = options.stacked ?? false;
  const totalWidth = layoutWidth(options);
  const partitionsShown = visiblePartitions(s, options.showInternal ?? false);
  // Logs beside the cluster only when there are some and the cluster keeps its minimum width.
  // A room's cluster (narrower cards, producers perhaps above) may be narrower than the desk's.
  const clusterMinWidth = options.room === true ? ROOM_SIZES.clusterMinWidth : 640;
  const beside =
    partitionsShown.length > 0 && (options.logsBeside ?? 0) > 0
      ? Math.min(Math.floor(options.logsBeside ?? 0), totalWidth - clusterMinWidth)
      : 0;
  const logsBeside = beside >= 360 && !stacked ? beside : 0;
  /** The cluster's own width (producers, brokers, groups). */
  const width = totalWidth - logsBeside;
  const room = options.room ?? false;
  const { pad, sectionLabelHeight } = SIZES;
  const laneGap = room ? ROOM_SIZES.laneGap : SIZES.laneGap;
  const columnWidth = room ? ROOM_SIZES.producerColumnWidth : width >= 900 ? 160 : 150;
  const hasConsumers = s.consumers.length > 0 || (s.groups ?? []).length > 0;
  const topY = pad + sectionLabelHeight;
  // Producers in a row above the brokers (a narrow room picture) or in a column left of them.
  const producersAbove = (stacked || (options.producersAbove ?? false)) && s.producers.length > 0;
  const brokersX = producersAbove ? pad : pad + columnWidth + laneGap;
  const brokersTopY = producersAbove
    ? topY + SIZES.producerHeight + SIZES.sectionGap + sectionLabelHeight
    : topY;
  // A room's group boxes are as narrow as their assignor line allows.
  const groupMinWidth = room ? roomGroupMinWidth(s) : SIZES.groupMinWidth;
  // Stacked: the groups go under the brokers, the whole width; else in a lane on the right.
  const groupsWidth = stacked
    ? hasConsumers
      ? width - 2 * pad
      : 0
    : groupsLaneWidth(
        s,
        width,
        brokersX,
        hasConsumers,
        options.brokersPerRow,
        room ? groupMinWidth : undefined,
      );
  const columns = {
    producersX: pad,
    brokersX,
    consumersX: width - pad - groupsWidth,
    columnWidth,
    groupsWidth,
    topY,
    brokersTopY,
    // Stacked: set once the brokers are placed (under them).
    groupsTopY: topY,
  };
  const partitions = visiblePartitions(s, options.showInternal ?? false);
  const groups = s.groups ?? [];
  const colorOf = memberColors(s.consumers);
  const owners = partitionOwners(groups, colorOf);
  const fenced = new Set(s.brokers.filter((b) => b.fenced).map((b) => b.id));
  const mode: BrokerMode =
    options.brokersInSummary !== true &&
    s.brokers.length <= DETAILED_MAX_BROKERS &&
    partitions.length <= DETAILED_MAX_PARTITIONS
      ? 'detailed'
      : 'compact';
  const brokerArea = {
    left: columns.brokersX,
    right: hasConsumers && !stacked ? columns.consumersX - laneGap : width - pad,
    top: brokersTopY,
  };
  const activity = options.activity ?? null;
  const brokers = layoutBrokers(
    s,
    groups,
    partitions,
    owners,
    fenced,
    mode,
    brokerArea,
    activity,
    // Stacked: as many cards to a row as the screen's width holds at their narrowest.
    stacked && options.brokersPerRow === undefined
      ? Math.max(
          1,
          Math.floor(
            (width - 2 * pad + SIZES.brokerGap) / (ROOM_SIZES.brokerMinWidth + SIZES.brokerGap),
          ),
        )
      : options.brokersPerRow,
    options.hostedRowsOnly ?? false,
    room,
  );
  const producers = producersAbove
    ? layoutProducerRow(s.producers, pad, topY, columnWidth)
    : layoutProducers(s.producers, columns.producersX, topY, columnWidth);
  if (stacked)
    columns.groupsTopY =
      Math.max(brokersTopY, ...brokers.map((b) => b.y + b.height)) +
      SIZES.sectionGap +
      sectionLabelHeight;
  const groupBoxes = layoutGroups(
    s.consumers,
    groups,
    colorOf,
    columns.consumersX,
    columns.groupsTopY,
    groupsWidth,
    activity,
    groupMinWidth,
    s.streams,
  );
  const consumers = groupBoxes.flatMap((g) => g.members);
  const clusterBottom = Math.max(
    topY,
    ...brokers.map((b) => b.y + b.height),
    ...producers.map((p) => p.y + p.height),
    ...groupBoxes.map((g) => g.y + g.height),
  );
  const logsY = logsBeside > 0 ? topY - 16 : clusterBottom + SIZES.sectionGap;
  const stripsTop = logsY + sectionLabelHeight;
  // Beside the cluster, the strips are laid out in their own column from x = 0; the logs
  // layer is drawn translated by `logsX`.
  const logsX = logsBeside > 0 ? width - pad : 0;
  const logsWidth = logsBeside > 0 ? logsBeside + pad : width;
  const maxStrips = options.maxStrips ?? DEFAULT_MAX_STRIPS;
  const {
    strips,
    bottom: y,
    recordsPerStrip,
  } = layoutStrips(s, partitions, {
    top: stripsTop,
    width: logsWidth,
    maxRecordsDrawn: options.maxRecordsDrawn ?? DEFAULT_MAX_RECORDS_DRAWN,
    maxStrips,
    activity,
    focus: options.focus,
    pages: options.logPages,
    laneFloors: options.laneFloors,
    cellHeight: options.cellHeight,
    room,
  });
  const bottom = Math.max(
    y + (partitions.length > maxStrips ? 24 : 0),
    logsBeside > 0 ? clusterBottom : 0,
  );
  return {
    width: totalWidth,
    height: bottom + pad,
    mode,
    room,
    columns,
    logsY,
    logsX,
    logsWidth,
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
 * The groups' lane: at least a legible minimum, and all the width detailed broker cards do not
 * use (they stop at `SIZES.brokerMaxWidth`), so a wide picture rebalances its columns instead
 * of stretching broker cards into empty space while group boxes are squeezed.
 */
function groupsLaneWidth(
  s: LayoutInput,
  width: number,
  brokersX: number,
  hasConsumers: boolean,
  brokersPerRow?: number,
  /** A room's lane: at least this (its narrowest group box); absent: the desk's lane. */
  roomMinimum?: number,
): number {
  if (!hasConsumers) return 0;
  const room = roomMinimum !== undefined;
  const { pad, brokerGap, groupMaxWidth, groupGap } = SIZES;
  const laneGap = room ? ROOM_SIZES.laneGap : SIZES.laneGap;
  const brokerMaxWidth = room ? ROOM_SIZES.brokerMaxWidth : SIZES.brokerMaxWidth;
  const minimum = roomMinimum ?? (width >= 900 ? 272 : 180);
  if (s.brokers.length > DETAILED_MAX_BROKERS) return minimum;
  const n = Math.max(1, Math.min(s.brokers.length, brokersPerRow ?? s.brokers.length));
  const brokersNeed = n * brokerMaxWidth + (n - 1) * brokerGap;
  const spare = width - pad - brokersX - laneGap - brokersNeed;
  const boxes = Math.max(1, groupBoxCount(s));
  const most = boxes * groupMaxWidth + (boxes - 1) * groupGap;
  return Math.floor(Math.max(minimum, Math.min(spare, most)));
}

function groupBoxCount(s: LayoutInput): number {
  const groups = s.groups ?? [];
  const known = new Set(groups.map((g) => g.id));
  const loose = s.consumers.some((c) => c.group === null || !known.has(c.group));
  return groups.length + (loose ? 1 : 0);
}

/** Partitions drawn: those of non-internal topics (and internal ones on request), topic by topic. */
export function visiblePartitions(
  s: Pick<Snapshot, 'topics'>,
  showInternal = false,
): PartitionView[] {
  return s.topics.filter((t) => showInternal || !t.internal).flatMap((t) => [...t.partitions]);
}
