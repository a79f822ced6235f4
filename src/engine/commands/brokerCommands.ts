import { brokerById, processRuns } from '../cluster';
import {
  killBroker,
  killController,
  restartBroker,
  restartController,
  shutdownBroker,
} from '../controller';
import { controllerNodeById } from '../quorum';
import type { Broker, ControllerNode } from '../model';
import type { World } from '../world';
import type { CommandSpec } from './spec';

/** Crash (killBroker), controlled shutdown (shutdownBroker) or restart (restartBroker) of a broker. */
export interface BrokerCommand {
  type: 'killBroker' | 'shutdownBroker' | 'restartBroker';
  broker: number;
}

/** A crash or a controlled shutdown: the broker must be running. */
function stopSpec(
  stop: (world: World, broker: Broker) => void,
  words: string,
): CommandSpec<BrokerCommand> {
  return {
    validate(world, command) {
      const broker = brokerById(world, command.broker);
      if (broker === undefined) return `no broker ${command.broker}`;
      return processRuns(broker) ? null : `broker ${broker.id} is already down`;
    },
    apply: (world, command) => stop(world, brokerById(world, command.broker) as Broker),
    describe: (c) => `${words} broker ${c.broker}`,
  };
}

export const killBrokerSpec = stopSpec(killBroker, 'kill');
export const shutdownBrokerSpec = stopSpec(shutdownBroker, 'shut down');

export const restartBrokerSpec: CommandSpec<BrokerCommand> = {
  validate(world, command) {
    const broker = brokerById(world, command.broker);
    if (broker === undefined) return `no broker ${command.broker}`;
    return processRuns(broker) ? `broker ${broker.id} is already running` : null;
  },
  apply: (world, command) => restartBroker(world, brokerById(world, command.broker) as Broker),
  describe: (c) => `restart broker ${c.broker}`,
};

/** Crash (killController) or restart (restartController) of an isolated KRaft controller. */
export interface ControllerCommand {
  type: 'killController' | 'restartController';
  controller: number;
}

/** Why `id` names no isolated controller (combined ones stop and start with their broker), or null. */
function isolatedControllerProblem(world: World, id: number): string | null {
  const node = controllerNodeById(world, id);
  if (node === undefined) {
    const voters = world.controllers.map((c) => c.id).join(', ');
    return `no controller ${id} (the quorum's voters: ${voters})`;
  }
  if (node.broker !== null)
    return `controller ${id} runs inside broker ${node.broker} (a combined quorum): kill or restart the broker`;
  return null;
}

export const killControllerSpec: CommandSpec<ControllerCommand> = {
  validate(world, command) {
    const problem = isolatedControllerProblem(world, command.controller);
    if (problem !== null) return problem;
    const node = controllerNodeById(world, command.controller) as ControllerNode;
    return node.alive ? null : `controller ${node.id} is already down`;
  },
  apply: (world, command) =>
    killController(world, controllerNodeById(world, command.controller) as ControllerNode),
  describe: (c) => `kill controller ${c.controller}`,
};

export const restartControllerSpec: CommandSpec<ControllerCommand> = {
  validate(world, command) {
    const problem = isolatedControllerProblem(world, command.controller);
    if (problem !== null) return problem;
    const node = controllerNodeById(world, command.controller) as ControllerNode;
    return node.alive ? `controller ${node.id} is already running` : null;
  },
  apply: (world, command) =>
    restartController(world, controllerNodeById(world, command.controller) as ControllerNode),
  describe: (c) => `restart controller ${c.controller}`,
};
