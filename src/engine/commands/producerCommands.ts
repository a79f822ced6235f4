import type { Acks, Header } from '../model';
import { own } from '../names';
import type { PartitionerName } from '../partitioner';
import { effectiveIdempotence, idempotenceProblem, keyModeOf, produce, setRate } from '../producer';
import { emit } from '../world';
import type { CommandSpec } from './spec';

/** Which key each record gets: one key, or keys from a list in order or at random (seeded). */
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
  /**
   * The records' timestamp (CreateTime, the event time a stream processor windows by), in ms
   * on the simulation's clock; default the moment each is sent. ProducerRecord refuses a
   * negative one. (The broker's bounds on timestamps, `log.message.timestamp.before.max.ms`
   * and `after.max.ms`, are not modelled.)
   */
  timestampMs?: number;
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

export const produceSpec: CommandSpec<ProduceCommand> = {
  validate(world, command) {
    const producer = own(world.producers, command.producer);
    if (producer === undefined) return `no producer "${command.producer}"`;
    const topicName = command.topic ?? producer.topic;
    if (topicName === null)
      return `producer "${producer.id}" has no topic and the command names none`;
    const topic = own(world.topics, topicName);
    if (topic === undefined) return `no topic "${topicName}"`;
    if (
      command.partition !== undefined &&
      !(command.partition >= 0 && command.partition < topic.partitions.length)
    )
      return `topic "${topicName}" has no partition ${command.partition}`;
    if (
      command.timestampMs !== undefined &&
      !(Number.isSafeInteger(command.timestampMs) && command.timestampMs >= 0)
    )
      // ProducerRecord's own check, in its words.
      return `Invalid timestamp: ${command.timestampMs}. Timestamp should always be non-negative or null.`;
    return null;
  },
  apply: produce,
  describe: (c) => `produce ${c.count ?? 1} to ${c.topic ?? 'its topic'} (${c.producer})`,
};

export const setProducerRateSpec: CommandSpec<SetProducerRateCommand> = {
  validate(world, command) {
    const producer = own(world.producers, command.producer);
    if (producer === undefined) return `no producer "${command.producer}"`;
    if (producer.topic === null) return `producer "${producer.id}" has no topic to produce to`;
    return command.rate >= 0 ? null : 'rate must be at least 0';
  },
  apply(world, command) {
    const producer = world.producers[command.producer];
    setRate(world, producer, command.rate, keyModeOf(command));
    emit(world, {
      type: 'producerRateChanged',
      atMs: world.nowMs,
      producer: producer.id,
      rate: command.rate,
    });
  },
  describe: (c) => `${c.producer} rate ${c.rate}/s`,
};

export const configureProducerSpec: CommandSpec<ConfigureProducerCommand> = {
  validate(world, command) {
    const producer = own(world.producers, command.producer);
    if (producer === undefined) return `no producer "${command.producer}"`;
    return idempotenceProblem(
      producer.idempotenceSetting,
      command.acks ?? producer.acks,
      producer.maxInFlight,
    );
  },
  apply(world, command) {
    const producer = world.producers[command.producer];
    producer.partitioner = command.partitioner ?? producer.partitioner;
    producer.acks = command.acks ?? producer.acks;
    producer.idempotent = effectiveIdempotence(
      producer.idempotenceSetting,
      producer.acks,
      producer.maxInFlight,
    );
    emit(world, {
      type: 'producerConfigured',
      atMs: world.nowMs,
      producer: producer.id,
      partitioner: producer.partitioner,
      acks: producer.acks,
    });
  },
  describe: (c) => `configure ${c.producer}`,
};
