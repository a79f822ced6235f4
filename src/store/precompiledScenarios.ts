import { PRECOMPILED } from 'virtual:precompiled-scenarios';
import type { CompiledScenario } from '../scenario';
import type { PrecompiledScenario } from '../scenario/precompiled';
import { textHash } from '../scenario/textHash';
import { decodeExact, type FirstFrame } from './firstFrame';
import type { BuiltinScenario } from './slices';

/** What the build makes of a built-in scenario: its compiled form and its first frame (JSON). */
export interface PrecompiledBuiltin extends PrecompiledScenario {
  /** `encodeExact(firstFrameOf(…))`, or null when it could not be computed or stored exactly. */
  firstFrame: unknown;
}

/**
 * A built-in scenario compiled at build time (scripts/precompileScenarios.ts), or null for a
 * name that is not built in (or a file with problems: the page parses it and shows them).
 * Only the page imports this (the virtual module exists in Vite builds). Its expectations'
 * checks are rebuilt with the engine (they read engine reports), in the engine's chunk.
 */
export async function loadPrecompiled(name: string): Promise<BuiltinScenario | null> {
  const load = PRECOMPILED.get(name);
  if (load === undefined) return null;
  const data = (await load()).default;
  if (data === null) return null;
  return {
    matches: (text) => textHash(text) === data.textHash,
    scenario: async () => (await import('./engineSide')).revivePrecompiled(data),
    firstFrame:
      data.firstFrame === null
        ? null
        : {
            scenario: withoutChecks(data),
            frame: decodeExact(data.firstFrame) as FirstFrame,
          },
  };
}

/**
 * The compiled scenario for the first picture, before the engine (and the expectations'
 * checks) have loaded: the store replaces it with the revived one before the run starts.
 */
function withoutChecks(data: PrecompiledScenario): CompiledScenario {
  return {
    ...data.scenario,
    expectations: data.scenario.expectations.map((e) => ({
      ...e,
      check: () => {
        throw new Error('an expectation was checked before the engine loaded');
      },
    })),
    challenge:
      data.scenario.challenge == null
        ? null
        : {
            ...data.scenario.challenge,
            solvedWhen: data.scenario.challenge.solvedWhen.map((e) => ({
              ...e,
              check: () => {
                throw new Error('a challenge was checked before the engine loaded');
              },
            })),
          },
    questions: data.scenario.questions.map((q) => ({
      ...q,
      answerOn: () => {
        throw new Error('a question was answered before the engine loaded');
      },
    })),
  };
}
