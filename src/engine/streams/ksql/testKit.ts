/** Helpers for the front end's tests. */
import type {
  AggregateQuery,
  StatementProblem,
  StreamQuery,
  StreamsProgram,
  TableQuery,
  TopicCatalog,
} from '../plan';
import { compileStatements } from './compile';

/** The fraud talk's source stream, `card_number` a value column (the slide's shape). */
export const AUTH_STREAM =
  "CREATE STREAM authorization_attempts (card_number VARCHAR, amount INT) WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');";

/** The same stream with `card_number` as its KEY column. */
export const AUTH_STREAM_KEYED =
  "CREATE STREAM authorization_attempts (card_number VARCHAR KEY, amount INT) WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');";

export const CATALOG: TopicCatalog = {
  authorization_attempts: { partitions: 6 },
  test_topic: { partitions: 1 },
  input_topic: { partitions: 1 },
  cards: { partitions: 4 },
  customers: { partitions: 4 },
  customers3: { partitions: 3 },
};

/** Compiles and expects success. */
export function compileOk(text: string, catalog: TopicCatalog = CATALOG): StreamsProgram {
  const result = compileStatements(text, catalog);
  if (!result.ok) throw new Error(`expected success, got: ${result.problems[0].message}`);
  return result.program;
}

/** Compiles and expects exactly one problem. */
export function compileError(text: string, catalog: TopicCatalog = CATALOG): StatementProblem {
  const result = compileStatements(text, catalog);
  if (result.ok) throw new Error('expected a problem, the script compiled');
  return result.problems[0];
}

/** The last query of a script, as an aggregate. */
export function lastAggregate(program: StreamsProgram): AggregateQuery {
  const q = program.queries[program.queries.length - 1];
  if (q.kind !== 'CTAS') throw new Error(`expected a CTAS, got ${q.kind}`);
  return q;
}

/** The last query of a script, as a stream query. */
export function lastStream(program: StreamsProgram): StreamQuery {
  const q = program.queries[program.queries.length - 1];
  if (q.kind !== 'CSAS') throw new Error(`expected a CSAS, got ${q.kind}`);
  return q;
}

/** The last query of a script, as a table projection. */
export function lastTable(program: StreamsProgram): TableQuery {
  const q = program.queries[program.queries.length - 1];
  if (q.kind !== 'CTAS_TABLE') throw new Error(`expected a CTAS_TABLE, got ${q.kind}`);
  return q;
}

/** `NAME TYPE [KEY]` per column, as DESCRIBE lists them. */
export function describe(columns: readonly { name: string; type: string; key: boolean }[]): string {
  return columns.map((c) => `${c.name} ${c.type}${c.key ? ' KEY' : ''}`).join(', ');
}
