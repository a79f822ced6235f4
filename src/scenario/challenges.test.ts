import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHALLENGES } from './challengeList';
import { loadScenario } from './compile';
import { runScenario } from './run';
import type { CompiledScenario } from './types';

/**
 * The built-in challenges: each is solvable by actions the app offers (the solution below,
 * written as the steps a session of those actions exports to), and none is solved by
 * leaving the run alone.
 */

const SOLUTIONS: Record<string, string> = {
  'challenge-acks1-loss': `
  - { at: 10s, killBroker: 1 }`,
  'challenge-not-enough-replicas': `
  - { at: 5s, killBroker: 2 }
  - { at: 5s, killBroker: 3 }`,
  'challenge-idle-consumer': `
  - { at: 5s, addConsumer: { id: bill-3, group: billing, topic: orders } }
  - { at: 6s, addConsumer: { id: bill-4, group: billing, topic: orders } }`,
  'challenge-move-leader': `
  - { at: 5s, killBroker: 1 }
  - { at: 12s, killBroker: 2 }
  - { at: 20s, restartBroker: 1 }`,
  'challenge-split-key': `
  - { at: 5s, addPartitions: { topic: orders, count: 3 } }`,
  'challenge-lagging-group': `
  - { at: 5s, stallConsumer: stats }`,
};

function compiled(id: string, solution = ''): CompiledScenario {
  const text = readFileSync(`public/scenarios/${id}.yaml`, 'utf8') + solution;
  const loaded = loadScenario(text, `${id}.yaml`);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

/** The first second of the run at which the goal holds, or null: one run, checked each second. */
function solvedAt(c: CompiledScenario): number | null {
  const challenge = c.challenge;
  if (challenge === null) throw new Error('not a challenge');
  const probes = [];
  for (let t = 1000; t <= c.durationMs; t += 1000)
    probes.push(...challenge.solvedWhen.map((e) => ({ ...e, atMs: t })));
  const { results } = runScenario({ ...c, expectations: probes, questions: [] });
  const failedAt = new Set(results.filter((r) => !r.result.ok).map((r) => r.expectation.atMs));
  const held = results.map((r) => r.expectation.atMs).find((t) => !failedAt.has(t));
  return held ?? null;
}

describe('the built-in challenges', () => {
  it('are six, each a file with a challenge and a solution here', () => {
    expect(CHALLENGES.length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(SOLUTIONS).sort()).toEqual(CHALLENGES.map((c) => c.id).sort());
  });

  for (const { id, title, goal } of CHALLENGES) {
    describe(id, () => {
      it('carries the title and goal the list gives it', () => {
        const c = compiled(id);
        expect(c.title).toBe(title);
        expect(c.challenge?.goal).toMatch(/^Make /);
        // The lessons menu shows the list's goal: the file's, word for word.
        expect(c.challenge?.goal).toBe(goal);
      });

      it('is not solved by leaving the run alone', () => {
        expect(solvedAt(compiled(id))).toBeNull();
      });

      it('is solved by its solution', () => {
        const at = solvedAt(compiled(id, SOLUTIONS[id]));
        expect(at).not.toBeNull();
      });
    });
  }
});
