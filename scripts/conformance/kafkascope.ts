/**
 * The thin wiring to kafkascope's streams entry points (src/engine/tools.ts re-exports
 * `compileStatements` from streams/ksql/compile.ts and `runTopologyTestDriver` from
 * streams/processing/testDriver.ts). Read through a namespace import so this file typechecks and
 * loads before they exist; a missing one is reported, not a crash at import.
 */
import * as tools from '../../src/engine/tools';
import type { ConformanceCase, Expected, InputRecord } from './cases';
import type { Actual } from './compare';

/** The part of plan.ts's StreamsProgram the harness touches (scripts see the engine only via tools). */
interface Program {
  readonly properties: { readonly cacheMaxBytes: number };
}

type CompileResult =
  | { readonly ok: true; readonly program: Program }
  | {
      readonly ok: false;
      readonly problems: readonly {
        readonly message: string;
        readonly position: { readonly line: number; readonly column: number };
      }[];
    };

export interface StreamsEntryPoints {
  compileStatements(text: string, catalog: ConformanceCase['catalog']): CompileResult;
  runTopologyTestDriver(program: Program, inputs: readonly InputRecord[]): Expected;
}

/** The entry points, or a sentence saying which are missing. */
export function loadEntryPoints(): StreamsEntryPoints | string {
  const t = tools as unknown as Partial<StreamsEntryPoints>;
  const missing = (['compileStatements', 'runTopologyTestDriver'] as const).filter(
    (n) => typeof t[n] !== 'function',
  );
  if (missing.length > 0) {
    return `src/engine/tools.ts does not export ${missing.join(' and ')} yet (the ksqlDB front end and the TopologyTestDriver-mode runtime).`;
  }
  return t as StreamsEntryPoints;
}

/**
 * Compiles and runs one case in kafkascope. The cache size comes from the statements (SET
 * 'cache.max.bytes.buffering'); if the front end resolved another value the case is still run
 * with the case's, and the mismatch is reported as a difference of its own.
 */
export function runKafkascope(c: ConformanceCase, fns: StreamsEntryPoints): Actual {
  try {
    const compiled = fns.compileStatements(c.statements, c.catalog);
    if (!compiled.ok) {
      return {
        kind: 'error',
        message: `compileStatements refused the script: ${compiled.problems.map((p) => `${p.position.line}:${p.position.column} ${p.message}`).join('; ')}`,
      };
    }
    const notes: string[] = [];
    let program = compiled.program;
    if (program.properties.cacheMaxBytes !== c.cacheMaxBytes) {
      notes.push(
        `the front end resolved cacheMaxBytes=${program.properties.cacheMaxBytes}, the statements say ${c.cacheMaxBytes}`,
      );
      program = {
        ...program,
        properties: { ...program.properties, cacheMaxBytes: c.cacheMaxBytes },
      };
    }
    const result = fns.runTopologyTestDriver(program, c.inputs);
    return { kind: 'result', result, notes };
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}
