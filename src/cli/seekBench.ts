import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng, nextFloat, traceHash } from '../engine';
import { loadScenario } from '../scenario';
import { createSimulationDriver } from '../runtime';
import { replaySession } from '../runtime';

/**
 * How fast the timeline seeks in a 10-minute run: the whole run indexed ahead (what the app
 * does in idle frame time), then random seeks backwards and forwards, each timed. A few are
 * checked against a straight headless run, so the figure is for seeks that land right.
 */
export interface SeekBench {
  virtualMs: number;
  events: number;
  checkpoints: number;
  indexWallMs: number;
  seeks: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Every checked seek reached the straight run's trace hash. */
  verified: boolean;
}

/**
 * Ten minutes: 4 brokers at RF 3, two producers, a consumer group, broker crashes and restarts.
 * The same file is what `npm run bench:ui` seeks in, in the browser.
 */
export const SEEK_BENCH_FILE = fileURLToPath(
  new URL('../../e2e/fixtures/bench-seek.yaml', import.meta.url),
);

export function runSeekBench(seeks = 200, now: () => number = () => performance.now()): SeekBench {
  const loaded = loadScenario(readFileSync(SEEK_BENCH_FILE, 'utf8'), SEEK_BENCH_FILE);
  if (!loaded.ok) throw new Error(`seek bench scenario: ${JSON.stringify(loaded.problems)}`);
  const scenario = loaded.value;
  const driver = createSimulationDriver();
  driver.start(scenario, scenario.seed);
  const indexStart = now();
  while (driver.indexAhead(() => false));
  const indexWallMs = now() - indexStart;

  const rng = createRng(7);
  const times: number[] = [];
  const verifyEvery = Math.max(1, Math.floor(seeks / 8));
  let verified = true;
  for (let i = 0; i < seeks; i++) {
    const target = Math.floor(nextFloat(rng) * scenario.durationMs);
    const start = now();
    driver.seek(target);
    times.push(now() - start);
    if (i % verifyEvery === 0) {
      const straight = traceHash(replaySession(scenario, scenario.seed, [], target));
      if (straight !== driver.frame().snapshot.traceHash) verified = false;
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  driver.seek(scenario.durationMs);
  return {
    virtualMs: scenario.durationMs,
    events: driver.frame().snapshot.eventCount,
    checkpoints: driver.checkpointCount(),
    indexWallMs,
    seeks,
    medianMs: at(0.5),
    p95Ms: at(0.95),
    maxMs: sorted[sorted.length - 1],
    verified,
  };
}
