import type { SourcePosition } from '../plan';
import type { AstExpr } from './ast';

/**
 * Prints an expression as ksqlDB's `ExpressionFormatter` does in error messages: binary
 * operations in parentheses (`(A + 1)`), string literals quoted, `COUNT(*)`, `CAST(X AS INTEGER)`.
 * `qualify` prefixes unqualified column references (ksqlDB prints PARTITION BY expressions
 * qualified by the source alias: `INPUT.ID`).
 */
export function formatExpr(e: AstExpr, qualify: string | null = null): string {
  const f = (x: AstExpr): string => formatExpr(x, qualify);
  switch (e.kind) {
    case 'literal':
      return e.text;
    case 'column':
      return e.qualifier !== null
        ? `${e.qualifier}.${e.name}`
        : qualify !== null
          ? `${qualify}.${e.name}`
          : e.name;
    case 'not':
      return `(NOT ${f(e.operand)})`;
    case 'negate':
      return `-${f(e.operand)}`;
    case 'isNull':
      return `(${f(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'binary':
      return `(${f(e.left)} ${e.op} ${f(e.right)})`;
    case 'call':
      return `${e.name}(${e.star ? '*' : e.args.map(f).join(', ')})`;
    case 'cast':
      return `CAST(${f(e.operand)} AS ${e.type})`;
  }
}

/** ksqlDB's `GrammaticalJoiner.and()`: `A`, `A and B`, `A, B and C`. */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** ksqlDB's `GrammaticalJoiner.or()`. */
export function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** ksqlDB's `NodeLocation.asPrefix`: `Line: 1, Col: 21: `. */
export function locationPrefix(p: SourcePosition): string {
  return `Line: ${p.line}, Col: ${p.column}: `;
}
