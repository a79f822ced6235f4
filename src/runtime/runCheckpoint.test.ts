import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frozenWhole, graphDifferences } from '../engine/tools';
import { loadScenario } from '../scenario';
import { Run, type RunCheckpoint } from './run';

// Streams applications share their program's parts between queries; acks=all producers
// share requests with partitions; a failover truncates logs. Each checkpoint, taken in parts,
// must freeze the world as one structuredClone would.
const SCENARIOS = [
  'lesson-13-fraud-query',
  'lesson-15-emit-and-caching',
  'lesson-11-durability',
  'broker-failover',
  'join-cooperative',
];

describe('checkpoints of built-in scenarios', () => {
  for (const name of SCENARIOS) {
    it(`${name}: each freezes its world as one clone would`, () => {
      const loaded = loadScenario(readFileSync(`public/scenarios/${name}.yaml`, 'utf8'), name);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
      const run = Run.start(loaded.value, loaded.value.seed, []);
      let previous: RunCheckpoint | null = null;
      for (const f of [0.25, 0.5, 0.75]) {
        run.runUntil(Math.round(loaded.value.durationMs * f));
        const checkpoint = run.checkpoint(previous);
        expect(
          graphDifferences(structuredClone(checkpoint.world.frozen), frozenWhole(run.world)),
        ).toEqual([]);
        previous = checkpoint;
      }
    });
  }
});
