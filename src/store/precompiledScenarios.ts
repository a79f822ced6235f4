import { PRECOMPILED } from 'virtual:precompiled-scenarios';
import { revivePrecompiled, textHash } from '../scenario/precompiled';
import type { BuiltinScenario } from './slices';

/**
 * A built-in scenario compiled at build time (scripts/precompileScenarios.ts), or null for a
 * name that is not built in (or a file with problems: the page parses it and shows them).
 * Only the page imports this (the virtual module exists in Vite builds).
 */
export async function loadPrecompiled(name: string): Promise<BuiltinScenario | null> {
  const load = PRECOMPILED.get(name);
  if (load === undefined) return null;
  const data = (await load()).default;
  if (data === null) return null;
  return {
    matches: (text) => textHash(text) === data.textHash,
    scenario: () => revivePrecompiled(data),
  };
}
