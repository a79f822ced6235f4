import { z } from 'zod';
import type { Command, CommandOf, CommandType } from '../../engine';
import {
  addPartitionsCodec,
  killBrokerCodec,
  killControllerCodec,
  restartControllerCodec,
  narrateCodec,
  restartBrokerCodec,
  shutdownBrokerCodec,
} from './clusterCodecs';
import type { CommandCodec, ExportedStep } from './codec';
import {
  addConsumerCodec,
  commitCodec,
  crashConsumerCodec,
  pauseConsumerCodec,
  stallConsumerCodec,
  removeConsumerCodec,
  resumeConsumerCodec,
  seekCodec,
} from './consumerCodecs';
import { configureProducerCodec, produceCodec, setProducerRateCodec } from './producerCodecs';
import {
  addStreamsInstanceCodec,
  killStreamsInstanceCodec,
  restartStreamsInstanceCodec,
  stopStreamsInstanceCodec,
} from './streamsCodecs';

export { COMMAND_LIMITS, type CommandCodec, type ExportedStep, type StepValue } from './codec';

/**
 * Every command type's codec: a command type without one does not compile. The engine's
 * `COMMAND_SPECS` is the other half (docs/architecture.md, "Adding a command").
 */
export const COMMAND_CODECS: { readonly [T in CommandType]: CommandCodec<CommandOf<T>> } = {
  produce: produceCodec,
  setProducerRate: setProducerRateCodec,
  configureProducer: configureProducerCodec,
  seek: seekCodec,
  narrate: narrateCodec,
  killBroker: killBrokerCodec,
  shutdownBroker: shutdownBrokerCodec,
  restartBroker: restartBrokerCodec,
  killController: killControllerCodec,
  restartController: restartControllerCodec,
  addConsumer: addConsumerCodec,
  removeConsumer: removeConsumerCodec,
  crashConsumer: crashConsumerCodec,
  pauseConsumer: pauseConsumerCodec,
  stallConsumer: stallConsumerCodec,
  resumeConsumer: resumeConsumerCodec,
  commit: commitCodec,
  addPartitions: addPartitionsCodec,
  killStreamsInstance: killStreamsInstanceCodec,
  stopStreamsInstance: stopStreamsInstanceCodec,
  restartStreamsInstance: restartStreamsInstanceCodec,
  addStreamsInstance: addStreamsInstanceCodec,
};

const schemas = Object.values(COMMAND_CODECS).map((codec) => codec.schema) as unknown as [
  z.ZodObject,
  ...z.ZodObject[],
];

/** Every engine `Command`, by shape (share links, autosave): its fields and their types, nothing else. */
export const commandSchema = z.discriminatedUnion('type', schemas) as unknown as z.ZodType<Command>;

/** The step that compiles to `command` (as the engine reads it), or why there is none. */
export function stepOfCommand(command: Command): ExportedStep | string {
  if (typeof command !== 'object' || command === null) return 'it is not a command';
  if (!Object.hasOwn(COMMAND_CODECS, command.type))
    return `the command "${String(command.type)}" has no scenario step`;
  return (COMMAND_CODECS[command.type] as CommandCodec<Command>).toStep(command);
}
