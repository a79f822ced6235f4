import { createRng, nextFloat, traceHash } from '../engine';
import { loadScenario } from '../scenario';
import { createSimulationDriver } from '../store/simulationDriver';
import { replaySession } from '../store/replay';

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

/** Ten minutes: 4 brokers at RF 3, two producers, a consumer group, broker crashes and restarts. */
export const SEEK_BENCH_SCENARIO = `
title: Seek bench (10 minutes)
seed: 11
duration: 10m
cluster:
  brokers: 4
  topics:
    - { name: orders, partitions: 8, replicationFactor: 3, minInsyncReplicas: 2, placement: { startIndex: 0, shift: 0 } }
producers:
  - { id: web, topic: orders, acks: all, rate: 40, keys: [a, b, c, d, e, f, g, h] }
  - { id: app, topic: orders, acks: 1, rate: 20 }
consumers:
  - { id: c1, topic: orders, group: billing }
  - { id: c2, topic: orders, group: billing }
steps:
${Array.from({ length: 9 }, (_, i) => {
  const broker = (i % 4) + 1;
  return `  - { at: ${i + 1}m, killBroker: ${broker} }\n  - { at: ${i + 1}m30s, restartBroker: ${broker} }`;
}).join('\n')}
`;

export function runSeekBench(seeks = 200, now: () => number = () => performance.now()): SeekBench {
  const loaded = loadScenario(SEEK_BENCH_SCENARIO, 'seek-bench.yaml');
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
