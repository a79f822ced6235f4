import { compileExpectation } from './expectation';
import { compileQuestion, questionData, type QuestionData } from './questions';
import { textHash } from './textHash';
import type { CompiledExpectation, CompiledScenario } from './types';

export { textHash };

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
  scenario: Omit<CompiledScenario, 'expectations' | 'questions' | 'challenge'> & {
    expectations: ExpectationData[];
    questions: QuestionData[];
    challenge?: { goal: string; hint: string | null; solvedWhen: ExpectationData[] } | null;
  };
}

/** The data to store for a scenario compiled from `text` (JSON-safe: setup, commands, captions). */
export function precompileScenario(compiled: CompiledScenario, text: string): PrecompiledScenario {
  return {
    textHash: textHash(text),
    scenario: {
      ...compiled,
      expectations: compiled.expectations.map(({ check: _check, ...data }) => data),
      questions: compiled.questions.map(questionData),
      challenge:
        compiled.challenge === null
          ? null
          : {
              ...compiled.challenge,
              solvedWhen: compiled.challenge.solvedWhen.map(({ check: _check, ...data }) => data),
            },
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
    // Stored before questions existed: none.
    questions: (data.scenario.questions ?? []).map(compileQuestion),
    challenge: reviveChallenge(data.scenario.challenge ?? null),
  };
}

function reviveChallenge(
  data: NonNullable<PrecompiledScenario['scenario']['challenge']> | null,
): CompiledScenario['challenge'] {
  if (data === null) return null;
  return {
    ...data,
    solvedWhen: data.solvedWhen.map((e) =>
      compileExpectation(e.source, e.atMs, e.stepIndex, e.path),
    ),
  };
}
