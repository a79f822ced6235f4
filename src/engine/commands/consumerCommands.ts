import { addConsumer, applyConsumerCommand, seek } from '../consumers';
import type { ConsumerState, OffsetSpec } from '../model';
import { nameProblem, own } from '../names';
import type { ConsumerSetup } from '../setup';
import type { World } from '../world';
import type { CommandSpec } from './spec';

/** A consumer joins (a new one, or a crashed one coming back under the same id). */
export interface AddConsumerCommand {
  type: 'addConsumer';
  consumer: ConsumerSetup;
}

/**
 * removeConsumer: a graceful close (LeaveGroup for dynamic members); crashConsumer: the
 * process dies, no goodbye; pauseConsumer: Kafka's `pause(assignment())`, it keeps polling
 * and heartbeating but gets no records from the paused partitions; stallConsumer: the
 * application stops calling poll() (busy), so after max.poll.interval.ms it leaves the group;
 * resumeConsumer ends either.
 */
export interface ConsumerCommand {
  type: 'removeConsumer' | 'crashConsumer' | 'pauseConsumer' | 'stallConsumer' | 'resumeConsumer';
  consumer: string;
}

/** commitSync of the consumer's current positions. */
export interface CommitCommand {
  type: 'commit';
  consumer: string;
}

export interface SeekCommand {
  type: 'seek';
  consumer: string;
  topic?: string;
  /** Omitted: every assigned partition of the topic. */
  partition?: number;
  offset: OffsetSpec;
}

export const addConsumerSpec: CommandSpec<AddConsumerCommand> = {
  validate(world, { consumer: setup }) {
    const problem =
      nameProblem('consumer', setup.id) ??
      (setup.group === undefined ? null : nameProblem('group', setup.group)) ??
      (setup.instanceId === undefined ? null : nameProblem('instanceId', setup.instanceId));
    if (problem !== null) return problem;
    const existing = own(world.consumers, setup.id);
    if (existing !== undefined && existing.alive)
      return `consumer "${setup.id}" is already running`;
    for (const topic of setup.topics)
      if (own(world.topics, topic) === undefined) return `no topic "${topic}"`;
    if (setup.topics.length === 0) return 'a consumer needs at least one topic';
    return null;
  },
  apply: (world, command) => addConsumer(world, command.consumer),
  describe: (c) =>
    `add consumer ${c.consumer.id}${c.consumer.group === undefined ? '' : ` to ${c.consumer.group}`}`,
};

/** Why a running consumer's command cannot apply (it is gone, or `extra` says so), or null. */
function runningConsumerProblem(
  world: World,
  id: string,
  extra: (consumer: ConsumerState) => string | null,
): string | null {
  const consumer = own(world.consumers, id);
  if (consumer === undefined) return `no consumer "${id}"`;
  if (!consumer.alive) return `consumer "${consumer.id}" is not running`;
  return extra(consumer);
}

function lifecycleSpec<C extends ConsumerCommand | CommitCommand>(
  words: (c: C) => string,
  extra: (consumer: ConsumerState) => string | null = () => null,
): CommandSpec<C> {
  return {
    validate: (world, command) => runningConsumerProblem(world, command.consumer, extra),
    apply: applyConsumerCommand,
    describe: words,
  };
}

export const removeConsumerSpec = lifecycleSpec<ConsumerCommand>((c) => `remove ${c.consumer}`);
export const crashConsumerSpec = lifecycleSpec<ConsumerCommand>((c) => `crash ${c.consumer}`);
export const pauseConsumerSpec = lifecycleSpec<ConsumerCommand>(
  (c) => `pause ${c.consumer}`,
  (consumer) => (consumer.paused ? `consumer "${consumer.id}" is already paused` : null),
);
export const stallConsumerSpec = lifecycleSpec<ConsumerCommand>(
  (c) => `${c.consumer} stops polling`,
  (consumer) => (consumer.stalled ? `consumer "${consumer.id}" has already stopped polling` : null),
);
export const resumeConsumerSpec = lifecycleSpec<ConsumerCommand>(
  (c) => `resume ${c.consumer}`,
  (consumer) =>
    consumer.paused || consumer.stalled
      ? null
      : `consumer "${consumer.id}" is neither paused nor stalled`,
);
export const commitSpec = lifecycleSpec<CommitCommand>(
  (c) => `${c.consumer} commits`,
  (consumer) =>
    consumer.group === null ? `consumer "${consumer.id}" has no group to commit to` : null,
);

export const seekSpec: CommandSpec<SeekCommand> = {
  validate(world, command) {
    const consumer = own(world.consumers, command.consumer);
    if (consumer === undefined) return `no consumer "${command.consumer}"`;
    // A closed consumer's seek throws (KafkaConsumer.acquireAndEnsureOpen); a crashed one keeps
    // its last assignment here, but there is no process left to move.
    if (!consumer.alive) return `consumer "${consumer.id}" is not running`;
    const matches = consumer.assignment.filter(
      (tp) =>
        (command.topic === undefined || tp.topic === command.topic) &&
        (command.partition === undefined || tp.partition === command.partition),
    );
    if (matches.length > 0) return null;
    const what = `${command.topic ?? 'any topic'}${command.partition === undefined ? '' : ` partition ${command.partition}`}`;
    return `consumer "${consumer.id}" is not assigned ${what}`;
  },
  apply: (world, c) => seek(world, c.consumer, c.topic, c.partition, c.offset),
  describe: (c) => `${c.consumer} seeks`,
};
