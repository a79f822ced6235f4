import { readFileSync } from 'node:fs';
import path from 'node:path';
import { snapshot } from '../../engine';
import { Run, runEntries } from '../../runtime';
import { loadScenario, replaceStreamsStatements } from '../../scenario';
import { createAppStore, parseLaunchOptions, type Host } from '../../store';
import type { ProcessingPartProps } from './types';

/**
 * For the processing panels' tests: the fraud lesson (public/scenarios/fraud-streams.yaml) run
 * headless to a moment, optionally with other statements, and the part props the view would
 * pass at that moment. Real engine data, not hand-written views.
 */
// From the project's root (vitest's working directory): under jsdom import.meta.url is not a file URL.
export const FRAUD_TEXT = readFileSync(
  path.join(process.cwd(), 'public/scenarios/fraud-streams.yaml'),
  'utf8',
);

/** The lesson's statements, as its file has them. */
export const FRAUD_STATEMENTS =
  "CREATE STREAM authorization_attempts (card_number VARCHAR, amount INT)\n  WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');\n" +
  'CREATE TABLE possible_fraud AS\n  SELECT card_number, COUNT(*) AS attempts FROM authorization_attempts\n' +
  '  WINDOW TUMBLING (SIZE 5 MINUTES)\n  GROUP BY card_number HAVING COUNT(*) > 3;\n';

export function fraudPropsAt(atMs: number, statements?: string): ProcessingPartProps {
  let text = FRAUD_TEXT;
  if (statements !== undefined) {
    const edited = replaceStreamsStatements(FRAUD_TEXT, 'fraud', statements);
    if (!edited.ok) throw new Error(edited.message);
    text = edited.text;
  }
  const loaded = loadScenario(text, 'fraud-streams.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  const scenario = loaded.value;
  const run = Run.start(scenario, scenario.seed, runEntries(scenario, []));
  run.runUntil(atMs);
  const s = snapshot(run.world);
  const app = s.streams[0];
  return { app, query: app.queries[0], nowMs: s.timeMs };
}

/**
 * A store with the real scenario layer and the fraud lesson as its built-in file, loaded at
 * `search` (`?scenario=fraud-streams&t=30s`), for panels that act through the store. The test
 * passes the store's `createFakeHost` (only tests may import the store's test kit).
 */
export async function fraudStore<H extends Host>(
  search: string,
  createHost: (files: Record<string, string>) => H,
) {
  return lessonStore('fraud-streams', search, createHost);
}

/** The same for any built-in scenario of public/scenarios (`search` names it: `?scenario=<name>`). */
export async function lessonStore<H extends Host>(
  name: string,
  search: string,
  createHost: (files: Record<string, string>) => H,
) {
  const text = readFileSync(path.join(process.cwd(), `public/scenarios/${name}.yaml`), 'utf8');
  const host = createHost({ [`scenarios/${name}.yaml`]: text });
  const store = createAppStore({
    host,
    scenarioModule: async () => {
      const m = await import('../../scenario');
      return {
        loadScenario: m.loadScenario,
        formatProblem: m.formatProblem,
        exportSessionAsScenario: m.exportSessionAsScenario,
      };
    },
  });
  await store.getState().loadScenario(parseLaunchOptions(search));
  return { store, host };
}
