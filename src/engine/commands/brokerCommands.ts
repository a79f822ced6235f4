import { brokerById } from '../cluster';
import { killBroker, restartBroker, shutdownBroker } from '../controller';
import type { Broker } from '../model';
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
      return broker.alive ? null : `broker ${broker.id} is already down`;
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
    return broker.alive ? `broker ${broker.id} is already running` : null;
  },
  apply: (world, command) => restartBroker(world, brokerById(world, command.broker) as Broker),
  describe: (c) => `restart broker ${c.broker}`,
};
