import { z } from 'zod';
import type { AddConsumerCommand, CommitCommand, ConsumerCommand, SeekCommand } from '../../engine';
import {
  consumerFields,
  consumerSetup,
  fields,
  name,
  offsetSpec,
  whole,
  type CommandCodec,
} from './codec';

export const addConsumerCodec: CommandCodec<AddConsumerCommand> = {
  schema: z.strictObject({ type: z.literal('addConsumer'), consumer: consumerSetup }),
  toStep: (command) => ({ kind: 'addConsumer', value: consumerFields(command.consumer) }),
};

/** removeConsumer, crashConsumer, pauseConsumer, stallConsumer, resumeConsumer: the consumer's id, a step of the same name. */
function lifecycleCodec<T extends ConsumerCommand['type']>(
  type: T,
): CommandCodec<ConsumerCommand & { type: T }> {
  return {
    schema: z.strictObject({ type: z.literal(type), consumer: name('consumer') }) as never,
    toStep: (command) => ({ kind: type, value: command.consumer }),
  };
}

export const removeConsumerCodec = lifecycleCodec('removeConsumer');
export const crashConsumerCodec = lifecycleCodec('crashConsumer');
export const pauseConsumerCodec = lifecycleCodec('pauseConsumer');
export const stallConsumerCodec = lifecycleCodec('stallConsumer');
export const resumeConsumerCodec = lifecycleCodec('resumeConsumer');

export const commitCodec: CommandCodec<CommitCommand> = {
  schema: z.strictObject({ type: z.literal('commit'), consumer: name('consumer') }),
  toStep: (command) => ({ kind: 'commit', value: command.consumer }),
};

export const seekCodec: CommandCodec<SeekCommand> = {
  schema: z.strictObject({
    type: z.literal('seek'),
    consumer: name('consumer'),
    topic: name('topic').optional(),
    partition: whole(0, Number.MAX_SAFE_INTEGER).optional(),
    offset: offsetSpec,
  }),
  toStep: (command) => ({
    kind: 'seek',
    value: fields({
      consumer: command.consumer,
      topic: command.topic,
      partition: command.partition,
      offset: command.offset,
    }),
  }),
};
