import type { Acks } from './model';
import type { PartitionerName } from './partitioner';

/**
 * What happened, in past tense. The trace of a run is the ordered list of these; its hash
 * (`traceHash`) identifies the run. Fields are plain JSON so a trace can be written as JSONL.
 */
export type TraceEvent =
  | { type: 'clusterCreated'; atMs: number; seed: number; brokers: number[]; topics: string[] }
  | { type: 'narrated'; atMs: number; text: string }
  | { type: 'commandRejected'; atMs: number; command: string; reason: string }
  | {
      type: 'producerConfigured';
      atMs: number;
      producer: string;
      partitioner: PartitionerName;
      acks: Acks;
    }
  | { type: 'producerRateChanged'; atMs: number; producer: string; rate: number }
  | {
      type: 'recordsSent';
      atMs: number;
      producer: string;
      topic: string;
      partition: number;
      broker: number;
      firstSequence: number;
      count: number;
      arrivesAtMs: number;
      /** The produce request carrying it: one per leader broker, several partitions' batches. */
      request?: number;
    }
  | {
      type: 'recordsAppended';
      atMs: number;
      topic: string;
      partition: number;
      broker: number;
      producer: string;
      baseOffset: number;
      count: number;
      leaderEpoch: number;
    }
  | {
      type: 'produceAcked';
      atMs: number;
      producer: string;
      topic: string;
      partition: number;
      baseOffset: number;
      count: number;
    }
  | {
      type: 'produceErrored';
      atMs: number;
      producer: string;
      topic: string;
      partition: number;
      count: number;
      error: string;
      willRetry: boolean;
    }
  | {
      type: 'replicaFetched';
      atMs: number;
      topic: string;
      partition: number;
      broker: number;
      fromOffset: number;
      count: number;
    }
  | {
      type: 'highWatermarkAdvanced';
      atMs: number;
      topic: string;
      partition: number;
      highWatermark: number;
    }
  | {
      type: 'consumerFetched';
      atMs: number;
      consumer: string;
      topic: string;
      partition: number;
      fromOffset: number;
      count: number;
    }
  | {
      type: 'consumerSeeked';
      atMs: number;
      consumer: string;
      topic: string;
      partition: number;
      offset: number;
    }
  | { type: 'brokerKilled'; atMs: number; broker: number }
  | { type: 'brokerShutDown'; atMs: number; broker: number }
  | { type: 'brokerRestarted'; atMs: number; broker: number }
  | {
      type: 'brokerFenced';
      atMs: number;
      broker: number;
      reason: 'session timeout' | 'controlled shutdown' | 'restart';
    }
  | { type: 'brokerUnfenced'; atMs: number; broker: number }
  /** A new active controller: `from` is the previous one (-1 if the quorum had none). */
  | {
      type: 'controllerMoved';
      atMs: number;
      from: number;
      to: number;
      /** The controller runs in broker `to`'s process (a combined quorum), not a node of its own. */
      onBroker: boolean;
    }
  /** An isolated controller node crashed (combined controllers go down with their broker). */
  | { type: 'controllerKilled'; atMs: number; controller: number }
  | { type: 'controllerRestarted'; atMs: number; controller: number }
  /** Fewer than a majority of voters run: no active controller, no decisions until they return. */
  | { type: 'quorumLost'; atMs: number; liveVoters: number; voters: number }
  | {
      type: 'leaderChanged';
      atMs: number;
      topic: string;
      partition: number;
      previousLeader: number;
      /** -1: the partition is offline. */
      leader: number;
      leaderEpoch: number;
      isr: number[];
      unclean: boolean;
      reason: LeaderChangeReason;
    }
  | {
      type: 'isrChanged';
      atMs: number;
      topic: string;
      partition: number;
      isr: number[];
      previousIsr: number[];
      reason: IsrChangeReason;
    }
  | {
      type: 'logTruncated';
      atMs: number;
      topic: string;
      partition: number;
      broker: number;
      fromOffset: number;
      toOffset: number;
    }
  /**
   * A replica's active segment was closed and a new one started at `endOffset`
   * (`UnifiedLog.maybeRoll`): the batch did not fit in segment.bytes, segment.ms had passed since
   * its first batch, or retention was about to delete every segment. [baseOffset, endOffset) is
   * the closed segment.
   */
  | {
      type: 'segmentRolled';
      atMs: number;
      topic: string;
      partition: number;
      broker: number;
      baseOffset: number;
      endOffset: number;
      count: number;
      sizeBytes: number;
      reason: 'segment.bytes' | 'segment.ms' | 'retention';
    }
  /**
   * A replica deleted a segment [baseOffset, endOffset) past retention (or wholly below a log
   * start offset learned from its leader); its log now starts at `logStartOffset`.
   */
  | {
      type: 'segmentDeleted';
      atMs: number;
      topic: string;
      partition: number;
      broker: number;
      baseOffset: number;
      endOffset: number;
      count: number;
      sizeBytes: number;
      reason: 'retention.ms' | 'retention.bytes' | 'log start offset';
      logStartOffset: number;
    }
  /**
   * A broker's log cleaner compacted one of its replica logs (cleanup.policy=compact): the
   * dirty range [fromOffset, toOffset) was mapped (latest offset per key) and the log from its
   * start up to `toOffset` rewritten without the records it supersedes, and without tombstones
   * past their delete horizon. Offsets are never renumbered: the log now has holes.
   * `firstDirtyOffset` is the cleaner's new checkpoint. `removed` lists the first 100, each
   * with the key compacted by (a windowed record's is `<key>@<startMs>-<endMs>`).
   */
  | {
      type: 'logCleaned';
      atMs: number;
      topic: string;
      partition: number;
      broker: number;
      fromOffset: number;
      toOffset: number;
      removedCount: number;
      superseded: number;
      tombstonesRemoved: number;
      removed: {
        offset: number;
        key: string | null;
        reason: 'superseded' | 'tombstone expired' | 'no key';
      }[];
      firstDirtyOffset: number;
    }
  | {
      type: 'acknowledgedRecordsLost';
      atMs: number;
      topic: string;
      partition: number;
      /** Acknowledged records (producer, sequence, offset) no longer in the partition's log. */
      records: { producer: string; sequence: number; offset: number }[];
    }
  | {
      type: 'consumerPositionReset';
      atMs: number;
      consumer: string;
      topic: string;
      partition: number;
      from: number;
      to: number;
      reason: 'log truncated' | 'out of range';
    }
  | {
      type: 'produceExpired';
      atMs: number;
      producer: string;
      topic: string;
      partition: number;
      count: number;
      /** The error that ended it; for a timeout, the last error it was answered with. */
      error: string;
      /** delivery.timeout.ms passed (Kafka's TimeoutException "Expiring N record(s)"). */
      timedOut?: boolean;
    }
  | { type: 'consumerAdded'; atMs: number; consumer: string; group: string | null }
  | { type: 'consumerClosed'; atMs: number; consumer: string }
  | { type: 'consumerCrashed'; atMs: number; consumer: string }
  /** pause(assignment()): `partitions` ("topic-p") stop returning records; polling goes on. */
  | { type: 'consumerPaused'; atMs: number; consumer: string; partitions: string[] }
  /** The application stopped calling poll(). */
  | { type: 'consumerStalled'; atMs: number; consumer: string }
  | { type: 'consumerResumed'; atMs: number; consumer: string }
  | { type: 'partitionsAdded'; atMs: number; topic: string; from: number; to: number }
  | {
      type: 'groupRebalanceStarted';
      atMs: number;
      group: string;
      reason: string;
      rebalanceProtocol: 'eager' | 'cooperative';
      generation: number;
    }
  | { type: 'memberJoining'; atMs: number; group: string; member: string; generation: number }
  | {
      type: 'staticMemberRejoined';
      atMs: number;
      group: string;
      member: string;
      instanceId: string;
    }
  | { type: 'memberJoinRejected'; atMs: number; group: string; member: string; error: string }
  | {
      type: 'groupJoinCompleted';
      atMs: number;
      group: string;
      generation: number;
      leader: string;
      protocol: string;
      rebalanceProtocol: 'eager' | 'cooperative';
      members: string[];
    }
  | {
      type: 'groupStabilized';
      atMs: number;
      group: string;
      generation: number;
      /** Member id → its partitions as "topic-partition". */
      assignment: Record<string, string[]>;
    }
  | { type: 'groupEmptied'; atMs: number; group: string; generation: number }
  | { type: 'memberRemoved'; atMs: number; group: string; member: string; reason: string }
  | {
      type: 'partitionsRevoked';
      atMs: number;
      group: string;
      member: string;
      partitions: string[];
      reason: string;
    }
  | {
      type: 'partitionsAssigned';
      atMs: number;
      group: string;
      member: string;
      generation: number;
      assignment: string[];
      added: string[];
    }
  | { type: 'consumerPollTimedOut'; atMs: number; group: string; member: string }
  // Kafka Streams applications (ksqlDB persistent queries) in the cluster: streams/cluster.
  | {
      type: 'streamsAppStarted';
      atMs: number;
      app: string;
      queries: string[];
      applicationIds: string[];
      instances: string[];
      topicsCreated: string[];
    }
  | { type: 'streamsInstanceStarted'; atMs: number; app: string; instance: string }
  | {
      type: 'streamsInstanceStopped';
      atMs: number;
      app: string;
      instance: string;
      how: 'killed' | 'closed';
    }
  | {
      type: 'streamsTasksAssigned';
      atMs: number;
      app: string;
      query: string;
      instance: string;
      tasks: string[];
      added: string[];
    }
  | {
      type: 'streamsTaskRestoring';
      atMs: number;
      app: string;
      query: string;
      task: string;
      instance: string;
      changelog: string;
      fromOffset: number;
      toOffset: number;
    }
  | {
      type: 'streamsTaskRestored';
      atMs: number;
      app: string;
      query: string;
      task: string;
      instance: string;
      records: number;
    }
  | {
      type: 'streamsRecordProcessed';
      atMs: number;
      app: string;
      query: string;
      task: string;
      topic: string;
      partition: number;
      offset: number;
      streamTimeMs: number;
    }
  | {
      type: 'streamsRecordDropped';
      atMs: number;
      app: string;
      query: string;
      task: string;
      topic: string;
      partition: number;
      offset: number;
      reason: 'late' | 'null key' | 'negative timestamp' | 'bad key';
      /** For a late record: the stream time minus grace it missed. */
      closeMs: number | null;
    }
  | {
      type: 'streamsCacheFlushed';
      atMs: number;
      app: string;
      query: string;
      task: string;
      forwarded: number;
    }
  | {
      type: 'streamsEmitted';
      atMs: number;
      app: string;
      query: string;
      task: string;
      topic: string;
      /** The partition Streams chose by the key's hash; null for a null key (the producer's choice). */
      partition: number | null;
      key: string | null;
      window: { startMs: number; endMs: number } | null;
      value: string | null;
      /**
       * Why now: `update` (every update, the record cache off), `cache flush` (a commit flushed
       * the cache), `window close` (EMIT FINAL).
       */
      reason: 'update' | 'cache flush' | 'window close';
      /** HAVING changed its mind: `entered` (the row passes now), `left` (a tombstone). */
      having?: 'entered' | 'left';
    }
  | {
      type: 'streamsCommitted';
      atMs: number;
      app: string;
      query: string;
      instance: string;
      tasks: string[];
    }
  | {
      type: 'offsetsCommitted';
      atMs: number;
      group: string;
      member: string;
      generation: number;
      offsets: { topic: string; partition: number; offset: number }[];
    }
  | { type: 'offsetCommitFailed'; atMs: number; group: string; member: string; error: string };

export type LeaderChangeReason =
  'broker fenced' | 'controlled shutdown' | 'broker restarted' | 'preferred leader';
export type IsrChangeReason =
  'follower lagging' | 'broker fenced' | 'controlled shutdown' | 'caught up';

export type TraceEventType = TraceEvent['type'];

/** The event of one type: `TraceEventOf<'brokerKilled'>`. Tables keyed by event type use it. */
export type TraceEventOf<T extends TraceEventType> = Extract<TraceEvent, { type: T }>;
