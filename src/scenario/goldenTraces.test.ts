import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../engine';
import { loadScenario } from './compile';
import { runScenario } from './run';

/**
 * Golden traces: each built-in scenario's run is pinned by its trace hash, event count and a
 * short per-type summary. A change to the engine or a lesson that alters a run fails here and
 * is reviewed, not waved through. To accept the new runs on purpose:
 *   UPDATE_GOLDEN=1 npx vitest run src/scenario/goldenTraces.test.ts
 */
const DIR = new URL('../../public/scenarios/', import.meta.url);
const GOLDEN = new URL('./goldenTraces.json', import.meta.url);
const FILES = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

interface Golden {
  traceHash: string;
  events: number;
  eventTypes: Record<string, number>;
}

function summarise(file: string): Golden {
  const loaded = loadScenario(readFileSync(new URL(file, DIR), 'utf8'), file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const eventTypes: Record<string, number> = {};
  const { world } = runScenario(loaded.value, {
    onEvents: (events) => {
      for (const e of events) eventTypes[e.type] = (eventTypes[e.type] ?? 0) + 1;
    },
  });
  const s = snapshot(world);
  const sorted = Object.fromEntries(
    Object.entries(eventTypes).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return { traceHash: s.traceHash, events: s.eventCount, eventTypes: sorted };
}

describe('golden traces of the built-in scenarios', () => {
  const actual: Record<string, Golden> = Object.fromEntries(FILES.map((f) => [f, summarise(f)]));

  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Golden>;

  it('cover every built-in scenario', () => {
    expect(Object.keys(golden).sort()).toEqual(FILES);
  });

  it.each(FILES)('%s runs exactly as recorded', (file) => {
    expect(actual[file]).toEqual(golden[file]);
  });
});
