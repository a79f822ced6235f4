import { z } from 'zod';
import type { AddStreamsInstanceCommand, StreamsInstanceCommand } from '../../engine';
import { name, type CommandCodec } from './codec';

/** killStreamsInstance, stopStreamsInstance, restartStreamsInstance: the instance id, a step of the same name. */
function instanceCodec<T extends StreamsInstanceCommand['type']>(
  type: T,
): CommandCodec<StreamsInstanceCommand & { type: T }> {
  return {
    schema: z.strictObject({ type: z.literal(type), instance: name('consumer') }) as never,
    toStep: (command) => ({ kind: type, value: command.instance }),
  };
}

export const killStreamsInstanceCodec = instanceCodec('killStreamsInstance');
export const stopStreamsInstanceCodec = instanceCodec('stopStreamsInstance');
export const restartStreamsInstanceCodec = instanceCodec('restartStreamsInstance');

export const addStreamsInstanceCodec: CommandCodec<AddStreamsInstanceCommand> = {
  schema: z.strictObject({ type: z.literal('addStreamsInstance'), app: name('consumer') }),
  toStep: (command) => ({ kind: 'addStreamsInstance', value: command.app }),
};
