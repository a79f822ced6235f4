import { z } from 'zod';
import type {
  AddPartitionsCommand,
  BrokerCommand,
  ControllerCommand,
  NarrateCommand,
} from '../../engine';
import { COMMAND_LIMITS, name, text, whole, type CommandCodec } from './codec';

/** killBroker, shutdownBroker, restartBroker: the broker's id, a step of the same name. */
function brokerCodec<T extends BrokerCommand['type']>(
  type: T,
): CommandCodec<BrokerCommand & { type: T }> {
  return {
    schema: z.strictObject({
      type: z.literal(type),
      broker: whole(0, COMMAND_LIMITS.brokerId),
    }) as never,
    toStep: (command) => ({ kind: type, value: command.broker }),
  };
}

export const killBrokerCodec = brokerCodec('killBroker');
export const shutdownBrokerCodec = brokerCodec('shutdownBroker');
export const restartBrokerCodec = brokerCodec('restartBroker');

/** killController, restartController: an isolated controller's id, a step of the same name. */
function controllerCodec<T extends ControllerCommand['type']>(
  type: T,
): CommandCodec<ControllerCommand & { type: T }> {
  return {
    schema: z.strictObject({
      type: z.literal(type),
      controller: whole(0, COMMAND_LIMITS.brokerId),
    }) as never,
    toStep: (command) => ({ kind: type, value: command.controller }),
  };
}

export const killControllerCodec = controllerCodec('killController');
export const restartControllerCodec = controllerCodec('restartController');

export const addPartitionsCodec: CommandCodec<AddPartitionsCommand> = {
  schema: z.strictObject({
    type: z.literal('addPartitions'),
    topic: name('topic'),
    count: whole(1, COMMAND_LIMITS.partitionsAdded),
  }),
  toStep: (command) => ({
    kind: 'addPartitions',
    value: { topic: command.topic, count: command.count },
  }),
};

/** A caption's words: the `say` step (a caption's focus is the step's, not the command's). */
export const narrateCodec: CommandCodec<NarrateCommand> = {
  schema: z.strictObject({ type: z.literal('narrate'), text }),
  toStep: (command) => ({ kind: 'say', value: command.text }),
};
