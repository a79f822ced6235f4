/**
 * A ksqlDB application running in the simulated cluster: the world's record of it. Plain data
 * (checkpoints clone it): the compiled program, and per persistent query its tasks with their
 * owner, phase, stream time and state store. The instances' consumers and producers are
 * ordinary clients in `world.consumers` and `world.producers`; their names lead back here.
 */
import type { LogRecord } from '../../model';
import type { StreamsProgram } from '../plan';
import type { QueryTaskState } from '../processing/queryTask';

/** The scenario's `streams:` entry as the engine takes it. */
export interface StreamsAppSetup {
  /** The application's name in the scenario (`fraud`): instances are `fraud-1`, `fraud-2`, … */
  id: string;
  /** ksqlDB statements, `SET` lines included. */
  statements: string;
  /** Instances started with the cluster (default 1). */
  instances?: number;
}

export interface StreamsAppState {
  readonly id: string;
  readonly statements: string;
  readonly program: StreamsProgram;
  readonly queries: StreamsQueryState[];
  /** Instance ids in the order they were added. */
  instances: string[];
  /** Whether each instance runs (a killed or stopped one keeps its id for a restart). */
  running: Record<string, boolean>;
  /** The number the next added instance takes. */
  nextInstance: number;
  /** When each instance client's next commit (`commit.interval.ms` loop) is due, by consumer id. */
  nextCommitAtMs: Record<string, number>;
}

/** What a sub-topology does, which decides how its records are read. */
export type SubtopologyRole =
  /** Source → WHERE → new key → the repartition topic. */
  | 'rekey'
  /** (Source or repartition topic) → aggregate [store] → HAVING → sink. */
  | 'aggregate'
  /** Source → WHERE → PARTITION BY → projection → sink. */
  | 'stream';

export interface StreamsSubtopology {
  readonly id: number;
  readonly role: SubtopologyRole;
  readonly sourceTopics: readonly string[];
}

export interface StreamsQueryState {
  /** Index in `program.queries`. */
  readonly index: number;
  readonly queryId: string;
  readonly applicationId: string;
  readonly subtopologies: readonly StreamsSubtopology[];
  readonly repartitionTopic: string | null;
  readonly changelogTopic: string | null;
  readonly sinkTopic: string;
  /** The store's name (`Aggregate-Aggregate-Materialize`), if the query has one. */
  readonly storeName: string | null;
  tasks: Record<string, StreamsTaskState>;
  /** Task ids in task order (sub-topology, then partition). */
  taskOrder: string[];
  /** dropped-records over every task and every owner so far. */
  droppedRecords: number;
  /**
   * The last records the aggregation saw and the last rows the query emitted, oldest first, at
   * most {@link STREAMS_HISTORY_CAP} each: what the processing view draws (windows filling,
   * late records, why each output row was emitted). Bounded, so a long run costs no more.
   */
  recentInputs: AggregationInput[];
  recentOutputs: EmittedRow[];
  /** Numbers the next input or output (a stable identity for the view's keyed joins). */
  nextHistorySeq: number;
}

/** How many inputs and outputs a query keeps for the view. */
export const STREAMS_HISTORY_CAP = 240;

/** A record at a windowed (or plain) aggregation: when it happened and what became of it. */
export interface AggregationInput {
  readonly seq: number;
  readonly task: string;
  /** The group key as text (`4111`). */
  readonly key: string;
  /** Its event time (the record's timestamp, or its TIMESTAMP column). */
  readonly timestampMs: number;
  /** When the task processed it, on the simulation's clock (processing time). */
  readonly processedAtMs: number;
  /** Where it was read: the source or repartition topic, partition and offset. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /**
   * `counted`: added to its window(s); `late`: at least one window it belongs to had closed
   * (stream time − grace ≥ window end) and did not take it, counted in dropped-records (with
   * hopping windows it may still have joined its later, open windows); `dropped`: dropped for
   * another reason (a null key).
   */
  readonly outcome: 'counted' | 'late' | 'dropped';
  /** The task's stream time after this record, and the close line (stream time − grace) then. */
  readonly streamTimeMs: number;
  readonly closeMs: number | null;
}

/**
 * Why a row reached the sink: `update` (every update, the record cache off), `cache flush` (a
 * commit flushed the cache's dirty entries), `window close` (EMIT FINAL: the window closed).
 */
export type EmitReason = 'update' | 'cache flush' | 'window close';

export interface EmittedRow {
  readonly seq: number;
  readonly atMs: number;
  readonly task: string;
  readonly topic: string;
  readonly partition: number | null;
  readonly key: string | null;
  readonly window: { readonly startMs: number; readonly endMs: number } | null;
  /** The value as written (JSON); null: a tombstone. */
  readonly value: string | null;
  readonly timestampMs: number;
  readonly reason: EmitReason;
  /** HAVING changed its mind: `entered` (first row to pass), `left` (a tombstone). */
  readonly having: 'entered' | 'left' | null;
}

/**
 * A task's phase. RESTORING: a new owner rebuilds the store from the changelog, records wait;
 * SUSPENDED: revoked in a rebalance, its state kept in case it comes back (eager rebalancing);
 * UNASSIGNED: nobody runs it (its owner died, or it was never assigned).
 */
export type StreamsTaskPhase = 'RUNNING' | 'RESTORING' | 'SUSPENDED' | 'UNASSIGNED';

export interface StreamsTaskState {
  readonly id: string;
  readonly subtopology: number;
  readonly partition: number;
  /** The consumer (instance client) that runs it or last ran it; null when none holds its state. */
  owner: string | null;
  phase: StreamsTaskPhase;
  /** Max timestamp of the records it processed since its owner took it (−1 before any). */
  streamTimeMs: number;
  /** The state the owner holds: its aggregation and store (null for a stateless task). */
  state: QueryTaskState | null;
  /** Records fetched while it restored, processed once restoration ends. */
  buffered: { topic: string; partition: number; record: LogRecord }[];
  /** Bumped whenever ownership changes, to ignore a stale restore completion. */
  epoch: number;
  /**
   * Restoration in progress: the changelog offsets it reads, and when it started and will end
   * on the clock (its modelled duration; records are put at an even pace in between).
   */
  restoring: { fromOffset: number; toOffset: number; startedAtMs: number; doneAtMs: number } | null;
  /**
   * Where the owner's own changelog writes begin: the offset its restoration read up to, and
   * its producer's next sequence when it took the task (writes before that are someone else's).
   */
  changelogFromOffset: number;
  changelogSequenceFrom: number;
  processed: number;
  /**
   * EMIT FINAL's last window close time as of the last commit: Kafka commits it with the
   * offsets as processor metadata, and the next owner starts from it (no window emitted twice).
   */
  committedLastEmitCloseMs: number;
  /** Records the engine let into a window that had closed: an invariant keeps it 0. */
  closedWindowWrites: number;
}
