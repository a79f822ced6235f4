import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from './commands';
import { lostRecordsOf, lostScanOptions } from './lost';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint';
import { createCursor, runWithCommands } from './timedCommands';
import { runChecked } from './testing';
import type { WorldSetup } from './setup';
import { takeEmitted } from './simulation';

const at = (atMs: number, command: Command) => ({ atMs, command });
const kill = (broker: number): Command => ({ type: 'killBroker', broker });
const restart = (broker: number): Command => ({ type: 'restartBroker', broker });

/**
 * Brokers crash one after another under two producers that keep sending (acks=1, unclean
 * elections allowed): each crash elects many leaders at once, each election runs a full scan,
 * and some acknowledged records are lost on the way.
 */
function crashes(seed: number): {
  setup: WorldSetup;
  commands: { atMs: number; command: Command }[];
} {
  const setup: WorldSetup = {
    seed,
    brokers: [1, 2, 3, 4],
    controllers: { mode: 'combined', voters: [4] },
    topics: [
      {
        name: 'orders',
        partitions: 6,
        replicationFactor: 3,
        uncleanLeaderElection: true,
        minInsyncReplicas: 1,
      },
      {
        name: 'audit',
        partitions: 3,
        replicationFactor: 2,
        uncleanLeaderElection: true,
        minInsyncReplicas: 1,
      },
    ],
    producers: [
      { id: 'shop', topic: 'orders', acks: 1 },
      { id: 'auditor', topic: 'audit', acks: 1 },
    ],
    consumers: [{ id: 'reader', group: 'g', topics: ['orders', 'audit'], from: 'earliest' }],
    config: { network: { latencyMs: 5, jitterMs: 3 } },
  };
  const commands = [
    at(100, {
      type: 'setProducerRate',
      producer: 'shop',
      rate: 400,
      keys: ['a', 'b', 'c', 'd', 'e'],
    }),
    at(100, { type: 'setProducerRate', producer: 'auditor', rate: 150 }),
  ];
  // Each broker but the controller's crashes in turn; a follower crashed first makes its
  // partitions' leaders the only copies, so the leader's crash then loses records.
  for (let round = 0; round < 3; round++)
    for (const broker of [1, 2, 3]) {
      const t = 2_000 + (round * 3 + broker) * 4_000;
      const follower = (broker % 3) + 1;
      commands.push(at(t, kill(follower)), at(t + 1_200, kill(broker)));
      commands.push(at(t + 1_500, restart(follower)), at(t + 2_500, restart(broker)));
    }
  return { setup, commands };
}

afterEach(() => {
  lostScanOptions.skipUnchanged = true;
});

describe('lost-record detection', () => {
  it('finds the same lost records, at the same moments, skipping what it already checked', () => {
    for (const seed of [1, 2, 3]) {
      const { setup, commands } = crashes(seed);
      lostScanOptions.skipUnchanged = false;
      const plain = runChecked(setup, commands, 44_000);
      lostScanOptions.skipUnchanged = true;
      const skipping = runChecked(setup, commands, 44_000);
      const lostEvents = plain.events.filter((e) => e.type === 'acknowledgedRecordsLost');
      expect(lostEvents.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(plain.events.filter((e) => e.type === 'leaderChanged').length).toBeGreaterThan(20);
      expect(skipping.events, `seed ${seed}`).toEqual(plain.events);
      expect(lostRecordsOf(skipping.world)).toEqual(lostRecordsOf(plain.world));
    }
  });

  it('scans everything again in a world restored from a checkpoint', () => {
    const { setup, commands } = crashes(4);
    const straight = runChecked(setup, commands, 44_000);
    const half = runChecked(setup, commands, 20_000);
    const restored = restoreCheckpoint(saveCheckpoint(half.world));
    takeEmitted(restored);
    const later = commands.filter((c) => c.atMs > 20_000);
    const events = [...half.events];
    runWithCommands(restored, createCursor(later), 44_000, (emitted) => {
      events.push(...emitted);
    });
    expect(events.filter((e) => e.type === 'acknowledgedRecordsLost')).toEqual(
      straight.events.filter((e) => e.type === 'acknowledgedRecordsLost'),
    );
    expect(lostRecordsOf(restored)).toEqual(lostRecordsOf(straight.world));
  });
});
