import type { Acks, Header, OffsetSpec } from './model';
import type { PartitionerName } from './partitioner';
import type { ConsumerSetup } from './setup';

/**
 * Every change to a running world is one of these serialisable commands: a scenario step,
 * a click in the UI, the CLI and the fuzzer all go through `applyCommand`, so a session can
 * be replayed or exported as a scenario.
 */
export type Command =
  | ProduceCommand
  | SetProducerRateCommand
  | ConfigureProducerCommand
  | SeekCommand
  | NarrateCommand
  | BrokerCommand
  | AddConsumerCommand
  | ConsumerCommand
  | CommitCommand
  | AddPartitionsCommand;

/** Every command type, once: the compiler insists the record names each exactly. */
const COMMAND_TYPE_RECORD: Record<Command['type'], true> = {
  produce: true,
  setProducerRate: true,
  configureProducer: true,
  seek: true,
  narrate: true,
  killBroker: true,
  shutdownBroker: true,
  restartBroker: true,
  addConsumer: true,
  removeConsumer: true,
  crashConsumer: true,
  pauseConsumer: true,
  resumeConsumer: true,
  commit: true,
  addPartitions: true,
};

/** Every command type (for checks that something covers them all: export, share links). */
export const COMMAND_TYPES = Object.keys(COMMAND_TYPE_RECORD) as readonly Command['type'][];

export interface KeyChoice {
  /** One key for every record (null: no key). */
  key?: string | null;
  /** Keys drawn from a list, in order or at random (seeded). */
  keys?: readonly string[];
  keyOrder?: 'cycle' | 'random';
}

export interface ProduceCommand extends KeyChoice {
  type: 'produce';
  producer: string;
  /** Defaults to the producer's topic. */
  topic?: string;
  /** The value; default "<producer>-<sequence>". */
  value?: string | null;
  headers?: readonly Header[];
  /** How many records (default 1). */
  count?: number;
  /** An explicit partition, bypassing the partitioner (ProducerRecord with a partition). */
  partition?: number;
}

export interface SetProducerRateCommand extends KeyChoice {
  type: 'setProducerRate';
  producer: string;
  /** Records per second; 0 stops. */
  rate: number;
}

export interface ConfigureProducerCommand {
  type: 'configureProducer';
  producer: string;
  partitioner?: PartitionerName;
  acks?: Acks;
}

export interface SeekCommand {
  type: 'seek';
  consumer: string;
  topic?: string;
  /** Omitted: every assigned partition of the topic. */
  partition?: number;
  offset: OffsetSpec;
}

export interface NarrateCommand {
  type: 'narrate';
  text: string;
}

/** Crash (killBroker), controlled shutdown (shutdownBroker) or restart (restartBroker) of a broker. */
export interface BrokerCommand {
  type: 'killBroker' | 'shutdownBroker' | 'restartBroker';
  broker: number;
}

/** A consumer joins (a new one, or a crashed one coming back under the same id). */
export interface AddConsumerCommand {
  type: 'addConsumer';
  consumer: ConsumerSetup;
}

/**
 * removeConsumer: a graceful close (LeaveGroup for dynamic members); crashConsumer: the
 * process dies, no goodbye; pauseConsumer / resumeConsumer: it stops / resumes polling.
 */
export interface ConsumerCommand {
  type: 'removeConsumer' | 'crashConsumer' | 'pauseConsumer' | 'resumeConsumer';
  consumer: string;
}

/** commitSync of the consumer's current positions. */
export interface CommitCommand {
  type: 'commit';
  consumer: string;
}

/** CreatePartitions: `count` more partitions for a topic (keys remap; groups rebalance). */
export interface AddPartitionsCommand {
  type: 'addPartitions';
  topic: string;
  count: number;
}
