/**
 * Resolves and type-checks expressions: an {@link AstExpr} as written becomes a plan
 * {@link Expr} over the query's input row, with its SQL type. Mirrors what ksqlDB's
 * `ExpressionTypeManager` and `ColumnReferenceValidator` check, for kafkascope's subset.
 */
import type {
  AggregateCall,
  AggregateFunction,
  BinaryOperator,
  Expr,
  PseudoColumn,
  SqlType,
} from '../plan';
import type { AstExpr } from './ast';
import { KsqlError, notSupported } from './errors';
import { formatExpr } from './format';

/** A type, or the type of a bare NULL literal (compatible with every type). */
export type ExprType = SqlType | 'NULL';

export interface Typed {
  readonly expr: Expr;
  readonly type: ExprType;
}

/** What a column reference resolves to in the query's input row. */
export type ColumnLookup =
  | { readonly kind: 'found'; readonly name: string; readonly type: SqlType }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[] }
  | { readonly kind: 'unknown' };

/** Where an expression is being resolved, and what it may contain there. */
export interface Scope {
  /** The clause, as ksqlDB names it in messages: SELECT, WHERE, GROUP BY, PARTITION BY, HAVING, JOIN ON. */
  readonly clause: string;
  readonly lookup: (qualifier: string | null, name: string) => ColumnLookup;
  /** WINDOWSTART / WINDOWEND are readable (the SELECT and HAVING of a windowed aggregation). */
  readonly windowBounds: boolean;
  /** Collects aggregate calls (SELECT / HAVING of an aggregation); null: aggregates refused here. */
  readonly aggregates: AggregateCollector | null;
  /** Grouping expressions (canonical form → index): a matching sub-expression reads the key. */
  readonly groupKeys: ReadonlyMap<string, number> | null;
  /** Resolving an aggregate's argument (window bounds are refused there). */
  readonly insideAggregate?: boolean;
}

/** The aggregate calls of one query, shared by its SELECT and HAVING (identical calls once). */
export class AggregateCollector {
  readonly calls: AggregateCall[] = [];
  private readonly byText = new Map<string, number>();

  add(text: string, call: AggregateCall): number {
    const existing = this.byText.get(text);
    if (existing !== undefined) return existing;
    this.calls.push(call);
    this.byText.set(text, this.calls.length - 1);
    return this.calls.length - 1;
  }
}

const AGGREGATES: ReadonlySet<string> = new Set<AggregateFunction>([
  'COUNT',
  'SUM',
  'MIN',
  'MAX',
  'AVG',
  'LATEST_BY_OFFSET',
]);
const PSEUDO: ReadonlySet<string> = new Set<PseudoColumn>([
  'ROWTIME',
  'WINDOWSTART',
  'WINDOWEND',
  'ROWPARTITION',
  'ROWOFFSET',
]);
const PSEUDO_TYPES: Readonly<Record<PseudoColumn, SqlType>> = {
  ROWTIME: 'BIGINT',
  WINDOWSTART: 'BIGINT',
  WINDOWEND: 'BIGINT',
  ROWPARTITION: 'INTEGER',
  ROWOFFSET: 'BIGINT',
};

/** Is this the name of one of the aggregate functions (of any function ksqlDB treats as one)? */
export function isAggregateName(name: string): boolean {
  return (
    AGGREGATES.has(name) ||
    [
      'COLLECT_LIST',
      'COLLECT_SET',
      'TOPK',
      'TOPKDISTINCT',
      'HISTOGRAM',
      'EARLIEST_BY_OFFSET',
      'STDDEV_SAMP',
      'COUNT_DISTINCT',
      'CORRELATION',
      'ATTR',
    ].includes(name)
  );
}

/** Does the expression contain an aggregate call? */
export function containsAggregate(e: AstExpr): AstExpr | null {
  switch (e.kind) {
    case 'call':
      if (isAggregateName(e.name)) return e;
      return firstNonNull(e.args.map(containsAggregate));
    case 'binary':
      return containsAggregate(e.left) ?? containsAggregate(e.right);
    case 'not':
    case 'negate':
    case 'isNull':
    case 'cast':
      return containsAggregate(e.operand);
    case 'column':
    case 'literal':
      return null;
  }
}

function firstNonNull<T>(items: readonly (T | null)[]): T | null {
  for (const item of items) if (item !== null) return item;
  return null;
}

/** A stable text for structural comparison of resolved expressions. */
export function canonical(e: Expr): string {
  return JSON.stringify(e);
}

function isNumeric(t: ExprType): boolean {
  return t === 'INTEGER' || t === 'BIGINT' || t === 'DOUBLE';
}

/** The wider of two numeric types (ksqlDB widens INTEGER → BIGINT → DOUBLE in arithmetic). */
function widen(a: SqlType, b: SqlType): SqlType {
  const order: SqlType[] = ['INTEGER', 'BIGINT', 'DOUBLE'];
  return order[Math.max(order.indexOf(a), order.indexOf(b))];
}

const COMPARISON_NAMES: Readonly<Record<string, string>> = {
  '=': 'EQUAL',
  '<>': 'NOT_EQUAL',
  '<': 'LESS_THAN',
  '<=': 'LESS_THAN_OR_EQUAL',
  '>': 'GREATER_THAN',
  '>=': 'GREATER_THAN_OR_EQUAL',
};

/** Resolves an expression in a scope; throws a {@link KsqlError} at the offending node. */
export function resolve(e: AstExpr, scope: Scope): Typed {
  const typed = resolveNode(e, scope);
  if (scope.groupKeys !== null) {
    const index = scope.groupKeys.get(canonical(typed.expr));
    if (index !== undefined) return { expr: { kind: 'groupKey', index }, type: typed.type };
  }
  return typed;
}

function resolveNode(e: AstExpr, scope: Scope): Typed {
  switch (e.kind) {
    case 'literal':
      return { expr: { kind: 'literal', value: e.value, type: e.type }, type: e.type };
    case 'column':
      return resolveColumn(e, scope);
    case 'not': {
      const operand = resolve(e.operand, scope);
      requireBoolean(operand.type, e, scope);
      return { expr: { kind: 'not', operand: operand.expr }, type: 'BOOLEAN' };
    }
    case 'negate': {
      const operand = resolve(e.operand, scope);
      if (!isNumeric(operand.type) && operand.type !== 'NULL') {
        throw new KsqlError(
          `Error processing expression: ${formatExpr(e)}. Unsupported arithmetic types. ${operand.type}`,
          e.position,
        );
      }
      return { expr: { kind: 'negate', operand: operand.expr }, type: operand.type };
    }
    case 'isNull': {
      const operand = resolve(e.operand, scope);
      return {
        expr: { kind: 'isNull', operand: operand.expr, negated: e.negated },
        type: 'BOOLEAN',
      };
    }
    case 'binary':
      return resolveBinary(e, scope);
    case 'cast':
      return resolveCast(e, scope);
    case 'call':
      return isAggregateName(e.name) ? resolveAggregate(e, scope) : resolveScalarCall(e, scope);
  }
}

function resolveColumn(e: AstExpr & { kind: 'column' }, scope: Scope): Typed {
  const lookup = scope.lookup(e.qualifier, e.name);
  if (lookup.kind === 'found')
    return { expr: { kind: 'column', name: lookup.name }, type: lookup.type };
  if (lookup.kind === 'ambiguous') {
    // `KSQL ColumnReferenceValidator`: "Column 'X' is ambiguous. Could be any of: A.X, B.X".
    throw new KsqlError(
      `Column '${e.name}' is ambiguous. Could be any of: ${lookup.candidates.join(', ')}`,
      e.position,
    );
  }
  if (PSEUDO.has(e.name)) {
    const name = e.name as PseudoColumn;
    if (name === 'WINDOWSTART' || name === 'WINDOWEND') {
      if (!scope.windowBounds) {
        // `KSQL AggregateAnalyzer` refuses bounds inside aggregates and in GROUP BY; elsewhere
        // they are simply not columns of the input (QTT window-bounds.json).
        if (
          scope.insideAggregate === true ||
          scope.clause === 'GROUP BY' ||
          scope.clause === 'HAVING'
        ) {
          throw new KsqlError(
            `Window bounds column ${name} can only be used in the SELECT clause of windowed aggregations`,
            e.position,
          );
        }
        if (scope.clause === 'WHERE') {
          throw new KsqlError(`Error in WHERE expression: Unknown column ${name}.`, e.position);
        }
        throw new KsqlError(
          `${scope.clause} column '${formatExpr(e)}' cannot be resolved.`,
          e.position,
        );
      }
    }
    return { expr: { kind: 'pseudo', name }, type: PSEUDO_TYPES[name] };
  }
  // `KSQL UnknownColumnException`: "<clause> column 'X' cannot be resolved."
  throw new KsqlError(`${scope.clause} column '${formatExpr(e)}' cannot be resolved.`, e.position);
}

function requireBoolean(type: ExprType, e: AstExpr, _scope: Scope): void {
  if (type !== 'BOOLEAN' && type !== 'NULL') {
    throw new KsqlError(
      `Logical expression ${formatExpr(e)} expects boolean operands but got ${type}.`,
      e.position,
    );
  }
}

function resolveBinary(e: AstExpr & { kind: 'binary' }, scope: Scope): Typed {
  const left = resolve(e.left, scope);
  const right = resolve(e.right, scope);
  const expr: Expr = {
    kind: 'binary',
    op: e.op as BinaryOperator,
    left: left.expr,
    right: right.expr,
  };
  if (e.op === 'AND' || e.op === 'OR') {
    if (
      (left.type !== 'BOOLEAN' && left.type !== 'NULL') ||
      (right.type !== 'BOOLEAN' && right.type !== 'NULL')
    ) {
      // Approximates ksqlDB's `ExpressionTypeManager#visitLogicalBinaryExpression` check.
      throw new KsqlError(
        `Logical binary expects two boolean values.  Actual ${left.type} and ${right.type}`,
        e.position,
      );
    }
    return { expr, type: 'BOOLEAN' };
  }
  if (e.op in COMPARISON_NAMES) {
    const comparable =
      left.type === 'NULL' ||
      right.type === 'NULL' ||
      (isNumeric(left.type) && isNumeric(right.type)) ||
      (left.type === right.type && (left.type !== 'BOOLEAN' || e.op === '=' || e.op === '<>'));
    if (!comparable) {
      // `KSQL ComparisonUtil.isValidComparison` → "Cannot compare X (T) to Y (T) with OP."
      throw new KsqlError(
        `Cannot compare ${formatExpr(e.left)} (${left.type}) to ${formatExpr(e.right)} (${right.type}) with ${COMPARISON_NAMES[e.op]}.`,
        e.position,
      );
    }
    return { expr, type: 'BOOLEAN' };
  }
  // Arithmetic: numbers widen; `+` also concatenates strings (ksqlDB's `ArithmeticBinary`).
  if (left.type === 'NULL' || right.type === 'NULL') {
    return { expr, type: left.type === 'NULL' ? right.type : left.type };
  }
  if (isNumeric(left.type) && isNumeric(right.type)) {
    return { expr, type: widen(left.type as SqlType, right.type as SqlType) };
  }
  if (e.op === '+' && left.type === 'STRING' && right.type === 'STRING')
    return { expr, type: 'STRING' };
  throw new KsqlError(
    `Error processing expression: ${formatExpr(e)}. Unsupported arithmetic types. ${left.type} ${right.type}`,
    e.position,
  );
}

function resolveCast(e: AstExpr & { kind: 'cast' }, scope: Scope): Typed {
  const operand = resolve(e.operand, scope);
  const from = operand.type;
  const ok =
    from === 'NULL' ||
    from === e.type ||
    e.type === 'STRING' ||
    from === 'STRING' ||
    (isNumeric(from) && isNumeric(e.type));
  if (!ok) throw new KsqlError(`Cast of ${from} to ${e.type} is not supported`, e.position);
  return { expr: { kind: 'cast', operand: operand.expr, type: e.type }, type: e.type };
}

/** The scalar functions of the subset, with their parameter checks and result types. */
const SCALARS: Readonly<Record<string, (types: readonly ExprType[]) => ExprType | null>> = {
  UCASE: (t) => (t.length === 1 && isStringish(t[0]) ? 'STRING' : null),
  LCASE: (t) => (t.length === 1 && isStringish(t[0]) ? 'STRING' : null),
  LEN: (t) => (t.length === 1 && isStringish(t[0]) ? 'INTEGER' : null),
  ABS: (t) => (t.length === 1 && (isNumeric(t[0]) || t[0] === 'NULL') ? t[0] : null),
  CONCAT: (t) => (t.length >= 1 && t.every(isStringish) ? 'STRING' : null),
  COALESCE: (t) => commonType(t),
  IFNULL: (t) => (t.length === 2 ? commonType(t) : null),
};

function isStringish(t: ExprType): boolean {
  return t === 'STRING' || t === 'NULL';
}

/** COALESCE / IFNULL: all arguments of one type (numbers widen), NULLs aside. */
function commonType(types: readonly ExprType[]): ExprType | null {
  if (types.length === 0) return null;
  let result: ExprType = 'NULL';
  for (const t of types) {
    if (t === 'NULL') continue;
    if (result === 'NULL') result = t;
    else if (isNumeric(result) && isNumeric(t)) result = widen(result as SqlType, t as SqlType);
    else if (result !== t) return null;
  }
  return result;
}

function resolveScalarCall(e: AstExpr & { kind: 'call' }, scope: Scope): Typed {
  const signature = SCALARS[e.name];
  if (signature === undefined) throw notSupported(`The function ${e.name}`, e.position);
  if (e.star)
    throw new KsqlError(`Function '${e.name}' does not accept parameters (*).`, e.position);
  const args = e.args.map((a) => resolve(a, scope));
  const type = signature(args.map((a) => a.type));
  if (type === null) {
    // `KSQL UdfIndex#getFunction`: "Function 'X' does not accept parameters (T1, T2)."
    throw new KsqlError(
      `Function '${e.name}' does not accept parameters (${args.map((a) => a.type).join(', ')}).`,
      e.position,
    );
  }
  return { expr: { kind: 'call', fn: e.name, args: args.map((a) => a.expr) }, type };
}

function resolveAggregate(e: AstExpr & { kind: 'call' }, scope: Scope): Typed {
  if (!AGGREGATES.has(e.name)) throw notSupported(`The aggregate function ${e.name}`, e.position);
  const collector = scope.aggregates;
  if (collector === null) {
    // ksqlDB resolves columns before it looks functions up (QTT window-bounds.json).
    for (const a of e.args) resolve(a, scope);
    if (scope.clause === 'GROUP BY') {
      // `KSQL AggregateAnalyzer`: "GROUP BY does not support aggregate functions: SUM is an aggregate function."
      throw new KsqlError(
        `GROUP BY does not support aggregate functions: ${e.name} is an aggregate function.`,
        e.position,
      );
    }
    // Outside SELECT/HAVING an aggregate is not a function ksqlDB's code generator can call: it
    // fails with the function registry's message (derived from `UdfIndex`; not run against ksqlDB).
    throw new KsqlError(`Can't find any functions with the name '${e.name}'`, e.position);
  }
  const nested = firstNonNull(e.args.map(containsAggregate));
  if (nested !== null && nested.kind === 'call') {
    throw new KsqlError(
      `Aggregate functions can not be nested: ${e.name}(${nested.name}())`,
      nested.position,
    );
  }
  if (e.star && e.name !== 'COUNT')
    throw new KsqlError(`Function '${e.name}' does not accept parameters (*).`, e.position);
  // Aggregate arguments are read from the input row, never from the group key.
  const argScope: Scope = {
    ...scope,
    aggregates: null,
    groupKeys: null,
    windowBounds: false,
    insideAggregate: true,
  };
  const args = e.args.map((a) => resolve(a, argScope));
  const fn = e.name as AggregateFunction;
  // COUNT() counts rows like COUNT(*) (QTT count.json "count").
  const countsRows = e.star || (fn === 'COUNT' && args.length === 0);
  if (args.length !== (countsRows ? 0 : 1)) {
    throw new KsqlError(
      `Function '${e.name}' does not accept parameters (${args.map((a) => a.type).join(', ')}).`,
      e.position,
    );
  }
  const argType = args.length === 1 ? args[0].type : null;
  const type = aggregateType(fn, argType);
  if (type === null) {
    throw new KsqlError(
      `Function '${e.name}' does not accept parameters (${argType ?? ''}).`,
      e.position,
    );
  }
  const index = collector.add(formatExpr(e), {
    fn,
    arg: args.length === 1 ? args[0].expr : null,
    type,
  });
  return { expr: { kind: 'aggregate', index }, type };
}

/** Result types as ksqlDB's UDAFs declare them (`CountKudaf`, `SumKudaf`, `AverageUdaf`, …). */
function aggregateType(fn: AggregateFunction, arg: ExprType | null): SqlType | null {
  switch (fn) {
    case 'COUNT':
      return 'BIGINT';
    case 'SUM':
      return arg !== null && isNumeric(arg) ? (arg as SqlType) : null;
    case 'AVG':
      return arg !== null && isNumeric(arg) ? 'DOUBLE' : null;
    case 'MIN':
    case 'MAX':
      return arg !== null && (isNumeric(arg) || arg === 'STRING') ? (arg as SqlType) : null;
    case 'LATEST_BY_OFFSET':
      return arg !== null && arg !== 'NULL' ? arg : null;
  }
}

/** Column references left outside aggregates (after grouping expressions were replaced). */
export function strayColumns(e: Expr): boolean {
  switch (e.kind) {
    case 'column':
      return true;
    case 'pseudo':
      return e.name !== 'WINDOWSTART' && e.name !== 'WINDOWEND';
    case 'not':
    case 'negate':
    case 'isNull':
    case 'cast':
      return strayColumns(e.operand);
    case 'binary':
      return strayColumns(e.left) || strayColumns(e.right);
    case 'call':
      return e.args.some(strayColumns);
    case 'aggregate':
    case 'groupKey':
    case 'literal':
      return false;
  }
}
