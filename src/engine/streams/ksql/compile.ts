/**
 * kafkascope's ksqlDB front end: a script of statements → a {@link StreamsProgram}.
 *
 * Statements run in order against a growing set of sources, as ksqlDB's engine executes a
 * script: a CREATE … AS SELECT's sink is a source for the statements after it. The first
 * problem stops the script (ksqlDB stops a script at its first failing statement too), so the
 * result carries one problem.
 */
import type {
  CompileResult,
  PersistentQuery,
  SourceDefinition,
  StreamsProperties,
  TopicCatalog,
} from '../plan';
import { KsqlError } from './errors';
import { parseScript } from './parser';
import { KSQLDB_DEFAULT_PROPERTIES, applySet } from './properties';
import { compileCreateAs } from './queries';
import { createSource } from './sources';

/**
 * Compiles a script of ksqlDB statements (SET, CREATE STREAM/TABLE, CREATE … AS SELECT).
 *
 * @param text the script; statements end with `;`
 * @param catalog the topics that exist, with their partition counts
 * @returns the program, or the first problem in ksqlDB's words at its 1-based line and column
 */
export function compileStatements(text: string, catalog: TopicCatalog): CompileResult {
  try {
    return { ok: true, program: compileScript(text, catalog) };
  } catch (error) {
    if (error instanceof KsqlError) return { ok: false, problems: [error.toProblem()] };
    throw error;
  }
}

function compileScript(text: string, catalog: TopicCatalog) {
  const statements = parseScript(text);
  const sources = new Map<string, SourceDefinition>();
  const queries: PersistentQuery[] = [];
  let properties: StreamsProperties = KSQLDB_DEFAULT_PROPERTIES;
  for (const stmt of statements) {
    switch (stmt.kind) {
      case 'set':
        properties = applySet(properties, stmt.name, stmt.value, stmt.position);
        break;
      case 'createSource':
        sources.set(stmt.name, createSource(stmt, sources, catalog));
        break;
      case 'createAs': {
        const compiled = compileCreateAs(stmt, { sources, catalog, queryIndex: queries.length });
        queries.push(compiled.query);
        sources.set(compiled.sinkSource.name, compiled.sinkSource);
        break;
      }
    }
  }
  return { sources: [...sources.values()], queries, properties };
}
