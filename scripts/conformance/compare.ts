/**
 * Comparing kafkascope's TopologyTestDriver-mode output with real Kafka's, record by record, and
 * printing a disagreement so a person can act on it. Pure functions: they take results, not
 * the engine, so they typecheck and test without the streams runtime.
 */
import type { ConformanceCase, Expected, InputRecord, OutputRecord } from './cases';

/**
 * A sink value as data. Values are compared parsed, not as text: the JSON is written by Jackson
 * on the Java side and by kafkascope's own serializer, which may legitimately format the same
 * row differently (`1.0` vs `1` for a DOUBLE, spacing, escapes), and ksqlDB's contract is the
 * row, not its bytes. Column order is still checked (see {@link sameValue}): it is the sink's
 * schema. A value that is not JSON is compared as its text.
 */
export function parseValue(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { unparsed: text };
  }
}

/** Deep equality where an object's keys must also come in the same order (the column order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) =>
    sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

export function sameRecord(e: OutputRecord, a: OutputRecord): boolean {
  return (
    e.topic === a.topic &&
    e.key === a.key &&
    (e.window === null
      ? a.window === null
      : a.window !== null &&
        e.window.startMs === a.window.startMs &&
        e.window.endMs === a.window.endMs) &&
    e.timestampMs === a.timestampMs &&
    sameValue(parseValue(e.value), parseValue(a.value))
  );
}

/** What kafkascope produced for a case: its driver's result, or why there is none. */
export type Actual =
  | { readonly kind: 'result'; readonly result: Expected; readonly notes: readonly string[] }
  | { readonly kind: 'error'; readonly message: string };

export interface Difference {
  /** The first differing output index, or null when the records agree and something else does not. */
  readonly index: number | null;
  readonly expected: OutputRecord | null;
  readonly actual: OutputRecord | null;
  readonly message: string;
}

export function firstDifference(expected: Expected, actual: Actual): Difference | null {
  if (actual.kind === 'error') {
    return {
      index: null,
      expected: null,
      actual: null,
      message: `kafkascope failed: ${actual.message}`,
    };
  }
  const e = expected.outputs;
  const a = actual.result.outputs;
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    const er = e[i] ?? null;
    const ar = a[i] ?? null;
    if (er === null || ar === null || !sameRecord(er, ar)) {
      const message =
        er === null
          ? `kafkascope emitted an extra record #${i}`
          : ar === null
            ? `kafkascope is missing record #${i}`
            : `record #${i} differs`;
      return { index: i, expected: er, actual: ar, message };
    }
  }
  if (expected.droppedRecords !== actual.result.droppedRecords) {
    return {
      index: null,
      expected: null,
      actual: null,
      message: `dropped-records: Kafka ${expected.droppedRecords}, kafkascope ${actual.result.droppedRecords}`,
    };
  }
  if (actual.notes.length > 0) {
    return { index: null, expected: null, actual: null, message: actual.notes.join('; ') };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Printing

/** `4000-0001@[0,300000) {"KSQL_COL_0":4} ts=40000` (tombstone: `null`). */
export function formatRecord(r: OutputRecord | null): string {
  if (r === null) return '(none)';
  const w = r.window === null ? '' : `@[${r.window.startMs},${r.window.endMs})`;
  return `${r.topic} ${String(r.key)}${w} ${r.value ?? 'null (tombstone)'} ts=${r.timestampMs}`;
}

export function formatInput(r: InputRecord, i: number): string {
  return `  #${i} ${r.topic} key=${r.key === null ? 'null' : JSON.stringify(r.key)} value=${r.value ?? 'null'} ts=${r.timestampMs}`;
}

export function formatOutputs(rs: readonly OutputRecord[]): string {
  return rs.length === 0
    ? '  (no records)'
    : rs.map((r, i) => `  #${i} ${formatRecord(r)}`).join('\n');
}

export function formatFailure(
  c: ConformanceCase,
  expected: Expected,
  actual: Actual,
  d: Difference,
): string {
  const lines = [
    `✗ ${c.id}: ${d.message}`,
    `  ${c.description}`,
    ...c.statements.split('\n').map((l) => `  | ${l}`),
    '  inputs:',
    ...c.inputs.map(formatInput),
    `  Kafka 4.3.1 (dropped ${expected.droppedRecords}):`,
    formatOutputs(expected.outputs),
  ];
  if (actual.kind === 'result') {
    lines.push(
      `  kafkascope (dropped ${actual.result.droppedRecords}):`,
      formatOutputs(actual.result.outputs),
    );
  }
  if (d.index !== null) {
    lines.push(
      `  first difference at #${d.index}:`,
      `    Kafka:      ${formatRecord(d.expected)}`,
      `    kafkascope: ${formatRecord(d.actual)}`,
    );
  }
  return lines.join('\n');
}
