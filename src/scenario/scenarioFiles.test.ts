import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../engine';
import { loadScenario } from './compile';
import { formatExpectationResult } from './expect';
import { formatProblem } from './problems';
import { runScenario } from './run';

/** The built-in lessons: each must load, run clean and meet every one of its expectations. */
const DIR = new URL('../../public/scenarios/', import.meta.url);
const FILES = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

describe('built-in scenarios', () => {
  it('include the first screen and the lessons', () => {
    expect(FILES).toEqual(
      expect.arrayContaining([
        'default.yaml',
        'keys.yaml',
        'round-robin.yaml',
        'consumer-positions.yaml',
        'two-groups.yaml',
        'join-eager.yaml',
        'join-cooperative.yaml',
        'join-side-by-side.yaml',
        'idle-consumers.yaml',
        'consumer-crash.yaml',
        'broker-failover.yaml',
        'acks1-loss.yaml',
        'acks-all-safe.yaml',
        'unclean-election.yaml',
        'controller-quorum.yaml',
      ]),
    );
  });

  describe.each(FILES)('%s', (file) => {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    // A streams application long-polls: fraud-streams.yaml is ~99,000 engine steps (2,800 for
    // broker-failover.yaml), and the invariants are checked after each one over all its 74
    // partitions, ~25 s of CPU in all. Over the 20 s default on a loaded machine; a timeout is
    // not an assertion.
    const timeoutMs = /^streams:/m.test(text) ? 180_000 : undefined;

    it(
      'loads, runs without breaking an invariant, and every expectation holds',
      () => {
        const loaded = loadScenario(text, file);
        if (!loaded.ok)
          throw new Error(loaded.problems.map((p) => formatProblem(p, file)).join('\n'));
        const compiled = loaded.value;
        // A challenge is a sandbox: its checks are its goal (challenges.test.ts solves each).
        if (compiled.challenge === null) expect(compiled.expectations.length).toBeGreaterThan(0);
        const rejected: string[] = [];
        const run = runScenario(compiled, {
          checkInvariants: true,
          onEvents: (events) => {
            for (const e of events)
              if (e.type === 'commandRejected') rejected.push(`${e.command}: ${e.reason}`);
          },
        });
        expect(run.violations).toEqual([]);
        // A step the engine refuses is a lesson that does not show what it says.
        expect(rejected).toEqual([]);
        expect(run.results).toHaveLength(compiled.expectations.length);
        const failed = run.results
          .filter((r) => !r.result.ok)
          .map((r) => `${r.expectation.path}: ${formatExpectationResult(r.result)}`);
        expect(failed).toEqual([]);
      },
      timeoutMs,
    );

    it('stays small enough to watch, and names its schema for editors', () => {
      const loaded = loadScenario(text, file);
      if (!loaded.ok) throw new Error('invalid');
      const run = runScenario(loaded.value);
      // Lesson records: __consumer_offsets' commit records do not count.
      const records = run.world.topicOrder.reduce(
        (n, t) =>
          run.world.topics[t].internal
            ? n
            : n +
              run.world.topics[t].partitions.reduce(
                (m, p) => m + p.logs[p.replicas[0]].records.length,
                0,
              ),
        0,
      );
      expect(records).toBeGreaterThan(0);
      // A challenge runs on while the viewer acts (acks=1 loses records at 100 a second).
      expect(records).toBeLessThan(loaded.value.challenge === null ? 500 : 10_000);
      expect(text.startsWith('# yaml-language-server: $schema=../scenario.schema.json\n')).toBe(
        true,
      );
    });
  });

  it("default.yaml's partitions are murmur2's, as the engine computes them", () => {
    const text = readFileSync(new URL('default.yaml', DIR), 'utf8');
    const claims = [...text.matchAll(/partitionOf\(orders, (\w+)\) == (\d+)/g)];
    expect(claims.map((m) => m[1])).toEqual(['alice', 'bob', 'carol', 'dave']);
    for (const [, key, partition] of claims)
      expect(partitionForKey(key, 6)).toBe(Number(partition));
  });
});
