/**
 * The parsed form of the statement subset, before names are resolved. Positions point at
 * the first token of each node (1-based line and column, as ksqlDB's `NodeLocation`).
 */
import type { SourcePosition, SqlType, SqlValue } from '../plan';

export type AstComparison = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type AstArithmetic = '+' | '-' | '*' | '/' | '%';

export type AstExpr = { readonly position: SourcePosition } & (
  | {
      readonly kind: 'literal';
      readonly value: SqlValue;
      readonly type: SqlType | 'NULL';
      readonly text: string;
    }
  /** `col` or `alias.col`; the name is upper-cased unless back-quoted. */
  | { readonly kind: 'column'; readonly qualifier: string | null; readonly name: string }
  | { readonly kind: 'not'; readonly operand: AstExpr }
  | { readonly kind: 'negate'; readonly operand: AstExpr }
  | { readonly kind: 'isNull'; readonly operand: AstExpr; readonly negated: boolean }
  | {
      readonly kind: 'binary';
      readonly op: AstComparison | AstArithmetic | 'AND' | 'OR';
      readonly left: AstExpr;
      readonly right: AstExpr;
    }
  /** A function call; `COUNT(*)` has `star` set and no arguments. */
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly AstExpr[];
      readonly star: boolean;
    }
  | { readonly kind: 'cast'; readonly operand: AstExpr; readonly type: SqlType }
);

export type SelectItem =
  | { readonly kind: 'star'; readonly qualifier: string | null; readonly position: SourcePosition }
  | {
      readonly kind: 'expr';
      readonly expr: AstExpr;
      readonly alias: string | null;
      readonly position: SourcePosition;
    };

export interface AstRelation {
  readonly name: string;
  /** The alias, or the source name itself (ksqlDB aliases an unaliased source by its name). */
  readonly alias: string;
  readonly position: SourcePosition;
}

export interface AstJoin {
  readonly type: 'INNER' | 'LEFT';
  readonly table: AstRelation;
  readonly on: AstExpr;
  readonly position: SourcePosition;
}

/** Durations are resolved to ms by the parser. */
export type AstWindow = {
  readonly position: SourcePosition;
  readonly retentionMs: number | null;
  readonly graceMs: number | null;
} & (
  | { readonly kind: 'TUMBLING'; readonly sizeMs: number }
  | { readonly kind: 'HOPPING'; readonly sizeMs: number; readonly advanceMs: number }
  | { readonly kind: 'SESSION'; readonly gapMs: number }
);

export interface AstQuery {
  readonly select: readonly SelectItem[];
  readonly from: AstRelation;
  readonly join: AstJoin | null;
  readonly window: AstWindow | null;
  readonly where: AstExpr | null;
  readonly groupBy: readonly AstExpr[] | null;
  readonly groupByPosition: SourcePosition | null;
  readonly partitionBy: AstExpr | null;
  readonly having: AstExpr | null;
  readonly havingPosition: SourcePosition | null;
  readonly emit: 'CHANGES' | 'FINAL' | null;
  readonly emitPosition: SourcePosition | null;
}

/** One `NAME = value` of a WITH clause; names upper-cased. */
export interface WithProperty {
  readonly name: string;
  readonly value: string | number;
  readonly position: SourcePosition;
}

export interface AstColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly constraint: 'KEY' | 'PRIMARY KEY' | null;
  readonly position: SourcePosition;
}

interface StatementBase {
  readonly position: SourcePosition;
  /** The statement as written, through its `;`. */
  readonly text: string;
}

export type AstStatement = StatementBase &
  (
    | {
        readonly kind: 'set';
        readonly name: string;
        readonly value: string;
        readonly valuePosition: SourcePosition;
      }
    | {
        readonly kind: 'createSource';
        readonly sourceKind: 'STREAM' | 'TABLE';
        readonly name: string;
        readonly columns: readonly AstColumn[];
        readonly properties: readonly WithProperty[];
      }
    | {
        readonly kind: 'createAs';
        readonly sourceKind: 'STREAM' | 'TABLE';
        /** Offsets of the STREAM / TABLE keyword within `text` (to write the fix). */
        readonly kindWordStart: number;
        readonly kindWordEnd: number;
        readonly name: string;
        readonly properties: readonly WithProperty[];
        readonly query: AstQuery;
      }
  );
