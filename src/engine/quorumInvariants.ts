import type { TraceEvent } from './events';
import { checkInvariants, checkReads, type InvariantMemory } from './invariants';
import { hasMajority } from './quorum';
import type { World } from './world';

/**
 * Invariants of the KRaft controller quorum, checked after every step by the tests and the
 * fuzzer: an active controller is a running voter of a quorum with its majority, decisions
 * are only made while one is active, and a broker waiting to register serves nothing.
 */

/** Events only the active controller can cause. */
const DECISIONS: ReadonlySet<TraceEvent['type']> = new Set([
  'leaderChanged',
  'isrChanged',
  'brokerFenced',
  'brokerUnfenced',
  'partitionsAdded',
]);

export function checkQuorumState(world: World): string[] {
  const problems: string[] = [];
  const active = world.controllerId;
  if (active !== -1) {
    const node = world.controllers.find((c) => c.id === active);
    if (node === undefined) problems.push(`active controller ${active} is no voter`);
    else if (!node.alive) problems.push(`active controller ${active} is not running`);
    if (!hasMajority(world))
      problems.push(`active controller ${active} without a majority of voters running`);
  }
  for (const c of world.controllers) {
    if (c.broker === null) continue;
    const broker = world.brokers.find((b) => b.id === c.broker);
    const runs = broker !== undefined && (broker.alive || broker.awaitingRegistration === true);
    if (c.alive !== runs)
      problems.push(
        `combined controller ${c.id} ${c.alive ? 'runs' : 'is down'} but its broker does not`,
      );
  }
  for (const b of world.brokers)
    if (b.awaitingRegistration === true && b.alive)
      problems.push(`broker ${b.id} serves while it waits to register`);
  return problems;
}

/**
 * The step's decisions were made by an active controller: one was active when the step began
 * (a controlled shutdown of its own broker stops it after it moved the leaderships) or when it
 * ended (elected in this step, then it decided).
 */
export function checkDecisionsHadController(
  world: World,
  controllerBeforeStep: number,
  emitted: readonly TraceEvent[],
): string[] {
  if (controllerBeforeStep !== -1 || world.controllerId !== -1) return [];
  const decision = emitted.find((e) => DECISIONS.has(e.type));
  return decision === undefined
    ? []
    : [`${decision.type} at ${decision.atMs} ms with no active controller`];
}

/**
 * Everything checked after a step, as the tests and the fuzzer check it: Kafka's invariants,
 * the reads the step's events show, and the quorum's. `controllerBefore` is the active
 * controller when the step began.
 */
export function checkStep(
  world: World,
  memory: InvariantMemory,
  emitted: readonly TraceEvent[],
  controllerBefore: number,
): string[] {
  const problems = checkInvariants(world, memory);
  for (const more of [
    checkReads(emitted, memory),
    checkQuorumState(world),
    checkDecisionsHadController(world, controllerBefore, emitted),
  ])
    for (const problem of more) problems.push(problem);
  return problems;
}
