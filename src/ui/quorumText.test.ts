import { describe, expect, it } from 'vitest';
import { applyCommand, createWorld, runUntil, snapshot, type WorldSetup } from '../engine';
import { quorumNotice, voterLabel } from './quorumText';

const setup: WorldSetup = {
  seed: 1,
  brokers: [1, 2, 3],
  controllers: { mode: 'isolated', voters: [3000, 3001, 3002] },
  topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
};

describe('the quorum notice', () => {
  it('says nothing while a controller is active', () => {
    expect(quorumNotice(snapshot(createWorld(setup)))).toBeNull();
  });

  it('says the quorum is electing while a majority runs without a leader', () => {
    const world = createWorld(setup);
    applyCommand(world, { type: 'killController', controller: 3000 });
    const text = 'Electing an active controller (2 of 3 controller voters running).';
    expect(quorumNotice(snapshot(world))).toEqual({ tone: 'info', text, short: text });
    runUntil(world, 5000);
    expect(quorumNotice(snapshot(world))).toBeNull();
  });

  it('warns that nothing is decided without a majority', () => {
    const world = createWorld(setup);
    applyCommand(world, { type: 'killController', controller: 3001 });
    applyCommand(world, { type: 'killController', controller: 3002 });
    const notice = quorumNotice(snapshot(world));
    expect(notice?.tone).toBe('warn');
    expect(notice?.short).toBe('No active controller (1 of 3 voters): nothing is decided.');
    expect(notice?.text).toMatch(
      /^No active controller: 1 of 3 controller voters running, not a majority/,
    );
  });
});

describe('voter labels', () => {
  it('name isolated controllers by id and combined ones by broker', () => {
    expect(voterLabel({ id: 3000, alive: true, broker: null }, 3000)).toBe(
      'Controller 3000 · active controller',
    );
    expect(voterLabel({ id: 2, alive: true, broker: 2 }, 1)).toBe('Broker 2 · running');
    expect(voterLabel({ id: 3, alive: false, broker: 3 }, 1)).toBe('Broker 3 · down');
  });
});
