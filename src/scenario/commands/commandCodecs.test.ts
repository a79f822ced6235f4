import { describe, expect, it } from 'vitest';
import {
  COMMAND_SPECS,
  COMMAND_TYPES,
  describeCommand,
  type CommandOf,
  type CommandType,
} from '../../engine';
import { COMMAND_CODECS, commandSchema, stepOfCommand } from '.';

/**
 * One sample of every command type. The table is keyed by type, so a new command type does
 * not compile until it has a sample here, and then the checks below ask for its spec and codec.
 */
const SAMPLES: { readonly [T in CommandType]: CommandOf<T> } = {
  produce: {
    type: 'produce',
    producer: 'app',
    key: 'alice',
    value: 'v',
    count: 2,
    timestampMs: 290_000,
  },
  setProducerRate: { type: 'setProducerRate', producer: 'app', rate: 5, keys: ['a', 'b'] },
  configureProducer: { type: 'configureProducer', producer: 'app', acks: 1 },
  seek: { type: 'seek', consumer: 'c1', topic: 'orders', partition: 0, offset: 'earliest' },
  narrate: { type: 'narrate', text: 'hello' },
  killBroker: { type: 'killBroker', broker: 2 },
  shutdownBroker: { type: 'shutdownBroker', broker: 2 },
  restartBroker: { type: 'restartBroker', broker: 2 },
  killController: { type: 'killController', controller: 3001 },
  restartController: { type: 'restartController', controller: 3001 },
  addConsumer: {
    type: 'addConsumer',
    consumer: { id: 'my group-1', group: 'my group', topics: ['orders'] },
  },
  removeConsumer: { type: 'removeConsumer', consumer: 'c1' },
  crashConsumer: { type: 'crashConsumer', consumer: 'c1' },
  pauseConsumer: { type: 'pauseConsumer', consumer: 'c1' },
  stallConsumer: { type: 'stallConsumer', consumer: 'c1' },
  resumeConsumer: { type: 'resumeConsumer', consumer: 'c1' },
  commit: { type: 'commit', consumer: 'c1' },
  addPartitions: { type: 'addPartitions', topic: 'orders', count: 2 },
  killStreamsInstance: { type: 'killStreamsInstance', instance: 'fraud-2' },
  stopStreamsInstance: { type: 'stopStreamsInstance', instance: 'fraud-2' },
  restartStreamsInstance: { type: 'restartStreamsInstance', instance: 'fraud-2' },
  addStreamsInstance: { type: 'addStreamsInstance', app: 'fraud' },
};

describe('command specs and codecs', () => {
  it('every command type has an engine spec and a codec, and nothing else does', () => {
    const types = [...COMMAND_TYPES].sort();
    expect(Object.keys(COMMAND_SPECS).sort()).toEqual(types);
    expect(Object.keys(COMMAND_CODECS).sort()).toEqual(types);
    expect(Object.keys(SAMPLES).sort()).toEqual(types);
  });

  it("each sample passes the share links' schema as it is, and only its own codec's schema", () => {
    for (const type of COMMAND_TYPES) {
      const sample = SAMPLES[type];
      expect(commandSchema.parse(sample), type).toEqual(sample);
      for (const other of COMMAND_TYPES)
        expect(COMMAND_CODECS[other].schema.safeParse(sample).success, `${other} ← ${type}`).toBe(
          other === type,
        );
    }
  });

  it('the schema refuses unknown fields and names against the name rule', () => {
    expect(commandSchema.safeParse({ type: 'killBroker', broker: 1, extra: 1 }).success).toBe(
      false,
    );
    expect(commandSchema.safeParse({ type: 'commit', consumer: '' }).success).toBe(false);
    expect(commandSchema.safeParse({ type: 'addPartitions', topic: 'a b', count: 1 }).success).toBe(
      false,
    );
    expect(commandSchema.safeParse({ type: 'noSuchCommand' }).success).toBe(false);
  });

  it('each command exports as the step of its kind, and says what it does in plain words', () => {
    const kinds: Record<string, string> = {};
    for (const type of COMMAND_TYPES) {
      const step = stepOfCommand(SAMPLES[type]);
      if (typeof step === 'string') throw new Error(`${type}: ${step}`);
      kinds[type] = step.kind;
      expect(describeCommand(SAMPLES[type]).length, type).toBeGreaterThan(0);
    }
    expect(kinds).toMatchObject({
      narrate: 'say',
      setProducerRate: 'rate',
      killBroker: 'killBroker',
    });
    expect(describeCommand(SAMPLES.killBroker)).toBe('kill broker 2');
    expect(describeCommand(SAMPLES.addConsumer)).toBe('add consumer my group-1 to my group');
    // Not a command at all: a reason, never a throw.
    expect(stepOfCommand({ type: 'noSuchCommand' } as never)).toMatch(/has no scenario step/);
    expect(stepOfCommand({ type: '__proto__' } as never)).toMatch(/has no scenario step/);
  });
});
