import { z } from 'zod';
import {
  PARTITIONER_NAMES,
  type ConfigureProducerCommand,
  type PartitionerName,
  type ProduceCommand,
  type SetProducerRateCommand,
} from '../../engine';
import {
  canonicalKeys,
  COMMAND_LIMITS,
  fields,
  keyChoice,
  keyFields,
  name,
  text,
  whole,
  type CommandCodec,
} from './codec';

export const produceCodec: CommandCodec<ProduceCommand> = {
  schema: z.strictObject({
    type: z.literal('produce'),
    producer: name('producer'),
    topic: name('topic').optional(),
    ...keyChoice,
    value: text.nullable().optional(),
    headers: z
      .array(z.tuple([text, text]).readonly())
      .max(COMMAND_LIMITS.headersPerRecord)
      .optional(),
    count: whole(0, COMMAND_LIMITS.recordsPerProduce).optional(),
    partition: whole(0, Number.MAX_SAFE_INTEGER).optional(),
    timestampMs: whole(0, Number.MAX_SAFE_INTEGER).optional(),
  }),
  toStep(command) {
    const keys = canonicalKeys(command);
    return {
      kind: 'produce',
      value: fields({
        producer: command.producer,
        topic: command.topic,
        ...(keys.keys === undefined && command.key === null ? { key: null } : keyFields(keys)),
        value: command.value,
        count: command.count,
        headers:
          command.headers === undefined || command.headers.length === 0
            ? undefined
            : command.headers.map(([headerName, value]) => ({ name: headerName, value })),
        partition: command.partition,
        timestamp: command.timestampMs,
      }),
    };
  },
};

export const setProducerRateCodec: CommandCodec<SetProducerRateCommand> = {
  schema: z.strictObject({
    type: z.literal('setProducerRate'),
    producer: name('producer'),
    rate: z.number().min(0).max(COMMAND_LIMITS.ratePerSecond),
    ...keyChoice,
  }),
  toStep(command) {
    const keys = canonicalKeys(command);
    // Explicit keys always: a rate step without them would carry over the previous ones.
    return {
      kind: 'rate',
      value: fields({
        producer: command.producer,
        rate: command.rate,
        ...(keys.keys === undefined && keys.key === undefined ? { key: null } : keyFields(keys)),
      }),
    };
  },
};

export const configureProducerCodec: CommandCodec<ConfigureProducerCommand> = {
  schema: z.strictObject({
    type: z.literal('configureProducer'),
    producer: name('producer'),
    partitioner: z
      .enum(PARTITIONER_NAMES as unknown as [PartitionerName, ...PartitionerName[]])
      .optional(),
    acks: z.literal([0, 1, 'all']).optional(),
  }),
  toStep: (command) => ({
    kind: 'configure',
    value: fields({
      producer: command.producer,
      partitioner: command.partitioner,
      acks: command.acks,
    }),
  }),
};
