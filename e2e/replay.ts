import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { traceHash, type World } from '../src/engine';
import { loadScenario } from '../src/scenario';
import { replaySession } from '../src/store/replay';
import type { SessionEntry } from '../src/store';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Replays what the page did, headless in Node: the built-in scenario with the page's seed, then
 * the page's session log (its user commands at their virtual times), up to the page's time.
 */
export function replayPage(
  scenario: string,
  page: { seed: number; timeMs: number; sessionLog: SessionEntry[] },
): { world: World; traceHash: string } {
  const file = path.join(ROOT, 'public', 'scenarios', `${scenario}.yaml`);
  const loaded = loadScenario(readFileSync(file, 'utf8'), file);
  if (!loaded.ok) throw new Error(`${scenario}: ${JSON.stringify(loaded.problems)}`);
  const world = replaySession(loaded.value, page.seed, page.sessionLog, page.timeMs);
  return { world, traceHash: traceHash(world) };
}

/** As `replayPage`, for a scenario given as text (a file that was opened, a link's scenario). */
export function replayText(
  text: string,
  page: { seed: number; timeMs: number; sessionLog: SessionEntry[] },
  fileName = 'scenario.yaml',
): { world: World; traceHash: string } {
  const loaded = loadScenario(text, fileName);
  if (!loaded.ok) throw new Error(`${fileName}: ${JSON.stringify(loaded.problems)}`);
  const world = replaySession(loaded.value, page.seed, page.sessionLog, page.timeMs);
  return { world, traceHash: traceHash(world) };
}
