import type { AssignorName } from './groups/types';
import type { LogSegment } from './logSegments';
import type { PartitionerName, PartitionerState, PartitionReason } from './partitioner';
import type { Processor } from './processor';
import type { ProduceRequest, ProduceWire } from './protocol';

/** A header: name → value. Kafka header values are bytes; kafkascope shows them as text. */
export type Header = readonly [name: string, value: string];

/** The headers of a record without any: one frozen array shared by every such record. */
export const NO_HEADERS: readonly Header[] = Object.freeze([]);

/** A record as the producer created it, before a leader gave it an offset. */
export interface PendingRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: readonly Header[];
  /** CreateTime: the producer's virtual clock at send(). */
  readonly timestampMs: number;
  readonly producer: string;
  /**
   * The nth record this producer sent (from 0): kafkascope's identity for a record, used to
   * report acknowledged records that were lost. (Kafka's idempotent sequence is per partition.)
   */
  readonly sequence: number;
  readonly sizeBytes: number;
  readonly partitionReason: PartitionReason;
  /**
   * The window of a windowed key (a windowed table's sink and its store's changelog): the key
   * is the base key, as Kafka Streams partitions it. Absent for every other record.
   */
  readonly window?: { readonly startMs: number; readonly endMs: number };
  /**
   * Present on a run only (recordRuns.ts): this one entry stands for `count` (≥ 2) records of a
   * fast rate producer, sent in one tick to one batch, with the same key and timestamp,
   * consecutive sequences and offsets from `sequence` and `offset`, and generated values;
   * `value` is the first one's and `sizeBytes` their sum. Absent on every other record.
   */
  readonly count?: number;
}

/** A record in a log. Never changes once written: replicas share the same object. */
export interface LogRecord extends PendingRecord {
  readonly offset: number;
  /** The leader epoch in which the leader appended it. */
  readonly leaderEpoch: number;
}

/**
 * A record from send() until a leader first writes it: the leader stamps offset and epoch
 * on this same object (one allocation per record, which is what keeps a million records a
 * second affordable). Appended again (a retry after a failover), it is copied instead.
 */
export interface UnwrittenRecord extends PendingRecord {
  offset: number;
  leaderEpoch: number;
}

export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

/**
 * One replica's copy of a partition's log. `records` is append-only: a truncation, a deletion
 * by retention or a clean by the log cleaner replaces the array (copy on change), so a
 * snapshot that kept the old array and its length stays true to the moment it was taken.
 */
export interface ReplicaLog {
  brokerId: number;
  records: LogRecord[];
  logStartOffset: number;
  /**
   * The log end offset: one past the last offset written. Kept explicitly because a compacted
   * log has holes (the cleaner never renumbers), so `logStartOffset + records.length` is only
   * true of a log never cleaned. Every writer (append, truncation, a follower's copy) sets it.
   */
  endOffset: number;
  /**
   * The log cleaner's checkpoint for this replica (`cleaner-offset-checkpoint`): the first
   * offset not yet cleaned. Absent: never cleaned (a compacted log only).
   */
  cleanerCheckpoint?: number;
  /**
   * KIP-534 delete horizons of this replica's tombstones, by offset: stamped by the first clean
   * that keeps the tombstone (Kafka writes it into the batch header; records here are shared
   * immutable objects, so each replica keeps its own). Absent: none stamped.
   */
  deleteHorizons?: Record<number, number>;
  /**
   * The log's segments in offset order, covering [logStartOffset, log end offset); the last is
   * the active one. Each replica rolls its own (logSegments.ts).
   */
  segments: LogSegment[];
  /** This replica's view of the high watermark (a follower learns it from fetch responses). */
  highWatermark: number;
  /** Leader epoch cache: (epoch, first offset written in it), ascending. */
  epochs: EpochEntry[];
  /** Highest sequence per idempotent producer in this log (Kafka's producer state), for de-duplication. */
  lastSequences: Record<string, number>;
  /**
   * At least the largest `sizeBytes` of any record in `records` (a truncation leaves it as it
   * was: still an upper bound). Lets a fetch that cannot reach the byte limit skip summing its
   * records' sizes. Absent: not known (a fetch sums).
   */
  maxRecordBytes?: number;
  /**
   * Some entry of `records` is (or was) a run of records (recordRuns.ts): readers that count
   * entries as records take the run-aware path. Absent: every entry is one record.
   */
  hasRuns?: boolean;
}

export function logEndOffset(log: ReplicaLog): number {
  return log.endOffset;
}

/** Arguments per push in {@link pushAll}: well below any engine's limit on a call's arguments. */
const PUSH_CHUNK = 8192;

/**
 * Appends `items` to `target` in order. One `push` with many arguments grows the array once
 * and copies in bulk, where a push per item checks and grows it item by item: this is how
 * batches of records enter a log.
 */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  if (items.length <= PUSH_CHUNK) {
    target.push(...items);
    return;
  }
  for (let from = 0; from < items.length; from += PUSH_CHUNK)
    target.push(...items.slice(from, from + PUSH_CHUNK));
}

/** What a partition leader remembers about one follower (Kafka's `Replica` state). */
export interface FollowerState {
  /** The follower's LEO as of its last fetch (the fetch offset it asked for). */
  logEndOffset: number;
  /** Last time the follower was caught up (replica.lag.time.max.ms counts from here). */
  lastCaughtUpTimeMs: number;
  /** The leader's LEO and the time at the follower's previous fetch (`Replica.updateFetchState`). */
  lastFetchLeaderLogEndOffset: number;
  lastFetchTimeMs: number;
}

export interface Partition {
  readonly topic: string;
  readonly partition: number;
  /** Assignment order; the first is the preferred leader. */
  replicas: number[];
  /** The leader broker id, or -1 when the partition is offline. */
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** The leader's high watermark: consumers read below it. */
  highWatermark: number;
  /** Each replica's own log, by broker id. */
  logs: Record<number, ReplicaLog>;
  /**
   * The furthest any replica's log cleaner has cleaned this partition (its highest cleaner
   * checkpoint so far); absent: never cleaned. Below it a missing offset was compacted away,
   * in whichever replica's copy it is missing: followers copy the holes, and a replica that
   * copied them (or started again, forgetting its own checkpoint) may lead later.
   */
  cleanedUpTo?: number;
  /** The leader's knowledge of its followers, by broker id. */
  followers: Record<number, FollowerState>;
  /** acks=all batches appended but not yet below the high watermark, in offset order. */
  pendingAcks: PendingAck[];
  /** Fetches parked at the leader waiting for data (long poll). */
  parkedFetches: ParkedFetch[];
  /** The fetch each follower's replication loop is waiting on, by broker id: one loop per follower. */
  followerFetches: Record<number, number>;
}

export interface PendingAck {
  producer: string;
  requestId: number;
  baseOffset: number;
  /** One past the batch's last offset: acknowledged once the high watermark reaches it. */
  endOffset: number;
  leaderEpoch: number;
  request: ProduceRequest;
  /** The attempt that was appended: an answer for an older attempt is ignored by the producer. */
  attempt: number;
}

export interface ParkedFetch {
  fetchId: number;
}

/** cleanup.policy: what happens to old segments (compaction itself is the log cleaner's). */
export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';

export interface TopicConfig {
  minInsyncReplicas: number;
  uncleanLeaderElection: boolean;
  /** retention.ms: segments whose newest record is older than this are deleted (-1: never). */
  retentionMs: number;
  /** retention.bytes: the oldest segments are deleted while the log is larger (-1: no limit). */
  retentionBytes: number;
  /** segment.ms: a segment is rolled once its first batch is this old. */
  segmentMs: number;
  /** segment.bytes: a batch that would not fit rolls a new segment. */
  segmentBytes: number;
  cleanupPolicy: CleanupPolicy;
  /** delete.retention.ms: how long the cleaner keeps a tombstone after first keeping it (KIP-534). */
  deleteRetentionMs: number;
  /** min.compaction.lag.ms: a record stays uncompacted at least this long. */
  minCompactionLagMs: number;
  /**
   * max.compaction.lag.ms: a dirty segment older than this is cleaned whatever the dirty ratio.
   * Kafka's default is Long.MAX_VALUE; here Number.MAX_SAFE_INTEGER (never).
   */
  maxCompactionLagMs: number;
  /** min.cleanable.dirty.ratio: the cleaner takes a log once its dirty share is above this. */
  minCleanableDirtyRatio: number;
}

/** Kafka's topic defaults (`LogConfig`): 7 days, no size limit, 1 GiB segments, delete. */
export const DEFAULT_TOPIC_LOG_CONFIG: Pick<
  TopicConfig,
  | 'retentionMs'
  | 'retentionBytes'
  | 'segmentMs'
  | 'segmentBytes'
  | 'cleanupPolicy'
  | 'deleteRetentionMs'
  | 'minCompactionLagMs'
  | 'maxCompactionLagMs'
  | 'minCleanableDirtyRatio'
> = {
  retentionMs: 604800000,
  retentionBytes: -1,
  segmentMs: 604800000,
  segmentBytes: 1073741824,
  cleanupPolicy: 'delete',
  deleteRetentionMs: 86400000,
  minCompactionLagMs: 0,
  maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
  minCleanableDirtyRatio: 0.5,
};

export interface Topic {
  readonly name: string;
  partitions: Partition[];
  config: TopicConfig;
  /** Internal topics (__consumer_offsets) are real but the UI keeps them out of the way. */
  internal: boolean;
}

/**
 * A KRaft controller (a voter of the metadata quorum). Combined: the controller role of a
 * broker's process (`process.roles=broker,controller`), so it lives and dies with that broker.
 * Isolated: a process of its own (`process.roles=controller`) with an id no broker has.
 */
export interface ControllerNode {
  readonly id: number;
  /** The broker whose process also runs this controller (combined mode); null when isolated. */
  readonly broker: number | null;
  alive: boolean;
}

export interface Broker {
  readonly id: number;
  /** The broker process runs. */
  alive: boolean;
  /** The controller's view: a fenced broker may not lead or stay in an ISR. */
  fenced: boolean;
  /** Bumped at every restart, so a stale session timeout does not fence the new process. */
  incarnation: number;
  /**
   * A restarted broker registers fenced and replays the metadata log first: false from its
   * restart until it has caught up (then it heartbeats to be unfenced). Absent on a broker that
   * has not restarted.
   */
  metadataCaughtUp?: boolean;
  /**
   * Restarted while the controller quorum had no active controller: the process runs but cannot
   * register (BrokerRegistrationRequest has nobody to answer it), so it serves nothing and counts
   * as down until a controller is elected. Absent otherwise.
   */
  awaitingRegistration?: boolean;
}

export type Acks = 0 | 1 | 'all';

export type KeyMode =
  | { kind: 'none' }
  | { kind: 'fixed'; key: string }
  | { kind: 'list'; keys: readonly string[]; order: 'cycle' | 'random' };

export interface OpenBatch {
  id: number;
  topic: string;
  partition: number;
  records: UnwrittenRecord[];
  /** The records `records` stands for (a run counts its records): kept as they are added. */
  recordCount: number;
  bytes: number;
  createdAtMs: number;
  /** linger.ms has passed: send as soon as the partition has no request on the wire. */
  ready: boolean;
}

export interface ProducerState {
  readonly id: string;
  /** The topic `produce` uses when a step names none. */
  topic: string | null;
  partitioner: PartitionerName;
  acks: Acks;
  ignoreKeys: boolean;
  lingerMs: number;
  batchSizeBytes: number;
  partitionerState: PartitionerState;
  nextSequence: number;
  /** Open (not yet sent) batches: topic → partition → batch. */
  openBatches: Record<string, (OpenBatch | undefined)[]>;
  /** A steady rate of records per second (0 = off), with its key mode. */
  rate: number;
  rateKeyMode: KeyMode;
  /** Fraction of a record carried between rate ticks, so rates below the tick rate are exact. */
  rateCarry: number;
  rateTickScheduled: boolean;
  keyCycle: number;
  sent: number;
  acked: number;
  failed: number;
  errors: Record<string, number>;
  /** Acknowledged records (capped), for lost-record detection and small-run reports. */
  ackedRecords: AckedRecord[];
  ackedRecordsTruncated: boolean;
  /** Virtual time each connection (by broker id) is busy until: requests on one connection stay in order. */
  connectionFreeAtMs: Record<number, number>;
  /** max.in.flight.requests.per.connection (default 5): unanswered produce requests per broker. */
  maxInFlight: number;
  /** enable.idempotence as set (undefined: Kafka's default, on unless acks or max.in.flight conflict). */
  idempotenceSetting: boolean | undefined;
  /** Whether batches carry sequences the leader checks (the effective enable.idempotence). */
  idempotent: boolean;
  /** The producer's own metadata: leaders as of its last refresh, not the controller's truth. */
  metadata: ClientMetadata;
  /**
   * Per "topic/partition": its batches on the wire, in sequence order (several with
   * max.in.flight > 1), and the closed batches waiting in the accumulator behind them (for
   * their turn, a retry backoff or a leader), in sequence order.
   */
  inFlight: Record<string, ProduceRequest[]>;
  queued: Record<string, ProduceRequest[]>;
  /** Unanswered produce requests by broker id (at most maxInFlight each). */
  inFlightRequests: Record<number, number>;
  /** Unanswered produce requests by id. */
  wires: Record<number, ProduceWire>;
  /** Per "topic/partition": the sequence of the last record of its latest closed batch. */
  lastClosedSequence: Record<string, number>;
  /** The sender is running, and it should run once more when it returns. */
  senderBusy: boolean;
  senderPending: boolean;
  /** Records that failed because delivery.timeout.ms passed (also counted in `failed`). */
  timedOut: number;
  /** When the delivery-timeout check is scheduled (Infinity: none), and its token. */
  expiryCheckAtMs: number;
  expiryToken: number;
}

/**
 * What a client knows about the cluster (Kafka's `Metadata`): each partition's leader and
 * epoch as of its last MetadataRequest. It refreshes when an answer says it is stale
 * (NOT_LEADER_OR_FOLLOWER, a network error), when a partition it needs has no leader, and
 * every metadata.max.age.ms.
 */
export interface ClientMetadata {
  /** topic → leader broker id per partition (-1: none known). */
  leaders: Map<string, number[]>;
  /** topic → leader epoch per partition. */
  epochs: Map<string, number[]>;
  /** A refresh is wanted (Metadata.requestUpdate). */
  updateRequested: boolean;
  /** A MetadataRequest is on the wire. */
  refreshing: boolean;
  /** When the last refresh was answered (metadata.max.age.ms counts from here). */
  lastRefreshMs: number;
  /** When the last MetadataRequest was sent (retry.backoff.ms spaces them). */
  lastAttemptMs: number;
  /** Refreshes answered so far: the max-age check of an older refresh does nothing. */
  refreshes: number;
  /**
   * The seq of the one metadata.max.age.ms timer that counts: the one armed last (at start or
   * after the latest refresh). Older timers are spent for good, even for a client added again
   * under the same id, so the timeline's checkpoints can drop them (spentTasks.ts).
   */
  maxAgeTaskSeq: number;
  /** metadata.max.age.ms. */
  maxAgeMs: number;
}

export interface AckedRecord {
  topic: string;
  partition: number;
  offset: number;
  sequence: number;
}

export type OffsetSpec = 'earliest' | 'latest' | number;

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export interface ConsumerState {
  readonly id: string;
  /** The consumer group, or null for a consumer that assigns partitions itself. */
  group: string | null;
  topics: string[];
  from: OffsetSpec;
  assignment: TopicPartitionRef[];
  /** Next offset to read, by "topic/partition". */
  positions: Record<string, number>;
  /** "topic/partition" keys with a fetch in flight or parked. */
  fetching: Record<string, number>;
  maxPollRecords: number;
  consumed: number;
  alive: boolean;
  /**
   * The application called `pause(assignment())` (the pauseConsumer step) and has not resumed.
   * Like Kafka's consumer it keeps polling and heartbeating; only the partitions in
   * `pausedPartitions` return no records.
   */
  paused: boolean;
  /**
   * "topic/partition" keys Kafka's `pause()` holds. A rebalance forgets the pause of every
   * partition it revokes, and newly assigned partitions arrive unpaused (Kafka's
   * `SubscriptionState` starts each assigned partition afresh), so after an eager rebalance a
   * paused consumer reads again.
   */
  pausedPartitions: string[];
  /**
   * The application stopped calling poll() (busy processing a batch: the stallConsumer step).
   * No records, no auto-commit; the heartbeat thread keeps the member alive until
   * max.poll.interval.ms has passed since the last poll, then it leaves the group.
   */
  stalled: boolean;
  /** Group membership (unused for a consumer without a group). */
  membership: MembershipState;
  /** What the application does with each polled batch (see processor.ts). */
  processor: Processor;
  /**
   * The consumer's own metadata: the leader it fetches each partition from, and that leader's
   * epoch. Learned from refreshes (after a fetch error, or metadata.max.age.ms) and from
   * KIP-951 hints, not from the controller at once.
   */
  metadata: ClientMetadata;
  /** Fetch errors answered so far, by error code (NOT_LEADER_OR_FOLLOWER, NETWORK_EXCEPTION, …). */
  fetchErrors: Record<string, number>;
  /**
   * Partitions whose fetches are failing, by "topic/partition": how many in a row (the retry
   * backoff doubles with each) and from which leader. Until the backoff ends, a refresh that
   * names the same leader does not fetch again (Kafka's fetcher skips a node in reconnect
   * backoff); one naming another leader does.
   */
  fetchBackoff: Record<string, { failures: number; leader: number }>;
}

/** A consumer's side of the classic group protocol (`ConsumerCoordinator`). */
export interface MembershipState {
  instanceId: string | null;
  assignors: AssignorName[];
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxPollIntervalMs: number;
  autoCommit: boolean;
  autoCommitIntervalMs: number;
  /** idle: not in a group (left, crashed, or never joined); joining: JoinGroup sent; syncing: SyncGroup sent. */
  phase: 'idle' | 'joining' | 'syncing' | 'stable';
  generation: number;
  /** Virtual time of the last poll (a fetch answer handled); max.poll.interval.ms counts from here. */
  lastPollMs: number;
  /** Bumped to stop the heartbeat and auto-commit loops of an earlier incarnation. */
  loopToken: number;
  /** max.poll.interval.ms passed without a poll: the member left (or, static, went quiet). */
  pollTimedOut: boolean;
  /** When each direction of the connection to the coordinator is free: messages stay in order. */
  wireFreeAtMs: { toCoordinator: number; toConsumer: number };
  /**
   * The last assignment SyncGroup gave this member, and its generation: what the consumer's
   * StickyAssignor keeps from `onAssignment` and sends back in its subscription's userData. An
   * eager member has revoked everything before it rejoins, so this memory is the only way the
   * eager sticky assignor learns who owned what.
   */
  lastAssignment: TopicPartitionRef[];
  lastAssignmentGeneration: number;
  /**
   * The group's leader only: the partition count of each subscribed topic in its own metadata
   * when it ran the assignor (`ConsumerCoordinator.assignmentSnapshot`). A refresh that finds
   * another count (partitions were added) makes it rejoin; null for the other members.
   */
  assignmentSnapshot: Record<string, number> | null;
}

export type GroupStateName =
  'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** The coordinator's record of one member (`MemberMetadata`). */
export interface GroupMemberState {
  memberId: string;
  instanceId: string | null;
  topics: string[];
  assignors: AssignorName[];
  /** Partitions the member said it owns when it joined (cooperative protocol). */
  owned: TopicPartitionRef[];
  /** The generation in which `owned` was valid. */
  ownedGeneration: number;
  /** Its assignment from the last completed SyncGroup. */
  assignment: TopicPartitionRef[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** It has (re)joined in the current rebalance round. */
  rejoined: boolean;
  /** Bumped at each heartbeat (and join): a session-expiry check only fires if it is unchanged. */
  heartbeats: number;
}

/** One consumer group on its coordinator (`ClassicGroup`). */
export interface GroupState {
  id: string;
  state: GroupStateName;
  generation: number;
  protocol: AssignorName | null;
  rebalanceProtocol: 'eager' | 'cooperative' | null;
  leader: string | null;
  members: Record<string, GroupMemberState>;
  /** Member ids in the order they first joined (the first becomes leader). */
  memberOrder: string[];
  /** Committed offsets by "topic/partition". */
  offsets: Record<string, number>;
  /** The __consumer_offsets partition whose leader coordinates this group. */
  offsetsPartition: number;
  /** Members waiting for their SyncGroup answer. */
  awaitingSync: string[];
  /** Bumped when a join phase starts or completes, to ignore stale scheduled completions. */
  joinToken: number;
  /** The initial delay of an empty group's first join phase has not yet passed. */
  initialDelayUntilMs: number;
  rebalanceReason: string | null;
  commitSequence: number;
}

/**
 * Each topic's keys by partition, made once: the hot paths look a partition's state up by its
 * key several times per batch, and a string made afresh each time would be hashed afresh each
 * time too. A pure function's memo (the same string either way), so it cannot affect determinism.
 */
const tpKeys = new Map<string, string[]>();

export function tpKey(topic: string, partition: number): string {
  if (!Number.isInteger(partition) || partition < 0 || partition > 0xffff)
    return `${topic}/${partition}`;
  let keys = tpKeys.get(topic);
  if (keys === undefined) {
    keys = [];
    tpKeys.set(topic, keys);
  }
  return (keys[partition] ??= `${topic}/${partition}`);
}

/** The partition a {@link tpKey} names (the last "/" splits: a partition number has none). */
export function tpOfKey(key: string): TopicPartitionRef {
  const at = key.lastIndexOf('/');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}

/** A message on the wire, kept so the view can draw it between its ends. */
export type FlightKind = 'produce' | 'replicate' | 'consume';

export type NodeRef =
  | { kind: 'producer'; id: string }
  | { kind: 'broker'; id: number }
  | { kind: 'consumer'; id: string };

export interface Flight {
  readonly id: number;
  readonly kind: FlightKind;
  readonly from: NodeRef;
  readonly to: NodeRef;
  readonly topic: string;
  readonly partition: number;
  readonly count: number;
  /** For produce flights: the first record's producer sequence; else the first offset. */
  readonly first: number;
  readonly sentAtMs: number;
  readonly arrivesAtMs: number;
}
