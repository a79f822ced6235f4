/**
 * ksqlDB's aggregate functions as Kafka Streams runs them: an initializer (the aggregate of
 * nothing), an aggregator (one more row), a merger (two session windows become one) and a map
 * to the result a row shows. Kept as plain data so a store entry is cloneable.
 *
 * Initial values follow ksqlDB's UDAFs: COUNT 0, SUM 0, MIN/MAX/LATEST_BY_OFFSET null, AVG
 * (sum 0, count 0). The initial aggregate matters: with the record cache off Kafka forwards it
 * as a new window's old value (`KStreamWindowAggregate`), and HAVING sees it (conformance).
 */
import type { AggregateCall, SqlValue } from '../plan';

/** One aggregate's running state. AVG keeps its sum and count. */
export type AggregateState = SqlValue | { readonly sum: number; readonly count: number };

export function initialAggregate(call: AggregateCall): AggregateState {
  switch (call.fn) {
    case 'COUNT':
      return 0;
    case 'SUM':
      return 0;
    case 'AVG':
      return { sum: 0, count: 0 };
    case 'MIN':
    case 'MAX':
    case 'LATEST_BY_OFFSET':
      return null;
  }
}

/** The state after one more input value (`arg` evaluated on the row; undefined for COUNT(*)). */
export function addToAggregate(
  call: AggregateCall,
  state: AggregateState,
  value: SqlValue | undefined,
): AggregateState {
  switch (call.fn) {
    case 'COUNT':
      // COUNT(*) counts rows; COUNT(col) counts non-null values.
      return call.arg === null || (value !== null && value !== undefined)
        ? (state as number) + 1
        : state;
    case 'SUM':
      return typeof value === 'number' ? wrap(call, (state as number) + value) : state;
    case 'MIN':
      return typeof value === 'number' && (state === null || value < (state as number))
        ? value
        : state;
    case 'MAX':
      return typeof value === 'number' && (state === null || value > (state as number))
        ? value
        : state;
    case 'AVG': {
      if (typeof value !== 'number') return state;
      const s = state as { sum: number; count: number };
      return { sum: s.sum + value, count: s.count + 1 };
    }
    case 'LATEST_BY_OFFSET':
      // ksqlDB's default ignores nulls (ignoreNulls = true).
      return value === null || value === undefined ? state : value;
  }
}

/** Two session windows' states merged (`Merger`), the older window's first. */
export function mergeAggregates(
  call: AggregateCall,
  a: AggregateState,
  b: AggregateState,
): AggregateState {
  switch (call.fn) {
    case 'COUNT':
    case 'SUM':
      return wrap(call, (a as number) + (b as number));
    case 'MIN':
      return a === null ? b : b === null ? a : Math.min(a as number, b as number);
    case 'MAX':
      return a === null ? b : b === null ? a : Math.max(a as number, b as number);
    case 'AVG': {
      const x = a as { sum: number; count: number };
      const y = b as { sum: number; count: number };
      return { sum: x.sum + y.sum, count: x.count + y.count };
    }
    case 'LATEST_BY_OFFSET':
      return b ?? a;
  }
}

/** The value a row shows for the state. */
export function aggregateResult(call: AggregateCall, state: AggregateState): SqlValue {
  if (call.fn === 'AVG') {
    const s = state as { sum: number; count: number };
    return s.count === 0 ? 0 : s.sum / s.count;
  }
  return state as SqlValue;
}

/** INTEGER sums wrap at 32 bits, as Java's int does. */
function wrap(call: AggregateCall, n: number): number {
  return call.type === 'INTEGER' ? n | 0 : n;
}
