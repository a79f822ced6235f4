import {
  compileStatements,
  notRunnable,
  type PersistentQuery,
  type StreamsProgram,
  type StoreEntryView,
  type TopicCatalog,
} from '../../engine';

/** A column of a source (the engine's `Column`, named through what its index exports). */
export type Column = PersistentQuery['source']['columns'][number];
/** A column's value (the engine's `SqlValue`). */
export type SqlValue = StoreEntryView['key'];

/**
 * What the panels read from the application's compiled statements: the query's output column
 * names for its aggregates, and its source's columns. The snapshot carries the aggregates by
 * ksqlDB's internal names (`KSQL_AGG_VARIABLE_0`) only, so the panels compile the statements
 * (cheap, and memoised per text) to say ATTEMPTS where the query says `COUNT(*) AS attempts`.
 */

/** Topics as the compiler reads them, from a list (the scenario's `cluster.topics`). */
export function catalogOf(
  topics: readonly { readonly name: string; readonly partitions: number }[],
): TopicCatalog {
  const catalog: Record<string, { partitions: number }> = Object.create(null);
  for (const t of topics) catalog[t.name] = { partitions: t.partitions };
  return catalog;
}

/** A catalog as stable text (name:partitions), to memoise on across frames. */
export function catalogKey(catalog: TopicCatalog): string {
  return Object.entries(catalog)
    .map(([name, t]) => `${name}:${t.partitions}`)
    .join(',');
}

/** The inverse of {@link catalogKey}. */
export function catalogFromKey(key: string): TopicCatalog {
  const catalog: Record<string, { partitions: number }> = Object.create(null);
  for (const part of key === '' ? [] : key.split(',')) {
    const at = part.lastIndexOf(':');
    catalog[part.slice(0, at)] = { partitions: Number(part.slice(at + 1)) };
  }
  return catalog;
}

/** The query `queryId` of the compiled statements, or null if they do not compile here. */
export function compiledQueryOf(
  statements: string,
  catalog: TopicCatalog,
  queryId: string,
): PersistentQuery | null {
  const result = compileStatements(statements, catalog);
  if (!result.ok) return null;
  return result.program.queries.find((q) => q.queryId === queryId) ?? null;
}

/**
 * Each aggregate's label: the output column that projects it as it is (`COUNT(*) AS attempts`
 * → ATTEMPTS), else "aggregate i" (an aggregate used only in HAVING, or inside an expression).
 */
export function aggregateLabels(query: PersistentQuery | null, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const column =
      query?.projection.find((p) => p.expr.kind === 'aggregate' && p.expr.index === i) ?? null;
    return column?.name ?? `aggregate ${i}`;
  });
}

/** The value columns of the query's source, or the fraud lesson's when it cannot be compiled. */
export function sourceValueColumns(query: PersistentQuery | null): readonly Column[] {
  if (query === null) return FRAUD_COLUMNS;
  return query.source.columns.filter((c) => !c.key);
}

/** The fraud lesson's source: `card_number VARCHAR, amount INT`, both in the value. */
export const FRAUD_COLUMNS: readonly Column[] = [
  { name: 'CARD_NUMBER', type: 'STRING', key: false },
  { name: 'AMOUNT', type: 'INTEGER', key: false },
];

/** A column value as a cell shows it: numbers as they are (at most 3 decimals), text plain. */
export function valueText(value: SqlValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
  return String(value);
}

/**
 * The topics an application's statements read, from the view alone: each query's first
 * sub-topology's source topics, with as many partitions as that sub-topology has tasks (one a
 * partition). Enough for the compiler to check the statements as the engine compiled them.
 */
export function catalogOfApp(app: {
  readonly queries: readonly {
    readonly topology: readonly {
      readonly id: number;
      readonly nodes: readonly { readonly kind: string; readonly topics: readonly string[] }[];
    }[];
    readonly tasks: readonly { readonly id: string }[];
  }[];
}): TopicCatalog {
  const catalog: Record<string, { partitions: number }> = Object.create(null);
  for (const q of app.queries) {
    const first = q.topology.find((s) => s.id === 0);
    const partitions = q.tasks.filter((t) => t.id.startsWith('0_')).length;
    for (const node of first?.nodes ?? [])
      if (node.kind === 'source') for (const topic of node.topics) catalog[topic] = { partitions };
  }
  return catalog;
}

/** A problem with a draft of the statements: where (1-based; null: the script as a whole), what, and ksqlDB's fix. */
export interface DraftProblem {
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
  /** The corrected statement, when ksqlDB's message implies one (CREATE STREAM → CREATE TABLE). */
  readonly fix: string | null;
}

/**
 * Checks a draft as the engine checks an application's statements when the scenario starts
 * (`streamsAppProblem`): compiled against the scenario's topics, at least one persistent
 * query, nothing kafkascope cannot run yet. The compiled program when it passes.
 */
export function checkDraft(
  text: string,
  catalog: TopicCatalog,
): { ok: true; program: StreamsProgram } | { ok: false; problem: DraftProblem } {
  const compiled = compileStatements(text, catalog);
  if (!compiled.ok) {
    const p = compiled.problems[0];
    return {
      ok: false,
      problem: {
        line: p.position.line,
        column: p.position.column,
        message: p.message,
        fix: p.fix,
      },
    };
  }
  const whole = (message: string) =>
    ({ ok: false, problem: { line: null, column: null, message, fix: null } }) as const;
  if (compiled.program.queries.length === 0)
    return whole(
      'The statements start no persistent query (CREATE STREAM … AS SELECT or CREATE TABLE … AS SELECT).',
    );
  const unsupported = notRunnable(compiled.program);
  if (unsupported !== null) return whole(unsupported);
  return { ok: true, program: compiled.program };
}
