/**
 * The contract between kafkascope's ksqlDB front end and its Kafka Streams runtime: what a
 * script of ksqlDB statements compiles to. The front end (`./ksql`) parses and checks the
 * statements and produces a {@link StreamsProgram}; the runtime (`./processing`) executes its
 * persistent queries, in TopologyTestDriver mode (one task, commit after every record) and,
 * later, inside the simulated cluster (tasks, a consumer group, internal topics).
 *
 * Plain data only (no functions, no classes): a program is stored in snapshots and
 * checkpoints, cloned with structuredClone, and printed in the JSON report.
 *
 * Names follow ksqlDB: identifiers are upper-cased unless back-quoted; generated names are
 * ksqlDB's (`KSQL_COL_0`, `CTAS_POSSIBLE_FRAUD_0`, `Aggregate-Aggregate-Materialize`); see
 * ../shared/streams-model.md §1.2 for their sources.
 */

/** SQL types kafkascope models (ksqlDB's `SqlBaseType` subset). VARCHAR is read as STRING. */
export type SqlType = 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'STRING';

/** A value of a column at run time. BIGINT values are JS numbers (exact up to 2^53). */
export type SqlValue = boolean | number | string | null;

/** A row's columns by name, in the schema's column order. */
export type Row = Record<string, SqlValue>;

export interface Column {
  /** Upper-cased unless it was back-quoted in the statement. */
  readonly name: string;
  readonly type: SqlType;
  /** A KEY (stream) or PRIMARY KEY (table) column: read from the record key, not the value. */
  readonly key: boolean;
}

/** Value formats (`VALUE_FORMAT`); the key format is always KAFKA in kafkascope. */
export type ValueFormat = 'JSON' | 'KAFKA' | 'DELIMITED';

/** Where a line and column point in the statement text: 1-based, as ksqlDB reports them. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Window kinds of `WINDOW TUMBLING | HOPPING | SESSION (…)`, all times in ms. */
export type WindowSpec =
  | {
      readonly kind: 'TUMBLING';
      readonly sizeMs: number;
      readonly graceMs: number;
      readonly retentionMs: number;
    }
  | {
      readonly kind: 'HOPPING';
      readonly sizeMs: number;
      readonly advanceMs: number;
      readonly graceMs: number;
      readonly retentionMs: number;
    }
  | {
      readonly kind: 'SESSION';
      readonly gapMs: number;
      readonly graceMs: number;
      readonly retentionMs: number;
    };
// graceMs is always resolved: the GRACE PERIOD clause; without one, 0 for EMIT FINAL
// (ksqlDB's RewrittenAnalysis) and max(24 h − size, 0) for EMIT CHANGES (sessions: 24 h − gap).
// retentionMs: the RETENTION clause, or size + grace (gap + grace).

/** Pseudo-columns a query may read. */
export type PseudoColumn = 'ROWTIME' | 'WINDOWSTART' | 'WINDOWEND' | 'ROWPARTITION' | 'ROWOFFSET';

export type BinaryOperator =
  '+' | '-' | '*' | '/' | '%' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

/** Aggregate functions of the statement subset. */
export type AggregateFunction = 'COUNT' | 'SUM' | 'MIN' | 'MAX' | 'AVG' | 'LATEST_BY_OFFSET';

/**
 * An expression, already resolved against the query's input row: a column reference names a
 * column of that row (after a stream–table join, ksqlDB's joined schema names columns
 * `<ALIAS>_<COLUMN>`, e.g. `A_CARD_NUMBER`), and aggregate calls are replaced by
 * `{ kind: 'aggregate', index }` pointing into {@link AggregateQuery.aggregates}.
 */
export type Expr =
  | { readonly kind: 'column'; readonly name: string }
  | { readonly kind: 'pseudo'; readonly name: PseudoColumn }
  | { readonly kind: 'literal'; readonly value: SqlValue; readonly type: SqlType | 'NULL' }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'negate'; readonly operand: Expr }
  | { readonly kind: 'isNull'; readonly operand: Expr; readonly negated: boolean }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOperator;
      readonly left: Expr;
      readonly right: Expr;
    }
  /** Scalar functions (UCASE, LCASE, LEN, ABS, CONCAT, …) as the front end supports them. */
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] }
  | { readonly kind: 'cast'; readonly operand: Expr; readonly type: SqlType }
  /** The aggregate at this index of the query's `aggregates` (only in SELECT and HAVING). */
  | { readonly kind: 'aggregate'; readonly index: number }
  /**
   * The value of the grouping expression at this index of {@link AggregateQuery.groupBy}, read
   * from the aggregate's key (only in an aggregate's SELECT and HAVING, where the input row is
   * gone: `SELECT card_number, …  GROUP BY card_number` projects `{ kind: 'groupKey', index: 0 }`).
   */
  | { readonly kind: 'groupKey'; readonly index: number };

/** One aggregate call: `COUNT(*)` has `arg` null. */
export interface AggregateCall {
  readonly fn: AggregateFunction;
  readonly arg: Expr | null;
  /** The SQL type of the result (COUNT: BIGINT; SUM/MIN/MAX: the argument's; AVG: DOUBLE). */
  readonly type: SqlType;
}

/** A source declared by CREATE STREAM / CREATE TABLE (with columns, on an existing topic). */
export interface SourceDefinition {
  readonly kind: 'STREAM' | 'TABLE';
  readonly name: string;
  readonly topic: string;
  readonly columns: readonly Column[];
  readonly valueFormat: ValueFormat;
  /** `PARTITIONS=n` if given: ksqlDB creates the topic when it does not exist. */
  readonly partitions: number | null;
  /** `TIMESTAMP='col'` if given, else the record timestamp. */
  readonly timestampColumn: string | null;
  /** Set when the source is the sink of a windowed query (its keys carry windows). */
  readonly window: WindowSpec | null;
  /** The statement that declared it (a CREATE … AS SELECT's sink is a source for later statements). */
  readonly declaredBy: SourcePosition;
}

/** A node of a sub-topology, named as `Topology#describe()` names ksqlDB's nodes. */
export interface TopologyNode {
  readonly name: string;
  readonly kind: 'source' | 'processor' | 'sink';
  /** Source: the topics it reads; sink: the topic it writes. */
  readonly topics: readonly string[];
  /** State stores the node uses (`Aggregate-Aggregate-Materialize`). */
  readonly stores: readonly string[];
  /** Names of the nodes it forwards to. */
  readonly successors: readonly string[];
}

export interface SubTopology {
  /** 0, 1, …: the first part of a task id `0_3`. */
  readonly id: number;
  readonly nodes: readonly TopologyNode[];
}

/** An internal topic the application creates (`<applicationId>-<name>`). */
export interface InternalTopic {
  readonly name: string;
  readonly role: 'repartition' | 'changelog';
  /** repartition: `delete` with infinite retention; changelog: `compact` or `compact,delete` (windowed). */
  readonly cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  /**
   * Partition count, if known from the statements (the max of the upstream sources'); null when
   * it depends on a topic's partition count the cluster decides.
   */
  readonly partitions: number | null;
}

/** What a persistent query's sink writes. */
export interface SinkDefinition {
  /** The new stream or table (`POSSIBLE_FRAUD`). */
  readonly name: string;
  readonly kind: 'STREAM' | 'TABLE';
  readonly topic: string;
  /** `PARTITIONS` in the WITH clause, else the source's (null: the source topic's count at run time). */
  readonly partitions: number | null;
  readonly valueFormat: ValueFormat;
  /** Key columns then value columns, as DESCRIBE prints them. */
  readonly columns: readonly Column[];
  /** The window of a windowed table's key; its topic holds key + 8-byte window start. */
  readonly window: WindowSpec | null;
  readonly cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
}

interface QueryBase {
  /** `CSAS_<SINK>_<n>` or `CTAS_<SINK>_<n>`; n counts the script's persistent queries from 0. */
  readonly queryId: string;
  /** `_confluent-ksql-default_query_<queryId>`: the consumer group id and internal topic prefix. */
  readonly applicationId: string;
  /** The statement's text, as written. */
  readonly statementText: string;
  readonly position: SourcePosition;
  /** The stream or table read (its definition). */
  readonly source: SourceDefinition;
  /** WHERE, evaluated on the source row (after the join, if any). */
  readonly where: Expr | null;
  /** The SELECT list: output column name → expression (key columns first, as ksqlDB orders them). */
  readonly projection: readonly {
    readonly name: string;
    readonly expr: Expr;
    readonly key: boolean;
  }[];
  readonly sink: SinkDefinition;
  readonly topology: readonly SubTopology[];
  readonly internalTopics: readonly InternalTopic[];
}

/** CREATE STREAM … AS SELECT: projection, WHERE, PARTITION BY, and a stream–table join. */
export interface StreamQuery extends QueryBase {
  readonly kind: 'CSAS';
  /** PARTITION BY: the new key (a repartition of the output). */
  readonly partitionBy: Expr | null;
  /** `FROM s JOIN t ON s.col = t.key`: enrichment from a table, on the table's key. */
  readonly join: StreamTableJoin | null;
}

export interface StreamTableJoin {
  readonly type: 'INNER' | 'LEFT';
  readonly table: SourceDefinition;
  readonly streamAlias: string;
  readonly tableAlias: string;
  /** The stream's expression matched against the table's key; a repartition if not the stream's key. */
  readonly streamKey: Expr;
  readonly repartition: boolean;
}

/** CREATE TABLE … AS SELECT … GROUP BY: a (windowed) aggregation. */
export interface AggregateQuery extends QueryBase {
  readonly kind: 'CTAS';
  readonly groupBy: readonly Expr[];
  /** Whether the GROUP BY needs a repartition (§1.9: not exactly the source's single key column). */
  readonly repartition: boolean;
  readonly window: WindowSpec | null;
  readonly aggregates: readonly AggregateCall[];
  readonly having: Expr | null;
  readonly emit: 'CHANGES' | 'FINAL';
}

/** CREATE TABLE … AS SELECT without GROUP BY over a table (projection/filter of a table). */
export interface TableQuery extends QueryBase {
  readonly kind: 'CTAS_TABLE';
}

export type PersistentQuery = StreamQuery | AggregateQuery | TableQuery;

/**
 * Streams properties a script may SET, resolved to ksqlDB's defaults (streams-model.md §1.7).
 * Names are the property names users write; unknown ones are refused by the front end.
 */
export interface StreamsProperties {
  /** `auto.offset.reset`: ksqlDB's default is latest. */
  readonly autoOffsetReset: 'earliest' | 'latest';
  /** `cache.max.bytes.buffering` / `statestore.cache.max.bytes` (ksqlDB: 10,000,000). 0 turns caching off. */
  readonly cacheMaxBytes: number;
  /** `commit.interval.ms` (ksqlDB: 2000). */
  readonly commitIntervalMs: number;
  /** `num.standby.replicas` (0). */
  readonly numStandbyReplicas: number;
  /** `num.stream.threads` (ksqlDB: 4); kafkascope runs one thread per instance and says so. */
  readonly numStreamThreads: number;
}

/** A compiled script: its sources, its persistent queries in statement order, its properties. */
export interface StreamsProgram {
  readonly sources: readonly SourceDefinition[];
  readonly queries: readonly PersistentQuery[];
  readonly properties: StreamsProperties;
}

/** A problem with a statement, worded as ksqlDB words it, at its line and column. */
export interface StatementProblem {
  readonly message: string;
  readonly position: SourcePosition;
  /** ksqlDB's error, or kafkascope's own for syntax it does not model. */
  readonly origin: 'ksqldb' | 'kafkascope';
  /** The corrected statement where the message implies one (CREATE STREAM … GROUP BY → CREATE TABLE). */
  readonly fix: string | null;
}

export type CompileResult =
  | { readonly ok: true; readonly program: StreamsProgram }
  | { readonly ok: false; readonly problems: readonly StatementProblem[] };

/**
 * Source topics the program reads, as the front end needs them from the cluster: for each
 * topic, its partition count if it exists. The front end is pure; callers pass this in.
 */
export type TopicCatalog = Readonly<Record<string, { readonly partitions: number }>>;

// ---------------------------------------------------------------------------------------------
// TopologyTestDriver mode: what the conformance harness compares.

/** A record piped into a source topic. Keys and values are as the source's formats read them. */
export interface TestInputRecord {
  readonly topic: string;
  /** The record key: the key column's value (KAFKA format), or null. */
  readonly key: SqlValue;
  /** The value as written: a JSON object's text for JSON, the single value for KAFKA, `a,b` for DELIMITED; null is a tombstone. */
  readonly value: string | null;
  readonly timestampMs: number;
}

/** A record the driver read from an output topic. */
export interface TestOutputRecord {
  readonly topic: string;
  /** The key column's value (the base key for a windowed sink). */
  readonly key: SqlValue;
  /** A windowed sink's window (end = start + size for time windows; stored for session windows). */
  readonly window: { readonly startMs: number; readonly endMs: number } | null;
  /** As the sink's VALUE_FORMAT writes it; null for a tombstone. */
  readonly value: string | null;
  readonly timestampMs: number;
}

export interface TestDriverResult {
  /** Output records of every sink topic, in the order the driver read them. */
  readonly outputs: readonly TestOutputRecord[];
  /** Total `dropped-records` (late records per window, null keys at aggregates, negative timestamps). */
  readonly droppedRecords: number;
}

/*
 * The two entry points that meet at this contract (each module exports its own):
 *
 *   ./ksql/compile.ts        compileStatements(text: string, catalog: TopicCatalog): CompileResult
 *   ./processing/testDriver.ts
 *                            runTopologyTestDriver(program: StreamsProgram,
 *                                                  inputs: readonly TestInputRecord[]): TestDriverResult
 *
 * runTopologyTestDriver behaves as Kafka Streams' TopologyTestDriver does with the topology
 * ksqlDB builds for the program: one task 0_0, every topic one partition, a commit (cache
 * flush) after every input record, repartitioned records processed right after they are
 * produced, the windowed aggregation's emit interval 0, the program's cacheMaxBytes.
 */
