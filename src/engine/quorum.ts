import type { ControllerQuorumSetup } from './setup';
import type { ControllerNode } from './model';
import type { Snapshot } from './snapshot';
import type { World } from './world';

/**
 * The KRaft controller quorum (KIP-500, KIP-595): a few voters replicate the metadata log with
 * Raft; their elected leader is the active controller. A decision (an election, an ISR change,
 * a fencing) is made only when a majority of voters can commit it, so a quorum that has lost
 * its majority makes none: brokers keep serving with the metadata they have, and leadership
 * stays where it was, dead leaders included, until enough voters return.
 */

/**
 * Without a `controllers` field: the first three brokers also run a controller (a combined
 * quorum of three, the smallest that survives a failure), or the first broker alone in a
 * cluster of fewer than three.
 */
export function defaultQuorum(brokerIds: readonly number[]): ControllerQuorumSetup {
  const sorted = [...brokerIds].sort((a, b) => a - b);
  return { mode: 'combined', voters: sorted.slice(0, sorted.length >= 3 ? 3 : 1) };
}

/** Isolated controllers named by a count get ids from here on (as Kafka's test kit numbers them). */
export const FIRST_ISOLATED_CONTROLLER_ID = 3000;

/** The most voters a quorum may have (Kafka suggests 3 or 5; more only slows commits). */
export const MAX_VOTERS = 9;

/**
 * A scenario's `controllers` field as engine setup: a voter count becomes ids (the first
 * brokers for a combined quorum, 3000, 3001, … for an isolated one).
 */
export function resolveQuorum(
  spec: { mode: 'combined' | 'isolated'; voters: number | readonly number[] },
  brokerIds: readonly number[],
): ControllerQuorumSetup {
  if (typeof spec.voters !== 'number') return { mode: spec.mode, voters: spec.voters };
  const count = spec.voters;
  const voters =
    spec.mode === 'combined'
      ? [...brokerIds].sort((a, b) => a - b).slice(0, count)
      : Array.from({ length: count }, (_, i) => FIRST_ISOLATED_CONTROLLER_ID + i);
  return { mode: spec.mode, voters };
}

/** Why a quorum setup cannot be built on these brokers, or null. */
export function quorumSetupProblem(
  quorum: ControllerQuorumSetup,
  brokerIds: readonly number[],
): string | null {
  const voters = quorum.voters;
  if (voters.length === 0) return 'the controller quorum needs at least one voter';
  if (voters.length > MAX_VOTERS) return `at most ${MAX_VOTERS} controller voters`;
  if (quorum.mode === 'combined' && voters.length > brokerIds.length)
    return `${voters.length} combined voters, but only ${brokerIds.length} brokers to run them`;
  if (new Set(voters).size !== voters.length) return 'controller voters must be distinct';
  for (const id of voters) {
    const isBroker = brokerIds.includes(id);
    if (quorum.mode === 'combined' && !isBroker)
      return `combined controller ${id} is not a broker (combined voters are broker ids)`;
    if (quorum.mode === 'isolated' && isBroker)
      return `isolated controller ${id} has a broker's id (isolated controllers need ids of their own)`;
  }
  return null;
}

export function createControllerNodes(quorum: ControllerQuorumSetup): ControllerNode[] {
  return [...quorum.voters]
    .sort((a, b) => a - b)
    .map((id) => ({ id, broker: quorum.mode === 'combined' ? id : null, alive: true }));
}

export function liveVoterCount(world: World): number {
  let live = 0;
  for (const c of world.controllers) if (c.alive) live++;
  return live;
}

/** Raft commits with a strict majority of voters. */
export function hasMajority(world: World): boolean {
  return liveVoterCount(world) * 2 > world.controllers.length;
}

/**
 * Who wins an election among the live voters. Raft's winner is the candidate whose randomized
 * election timeout fires first (with an up-to-date log); kafkascope takes the lowest live id, so
 * a lesson's controller is predictable (a simplification named in the model notes).
 */
export function electedVoter(world: World): ControllerNode | undefined {
  return world.controllers.find((c) => c.alive);
}

export function controllerNodeById(world: World, id: number): ControllerNode | undefined {
  return world.controllers.find((c) => c.id === id);
}

/** The controller that runs in `brokerId`'s process (combined mode), if any. */
export function controllerOfBroker(world: World, brokerId: number): ControllerNode | undefined {
  return world.controllers.find((c) => c.broker === brokerId);
}

/** "broker 1" for a combined controller, "3000" for an isolated one: how texts name it. */
export function controllerName(id: number, onBroker: boolean): string {
  return onBroker ? `broker ${id}` : `${id}`;
}

/** The controller quorum at a glance: how many voters run, and whether they are a majority (Raft's rule). */
export interface QuorumState {
  readonly mode: 'combined' | 'isolated';
  readonly voters: number;
  readonly liveVoters: number;
  readonly majority: boolean;
  /** The active controller, or -1: electing one (majority) or none possible (no majority). */
  readonly active: number;
}

export function quorumState(s: Snapshot): QuorumState {
  const liveVoters = s.controllers.filter((c) => c.alive).length;
  return {
    mode: s.controllerMode,
    voters: s.controllers.length,
    liveVoters,
    majority: liveVoters * 2 > s.controllers.length,
    active: s.controllerId,
  };
}
