import type { ScenarioModule } from './slices';

/**
 * The scenario layer, loaded on demand: it brings the YAML parser and the schema library,
 * which the first paint does not need, so they arrive in their own chunk while React starts.
 */
export async function importScenarioModule(): Promise<ScenarioModule> {
  const { loadScenario, formatProblem, exportSessionAsScenario } = await import('../scenario');
  return { loadScenario, formatProblem, exportSessionAsScenario };
}
