import {
  killBrokerSpec,
  killControllerSpec,
  restartBrokerSpec,
  restartControllerSpec,
  shutdownBrokerSpec,
  type BrokerCommand,
  type ControllerCommand,
} from './brokerCommands';
import {
  addConsumerSpec,
  commitSpec,
  crashConsumerSpec,
  pauseConsumerSpec,
  stallConsumerSpec,
  removeConsumerSpec,
  resumeConsumerSpec,
  seekSpec,
  type AddConsumerCommand,
  type CommitCommand,
  type ConsumerCommand,
  type SeekCommand,
} from './consumerCommands';
import { narrateSpec, type NarrateCommand } from './narrate';
import {
  configureProducerSpec,
  produceSpec,
  setProducerRateSpec,
  type ConfigureProducerCommand,
  type ProduceCommand,
  type SetProducerRateCommand,
} from './producerCommands';
import type { World } from '../world';
import type { CommandSpec } from './spec';
import {
  addStreamsInstanceSpec,
  killStreamsInstanceSpec,
  restartStreamsInstanceSpec,
  stopStreamsInstanceSpec,
  type AddStreamsInstanceCommand,
  type StreamsInstanceCommand,
} from './streamsCommands';
import { addPartitionsSpec, type AddPartitionsCommand } from './topicCommands';

export type { BrokerCommand, ControllerCommand } from './brokerCommands';
export type {
  AddConsumerCommand,
  CommitCommand,
  ConsumerCommand,
  SeekCommand,
} from './consumerCommands';
export type { NarrateCommand } from './narrate';
export type {
  ConfigureProducerCommand,
  KeyChoice,
  ProduceCommand,
  SetProducerRateCommand,
} from './producerCommands';
export type { CommandSpec } from './spec';
export type { AddPartitionsCommand } from './topicCommands';
export type { AddStreamsInstanceCommand, StreamsInstanceCommand } from './streamsCommands';

/**
 * Every change to a running world is one of these serialisable commands: a scenario step,
 * a click in the UI, the CLI and the fuzzer all go through `applyCommand`, so a session can
 * be replayed or exported as a scenario. Each is defined, validated, applied and described
 * in its own module; `COMMAND_SPECS` registers them (docs/architecture.md, "Adding a
 * command").
 */
export type Command =
  | ProduceCommand
  | SetProducerRateCommand
  | ConfigureProducerCommand
  | SeekCommand
  | NarrateCommand
  | BrokerCommand
  | ControllerCommand
  | AddConsumerCommand
  | ConsumerCommand
  | CommitCommand
  | AddPartitionsCommand
  | StreamsInstanceCommand
  | AddStreamsInstanceCommand;

export type CommandType = Command['type'];

/**
 * The command of one type: `CommandOf<'killBroker'>` is a `BrokerCommand` whose type is
 * 'killBroker' (`Extract` would give never for a command interface shared by several types).
 */
export type CommandOf<T extends CommandType> = OfType<Command, T>;
type OfType<C, T> = C extends { type: infer U } ? (T extends U ? C & { type: T } : never) : never;

/** Every command type's spec: a type without one, or a spec of no type, does not compile. */
export const COMMAND_SPECS: { readonly [T in CommandType]: CommandSpec<CommandOf<T>> } = {
  produce: produceSpec,
  setProducerRate: setProducerRateSpec,
  configureProducer: configureProducerSpec,
  seek: seekSpec,
  narrate: narrateSpec,
  killBroker: killBrokerSpec,
  shutdownBroker: shutdownBrokerSpec,
  restartBroker: restartBrokerSpec,
  killController: killControllerSpec,
  restartController: restartControllerSpec,
  addConsumer: addConsumerSpec,
  removeConsumer: removeConsumerSpec,
  crashConsumer: crashConsumerSpec,
  pauseConsumer: pauseConsumerSpec,
  stallConsumer: stallConsumerSpec,
  resumeConsumer: resumeConsumerSpec,
  commit: commitSpec,
  addPartitions: addPartitionsSpec,
  killStreamsInstance: killStreamsInstanceSpec,
  stopStreamsInstance: stopStreamsInstanceSpec,
  restartStreamsInstance: restartStreamsInstanceSpec,
  addStreamsInstance: addStreamsInstanceSpec,
};

/** Every command type (for checks that something covers them all: export, share links). */
export const COMMAND_TYPES = Object.keys(COMMAND_SPECS) as readonly CommandType[];

/** A command's spec (its type picks it; the registry's type guarantees there is one). */
export function specOf<C extends Command>(command: C): CommandSpec<C> {
  return COMMAND_SPECS[command.type as CommandType] as unknown as CommandSpec<C>;
}

/** Why a command cannot apply to the world as it is now, or null if it can. */
export function validateCommand(world: World, command: Command): string | null {
  return specOf(command).validate(world, command);
}

/** "kill broker 2", "add consumer c3 to billing": a command, briefly, in plain words. */
export function describeCommand(command: Command): string {
  return specOf(command).describe(command);
}
