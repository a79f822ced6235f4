/**
 * Conformance cases: one description of a windowed ksqlDB aggregation, rendered twice — as the
 * statement text kafkascope compiles and as the structured spec the Java harness
 * (conformance/src/main/java/kafkascope/conformance/KsqlTopology.java) builds the same topology
 * from. Both come from {@link CaseDescription}, so they cannot disagree.
 *
 * The JSON shapes here are the vector file's format (conformance/vectors/streams-ttd.json); they
 * are structurally the same as src/engine/streams/plan.ts's TestInputRecord / TestOutputRecord,
 * restated because scripts/ may only import the engine through its index and tools.
 */

export type ColumnType = 'INTEGER' | 'BIGINT' | 'STRING';
export type WindowKind = 'TUMBLING' | 'HOPPING' | 'SESSION';
export type Emit = 'CHANGES' | 'FINAL';
export type AggregateFn = 'COUNT' | 'SUM' | 'MIN' | 'MAX';
export type Comparison = '>' | '>=' | '<' | '<=' | '=' | '<>';
export type TimeUnit = 'MILLISECONDS' | 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';

/** A duration as the statement writes it (`5 MINUTES`). */
export interface Duration {
  readonly n: number;
  readonly unit: TimeUnit;
}

const UNIT_MS: Record<TimeUnit, number> = {
  MILLISECONDS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

export const ms = (d: Duration): number => d.n * UNIT_MS[d.unit];

/** ksqlDB's `StreamAggregateBuilder.DEFAULT_24_HR_GRACE_PERIOD`. */
export const DAY_MS = 86_400_000;

/** ksqlDB's record-cache default (`cache.max.bytes.buffering`, KsqlConstants). */
export const KSQL_DEFAULT_CACHE = 10_000_000;

export interface CaseDescription {
  /** The source stream (also its topic name). */
  readonly source: string;
  /** The sink table; its topic is the upper-cased name. */
  readonly sink: string;
  readonly keyColumn: string;
  readonly valueColumns: readonly { readonly name: string; readonly type: ColumnType }[];
  /** The key column (no repartition) or a value column (filter, rekey, repartition). */
  readonly groupBy: string;
  readonly window:
    | {
        readonly kind: 'TUMBLING';
        readonly size: Duration;
        readonly grace: Duration | null;
        readonly retention: Duration | null;
      }
    | {
        readonly kind: 'HOPPING';
        readonly size: Duration;
        readonly advance: Duration;
        readonly grace: Duration | null;
        readonly retention: Duration | null;
      }
    | {
        readonly kind: 'SESSION';
        readonly gap: Duration;
        readonly grace: Duration | null;
        readonly retention: Duration | null;
      };
  /** Aggregates in the SELECT list, after the grouping column; `arg` null is `COUNT(*)`. */
  readonly select: readonly {
    readonly fn: AggregateFn;
    readonly arg: string | null;
    readonly alias: string | null;
  }[];
  /** HAVING `<aggregate> <op> <literal>`; the aggregate need not be selected. */
  readonly having: {
    readonly fn: AggregateFn;
    readonly arg: string | null;
    readonly op: Comparison;
    readonly literal: number;
  } | null;
  readonly emit: Emit;
  /** 0 renders `SET 'cache.max.bytes.buffering'='0';`; ksqlDB's default needs no SET. */
  readonly cacheMaxBytes: number;
}

/** A record piped into the source topic (plan.ts TestInputRecord, string keys). */
export interface InputRecord {
  readonly topic: string;
  readonly key: string | null;
  /** JSON object text, or null for a tombstone. */
  readonly value: string | null;
  readonly timestampMs: number;
}

/** A record read from the sink topic (plan.ts TestOutputRecord). */
export interface OutputRecord {
  readonly topic: string;
  readonly key: string | number | boolean | null;
  readonly window: { readonly startMs: number; readonly endMs: number } | null;
  readonly value: string | null;
  readonly timestampMs: number;
}

export interface Expected {
  readonly outputs: readonly OutputRecord[];
  readonly droppedRecords: number;
}

/** The structured spec the Java harness reads (conformance/.../Spec.java). */
export interface HarnessSpec {
  readonly sourceTopic: string;
  readonly sinkTopic: string;
  readonly keyColumn: string;
  readonly valueColumns: readonly { readonly name: string; readonly type: ColumnType }[];
  readonly groupBy: string;
  readonly window: {
    readonly kind: WindowKind;
    readonly sizeMs?: number;
    readonly advanceMs?: number;
    readonly gapMs?: number;
    readonly graceMs: number;
    readonly retentionMs: number | null;
  };
  readonly aggregates: readonly {
    readonly fn: AggregateFn;
    readonly arg: string | null;
    readonly type: ColumnType;
  }[];
  readonly projection: readonly { readonly name: string; readonly aggregate: number }[];
  readonly having: {
    readonly aggregate: number;
    readonly op: Comparison;
    readonly literal: number;
  } | null;
  readonly emit: Emit;
  readonly cacheMaxBytes: number;
  /** 'suppress': Kafka Streams DSL aggregate + suppress(untilWindowCloses) instead of ksqlDB's. */
  readonly variant?: 'ksql' | 'suppress';
}

export interface ConformanceCase {
  readonly id: string;
  /** What the case exercises, for people reading a failure. */
  readonly description: string;
  /** The ksqlDB script kafkascope compiles. */
  readonly statements: string;
  /** The topics the script reads, as compileStatements takes them. */
  readonly catalog: Readonly<Record<string, { readonly partitions: number }>>;
  readonly cacheMaxBytes: number;
  readonly spec: HarnessSpec;
  readonly inputs: readonly InputRecord[];
  /**
   * false for cases kafkascope cannot express (a plain Kafka Streams DSL topology kept for the
   * record): the harness runs them, the kafkascope comparison skips them.
   */
  readonly compare?: boolean;
  /**
   * What someone else says Kafka emits for this case (ksqlDB's QTT expectations, or the model
   * doc's derived claims): `npm run conformance -- --self-check` compares the harness with it.
   */
  readonly reference?: {
    readonly source: string;
    readonly outputs: readonly OutputRecord[];
    readonly droppedRecords?: number;
  };
}

export interface VectorCase extends ConformanceCase {
  /** What Kafka Streams' TopologyTestDriver produced. */
  readonly expected: Expected;
}

export interface VectorFile {
  readonly format: 'kafkascope-streams-ttd/1';
  readonly kafkaVersion: string;
  readonly generated: { readonly seed: number; readonly cases: number };
  readonly cases: readonly VectorCase[];
}

// ---------------------------------------------------------------------------------------------

const upper = (s: string): string => s.toUpperCase();

function durationText(d: Duration): string {
  return `${d.n} ${d.unit}`;
}

function callText(fn: AggregateFn, arg: string | null): string {
  return `${fn}(${arg ?? '*'})`;
}

function columnType(desc: CaseDescription, column: string): ColumnType {
  if (upper(column) === upper(desc.keyColumn)) return 'STRING';
  const c = desc.valueColumns.find((v) => upper(v.name) === upper(column));
  if (c === undefined) throw new Error(`unknown column ${column}`);
  return c.type;
}

/** COUNT is BIGINT; SUM, MIN and MAX have their argument's type (ksqlDB's UDAF signatures). */
function aggregateType(desc: CaseDescription, fn: AggregateFn, arg: string | null): ColumnType {
  if (fn === 'COUNT') return 'BIGINT';
  if (arg === null) throw new Error(`${fn}(*) is not an aggregate`);
  return columnType(desc, arg);
}

/**
 * The grace Kafka Streams is given. Without a GRACE PERIOD clause: 0 for EMIT FINAL — ksqlDB's
 * analyzer rewrites the window with a zero grace (RewrittenAnalysis#getWindowExpression,
 * `zeroGracePeriod`; QTT suppress.json "should emit at window end if no grace period given"
 * pins it) — and `max(24h − size, 0)` for EMIT CHANGES (StreamAggregateBuilder#defaultGrace).
 */
export function resolvedGraceMs(desc: CaseDescription): number {
  const w = desc.window;
  if (w.grace !== null) return ms(w.grace);
  if (desc.emit === 'FINAL') return 0;
  const size = w.kind === 'SESSION' ? ms(w.gap) : ms(w.size);
  return Math.max(DAY_MS - size, 0);
}

export function renderStatements(desc: CaseDescription): string {
  const columns = [
    `${desc.keyColumn} STRING KEY`,
    ...desc.valueColumns.map((c) => `${c.name} ${c.type === 'INTEGER' ? 'INT' : c.type}`),
  ].join(', ');
  const lines: string[] = [
    `CREATE STREAM ${desc.source} (${columns}) WITH (KAFKA_TOPIC='${desc.source}', VALUE_FORMAT='JSON', PARTITIONS=1);`,
  ];
  if (desc.cacheMaxBytes !== KSQL_DEFAULT_CACHE) {
    lines.push(`SET 'cache.max.bytes.buffering'='${desc.cacheMaxBytes}';`);
  }
  const w = desc.window;
  const clauses: string[] = [];
  if (w.kind === 'SESSION') clauses.push(durationText(w.gap));
  else clauses.push(`SIZE ${durationText(w.size)}`);
  if (w.kind === 'HOPPING') clauses.push(`ADVANCE BY ${durationText(w.advance)}`);
  if (w.retention !== null) clauses.push(`RETENTION ${durationText(w.retention)}`);
  if (w.grace !== null) clauses.push(`GRACE PERIOD ${durationText(w.grace)}`);
  const select = [
    desc.groupBy,
    ...desc.select.map((a) => callText(a.fn, a.arg) + (a.alias === null ? '' : ` AS ${a.alias}`)),
  ].join(', ');
  const having =
    desc.having === null
      ? ''
      : ` HAVING ${callText(desc.having.fn, desc.having.arg)} ${desc.having.op} ${desc.having.literal}`;
  lines.push(
    `CREATE TABLE ${desc.sink} AS SELECT ${select} FROM ${desc.source}` +
      ` WINDOW ${w.kind} (${clauses.join(', ')}) GROUP BY ${desc.groupBy}${having} EMIT ${desc.emit};`,
  );
  return lines.join('\n');
}

export function renderSpec(
  desc: CaseDescription,
  variant: 'ksql' | 'suppress' = 'ksql',
): HarnessSpec {
  const w = desc.window;
  const aggregates: { fn: AggregateFn; arg: string | null; type: ColumnType }[] = [];
  const indexOf = (fn: AggregateFn, arg: string | null): number => {
    const a = arg === null ? null : upper(arg);
    const i = aggregates.findIndex((x) => x.fn === fn && x.arg === a);
    if (i >= 0) return i;
    aggregates.push({ fn, arg: a, type: aggregateType(desc, fn, arg) });
    return aggregates.length - 1;
  };
  // Unaliased expressions are named KSQL_COL_0, KSQL_COL_1, … in SELECT order; aliased ones do
  // not use a number (ksqlDB AstSanitizer + ColumnNames#columnAliasGenerator).
  let generated = 0;
  const projection = desc.select.map((a) => ({
    name: a.alias === null ? `KSQL_COL_${generated++}` : upper(a.alias),
    aggregate: indexOf(a.fn, a.arg),
  }));
  const having =
    desc.having === null
      ? null
      : {
          aggregate: indexOf(desc.having.fn, desc.having.arg),
          op: desc.having.op,
          literal: desc.having.literal,
        };
  return {
    sourceTopic: desc.source,
    sinkTopic: upper(desc.sink),
    keyColumn: upper(desc.keyColumn),
    valueColumns: desc.valueColumns.map((c) => ({ name: upper(c.name), type: c.type })),
    groupBy: upper(desc.groupBy),
    window: {
      kind: w.kind,
      ...(w.kind === 'SESSION' ? { gapMs: ms(w.gap) } : { sizeMs: ms(w.size) }),
      ...(w.kind === 'HOPPING' ? { advanceMs: ms(w.advance) } : {}),
      graceMs: resolvedGraceMs(desc),
      retentionMs: w.retention === null ? null : ms(w.retention),
    },
    aggregates,
    projection,
    having,
    emit: desc.emit,
    cacheMaxBytes: desc.cacheMaxBytes,
    ...(variant === 'suppress' ? { variant } : {}),
  };
}

export function makeCase(
  id: string,
  description: string,
  desc: CaseDescription,
  inputs: readonly InputRecord[],
  variant: 'ksql' | 'suppress' = 'ksql',
): ConformanceCase {
  return {
    id,
    description,
    statements: renderStatements(desc),
    catalog: { [desc.source]: { partitions: 1 } },
    cacheMaxBytes: desc.cacheMaxBytes,
    spec: renderSpec(desc, variant),
    inputs,
    ...(variant === 'suppress' ? { compare: false } : {}),
  };
}
