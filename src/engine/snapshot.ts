import type {
  AckedRecord,
  Acks,
  Flight,
  GroupStateName,
  KeyMode,
  LogRecord,
  Partition,
  ReplicaLog,
  TopicConfig,
  TopicPartitionRef,
} from './model';
import type { LogSegment } from './logSegments';
import { offsetsPartitionLeader } from './cluster';
import { indexAtOrAfter, recordsBetween } from './logIndex';
import { entryEndOffset, recordOf } from './recordRuns';
import { lostRecordsOf } from './lost';
import { logEndOffset, tpOfKey } from './model';
import type { PartitionerName } from './partitioner';
import { streamsViews, type StreamsAppView } from './streams/cluster/view';
import { traceHash, type LostRecord, type World } from './world';

// Moved to quorum.ts (no engine code with it: the page's first screen reads it).
export { quorumState, type QuorumState } from './quorum';

/**
 * The read-only view of a world at one moment, for the UI and reports. Logs are shared,
 * not copied: `log.records` is append-only and the view holds its length, so taking a
 * snapshot costs O(partitions), not O(records), and an old snapshot stays true.
 */
export interface Snapshot {
  readonly seed: number;
  readonly timeMs: number;
  readonly traceHash: string;
  readonly eventCount: number;
  /** The active controller; -1 while the quorum elects one or has lost its majority. */
  readonly controllerId: number;
  readonly controllerMode: 'combined' | 'isolated';
  readonly controllers: readonly ControllerView[];
  readonly brokers: readonly BrokerView[];
  readonly topics: readonly TopicView[];
  readonly producers: readonly ProducerView[];
  readonly consumers: readonly ConsumerView[];
  readonly flights: readonly Flight[];
  /** Acknowledged records no longer in their partition's log. */
  readonly lostRecords: readonly LostRecord[];
  readonly groups: readonly GroupView[];
  /** ksqlDB applications running as Kafka Streams (streams/cluster/view.ts). */
  readonly streams: readonly StreamsAppView[];
}

export interface GroupView {
  readonly id: string;
  readonly state: GroupStateName;
  readonly generation: number;
  /** The assignor in use. */
  readonly protocol: string | null;
  readonly rebalanceProtocol: 'eager' | 'cooperative' | null;
  /** The __consumer_offsets partition and its leader broker (-1 if offline). */
  readonly coordinator: { readonly partition: number; readonly broker: number };
  readonly leader: string | null;
  readonly members: readonly {
    readonly id: string;
    readonly instanceId: string | null;
    readonly assignment: readonly TopicPartitionRef[];
  }[];
  /** Per subscribed partition: committed offset and lag (HW − committed), null before the first commit. */
  readonly offsets: readonly {
    readonly topic: string;
    readonly partition: number;
    readonly committed: number | null;
    readonly lag: number | null;
  }[];
}

export interface BrokerView {
  readonly id: number;
  /** The broker process runs. */
  readonly alive: boolean;
  /** The controller's view: fenced brokers lead nothing and sit in no ISR (until they return). */
  readonly fenced: boolean;
  /** Restarted while the quorum had no active controller: it runs but cannot register yet. */
  readonly waitingForController: boolean;
}

/** A voter of the KRaft controller quorum. */
export interface ControllerView {
  readonly id: number;
  readonly alive: boolean;
  /** The broker it runs in (combined); null for an isolated controller. */
  readonly broker: number | null;
}

export interface TopicView {
  readonly name: string;
  readonly internal: boolean;
  readonly config: TopicConfig;
  readonly partitions: readonly PartitionView[];
}

/**
 * A log as of the snapshot: read `records[i]` for i < `length` only. Offsets ascend; they are
 * dense (record i at `startOffset + i`) unless the log was compacted (logIndex.ts finds them).
 */
export interface LogView {
  readonly records: readonly LogRecord[];
  readonly startOffset: number;
  readonly length: number;
  /** The log end offset (absent: `startOffset + length`, a log never compacted). */
  readonly endOffset?: number;
  /**
   * Where each of its segments begins, oldest first (the first is `startOffset`, the last the
   * active segment's): a segment ends where the next begins, the active one at the log end.
   */
  readonly segmentBaseOffsets: readonly number[];
}

/**
 * Each log's segment base offsets as last viewed: a snapshot reuses the array while the log's
 * segments are the same (same array, count, first and last base), so a frame allocates none
 * for an idle log. A memo of a pure function of the log.
 */
const segmentBasesMemo = new WeakMap<
  readonly LogSegment[],
  { count: number; first: number; last: number; bases: readonly number[] }
>();

function segmentBaseOffsets(log: ReplicaLog): readonly number[] {
  const segments = log.segments;
  const first = segments[0]?.baseOffset ?? log.logStartOffset;
  const last = segments[segments.length - 1]?.baseOffset ?? log.logStartOffset;
  const memo = segmentBasesMemo.get(segments);
  if (
    memo !== undefined &&
    memo.count === segments.length &&
    memo.first === first &&
    memo.last === last
  )
    return memo.bases;
  const bases = segments.map((s) => s.baseOffset);
  segmentBasesMemo.set(segments, { count: segments.length, first, last, bases });
  return bases;
}

export interface PartitionView {
  readonly topic: string;
  readonly partition: number;
  readonly replicas: readonly number[];
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly isr: readonly number[];
  readonly highWatermark: number;
  readonly logEndOffset: number;
  readonly logStartOffset: number;
  /** Broker id → that replica's log end offset. */
  readonly replicaLogEndOffsets: Readonly<Record<number, number>>;
  /** The leader's log (or, while offline, the last ISR member's). */
  readonly log: LogView;
}

export interface ProducerView {
  readonly id: string;
  readonly topic: string | null;
  readonly partitioner: PartitionerName;
  readonly acks: Acks;
  readonly rate: number;
  /** The keys its rate draws (none, one, or a list in turn or at random). */
  readonly rateKeyMode: KeyMode;
  /** The sequence number its next record gets (records are numbered from 0 per producer). */
  readonly nextSequence: number;
  readonly sent: number;
  readonly acked: number;
  readonly failed: number;
  /** Of `failed`: records whose delivery.timeout.ms passed (Kafka's TimeoutException). */
  readonly timedOut: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly openBatches: number;
  /** Acknowledged records (the first ACKED_RECORDS_CAP), each with where it was written. */
  readonly ackedRecords: readonly AckedRecord[];
  readonly ackedRecordsTruncated: boolean;
}

export interface ConsumerView {
  readonly id: string;
  readonly group: string | null;
  readonly topics: readonly string[];
  readonly assignment: readonly TopicPartitionRef[];
  readonly positions: readonly { topic: string; partition: number; position: number }[];
  readonly consumed: number;
  readonly alive: boolean;
  /** pause(assignment()) in effect: it still polls; `pausedPartitions` return no records. */
  readonly paused: boolean;
  readonly pausedPartitions: readonly TopicPartitionRef[];
  /** The application stopped calling poll(). */
  readonly stalled: boolean;
  /** Group protocol phase: idle, joining, syncing or stable. */
  readonly phase: 'idle' | 'joining' | 'syncing' | 'stable';
  readonly instanceId: string | null;
  /** Fetch errors so far by code (NOT_LEADER_OR_FOLLOWER, NETWORK_EXCEPTION, …). */
  readonly fetchErrors: Readonly<Record<string, number>>;
  /** Metadata refreshes answered so far (after errors, or metadata.max.age.ms). */
  readonly metadataRefreshes: number;
}

export function snapshot(world: World): Snapshot {
  return {
    seed: world.seed,
    timeMs: world.nowMs,
    traceHash: traceHash(world),
    eventCount: world.eventCount,
    controllerId: world.controllerId,
    controllerMode: world.controllerMode,
    controllers: world.controllers.map((c) => ({ id: c.id, alive: c.alive, broker: c.broker })),
    brokers: world.brokers.map((b) => ({
      id: b.id,
      alive: b.alive,
      fenced: b.fenced,
      waitingForController: b.awaitingRegistration === true,
    })),
    topics: world.topicOrder.map((name) => topicView(world, name)),
    producers: world.producerOrder.map((id) => producerView(world, id)),
    consumers: world.consumerOrder.map((id) => consumerView(world, id)),
    flights: [...world.flights.values()],
    lostRecords: lostRecordsOf(world),
    groups: world.groupOrder.map((id) => groupView(world, id)),
    streams: streamsViews(world),
  };
}

function topicView(world: World, name: string): TopicView {
  const topic = world.topics[name];
  return {
    name,
    internal: topic.internal,
    config: { ...topic.config },
    partitions: partitionViews(topic.partitions),
  };
}

/**
 * The last views made of a topic's partitions, keyed by its partitions array. A view is
 * rebuilt only when something it shows has changed: a frame of the 1,000-partition bench
 * changes some of its partitions, and building all 1,000 views (five objects each) every
 * frame was half the snapshot's cost. Weakly keyed, so a restored world (new objects) starts
 * afresh and nothing is kept alive by the cache; the result equals a view built anew.
 */
const lastPartitionViews = new WeakMap<
  readonly Partition[],
  { partitions: Partition[]; views: PartitionView[] }
>();

function partitionViews(partitions: readonly Partition[]): PartitionView[] {
  let last = lastPartitionViews.get(partitions);
  if (last === undefined) {
    last = { partitions: [], views: [] };
    lastPartitionViews.set(partitions, last);
  }
  const views: PartitionView[] = new Array<PartitionView>(partitions.length);
  for (let i = 0; i < partitions.length; i++) {
    const p = partitions[i];
    const source = p.logs[p.leader !== -1 ? p.leader : (p.isr[p.isr.length - 1] ?? p.replicas[0])];
    const before = last.partitions[i] === p ? last.views[i] : undefined;
    views[i] =
      before !== undefined && viewStillShows(before, p, source) ? before : partitionView(p, source);
    last.partitions[i] = p;
    last.views[i] = views[i];
  }
  return views;
}

function partitionView(p: Partition, source: ReplicaLog): PartitionView {
  const replicaLogEndOffsets: Record<number, number> = {};
  for (const id of p.replicas) replicaLogEndOffsets[id] = logEndOffset(p.logs[id]);
  return {
    topic: p.topic,
    partition: p.partition,
    replicas: [...p.replicas],
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    isr: [...p.isr],
    highWatermark: p.highWatermark,
    logEndOffset: logEndOffset(source),
    logStartOffset: source.logStartOffset,
    replicaLogEndOffsets,
    log: {
      records: recordsOf(source),
      startOffset: source.logStartOffset,
      length: recordsLength(source),
      endOffset: logEndOffset(source),
      segmentBaseOffsets: segmentBaseOffsets(source),
    },
  };
}

/**
 * A log's records as a view shows them: its array, or for a log holding runs (recordRuns.ts) a
 * read-only array of its records one by one, each made when first read (a reader sees records
 * as everywhere else, at a cost per record read, not per record held). One per records array,
 * so its identity changes when the log's array does, as a plain array's would.
 */
const recordsViews = new WeakMap<readonly LogRecord[], readonly LogRecord[]>();

function recordsOf(log: ReplicaLog): readonly LogRecord[] {
  if (log.hasRuns !== true) return log.records;
  let view = recordsViews.get(log.records);
  if (view === undefined) {
    view = runsExpandedView(log.records);
    recordsViews.set(log.records, view);
  }
  return view;
}

/** Records a view of the log holds: entries, or records where runs hold several each. */
function recordsLength(log: ReplicaLog): number {
  if (log.hasRuns !== true || log.records.length === 0) return log.records.length;
  return entryEndOffset(log.records[log.records.length - 1]) - log.records[0].offset;
}

/** Records read through a view kept for reading again (the same object each time), at most. */
const VIEW_CACHE_LIMIT = 4096;

/**
 * `entries` (a log that holds runs: never compacted, so dense) as an array of records: index i
 * is the record at the first entry's offset + i. The array grows with the log (append-only).
 */
function runsExpandedView(entries: readonly LogRecord[]): readonly LogRecord[] {
  const made = new Map<number, LogRecord>();
  const recordAt = (index: number): LogRecord | undefined => {
    if (entries.length === 0) return undefined;
    const offset = entries[0].offset + index;
    let record = made.get(offset);
    if (record !== undefined) return record;
    const byOffset = { records: entries, startOffset: entries[0].offset, length: entries.length };
    const i = indexAtOrAfter(byOffset, offset);
    if (i >= entries.length || entries[i].offset > offset) return undefined;
    record = recordOf(entries[i], offset - entries[i].offset);
    if (made.size >= VIEW_CACHE_LIMIT) made.clear();
    made.set(offset, record);
    return record;
  };
  const length = (): number =>
    entries.length === 0 ? 0 : entryEndOffset(entries[entries.length - 1]) - entries[0].offset;
  return new Proxy([] as LogRecord[], {
    get(target, property, receiver) {
      if (property === 'length') return length();
      if (typeof property === 'string') {
        const index = Number(property);
        if (Number.isInteger(index) && index >= 0 && String(index) === property)
          return index < length() ? recordAt(index) : undefined;
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
    has(target, property) {
      if (typeof property === 'string') {
        const index = Number(property);
        if (Number.isInteger(index) && index >= 0) return index < length();
      }
      return Reflect.has(target, property);
    },
  });
}

/** Whether `view` shows `p` (whose view log is `source`) as it is now: every field compared. */
function viewStillShows(view: PartitionView, p: Partition, source: ReplicaLog): boolean {
  if (
    view.leader !== p.leader ||
    view.leaderEpoch !== p.leaderEpoch ||
    view.highWatermark !== p.highWatermark ||
    view.log.records !== recordsOf(source) ||
    view.log.length !== recordsLength(source) ||
    view.log.startOffset !== source.logStartOffset ||
    view.log.segmentBaseOffsets !== segmentBaseOffsets(source) ||
    view.logEndOffset !== logEndOffset(source) ||
    !sameIds(view.isr, p.isr) ||
    !sameIds(view.replicas, p.replicas)
  )
    return false;
  for (const id of p.replicas)
    if (view.replicaLogEndOffsets[id] !== logEndOffset(p.logs[id])) return false;
  return true;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function producerView(world: World, id: string): ProducerView {
  const p = world.producers[id];
  return {
    id,
    topic: p.topic,
    partitioner: p.partitioner,
    acks: p.acks,
    rate: p.rate,
    rateKeyMode: p.rateKeyMode,
    nextSequence: p.nextSequence,
    sent: p.sent,
    acked: p.acked,
    failed: p.failed,
    timedOut: p.timedOut,
    errors: { ...p.errors },
    openBatches: Object.values(p.openBatches).reduce(
      (n, batches) => n + batches.filter(Boolean).length,
      0,
    ),
    ackedRecords: p.ackedRecords,
    ackedRecordsTruncated: p.ackedRecordsTruncated,
  };
}

type PositionView = ConsumerView['positions'][number];

/**
 * The last assignment and positions views made per assignment array, with each partition's
 * position key: a consumer of the 1,000-partition bench owns hundreds of partitions, and
 * copying them and building their key strings every frame showed in its profile. Reused
 * entries are compared in full (topic, partition, position), so the result equals a fresh one.
 */
const lastAssignmentViews = new WeakMap<
  readonly TopicPartitionRef[],
  { keys: string[]; assignment: TopicPartitionRef[]; positions: PositionView[] }
>();

function assignmentViews(
  assignment: readonly TopicPartitionRef[],
  positions: Readonly<Record<string, number>>,
): Pick<ConsumerView, 'assignment' | 'positions'> {
  let last = lastAssignmentViews.get(assignment);
  const same =
    last !== undefined &&
    last.assignment.length === assignment.length &&
    last.assignment.every(
      (tp, i) => tp.topic === assignment[i].topic && tp.partition === assignment[i].partition,
    );
  if (last === undefined || !same) {
    last = {
      keys: assignment.map((tp) => `${tp.topic}/${tp.partition}`),
      assignment: assignment.map((tp) => ({ ...tp })),
      positions: [],
    };
    lastAssignmentViews.set(assignment, last);
  }
  const { keys, positions: before } = last;
  let changed = before.length !== keys.length;
  const views: PositionView[] = new Array<PositionView>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const position = positions[keys[i]] ?? -1;
    const prior = before[i];
    if (prior !== undefined && prior.position === position) views[i] = prior;
    else {
      const { topic, partition } = last.assignment[i];
      views[i] = { topic, partition, position };
      changed = true;
    }
  }
  if (changed) last.positions = views;
  return { assignment: last.assignment, positions: changed ? views : before };
}

function consumerView(world: World, id: string): ConsumerView {
  const c = world.consumers[id];
  return {
    id,
    group: c.group,
    topics: [...c.topics],
    ...assignmentViews(c.assignment, c.positions),
    consumed: c.consumed,
    alive: c.alive,
    paused: c.paused,
    pausedPartitions: c.pausedPartitions.map(tpOfKey),
    stalled: c.stalled,
    phase: c.membership.phase,
    instanceId: c.membership.instanceId,
    fetchErrors: { ...c.fetchErrors },
    metadataRefreshes: c.metadata.refreshes,
  };
}

/** Records of a log view in [from, to) offsets, clipped to what the view holds. */
export function recordsInRange(
  log: LogView,
  fromOffset: number,
  toOffset: number,
): readonly LogRecord[] {
  return recordsBetween(log, fromOffset, toOffset);
}

export function findPartition(
  s: Snapshot,
  topic: string,
  partition: number,
): PartitionView | undefined {
  return s.topics.find((t) => t.name === topic)?.partitions[partition];
}

type GroupOffsetView = GroupView['offsets'][number];

/**
 * Each topic's `topic/partition` keys (how a group's committed offsets are keyed), and the
 * offset entries last made for a topic per group: a group of the 1,000-partition bench lists
 * 1,000 entries every frame, and building each key string and entry anew was most of
 * `groupView`'s cost. Both are keyed by the topic's partitions array (and the group's offsets
 * table), weakly, like `lastPartitionViews`; an entry is reused only if it says the same.
 */
const partitionKeys = new WeakMap<readonly Partition[], string[]>();
const lastOffsetViews = new WeakMap<
  Record<string, number>,
  WeakMap<readonly Partition[], GroupOffsetView[]>
>();

function keysOf(partitions: readonly Partition[]): string[] {
  let keys = partitionKeys.get(partitions);
  if (keys === undefined || keys.length !== partitions.length) {
    keys = partitions.map((p) => `${p.topic}/${p.partition}`);
    partitionKeys.set(partitions, keys);
  }
  return keys;
}

/** A group's committed offset and lag for each partition of a topic, in partition order. */
function groupOffsetViews(
  groupOffsets: Record<string, number>,
  partitions: readonly Partition[],
  out: GroupOffsetView[],
): void {
  const keys = keysOf(partitions);
  let byTopic = lastOffsetViews.get(groupOffsets);
  if (byTopic === undefined) {
    byTopic = new WeakMap();
    lastOffsetViews.set(groupOffsets, byTopic);
  }
  let last = byTopic.get(partitions);
  if (last === undefined) {
    last = [];
    byTopic.set(partitions, last);
  }
  for (let i = 0; i < partitions.length; i++) {
    const p = partitions[i];
    const committed = groupOffsets[keys[i]] ?? null;
    const lag = committed === null ? null : Math.max(0, p.highWatermark - committed);
    const before = last[i];
    if (before === undefined || before.committed !== committed || before.lag !== lag)
      last[i] = { topic: p.topic, partition: p.partition, committed, lag };
    out.push(last[i]);
  }
}

/** Whether the group has a committed offset for some partition of the topic. */
function hasOffsetsFor(groupOffsets: Record<string, number>, partitions: readonly Partition[]) {
  return keysOf(partitions).some((key) => groupOffsets[key] !== undefined);
}

function groupView(world: World, id: string): GroupView {
  const g = world.groups[id];
  const subscribed = new Set<string>();
  for (const m of Object.values(g.members)) for (const t of m.topics) subscribed.add(t);
  const offsets: GroupOffsetView[] = [];
  for (const topic of world.topicOrder) {
    const { partitions } = world.topics[topic];
    if (subscribed.has(topic) || hasOffsetsFor(g.offsets, partitions))
      groupOffsetViews(g.offsets, partitions, offsets);
  }
  return {
    id,
    state: g.state,
    generation: g.generation,
    protocol: g.protocol,
    rebalanceProtocol: g.rebalanceProtocol,
    coordinator: {
      partition: g.offsetsPartition,
      broker: offsetsPartitionLeader(world, g.offsetsPartition),
    },
    leader: g.leader,
    members: g.memberOrder
      .filter((m) => g.members[m] !== undefined)
      .map((m) => ({
        id: m,
        instanceId: g.members[m].instanceId,
        assignment: g.members[m].assignment.map((tp) => ({ ...tp })),
      })),
    offsets,
  };
}
