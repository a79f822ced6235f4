import { compileExpectation } from './expectation';
import type { CompiledExpectation, CompiledScenario } from './types';

/**
 * Built-in scenarios, compiled at build time (the Vite plugin in scripts/precompileScenarios.ts):
 * the page's first load of a built-in scenario needs neither the YAML parser nor the schema
 * validator. What is stored is the compiled scenario as data; only the expectations' checks
 * (functions) are rebuilt here, from their source. `revivePrecompiled(precompileScenario(c))`
 * equals `c` (src/scenario/precompiled.test.ts checks it for every built-in scenario).
 */

/** An expectation as data: everything but its `check`. */
export type ExpectationData = Omit<CompiledExpectation, 'check'>;

export interface PrecompiledScenario {
  /** `textHash` of the file it was compiled from: a served file that differs is parsed instead. */
  textHash: string;
  scenario: Omit<CompiledScenario, 'expectations'> & { expectations: ExpectationData[] };
}

/** A short fingerprint of a text (FNV-1a over its UTF-16 units, and its length). */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${text.length.toString(36)}-${h.toString(36)}`;
}

/** The data to store for a scenario compiled from `text` (JSON-safe: setup, commands, captions). */
export function precompileScenario(compiled: CompiledScenario, text: string): PrecompiledScenario {
  return {
    textHash: textHash(text),
    scenario: {
      ...compiled,
      expectations: compiled.expectations.map(({ check: _check, ...data }) => data),
    },
  };
}

/** The compiled scenario back from its stored data. Throws on an expectation that does not parse. */
export function revivePrecompiled(data: PrecompiledScenario): CompiledScenario {
  return {
    ...data.scenario,
    expectations: data.scenario.expectations.map((e) =>
      compileExpectation(e.source, e.atMs, e.stepIndex, e.path),
    ),
  };
}
