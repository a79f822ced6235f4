/**
 * `CREATE STREAM|TABLE … AS SELECT`: resolves the query against the known sources and builds
 * the persistent query of the plan. The checks and their order follow ksqlDB's `Analyzer`,
 * `AggregateAnalyzer`, `LogicalPlanner`, the plan nodes' `validateKeyPresent` and
 * `EngineExecutor#validateResultType`.
 */
import type {
  AggregateQuery,
  Column,
  Expr,
  InternalTopic,
  PersistentQuery,
  SinkDefinition,
  SourceDefinition,
  SourcePosition,
  SqlType,
  StreamQuery,
  StreamTableJoin,
  SubTopology,
  TableQuery,
  TopicCatalog,
  WindowSpec,
} from '../plan';
import type { AstExpr, AstQuery, AstRelation, AstStatement, AstWindow, SelectItem } from './ast';
import { KsqlError, notSupported } from './errors';
import {
  AggregateCollector,
  canonical,
  containsAggregate,
  resolve,
  strayColumns,
  type ColumnLookup,
  type ExprType,
  type Scope,
  type Typed,
} from './expressions';
import { formatExpr, joinAnd, joinOr, locationPrefix } from './format';
import {
  RESERVED_COLUMN_NAMES,
  checkKeyFormat,
  readPartitions,
  readValueFormat,
  readWith,
} from './sources';
import {
  AGGREGATE_STORE,
  GROUP_BY_REPARTITION,
  JOIN_REPARTITION,
  JOIN_TABLE_STORE,
  TABLE_SOURCE_STORE,
  aggregateTopology,
  changelog,
  joinTopology,
  repartitionTopic,
  streamTopology,
  tableTopology,
} from './topology';

type CreateAs = AstStatement & { kind: 'createAs' };

/** What the compiler knows when it reaches a CREATE … AS SELECT. */
export interface QueryContext {
  readonly sources: ReadonlyMap<string, SourceDefinition>;
  readonly catalog: TopicCatalog;
  /** How many persistent queries the script created before this one. */
  readonly queryIndex: number;
}

/** A compiled query and the source its sink declares for later statements. */
export interface CompiledQuery {
  readonly query: PersistentQuery;
  readonly sinkSource: SourceDefinition;
}

const DAY_MS = 86_400_000;

/** A source as the query sees it: its definition and its alias. */
interface Aliased {
  readonly def: SourceDefinition;
  readonly alias: string;
  readonly position: SourcePosition;
}

/** One output column of the SELECT. */
interface Projected {
  readonly name: string;
  readonly typed: Typed;
  readonly position: SourcePosition;
}

/** Compiles one `CREATE STREAM|TABLE … AS SELECT`. */
export function compileCreateAs(stmt: CreateAs, ctx: QueryContext): CompiledQuery {
  const q = stmt.query;
  const from = findSource(q.from, ctx.sources);
  const isAggregate = q.groupBy !== null || hasAggregate(q);
  if (!isAggregate) {
    if (q.window !== null) {
      throw new KsqlError(
        `${locationPrefix(q.window.position)}WINDOW clause requires a GROUP BY clause.`,
        q.window.position,
      );
    }
    if (q.having !== null && q.havingPosition !== null) {
      // ksqlDB's grammar accepts HAVING alone and its planner reads HAVING only in an
      // aggregation (`LogicalPlanner#buildPersistentLogicalPlan`), so the clause appears to be
      // dropped (derived from reading the planner, not run); kafkascope refuses it instead.
      throw new KsqlError('HAVING requires a GROUP BY clause.', q.havingPosition, 'kafkascope');
    }
  }
  if (isAggregate) return compileAggregate(stmt, ctx, from);
  if (q.join !== null) return compileJoin(stmt, ctx, from);
  if (from.def.kind === 'TABLE') return compileTableQuery(stmt, ctx, from);
  return compileStreamQuery(stmt, ctx, from);
}

function hasAggregate(q: AstQuery): boolean {
  const inSelect = q.select.some(
    (item) => item.kind === 'expr' && containsAggregate(item.expr) !== null,
  );
  return inSelect || (q.having !== null && containsAggregate(q.having) !== null);
}

function findSource(rel: AstRelation, sources: ReadonlyMap<string, SourceDefinition>): Aliased {
  const def = sources.get(rel.name);
  // `KSQL DataSourceExtractor`: "X does not exist."
  if (def === undefined) throw new KsqlError(`${rel.name} does not exist.`, rel.position);
  return { def, alias: rel.alias, position: rel.position };
}

/** Column lookup over one source: `col` or `alias.col` (or `source.col`). */
function singleLookup(from: Aliased): Scope['lookup'] {
  return (qualifier, name): ColumnLookup => {
    if (qualifier !== null && qualifier !== from.alias && qualifier !== from.def.name)
      return { kind: 'unknown' };
    const column = from.def.columns.find((c) => c.name === name);
    return column === undefined
      ? { kind: 'unknown' }
      : { kind: 'found', name: column.name, type: column.type };
  };
}

/** The joined row names every column `<ALIAS>_<COLUMN>` (ksqlDB's `PrependAliasLeft/Right`). */
export function joinedName(alias: string, column: string): string {
  return `${alias}_${column}`;
}

const JOIN_PSEUDO: Readonly<Record<string, SqlType>> = {
  ROWTIME: 'BIGINT',
  ROWPARTITION: 'INTEGER',
  ROWOFFSET: 'BIGINT',
};

function joinLookup(left: Aliased, right: Aliased): Scope['lookup'] {
  return (qualifier, name): ColumnLookup => {
    const sides = [left, right].filter(
      (s) => qualifier === null || qualifier === s.alias || qualifier === s.def.name,
    );
    if (qualifier !== null && sides.length === 1 && JOIN_PSEUDO[name] !== undefined) {
      // ksqlDB's joined schema carries each side's ROWTIME, ROWPARTITION and ROWOFFSET as
      // `<ALIAS>_ROWTIME` … columns (see PrependAliasLeft/Right in the join plans' schemas).
      return { kind: 'found', name: joinedName(sides[0].alias, name), type: JOIN_PSEUDO[name] };
    }
    const hits = sides.flatMap((s) =>
      s.def.columns.filter((c) => c.name === name).map((c) => ({ s, c })),
    );
    if (hits.length === 0) return { kind: 'unknown' };
    if (hits.length > 1)
      return { kind: 'ambiguous', candidates: hits.map((h) => `${h.s.alias}.${h.c.name}`) };
    return {
      kind: 'found',
      name: joinedName(hits[0].s.alias, hits[0].c.name),
      type: hits[0].c.type,
    };
  };
}

function scope(clause: string, lookup: Scope['lookup'], extra: Partial<Scope> = {}): Scope {
  return { clause, lookup, windowBounds: false, aggregates: null, groupKeys: null, ...extra };
}

/** WHERE / HAVING: a boolean, named in ksqlDB's words when not. */
function resolvePredicate(e: AstExpr, s: Scope): Expr {
  let typed: Typed;
  try {
    typed = resolve(e, s);
  } catch (error) {
    if (error instanceof KsqlError && error.message.startsWith('Cannot compare')) {
      throw new KsqlError(
        `Error in ${s.clause} expression: ${error.message}`,
        error.position,
        error.origin,
      );
    }
    throw error;
  }
  if (typed.type !== 'BOOLEAN') {
    throw new KsqlError(
      `Type error in ${s.clause} expression: Should evaluate to boolean but is ${formatExpr(e)} (${typed.type}) instead.`,
      e.position,
    );
  }
  return typed.expr;
}

/** The SQL type of an output column (a bare NULL is refused, as ksqlDB cannot type it). */
function columnType(t: ExprType, position: SourcePosition, name: string): SqlType {
  if (t === 'NULL')
    throw new KsqlError(
      `Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR). Column: ${name}`,
      position,
    );
  return t;
}

/**
 * Resolves the SELECT list. Names: the alias; else a column's own name (in a join, a
 * qualified `c.col` becomes `C_COL`, ksqlDB's `ColumnNames`); else `KSQL_COL_n`, numbered over
 * the unaliased expressions, skipping names the sources already use.
 */
function project(
  items: readonly SelectItem[],
  s: Scope,
  starColumns: (qualifier: string | null, position: SourcePosition) => Projected[],
  join: boolean,
  taken: ReadonlySet<string>,
): Projected[] {
  const out: Projected[] = [];
  let generated = 0;
  const nextGenerated = (): string => {
    for (;;) {
      const name = `KSQL_COL_${generated++}`;
      if (!taken.has(name)) return name;
    }
  };
  for (const item of items) {
    if (item.kind === 'star') {
      out.push(...starColumns(item.qualifier, item.position));
      continue;
    }
    const typed = resolve(item.expr, s);
    let name: string;
    if (item.alias !== null) {
      if (RESERVED_COLUMN_NAMES.has(item.alias)) {
        throw new KsqlError(
          `\`${item.alias}\` is a reserved column name. You cannot use it as an alias for a column.`,
          item.position,
        );
      }
      name = item.alias;
    } else if (item.expr.kind === 'column') {
      if (typed.expr.kind === 'pseudo') {
        throw new KsqlError(
          `Reserved column name in select: \`${item.expr.name}\`. Please remove or alias the column.`,
          item.position,
        );
      }
      name =
        join && item.expr.qualifier !== null
          ? joinedName(
              qualifierAlias(item.expr.qualifier, item.expr.name, typed.expr),
              item.expr.name,
            )
          : item.expr.name;
    } else {
      name = nextGenerated();
    }
    out.push({ name, typed, position: item.position });
  }
  const seen = new Set<string>();
  for (const p of out) {
    if (seen.has(p.name)) {
      // `KSQL LogicalSchema.Builder`: "Duplicate value columns found in schema: `X` TYPE".
      const type = p.typed.type === 'NULL' ? 'NULL' : p.typed.type;
      throw new KsqlError(
        `Duplicate value columns found in schema: \`${p.name}\` ${type}`,
        p.position,
      );
    }
    seen.add(p.name);
  }
  return out;
}

/** In a join, the alias a resolved `<ALIAS>_<COL>` column came from (the qualifier may be the source name). */
function qualifierAlias(qualifier: string, column: string, resolved: Expr): string {
  if (resolved.kind !== 'column') return qualifier;
  return resolved.name.slice(0, resolved.name.length - column.length - 1);
}

/** `Key missing from projection` (`KSQL PlanNode#throwKeysNotIncludedError`). */
function keyMissing(
  sink: string,
  type: string,
  keys: readonly string[],
  requireAll: boolean,
  position: SourcePosition,
): KsqlError {
  const plural = requireAll && keys.length > 1 ? 's' : '';
  const types = keys.length === 1 ? type : `${type}s`;
  const joined = requireAll ? joinAnd(keys) : joinOr(keys);
  const example = requireAll ? keys.join(', ') : keys[0];
  return new KsqlError(
    `Key${plural} missing from projection (ie, SELECT). \nThe query used to build \`${sink}\` must include the ${types} ${joined} in its projection (eg, SELECT ${example}...).`,
    position,
  );
}

/**
 * A key expression projected twice would be a key column and a value column of the same
 * value; ksqlDB refuses it (`KSQL FinalProjectNode`): "The projection contains a key column more
 * than once: `A` and `B`."
 */
function checkKeyOnce(
  projected: readonly Projected[],
  keyIndexes: readonly number[],
  isKeyExpr: (p: Projected) => boolean,
): void {
  for (const k of keyIndexes) {
    const again = projected.findIndex(
      (p, i) =>
        i !== k && isKeyExpr(p) && canonical(p.typed.expr) === canonical(projected[k].typed.expr),
    );
    if (again >= 0) {
      throw new KsqlError(
        `The projection contains a key column more than once: \`${projected[k].name}\` and \`${projected[again].name}\`.`,
        projected[again].position,
      );
    }
  }
}

/**
 * Aggregates without GROUP BY: ksqlDB first applies the aggregate rules with no grouping
 * (so a plain column is "not part of GROUP BY"), then refuses the statement
 * (`KSQL AggregateNode#validateKeyPresent`), listing the calls with COUNT(*) as COUNT(ROWTIME).
 */
function aggregateWithoutGroupBy(
  stmt: CreateAs,
  lookup: Scope['lookup'],
  windowed: boolean,
): KsqlError {
  const aggregates = new AggregateCollector();
  const s = scope('SELECT', lookup, { windowBounds: windowed, aggregates, groupKeys: new Map() });
  const strays: string[] = [];
  let first: SourcePosition | null = null;
  for (const item of stmt.query.select) {
    if (item.kind !== 'expr') continue;
    if (strayColumns(resolve(item.expr, s).expr)) {
      strays.push(formatExpr(item.expr));
      first ??= item.position;
    }
  }
  if (strays.length > 0 && first !== null) {
    return new KsqlError(
      `Non-aggregate SELECT expression(s) not part of GROUP BY: ${strays.join(', ')}\nEither add the column(s) to the GROUP BY or remove them from the SELECT.`,
      first,
    );
  }
  const calls = stmt.query.select.flatMap((i) => (i.kind === 'expr' ? aggregateCalls(i.expr) : []));
  return new KsqlError(
    `CREATE TABLE AS SELECT statement does not support aggregate function [${calls.join(', ')}] without a GROUP BY clause.`,
    stmt.position,
  );
}

/** The aggregate calls of an expression as ksqlDB prints them (COUNT(*) is COUNT(ROWTIME)). */
function aggregateCalls(e: AstExpr): string[] {
  switch (e.kind) {
    case 'call':
      if (containsAggregate(e) === e)
        return [
          e.star || (e.name === 'COUNT' && e.args.length === 0)
            ? `${e.name}(ROWTIME)`
            : formatExpr(e),
        ];
      return e.args.flatMap(aggregateCalls);
    case 'binary':
      return [...aggregateCalls(e.left), ...aggregateCalls(e.right)];
    case 'not':
    case 'negate':
    case 'isNull':
    case 'cast':
      return aggregateCalls(e.operand);
    case 'column':
    case 'literal':
      return [];
  }
}

/** Orders key columns first and builds the sink's columns (as DESCRIBE prints them). */
function finishProjection(projected: readonly Projected[], keyIndexes: readonly number[]) {
  const isKey = (i: number): boolean => keyIndexes.includes(i);
  const ordered = [
    ...keyIndexes.map((i) => ({ p: projected[i], key: true })),
    ...projected.map((p, i) => ({ p, key: false, i })).filter((x) => !isKey(x.i)),
  ];
  const projection = ordered.map(({ p, key }) => ({ name: p.name, expr: p.typed.expr, key }));
  const columns: Column[] = ordered.map(({ p, key }) => ({
    name: p.name,
    type: columnType(p.typed.type, p.position, p.name),
    key,
  }));
  if (!columns.some((c) => !c.key)) {
    throw new KsqlError(
      'The projection contains no value columns.',
      projected[0]?.position ?? { line: 1, column: 1 },
    );
  }
  return { projection, columns };
}

/** Sink settings from the WITH clause of a CREATE … AS SELECT. */
interface SinkSettings {
  readonly topic: string;
  readonly partitions: number | null;
  readonly valueFormat: SourceDefinition['valueFormat'];
}

function sinkSettings(stmt: CreateAs, source: SourceDefinition, ctx: QueryContext): SinkSettings {
  const props = readWith(stmt.properties, [
    'KAFKA_TOPIC',
    'PARTITIONS',
    'VALUE_FORMAT',
    'KEY_FORMAT',
    'REPLICAS',
    'TIMESTAMP',
  ]);
  const ts = props.get('TIMESTAMP');
  if (ts !== undefined)
    throw notSupported("TIMESTAMP in a CREATE … AS SELECT's WITH clause", ts.position);
  checkKeyFormat(props.get('KEY_FORMAT'));
  const topicProp = props.get('KAFKA_TOPIC');
  const formatProp = props.get('VALUE_FORMAT');
  return {
    // ksqlDB's sink topic is `ksql.output.topic.name.prefix` (empty) + the sink name.
    topic: topicProp !== undefined ? String(topicProp.value) : stmt.name,
    partitions: readPartitions(props.get('PARTITIONS')) ?? partitionsOf(source, ctx.catalog),
    valueFormat: formatProp !== undefined ? readValueFormat(formatProp) : source.valueFormat,
  };
}

/** A source's partition count when known: its PARTITIONS, or its topic's in the catalog. */
export function partitionsOf(source: SourceDefinition, catalog: TopicCatalog): number | null {
  return source.partitions ?? catalog[source.topic]?.partitions ?? null;
}

/** `EngineExecutor#validateResultType`, with kafkascope's one-click fix. */
function checkResultType(stmt: CreateAs, produces: 'STREAM' | 'TABLE'): void {
  const q = stmt.query;
  // `KSQL LogicalPlanner#buildPersistentLogicalPlan` checks EMIT FINAL after the analysis.
  if (q.emit === 'FINAL' && (q.groupBy === null || q.window === null) && q.emitPosition !== null) {
    throw new KsqlError('EMIT FINAL is only supported for windowed aggregations.', q.emitPosition);
  }
  if (stmt.sourceKind === produces) return;
  const fix = `${stmt.text.slice(0, stmt.kindWordStart)}${produces}${stmt.text.slice(stmt.kindWordEnd)}`;
  throw new KsqlError(
    `Invalid result type. Your SELECT query produces a ${produces}. Please use CREATE ${produces} AS SELECT statement instead.`,
    stmt.position,
    'ksqldb',
    fix,
  );
}

function checkSinkName(stmt: CreateAs, ctx: QueryContext): void {
  const clash = ctx.sources.get(stmt.name);
  if (clash !== undefined) {
    throw new KsqlError(
      `Cannot add ${stmt.sourceKind.toLowerCase()} '${stmt.name}': A ${clash.kind.toLowerCase()} with the same name already exists`,
      stmt.position,
    );
  }
}

function ids(stmt: CreateAs, ctx: QueryContext, kind: 'CSAS' | 'CTAS') {
  const queryId = `${kind}_${stmt.name}_${ctx.queryIndex}`;
  return { queryId, applicationId: `_confluent-ksql-default_query_${queryId}` };
}

function sinkSource(sink: SinkDefinition, position: SourcePosition): SourceDefinition {
  return {
    kind: sink.kind,
    name: sink.name,
    topic: sink.topic,
    columns: sink.columns,
    valueFormat: sink.valueFormat,
    partitions: sink.partitions,
    timestampColumn: null,
    window: sink.window,
    declaredBy: position,
  };
}

interface Common {
  readonly queryId: string;
  readonly applicationId: string;
  readonly statementText: string;
  readonly position: SourcePosition;
  readonly source: SourceDefinition;
  readonly where: Expr | null;
  readonly projection: readonly { name: string; expr: Expr; key: boolean }[];
  readonly sink: SinkDefinition;
  readonly topology: readonly SubTopology[];
  readonly internalTopics: readonly InternalTopic[];
}

function starOf(
  from: Aliased,
  joined: boolean,
): (qualifier: string | null, position: SourcePosition) => Projected[] {
  return (qualifier, position) => {
    if (qualifier !== null && qualifier !== from.alias && qualifier !== from.def.name) return [];
    return from.def.columns.map((c) => ({
      name: joined ? joinedName(from.alias, c.name) : c.name,
      typed: {
        expr: { kind: 'column', name: joined ? joinedName(from.alias, c.name) : c.name },
        type: c.type,
      },
      position,
    }));
  };
}

function checkStarQualifier(items: readonly SelectItem[], aliases: readonly Aliased[]): void {
  for (const item of items) {
    if (
      item.kind === 'star' &&
      item.qualifier !== null &&
      !aliases.some((a) => a.alias === item.qualifier || a.def.name === item.qualifier)
    ) {
      throw new KsqlError(`SELECT column '${item.qualifier}.*' cannot be resolved.`, item.position);
    }
  }
}

function checkWindowedSource(from: Aliased): void {
  if (from.def.window !== null) throw notSupported('Reading a windowed source', from.position);
}

// ---------------------------------------------------------------------------------------------
// CREATE STREAM … AS SELECT over one stream

function compileStreamQuery(stmt: CreateAs, ctx: QueryContext, from: Aliased): CompiledQuery {
  const q = stmt.query;
  checkWindowedSource(from);
  const lookup = singleLookup(from);
  checkStarQualifier(q.select, [from]);
  const where = q.where === null ? null : resolvePredicate(q.where, scope('WHERE', lookup));
  const partitionBy = q.partitionBy === null ? null : resolvePartitionBy(q.partitionBy, lookup);
  const taken = new Set(from.def.columns.map((c) => c.name));
  const onlyStar = q.select.length === 1 && q.select[0].kind === 'star';
  const projected =
    partitionBy !== null && q.partitionBy !== null && onlyStar
      ? starWithNewKey(from, partitionBy, q.partitionBy, q.select[0].position)
      : project(q.select, scope('SELECT', lookup), starOf(from, false), false, taken);
  let keyIndexes: number[];
  if (partitionBy !== null && q.partitionBy !== null) {
    const index = projected.findIndex(
      (p) => canonical(p.typed.expr) === canonical(partitionBy.expr),
    );
    if (index < 0) {
      throw keyMissing(
        stmt.name,
        'partitioning expression',
        [formatExpr(q.partitionBy, from.alias)],
        true,
        q.partitionBy.position,
      );
    }
    keyIndexes = [index];
  } else {
    keyIndexes = sourceKeyIndexes(stmt, from, projected);
  }
  checkStreamKeyOnce(
    projected,
    keyIndexes,
    q.partitionBy === null ? null : formatExpr(q.partitionBy),
  );
  const { projection, columns } = finishProjection(projected, keyIndexes);
  checkResultType(stmt, 'STREAM');
  checkSinkName(stmt, ctx);
  const settings = sinkSettings(stmt, from.def, ctx);
  const { queryId, applicationId } = ids(stmt, ctx, 'CSAS');
  const sink: SinkDefinition = {
    name: stmt.name,
    kind: 'STREAM',
    ...settings,
    columns,
    window: null,
    cleanupPolicy: 'delete',
  };
  const query: StreamQuery = {
    kind: 'CSAS',
    ...common(stmt, queryId, applicationId, from.def, where, projection, sink),
    topology: streamTopology({
      sourceTopic: from.def.topic,
      sinkTopic: sink.topic,
      where: where !== null,
      partitionBy: partitionBy !== null,
    }),
    internalTopics: [],
    partitionBy: partitionBy?.expr ?? null,
    join: null,
  };
  return { query, sinkSource: sinkSource(sink, stmt.position) };
}

function common(
  stmt: CreateAs,
  queryId: string,
  applicationId: string,
  source: SourceDefinition,
  where: Expr | null,
  projection: Common['projection'],
  sink: SinkDefinition,
): Omit<Common, 'topology' | 'internalTopics'> {
  return {
    queryId,
    applicationId,
    statementText: stmt.text,
    position: stmt.position,
    source,
    where,
    projection,
    sink,
  };
}

function resolvePartitionBy(e: AstExpr, lookup: Scope['lookup']): Typed {
  if (e.kind === 'literal' && e.value === null) throw notSupported('PARTITION BY NULL', e.position);
  try {
    return resolve(e, scope('PARTITION BY', lookup));
  } catch (error) {
    // `KSQL Analyzer`: PARTITION BY is applied on the input, so it names input columns only.
    if (
      error instanceof KsqlError &&
      error.message.startsWith('PARTITION BY column') &&
      e.kind === 'column'
    ) {
      throw new KsqlError(
        `PARTITION BY column '${e.name}' cannot be resolved. '${e.name}' must be a column in the source schema since PARTITION BY is applied on the input.`,
        e.position,
      );
    }
    throw error;
  }
}

/** A stream or table query without re-keying keeps the source's key: it must be projected. */
/**
 * `SELECT * … PARTITION BY x`: the new key first (a column keeps its name, an expression is
 * `KSQL_COL_0`), then the value columns without x, then the old key moved into the value
 * (QTT partition-by.json "single value column - select star", "expression - select star").
 */
function starWithNewKey(
  from: Aliased,
  partitionBy: Typed,
  ast: AstExpr,
  position: SourcePosition,
): Projected[] {
  const keyName =
    ast.kind === 'column' && partitionBy.expr.kind === 'column'
      ? partitionBy.expr.name
      : 'KSQL_COL_0';
  const rest = [
    ...from.def.columns.filter((c) => !c.key),
    ...from.def.columns.filter((c) => c.key),
  ].filter((c) => !(partitionBy.expr.kind === 'column' && partitionBy.expr.name === c.name));
  return [
    { name: keyName, typed: partitionBy, position },
    ...rest.map((c) => ({
      name: c.name,
      typed: { expr: { kind: 'column', name: c.name } as Expr, type: c.type },
      position,
    })),
  ];
}

/** `KSQL FinalProjectNode`: "The projection contains a key column (`X`) more than once, aliased as: X and Y." */
function checkStreamKeyOnce(
  projected: readonly Projected[],
  keyIndexes: readonly number[],
  partitionText: string | null,
): void {
  for (const k of keyIndexes) {
    const same = projected.filter(
      (p) => canonical(p.typed.expr) === canonical(projected[k].typed.expr),
    );
    if (same.length > 1) {
      const expr = projected[k].typed.expr;
      const keyText = partitionText ?? (expr.kind === 'column' ? expr.name : projected[k].name);
      throw new KsqlError(
        `The projection contains a key column (\`${keyText}\`) more than once, aliased as: ${joinAnd(same.map((p) => p.name))}.`,
        same[1].position,
      );
    }
  }
}

function sourceKeyIndexes(
  stmt: CreateAs,
  from: Aliased,
  projected: readonly Projected[],
): number[] {
  const keys = from.def.columns.filter((c) => c.key);
  const indexes: number[] = [];
  const missing: string[] = [];
  for (const key of keys) {
    const index = projected.findIndex(
      (p) => p.typed.expr.kind === 'column' && p.typed.expr.name === key.name,
    );
    if (index < 0) missing.push(key.name);
    else indexes.push(index);
  }
  if (missing.length > 0) {
    throw keyMissing(stmt.name, 'key column', missing, true, stmt.query.select[0].position);
  }
  return indexes;
}

// ---------------------------------------------------------------------------------------------
// CREATE TABLE … AS SELECT over one table, no GROUP BY (kind CTAS_TABLE)

function compileTableQuery(stmt: CreateAs, ctx: QueryContext, from: Aliased): CompiledQuery {
  const q = stmt.query;
  checkWindowedSource(from);
  if (q.partitionBy !== null) throw notSupported('PARTITION BY on a table', q.partitionBy.position);
  const lookup = singleLookup(from);
  checkStarQualifier(q.select, [from]);
  const where = q.where === null ? null : resolvePredicate(q.where, scope('WHERE', lookup));
  const taken = new Set(from.def.columns.map((c) => c.name));
  const projected = project(q.select, scope('SELECT', lookup), starOf(from, false), false, taken);
  const { projection, columns } = finishProjection(
    projected,
    sourceKeyIndexes(stmt, from, projected),
  );
  checkResultType(stmt, 'TABLE');
  checkSinkName(stmt, ctx);
  const settings = sinkSettings(stmt, from.def, ctx);
  const { queryId, applicationId } = ids(stmt, ctx, 'CTAS');
  const sink: SinkDefinition = {
    name: stmt.name,
    kind: 'TABLE',
    ...settings,
    columns,
    window: null,
    cleanupPolicy: 'compact',
  };
  const query: TableQuery = {
    kind: 'CTAS_TABLE',
    ...common(stmt, queryId, applicationId, from.def, where, projection, sink),
    topology: tableTopology({
      sourceTopic: from.def.topic,
      sinkTopic: sink.topic,
      where: where !== null,
    }),
    internalTopics: [
      changelog(applicationId, TABLE_SOURCE_STORE, false, partitionsOf(from.def, ctx.catalog)),
    ],
  };
  return { query, sinkSource: sinkSource(sink, stmt.position) };
}

// ---------------------------------------------------------------------------------------------
// CREATE STREAM … AS SELECT … FROM stream [LEFT] JOIN table ON …

function compileJoin(stmt: CreateAs, ctx: QueryContext, from: Aliased): CompiledQuery {
  const q = stmt.query;
  const join = q.join;
  if (join === null) throw new Error('compileJoin without a join');
  const right = findSource(join.table, ctx.sources);
  if (from.def.kind === 'TABLE')
    throw notSupported(
      right.def.kind === 'TABLE' ? 'A table–table join' : 'A table–stream join',
      join.position,
    );
  if (right.def.kind === 'STREAM') throw notSupported('A stream–stream join', join.position);
  checkWindowedSource(from);
  checkWindowedSource(right);
  if (right.alias === from.alias) {
    throw new KsqlError(
      `Can not join '${from.alias}' to '${right.alias}': self joins require unique aliases.`,
      join.table.position,
    );
  }
  if (q.partitionBy !== null)
    throw notSupported('PARTITION BY in a join query', q.partitionBy.position);
  const lookup = joinLookup(from, right);
  const { streamKey, streamKeyText, tableKeyText, tableKeyName } = joinCriteria(
    join.on,
    from,
    right,
    lookup,
  );
  checkStarQualifier(q.select, [from, right]);
  const where = q.where === null ? null : resolvePredicate(q.where, scope('WHERE', lookup));
  const taken = new Set(
    [...from.def.columns, ...right.def.columns].flatMap((c) => [
      c.name,
      joinedName(from.alias, c.name),
      joinedName(right.alias, c.name),
    ]),
  );
  const star = (qualifier: string | null, position: SourcePosition): Projected[] => [
    ...starOf(from, true)(qualifier, position),
    ...starOf(right, true)(qualifier, position),
  ];
  const projected = project(q.select, scope('SELECT', lookup), star, true, taken);
  const keyIndex = projected.findIndex(
    (p) =>
      canonical(p.typed.expr) === canonical(streamKey.expr) ||
      canonical(p.typed.expr) === canonical({ kind: 'column', name: tableKeyName }),
  );
  if (keyIndex < 0)
    throw keyMissing(
      stmt.name,
      'join expression',
      [streamKeyText, tableKeyText],
      false,
      q.select[0].position,
    );
  const { projection, columns } = finishProjection(projected, [keyIndex]);
  checkResultType(stmt, 'STREAM');
  checkSinkName(stmt, ctx);
  const streamKeyColumns = from.def.columns.filter((c) => c.key);
  // §1.9's rule applied to the join: no repartition only when the stream side is its single key column.
  const repartition = !(
    streamKeyColumns.length === 1 &&
    streamKey.expr.kind === 'column' &&
    streamKey.expr.name === joinedName(from.alias, streamKeyColumns[0].name)
  );
  const tablePartitions = partitionsOf(right.def, ctx.catalog);
  const streamPartitions = partitionsOf(from.def, ctx.catalog);
  if (
    !repartition &&
    tablePartitions !== null &&
    streamPartitions !== null &&
    tablePartitions !== streamPartitions
  ) {
    // `KSQL JoinNode`: both sides must be co-partitioned.
    throw new KsqlError(
      `Can't join \`${from.def.name}\` with \`${right.def.name}\` since the number of partitions don't match. \`${from.def.name}\` partitions = ${streamPartitions}; \`${right.def.name}\` partitions = ${tablePartitions}. Please repartition either one so that the number of partitions match.`,
      join.position,
    );
  }
  const settings = sinkSettings(stmt, from.def, ctx);
  const { queryId, applicationId } = ids(stmt, ctx, 'CSAS');
  const sink: SinkDefinition = {
    name: stmt.name,
    kind: 'STREAM',
    ...settings,
    columns,
    window: null,
    cleanupPolicy: 'delete',
  };
  const joinPlan: StreamTableJoin = {
    type: join.type,
    table: right.def,
    streamAlias: from.alias,
    tableAlias: right.alias,
    streamKey: streamKey.expr,
    repartition,
  };
  // A repartition topic co-partitioned with the table takes the table's count (AK `CopartitionedTopicsEnforcer`).
  const internalTopics = [
    ...(repartition ? [repartitionTopic(applicationId, JOIN_REPARTITION, tablePartitions)] : []),
    // The table side is materialized in KafkaTopic_Right-Reduce, with a changelog (QTT joins.json
    // lists `…query_CSAS_OUTPUT_0-KafkaTopic_Right-Reduce-changelog` among the topics).
    changelog(applicationId, JOIN_TABLE_STORE, false, tablePartitions),
  ];
  const query: StreamQuery = {
    kind: 'CSAS',
    ...common(stmt, queryId, applicationId, from.def, where, projection, sink),
    topology: joinTopology({
      applicationId,
      streamTopic: from.def.topic,
      tableTopic: right.def.topic,
      sinkTopic: sink.topic,
      repartition,
      where: where !== null,
    }),
    internalTopics,
    partitionBy: null,
    join: joinPlan,
  };
  return { query, sinkSource: sinkSource(sink, stmt.position) };
}

/** `ON s.x = t.key`: one side reads the stream, the other is the table's primary key. */
function joinCriteria(on: AstExpr, left: Aliased, right: Aliased, lookup: Scope['lookup']) {
  if (on.kind !== 'binary' || on.op !== '=') {
    throw notSupported('A join condition other than one equality', on.position);
  }
  const s = scope('JOIN ON', lookup);
  const a = resolve(on.left, s);
  const b = resolve(on.right, s);
  const tablePrefix = `${right.alias}_`;
  const streamPrefix = `${left.alias}_`;
  const reads = (t: Typed, prefix: string): boolean =>
    JSON.stringify(t.expr).includes(`"name":"${prefix}`);
  const [streamSide, tableSide, streamAst, tableAst] =
    reads(a, tablePrefix) && !reads(a, streamPrefix)
      ? [b, a, on.right, on.left]
      : [a, b, on.left, on.right];
  const tableKey = right.def.columns.find((c) => c.key);
  const tableKeyName = tableKey === undefined ? '' : joinedName(right.alias, tableKey.name);
  if (
    tableSide.expr.kind !== 'column' ||
    tableSide.expr.name !== tableKeyName ||
    reads(streamSide, tablePrefix)
  ) {
    throw new KsqlError(
      `Invalid join condition: stream-table joins require to join on the table's primary key. Got ${formatExpr(streamAst)} = ${formatExpr(tableAst)}.`,
      on.position,
    );
  }
  if (streamSide.type !== tableSide.type && streamSide.type !== 'NULL') {
    // Approximates ksqlDB's `JoinNode` type check (ksqlDB casts numeric keys in some versions).
    throw new KsqlError(
      `Invalid join condition: types don't match. Got ${formatExpr(streamAst)}{${streamSide.type}} = ${formatExpr(tableAst)}{${tableSide.type}}.`,
      on.position,
    );
  }
  return {
    streamKey: streamSide,
    streamKeyText: formatExpr(streamAst, left.alias),
    tableKeyText: formatExpr(tableAst, right.alias),
    tableKeyName,
  };
}

// ---------------------------------------------------------------------------------------------
// CREATE TABLE … AS SELECT … [WINDOW …] GROUP BY … [HAVING …]

/** Resolves a WINDOW clause with ksqlDB's defaults (streams-model.md §1.5, §1.6). */
export function resolveWindow(w: AstWindow, emitFinal = false): WindowSpec {
  const base = w.kind === 'SESSION' ? w.gapMs : w.sizeMs;
  if (base <= 0) {
    throw new KsqlError(
      w.kind === 'SESSION'
        ? 'Gap (inactivity gap) cannot be zero or negative.'
        : 'Window size must be larger than zero.',
      w.position,
    );
  }
  // No GRACE PERIOD: EMIT FINAL gets 0 (`KSQL RewrittenAnalysis#getWindowExpression` rewrites
  // the window with a zero grace; QTT "should emit at window end if no grace period given", and
  // the conformance harness, confirm it); EMIT CHANGES gets `StreamAggregateBuilder`'s
  // max(24 h − size, 0) (sessions: 24 h − gap).
  const graceMs = w.graceMs ?? (emitFinal ? 0 : Math.max(DAY_MS - base, 0));
  const retentionMs = w.retentionMs ?? base + graceMs;
  if (retentionMs < base + graceMs) {
    // Kafka Streams' check on the window store (`TimeWindowedKStreamImpl#materialize`,
    // `SessionWindowedKStreamImpl#materialize`); ksqlDB passes RETENTION through to it.
    const msg =
      w.kind === 'SESSION'
        ? `The retention period of the session store ${AGGREGATE_STORE} must be no smaller than the session inactivity gap plus the grace period. Got gap=[${base}], grace=[${graceMs}], retention=[${retentionMs}]`
        : `The retention period of the window store ${AGGREGATE_STORE} must be no smaller than its window size plus the grace period. Got size=[${base}], grace=[${graceMs}], retention=[${retentionMs}]`;
    throw new KsqlError(msg, w.position);
  }
  switch (w.kind) {
    case 'TUMBLING':
      return { kind: 'TUMBLING', sizeMs: w.sizeMs, graceMs, retentionMs };
    case 'HOPPING':
      if (w.advanceMs <= 0 || w.advanceMs > w.sizeMs) {
        // Kafka Streams' `TimeWindows#advanceBy`.
        throw new KsqlError(
          `Window advancement interval should be more than zero and less than window duration`,
          w.position,
        );
      }
      return { kind: 'HOPPING', sizeMs: w.sizeMs, advanceMs: w.advanceMs, graceMs, retentionMs };
    case 'SESSION':
      return { kind: 'SESSION', gapMs: w.gapMs, graceMs, retentionMs };
  }
}

function compileAggregate(stmt: CreateAs, ctx: QueryContext, from: Aliased): CompiledQuery {
  const q = stmt.query;
  if (q.join !== null) throw notSupported('An aggregation over a join', q.join.position);
  if (q.partitionBy !== null)
    throw notSupported('PARTITION BY with GROUP BY', q.partitionBy.position);
  checkWindowedSource(from);
  if (from.def.kind === 'TABLE') throw notSupported('An aggregation over a table', from.position);
  const star = q.select.find((i) => i.kind === 'star');
  if (star !== undefined) throw notSupported('SELECT * in an aggregation', star.position);
  const lookup = singleLookup(from);
  const window = q.window === null ? null : resolveWindow(q.window, q.emit === 'FINAL');
  const where = q.where === null ? null : resolvePredicate(q.where, scope('WHERE', lookup));
  if (q.groupBy === null) throw aggregateWithoutGroupBy(stmt, lookup, window !== null);
  if (from.def.valueFormat === 'KAFKA') {
    // `KSQL AggregateNode`: the KAFKA value format cannot hold the aggregate's intermediate row.
    throw new KsqlError(
      `Source(s) ${from.def.name} are using the 'KAFKA' value format. This format does not yet support GROUP BY.`,
      stmt.position,
    );
  }
  const astGroupBy = q.groupBy;
  const groupBy = astGroupBy.map((g) => resolve(g, scope('GROUP BY', lookup)));
  const groupKeys = new Map<string, number>();
  groupBy.forEach((g, i) => {
    if (groupKeys.has(canonical(g.expr))) {
      // `KSQL Analyzer#analyzeGroupBy`: the expression printed qualified by the source alias.
      throw new KsqlError(
        `Duplicate GROUP BY expression: ${formatExpr(astGroupBy[i], from.alias)}`,
        astGroupBy[i].position,
      );
    }
    groupKeys.set(canonical(g.expr), i);
  });
  const aggregates = new AggregateCollector();
  const selectScope = scope('SELECT', lookup, {
    windowBounds: window !== null,
    aggregates,
    groupKeys,
  });
  const taken = new Set(from.def.columns.map((c) => c.name));
  const projected = project(q.select, selectScope, () => [], false, taken);
  const having =
    q.having === null
      ? null
      : resolvePredicate(
          q.having,
          scope('HAVING', lookup, { windowBounds: false, aggregates, groupKeys }),
        );
  // `KSQL AggregateAnalyzer#enforceAggregateRules`: this order.
  if (aggregates.calls.length === 0) {
    throw new KsqlError(
      'GROUP BY requires aggregate functions in either the SELECT or HAVING clause.',
      q.groupByPosition ?? stmt.position,
    );
  }
  const strays = projected.filter((p) => strayColumns(p.typed.expr));
  if (strays.length > 0) {
    const texts = strays.map((p) => {
      const item = q.select.find((i) => i.position === p.position);
      return item !== undefined && item.kind === 'expr' ? formatExpr(item.expr) : p.name;
    });
    throw new KsqlError(
      `Non-aggregate SELECT expression(s) not part of GROUP BY: ${texts.join(', ')}\nEither add the column(s) to the GROUP BY or remove them from the SELECT.`,
      strays[0].position,
    );
  }
  if (having !== null && q.having !== null && strayColumns(having)) {
    throw new KsqlError(
      `Non-aggregate HAVING expression not part of GROUP BY: ${formatExpr(q.having)}\nConsider switching the HAVING clause to a WHERE clause before the GROUP BY.`,
      q.having.position,
    );
  }
  const keyIndexes: number[] = [];
  const missing: string[] = [];
  q.groupBy.forEach((g, i) => {
    const index = projected.findIndex(
      (p) => p.typed.expr.kind === 'groupKey' && p.typed.expr.index === i,
    );
    if (index < 0) missing.push(formatExpr(g));
    else keyIndexes.push(index);
  });
  if (missing.length > 0)
    throw keyMissing(stmt.name, 'grouping expression', missing, true, q.groupBy[0].position);
  checkKeyOnce(projected, keyIndexes, (p) => p.typed.expr.kind === 'groupKey');
  if (keyIndexes.length > 1) {
    // kafkascope's keys are KAFKA-serialized, and ksqlDB's KAFKA key format holds one column
    // (`KSQL KeySerdeFactory` via `FormatInfo`; QTT group-by.json "multiple expressions - KAFKA key format").
    const keys = keyIndexes
      .map(
        (i) =>
          `\`${projected[i].name}\` ${columnType(projected[i].typed.type, projected[i].position, projected[i].name)} KEY`,
      )
      .join(', ');
    throw new KsqlError(
      `Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=[${keys}], features=[]}\nreason: The 'KAFKA' format only supports a single field. Got: [${keys}]`,
      astGroupBy[1].position,
    );
  }
  const { projection, columns } = finishProjection(projected, keyIndexes);
  checkResultType(stmt, 'TABLE');
  checkSinkName(stmt, ctx);
  const keyColumns = from.def.columns.filter((c) => c.key);
  // §1.9 (`KSQL Repartitioning#repartitionNeeded`): groupByKey only for the single key column.
  const repartition = !(
    keyColumns.length === 1 &&
    groupBy.length === 1 &&
    groupBy[0].expr.kind === 'column' &&
    groupBy[0].expr.name === keyColumns[0].name
  );
  const settings = sinkSettings(stmt, from.def, ctx);
  const { queryId, applicationId } = ids(stmt, ctx, 'CTAS');
  const sourcePartitions = partitionsOf(from.def, ctx.catalog);
  const sink: SinkDefinition = {
    name: stmt.name,
    kind: 'TABLE',
    ...settings,
    columns,
    window,
    cleanupPolicy: window !== null ? 'compact,delete' : 'compact',
  };
  const internalTopics = [
    ...(repartition
      ? [repartitionTopic(applicationId, GROUP_BY_REPARTITION, sourcePartitions)]
      : []),
    changelog(applicationId, AGGREGATE_STORE, window !== null, sourcePartitions),
  ];
  const query: AggregateQuery = {
    kind: 'CTAS',
    ...common(stmt, queryId, applicationId, from.def, where, projection, sink),
    topology: aggregateTopology({
      applicationId,
      sourceTopic: from.def.topic,
      sinkTopic: sink.topic,
      repartition,
      windowed: window !== null,
      where: where !== null,
      having: having !== null,
    }),
    internalTopics,
    groupBy: groupBy.map((g) => g.expr),
    repartition,
    window,
    aggregates: aggregates.calls,
    having,
    emit: q.emit ?? 'CHANGES',
  };
  return { query, sinkSource: sinkSource(sink, stmt.position) };
}
