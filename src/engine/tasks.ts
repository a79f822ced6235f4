import type { GroupRequest, GroupResponse } from './groupMessages';
import type { MetadataClientRef } from './clientMetadata';
import type { LogRecord } from './model';
import type { ProduceRequest } from './protocol';

/**
 * Work the engine has scheduled for a moment of virtual time: one kind per handler in
 * `simulation.ts` `dispatch`. Commands are not tasks: they enter a run through the
 * timed-command cursor (`timedCommands.ts`), after every task due at their time.
 */
export type Task =
  | { kind: 'lingerExpired'; producer: string; topic: string; partition: number; batchId: number }
  | { kind: 'rateTick'; producer: string }
  | { kind: 'produceArrived'; request: ProduceRequest }
  | {
      kind: 'produceAnswered';
      request: ProduceRequest;
      attempt: number;
      baseOffset: number;
      error: string | null;
    }
  /**
   * request.timeout.ms of one attempt. It names the request rather than holding it: most
   * fire after the answer came and do nothing, and a queue full of finished requests would
   * weigh on every checkpoint.
   */
  | {
      kind: 'produceTimedOut';
      producer: string;
      topic: string;
      partition: number;
      requestId: number;
      attempt: number;
    }
  /** A retry's backoff is over: the producer's sender looks again. */
  | { kind: 'produceRetry'; request: ProduceRequest }
  /** The delivery-timeout check of a producer's oldest batch (`token`: only the latest counts). */
  | { kind: 'deliveryExpired'; producer: string; token: number }
  /** A client's MetadataRequest reached a broker (`broker`), which answers from its metadata. */
  | { kind: 'metadataArrived'; client: MetadataClientRef; broker: number }
  | {
      kind: 'metadataAnswered';
      client: MetadataClientRef;
      /** topic → leader and epoch per partition; null: the broker did not answer. */
      leaders: [topic: string, leaders: number[], epochs: number[]][] | null;
    }
  /** metadata.max.age.ms after the client's latest refresh (only its latest timer counts). */
  | { kind: 'metadataMaxAge'; client: MetadataClientRef }
  /** A consumer's fetch for one partition failed: after retry.backoff.ms it fetches again. */
  | { kind: 'consumerFetchRetry'; consumer: string; topic: string; partition: number }
  | { kind: 'brokerSessionExpired'; broker: number; incarnation: number }
  | { kind: 'controllerFailover'; from: number }
  | { kind: 'brokerMetadataCaughtUp'; broker: number; incarnation: number }
  | { kind: 'brokerStartupHeartbeat'; broker: number; incarnation: number }
  | { kind: 'isrCheck' }
  | { kind: 'leaderRebalanceCheck' }
  /** log.retention.check.interval.ms: every broker deletes segments past retention (retention.ts). */
  | { kind: 'retentionCheck' }
  /** log.cleaner.backoff.ms: the brokers' log cleaners wake (compaction.ts). */
  | { kind: 'cleanerPass' }
  | { kind: 'groupRequestArrived'; request: GroupRequest; broker: number }
  | { kind: 'groupResponseArrived'; response: GroupResponse }
  | { kind: 'heartbeatTick'; consumer: string; token: number }
  | { kind: 'autoCommitTick'; consumer: string; token: number }
  | { kind: 'groupRejoin'; consumer: string; token: number }
  | { kind: 'groupJoinDeadline'; group: string; token: number; final: boolean }
  | { kind: 'memberSessionCheck'; group: string; member: string; heartbeats: number }
  /** A Kafka Streams instance's commit.interval.ms: flush caches, write, commit offsets. */
  | { kind: 'streamsCommitTick'; consumer: string; token: number }
  /** A task's restoration from its changelog has read to the end. */
  | { kind: 'streamsRestoreDone'; app: string; query: number; task: string; epoch: number }
  | { kind: 'fetchArrived'; fetchId: number }
  | { kind: 'fetchWaitExpired'; fetchId: number }
  | {
      kind: 'fetchAnswered';
      fetchId: number;
      records: readonly LogRecord[];
      /** The records `records` stands for (a run counts its records; recordRuns.ts). */
      recordCount: number;
      highWatermark: number;
      /** To a follower: the leader's log start offset (-1 to a consumer). */
      logStartOffset: number;
      /**
       * Where the reader continues: one past the last record returned, or, when nothing is left
       * below the read limit (compacted away), that limit. -1: stay (an error, a wait expired).
       */
      nextOffset: number;
      flightId: number;
      /**
       * To a follower: OFFSET_OUT_OF_RANGE below the leader's log start.
       * For a consumer: OFFSET_OUT_OF_RANGE outside the leader's log, NOT_LEADER_OR_FOLLOWER,
       * FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH, NETWORK_EXCEPTION (connection lost).
       */
      error: string | null;
      /** KIP-951: with NOT_LEADER_OR_FOLLOWER, the leader and epoch the broker knows (-1: none). */
      leaderHint: number;
      epochHint: number;
    };

/** A task with its moment and its insertion number: the queue orders by (atMs, seq). */
export type ScheduledTask = Task & { atMs: number; seq: number };
