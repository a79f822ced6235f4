import type { ConsumerView, GroupView, ProducerView, Snapshot } from '../engine';
import type { Activity } from '../runtime';
import type { LogWindow } from './logWindow';

/** The cluster layout's shapes and sizes, shared by the lane modules and the layers that draw them. */

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
  /** The caption's focus ids; `record:orders-0@104` keeps that offset in its strip's view. */
  focus?: readonly string[];
  /** Strips the learner paged back: strip id → the offset the drawn window ends before. */
  logPages?: ReadonlyMap<string, number>;
  /**
   * Marker lanes each strip keeps even when fewer are needed now (strip id → lanes): see
   * `holdLanes`. Without it a strip's height follows its markers from frame to frame.
   */
  laneFloors?: ReadonlyMap<string, number>;
  /**
   * Width of a column for the logs to the right of the cluster (a wide stage); absent or 0:
   * the logs go under the cluster, full width.
   */
  logsBeside?: number;
  /** Detailed broker cards per row (fewer than the brokers: they wrap into rows). */
  brokersPerRow?: number;
  /**
   * Height of the strips' record cells (default `SIZES.cellHeight`); 50 or more draws tall
   * cells with the key and the value on lines of their own (a stage with height to spare).
   */
  cellHeight?: number;
  /**
   * Broker cards list only the replicas they host when most partition rows would be empty
   * (a fitted stage: presenter, embeds); by default every card has a row per partition.
   */
  hostedRowsOnly?: boolean;
  /**
   * Drawn for a room (presenter mode): narrower columns and cards, words traded for the glyphs
   * the legends explain, so the fitted picture scales up and its text reads from the back.
   */
  room?: boolean;
  /**
   * Broker cards count their replicas instead of listing them (compact mode) however few the
   * brokers: a room's picture of a lesson that never points at a broker or a replica (the
   * logs' labels still say who leads and the ISR), so what it does point at is drawn larger.
   */
  brokersInSummary?: boolean;
  /** Producers in a row above the brokers instead of a column left of them (narrower). */
  producersAbove?: boolean;
  /**
   * One column for a phone held upright: producers, then brokers, then groups, then logs,
   * each the picture's whole width (as narrow as `STACKED_MIN_WIDTH`).
   */
  stacked?: boolean;
}

/**
 * Recent truncations, ISR rejoins and revoked partitions at virtual time `nowMs`: the
 * runtime's activity (folded from the trace; nothing here is inferred by the view), with the
 * moment and how long a badge stays (virtual ms; its age fraction fades it).
 */
export type RecentActivity = Pick<
  Activity,
  'truncations' | 'logTrims' | 'logCleans' | 'isrRejoins' | 'revocations'
> & {
  readonly nowMs: number;
  readonly badgeMs: number;
};

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
  /** A streams application's member: the ids of the tasks its instance runs (`1_3`). */
  tasks?: string[];
}

export interface GroupBox extends Box {
  id: string;
  group: GroupView | null;
  members: ConsumerNode[];
  /** The streams application whose query this group is (its application.id), if any. */
  streamsApp?: string;
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
  /** Restarted while the controller quorum had no active controller: it cannot register yet. */
  waitingForController?: boolean;
  /** Groups whose coordinator this broker is. */
  coordinatorOf: string[];
  replicas: ReplicaSlot[];
  /** Replicas hosted, by state (drawn instead of rows in compact mode). */
  counts: BrokerCounts;
}

export type MarkerKind =
  'position' | 'commit' | 'lost' | 'replica' | 'truncated' | 'revoked' | 'deleted' | 'cleaned';

/** Something marked under a strip at an offset: consumer positions, group commits, lost records. */
export interface PositionMarker {
  id: string;
  kind: MarkerKind;
  position: number;
  consumers: string[];
  /** The group (commit markers; "g1, g2" when groups committed the same offset). */
  group: string | null;
  /** In full words: the marker's accessible name. */
  label: string;
  /** What is drawn: the label, or a shorter form where the strip has no room for it. */
  text: string;
  x: number;
  /** Marker lane under the strip (0 = nearest). */
  lane: number;
  /** The position is before the drawn window: the marker sits at its left edge. */
  clipped: boolean;
  /** 'end': the label reads leftwards from the glyph (near the strip's right edge). */
  anchor: 'start' | 'end';
  colorIndex: number | null;
  /**
   * What just happened (deleted segments): how old, from 0 (now) to 1 (about to go). It
   * fades with virtual time, as replica badges do. Absent: a lasting marker.
   */
  age?: number;
}

/** A segment's start drawn on a strip: a divider before its base offset. */
export interface SegmentMark {
  baseOffset: number;
  x: number;
  /** The active segment (the one appended to). */
  active: boolean;
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
  /** Its label's second line: "leader 2 · ISR 2,3" (`leaderText`). */
  leaderLine: string;
  /** The info column's width (high watermark, log end offset). */
  infoWidth: number;
  /** Laid out for a room: its text is at least `ROOM_MIN_TEXT_PX` (see `textPx`). */
  room: boolean;
  height: number;
  /** Marker lanes under its cells (at least its `laneFloors` entry). */
  lanes: number;
  window: LogWindow;
  highWatermark: number;
  logEndOffset: number;
  /** x of the boundary before the high watermark's offset (clamped to the window). */
  highWatermarkX: number;
  logEndX: number;
  markers: PositionMarker[];
  /**
   * Where segments begin inside the drawn window (none for a log of one segment): the
   * boundary before each base offset, the last one the active segment's.
   */
  segmentMarks: SegmentMark[];
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
  /** Laid out for a room (`LayoutOptions.room`): the layers draw glyphs for some words. */
  room: boolean;
  columns: {
    producersX: number;
    brokersX: number;
    consumersX: number;
    columnWidth: number;
    groupsWidth: number;
    topY: number;
    /** Where the brokers start: `topY`, or under the producers' row. */
    brokersTopY: number;
    /** Where the groups start: `topY`, or under the brokers (stacked). */
    groupsTopY: number;
  };
  logsY: number;
  /** Where the logs' column starts: 0 under the cluster, else the left edge of the logs beside it. */
  logsX: number;
  /** The logs' column width (the whole width when they are under the cluster). */
  logsWidth: number;
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
  groupHeaderHeight: 70,
  /** A detailed broker card is never wider than this: spare width goes to the groups' lane. */
  brokerMaxWidth: 260,
  /** Group boxes side by side in the groups' lane once each can be this wide. */
  groupMinWidth: 272,
  groupMaxWidth: 320,
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

/**
 * The room's sizes (`LayoutOptions.room`), where they differ from `SIZES`: what the layout
 * saves in width is what lets the fit scale the picture, and its text, up.
 */
export const ROOM_SIZES = {
  producerColumnWidth: 124,
  laneGap: 28,
  brokerMaxWidth: 200,
  /** Narrowest card: glyph, name and a bare log end offset per row (`replicaRowText`). */
  brokerMinWidth: 140,
  /** Narrowest group box (wider where its assignor line needs it: `roomGroupMinWidth`). */
  groupMinWidth: 210,
  stripInfoWidth: 66,
  stripLabelWidth: 92,
  /** A marker lane holds a label at `ROOM_MIN_TEXT_PX`. */
  markerLaneHeight: 18,
  /** The cluster's own width (beside the logs) is at least this. */
  clusterMinWidth: 420,
} as const;

export const DEFAULT_MAX_RECORDS_DRAWN = 40;
export const DEFAULT_MAX_STRIPS = 48;
/** Beyond these, broker cards aggregate (compact mode). */
export const DETAILED_MAX_BROKERS = 12;
export const DETAILED_MAX_PARTITIONS = 48;
export const MEMBER_COLOR_COUNT = 8;

export type LayoutInput = Pick<
  Snapshot,
  'brokers' | 'topics' | 'producers' | 'consumers' | 'controllerId'
> &
  Partial<Pick<Snapshot, 'groups' | 'lostRecords' | 'streams'>>;
