import { own } from '../names';
import {
  addStreamsInstance,
  appOfInstance,
  consumerIdOf,
  startInstance,
  stopInstance,
} from '../streams/cluster/app';
import { producerIdOf } from '../streams/cluster/runtime';
import type { CommandSpec } from './spec';

/**
 * A streams application's instances come and go: `killStreamsInstance` (the process dies, no
 * commit), `stopStreamsInstance` (KafkaStreams#close(): commit, then stop; like a kill, no
 * LeaveGroup, so its tasks move when its session times out), `restartStreamsInstance` (a
 * stopped instance starts again and rejoins). `instance` is `<app>-<n>`.
 */
export interface StreamsInstanceCommand {
  type: 'killStreamsInstance' | 'stopStreamsInstance' | 'restartStreamsInstance';
  instance: string;
}

/** One more instance of an application (`<app>-<n+1>`): it joins, and tasks move to it. */
export interface AddStreamsInstanceCommand {
  type: 'addStreamsInstance';
  app: string;
}

function instanceSpec(
  type: StreamsInstanceCommand['type'],
  wantRunning: boolean,
  words: string,
): CommandSpec<StreamsInstanceCommand> {
  return {
    validate(world, { instance }) {
      const app = appOfInstance(world, instance);
      if (app === undefined) return `no streams instance "${instance}"`;
      const running = own(app.running, instance) === true;
      if (wantRunning && !running) return `streams instance "${instance}" is not running`;
      if (!wantRunning && running) return `streams instance "${instance}" is already running`;
      return null;
    },
    apply(world, { instance }) {
      const app = appOfInstance(world, instance);
      if (app === undefined) return;
      if (type === 'restartStreamsInstance') startInstance(world, app, instance);
      else stopInstance(world, app, instance, type === 'killStreamsInstance' ? 'killed' : 'closed');
    },
    describe: (c) => `${words} streams instance ${c.instance}`,
  };
}

export const killStreamsInstanceSpec = instanceSpec('killStreamsInstance', true, 'kill');
export const stopStreamsInstanceSpec = instanceSpec('stopStreamsInstance', true, 'stop');
export const restartStreamsInstanceSpec = instanceSpec('restartStreamsInstance', false, 'restart');

export const addStreamsInstanceSpec: CommandSpec<AddStreamsInstanceCommand> = {
  validate(world, { app }) {
    const state = own(world.streams, app);
    if (state === undefined) return `no streams application "${app}"`;
    // The new instance's clients must not take the id of a client that exists.
    const instance = `${app}-${state.nextInstance}`;
    for (let i = 0; i < state.queries.length; i++) {
      const consumer = consumerIdOf(state, instance, i);
      if (own(world.consumers, consumer) !== undefined)
        return `the new instance ${instance} would be consumer "${consumer}", which exists`;
      if (own(world.producers, producerIdOf(consumer)) !== undefined)
        return `the new instance ${instance} would use producer "${producerIdOf(consumer)}", which exists`;
    }
    return null;
  },
  apply(world, { app }) {
    const state = own(world.streams, app);
    if (state !== undefined) addStreamsInstance(world, state);
  },
  describe: (c) => `add an instance to streams application ${c.app}`,
};
