import { describe, expect, it } from 'vitest';
import { restoreCheckpoint, saveCheckpoint } from '../../checkpoint';
import type { Command } from '../../commands';
import { createRng, nextInt } from '../../prng';
import type { WorldSetup } from '../../setup';
import { createWorld } from '../../simulation';
import { snapshot } from '../../snapshot';
import { runChecked } from '../../testing';
import { byTime, createCursor, runWithCommands, type TimedEntry } from '../../timedCommands';
import { traceHash } from '../../world';

/**
 * Streams applications under faults, with fixed seeds: brokers killed and restarted, instances
 * killed, stopped, restarted and added, records with out-of-order event times. Every step is
 * checked against Kafka's invariants and the runtime's (store = changelog replay, no record in
 * a closed window); checkpoints taken mid-run must run on to the same trace.
 */

const STATEMENTS = `CREATE STREAM attempts (card VARCHAR, amount INT)
  WITH (KAFKA_TOPIC='attempts', VALUE_FORMAT='JSON');
SET 'commit.interval.ms'='1000';
CREATE TABLE totals AS
  SELECT card, COUNT(*) AS n, SUM(amount) AS total FROM attempts
  WINDOW HOPPING (SIZE 20 SECONDS, ADVANCE BY 10 SECONDS, GRACE PERIOD 5 SECONDS)
  GROUP BY card HAVING COUNT(*) > 1 EMIT CHANGES;`;

function chaosCase(seed: number): { setup: WorldSetup; commands: TimedEntry[]; untilMs: number } {
  const rng = createRng(seed);
  const untilMs = 150_000;
  const commands: TimedEntry[] = [];
  const push = (atMs: number, command: Command) => commands.push({ atMs, command });
  for (let t = 5_000; t < 120_000; t += 250 + nextInt(rng, 500)) {
    const card = `c${nextInt(rng, 6)}`;
    // Event time within ±8 s of the send time: some records arrive after their window closed.
    const timestampMs = Math.max(0, t - 8_000 + nextInt(rng, 16_000));
    push(t, {
      type: 'produce',
      producer: 'pos',
      topic: 'attempts',
      key: null,
      value: JSON.stringify({ CARD: card, AMOUNT: nextInt(rng, 200) - 50 }),
      timestampMs,
    });
  }
  let instances = 2;
  for (let t = 15_000; t < 110_000; t += 8_000 + nextInt(rng, 12_000)) {
    const instance = `app-${1 + nextInt(rng, instances)}`;
    switch (nextInt(rng, 6)) {
      case 0:
        push(t, { type: 'killStreamsInstance', instance });
        push(t + 20_000 + nextInt(rng, 40_000), { type: 'restartStreamsInstance', instance });
        break;
      case 1:
        push(t, { type: 'stopStreamsInstance', instance });
        push(t + 5_000 + nextInt(rng, 40_000), { type: 'restartStreamsInstance', instance });
        break;
      case 2:
        if (instances < 4) {
          push(t, { type: 'addStreamsInstance', app: 'app' });
          instances++;
        }
        break;
      default: {
        const broker = 1 + nextInt(rng, 3);
        push(t, { type: 'killBroker', broker });
        push(t + 3_000 + nextInt(rng, 20_000), { type: 'restartBroker', broker });
      }
    }
  }
  return {
    setup: {
      seed,
      brokers: [1, 2, 3],
      topics: [{ name: 'attempts', partitions: 4, replicationFactor: 3, minInsyncReplicas: 2 }],
      producers: [{ id: 'pos', topic: 'attempts' }],
      streams: [{ id: 'app', statements: STATEMENTS, instances: 2 }],
    },
    commands: byTime(commands),
    untilMs,
  };
}

describe('streams applications under faults (fixed seeds)', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every invariant holds after every step`, { timeout: 240_000 }, () => {
      const c = chaosCase(seed);
      // Commands the world refuses (restarting a running instance…) are traced as rejected.
      const run = runChecked(c.setup, c.commands, c.untilMs);
      const s = snapshot(run.world);
      expect(s.streams[0].queries[0].tasks.length).toBe(8);
      expect(run.events.some((e) => e.type === 'streamsRecordProcessed')).toBe(true);
    });
  }

  it("a checkpoint taken mid-run runs on to the straight run's trace", { timeout: 240_000 }, () => {
    const c = chaosCase(4);
    const straight = createWorld(c.setup);
    runWithCommands(straight, createCursor(c.commands), c.untilMs);

    const world = createWorld(c.setup);
    const cursor = createCursor(c.commands);
    runWithCommands(world, cursor, 70_000);
    const checkpoint = saveCheckpoint(world);
    const next = cursor.next;
    const restored = restoreCheckpoint(checkpoint);
    runWithCommands(restored, { entries: cursor.entries, next }, c.untilMs);
    expect(traceHash(restored)).toBe(traceHash(straight));
    expect(snapshot(restored).streams).toEqual(snapshot(straight).streams);
  });
});
