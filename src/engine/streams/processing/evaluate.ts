/**
 * Evaluating ksqlDB expressions on a row, with SQL's null rules and Java's arithmetic: a null
 * operand makes a null result (AND/OR use three-valued logic), INTEGER arithmetic wraps at 32
 * bits and BIGINT at 64 (kept exact up to 2^53 here), integer division truncates, and a
 * division or modulo by zero is null (ksqlDB's `ArithmeticBinaryExpression` code gen returns
 * null rather than throwing).
 */
import type { Expr, PseudoColumn, SqlType, SqlValue } from '../plan';

/** What an expression can read: the row's columns, pseudo-columns, group keys, aggregates. */
export interface EvalContext {
  readonly column: (name: string) => SqlValue;
  readonly pseudo: (name: PseudoColumn) => SqlValue;
  readonly groupKey: (index: number) => SqlValue;
  readonly aggregate: (index: number) => SqlValue;
}

/**
 * The SQL types an expression's leaves have, so arithmetic is integer or floating as in Java:
 * the source's columns, the query's aggregates (SUM of a DOUBLE is a DOUBLE) and group keys.
 */
export interface ExprTypes {
  readonly column: (name: string) => SqlType | undefined;
  readonly aggregate: (index: number) => SqlType;
  readonly groupKey: (index: number) => SqlType | 'NULL';
}

/** The static SQL type of `expr` (a null literal: 'NULL'). */
export function typeOfExpr(expr: Expr, types: ExprTypes): SqlType | 'NULL' {
  const recur = (e: Expr) => typeOfExpr(e, types);
  switch (expr.kind) {
    case 'column':
      return types.column(expr.name) ?? 'STRING';
    case 'pseudo':
      return expr.name === 'ROWPARTITION' ? 'INTEGER' : 'BIGINT';
    case 'literal':
      return expr.type;
    case 'not':
    case 'isNull':
      return 'BOOLEAN';
    case 'negate':
      return recur(expr.operand);
    case 'cast':
      return expr.type;
    case 'aggregate':
      return types.aggregate(expr.index);
    case 'groupKey':
      return types.groupKey(expr.index);
    case 'call':
      return callType(expr.fn, expr.args.map(recur));
    case 'binary':
      return binaryType(expr.op, recur(expr.left), recur(expr.right));
  }
}

function callType(fn: string, args: readonly (SqlType | 'NULL')[]): SqlType | 'NULL' {
  switch (fn) {
    case 'LEN':
      return 'INTEGER';
    case 'ABS':
      return args[0] ?? 'NULL';
    case 'COALESCE':
    case 'IFNULL':
      return widest(args);
    default:
      return 'STRING';
  }
}

const NUMERIC_RANK: Partial<Record<SqlType | 'NULL', number>> = {
  INTEGER: 1,
  BIGINT: 2,
  DOUBLE: 3,
};

function widest(types: readonly (SqlType | 'NULL')[]): SqlType | 'NULL' {
  let best: SqlType | 'NULL' = 'NULL';
  for (const t of types) {
    if (t === 'NULL') continue;
    if (best === 'NULL' || (NUMERIC_RANK[t] ?? 0) > (NUMERIC_RANK[best] ?? 0)) best = t;
  }
  return best;
}

function binaryType(
  op: Extract<Expr, { kind: 'binary' }>['op'],
  left: SqlType | 'NULL',
  right: SqlType | 'NULL',
): SqlType | 'NULL' {
  if (['+', '-', '*', '/', '%'].includes(op)) {
    if (op === '+' && (left === 'STRING' || right === 'STRING')) return 'STRING';
    return widest([left, right]);
  }
  return 'BOOLEAN';
}

/** Evaluates `expr`; `types` gives its leaves' types so arithmetic is integer or floating as in Java. */
export function evaluate(expr: Expr, ctx: EvalContext, types: ExprTypes): SqlValue {
  const recur = (e: Expr) => evaluate(e, ctx, types);
  switch (expr.kind) {
    case 'column':
      return ctx.column(expr.name);
    case 'pseudo':
      return ctx.pseudo(expr.name);
    case 'literal':
      return expr.value;
    case 'groupKey':
      return ctx.groupKey(expr.index);
    case 'aggregate':
      return ctx.aggregate(expr.index);
    case 'not': {
      const v = recur(expr.operand);
      return v === null ? null : !v;
    }
    case 'negate': {
      const v = recur(expr.operand);
      return typeof v === 'number' ? -v : null;
    }
    case 'isNull': {
      const isNull = recur(expr.operand) === null;
      return expr.negated ? !isNull : isNull;
    }
    case 'cast':
      return castTo(recur(expr.operand), expr.type);
    case 'call':
      return callFunction(expr.fn, expr.args.map(recur));
    case 'binary':
      return binary(expr, ctx, types);
  }
}

function binary(
  expr: Extract<Expr, { kind: 'binary' }>,
  ctx: EvalContext,
  types: ExprTypes,
): SqlValue {
  const { op } = expr;
  if (op === 'AND' || op === 'OR')
    return logical(op, evaluate(expr.left, ctx, types), () => evaluate(expr.right, ctx, types));
  const left = evaluate(expr.left, ctx, types);
  const right = evaluate(expr.right, ctx, types);
  if (left === null || right === null) return null;
  switch (op) {
    case '=':
      return compare(left, right) === 0;
    case '<>':
      return compare(left, right) !== 0;
    case '<':
      return compare(left, right) < 0;
    case '<=':
      return compare(left, right) <= 0;
    case '>':
      return compare(left, right) > 0;
    case '>=':
      return compare(left, right) >= 0;
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(op, left, right, typeOfExpr(expr, types));
  }
}

/** Three-valued AND/OR: false AND null is false, true OR null is true. */
function logical(op: 'AND' | 'OR', left: SqlValue, right: () => SqlValue): SqlValue {
  if (op === 'AND') {
    if (left === false) return false;
    const r = right();
    if (r === false) return false;
    return left === null || r === null ? null : true;
  }
  if (left === true) return true;
  const r = right();
  if (r === true) return true;
  return left === null || r === null ? null : false;
}

/** Orders two non-null values of comparable types (numbers, strings by UTF-16 units, booleans). */
export function compare(a: Exclude<SqlValue, null>, b: Exclude<SqlValue, null>): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function arithmetic(
  op: '+' | '-' | '*' | '/' | '%',
  a: Exclude<SqlValue, null>,
  b: Exclude<SqlValue, null>,
  type: SqlType | 'NULL',
): SqlValue {
  if (type === 'STRING') return String(a) + String(b);
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  const integral = type === 'INTEGER' || type === 'BIGINT';
  let result: number;
  switch (op) {
    case '+':
      result = a + b;
      break;
    case '-':
      result = a - b;
      break;
    case '*':
      result = type === 'INTEGER' ? Math.imul(a, b) : a * b;
      break;
    case '/':
      if (integral && b === 0) return null;
      result = integral ? Math.trunc(a / b) : a / b;
      break;
    case '%':
      if (integral && b === 0) return null;
      result = a % b;
  }
  return type === 'INTEGER' ? result | 0 : result;
}

function castTo(v: SqlValue, type: SqlType): SqlValue {
  if (v === null) return null;
  switch (type) {
    case 'STRING':
      return String(v);
    case 'BOOLEAN':
      return typeof v === 'string' ? v.toLowerCase() === 'true' : Boolean(v);
    case 'DOUBLE':
      return Number(v);
    case 'INTEGER':
    case 'BIGINT': {
      const n = Math.trunc(Number(v));
      if (Number.isNaN(n)) return null;
      return type === 'INTEGER' ? n | 0 : n;
    }
  }
}

function callFunction(fn: string, args: readonly SqlValue[]): SqlValue {
  switch (fn) {
    case 'UCASE':
      return args[0] === null ? null : String(args[0]).toUpperCase();
    case 'LCASE':
      return args[0] === null ? null : String(args[0]).toLowerCase();
    case 'LEN':
      return args[0] === null ? null : String(args[0]).length;
    case 'ABS':
      return typeof args[0] === 'number' ? Math.abs(args[0]) : null;
    case 'CONCAT':
      return args
        .filter((a) => a !== null)
        .map(String)
        .join('');
    case 'COALESCE':
    case 'IFNULL':
      return args.find((a) => a !== null) ?? null;
    default:
      throw new Error(`kafkascope has no implementation of the function ${fn}`);
  }
}
