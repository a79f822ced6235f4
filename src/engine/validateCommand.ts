/** The checks a command passes before it applies; a failing one becomes a commandRejected event, never a throw. */
import type { Command, CommitCommand, ConsumerCommand, SeekCommand } from './commands';
import { brokerById } from './controller';
import { isReservedName, own } from './names';
import { partitionCreationRefusal } from './topics';
import type { ConsumerSetup, World } from './world';

/** Why a command cannot apply to the world as it is now, or null if it can. */
export function validateCommand(world: World, command: Command): string | null {
  switch (command.type) {
    case 'produce': {
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
      ) {
        return `topic "${topicName}" has no partition ${command.partition}`;
      }
      return null;
    }
    case 'setProducerRate': {
      const producer = own(world.producers, command.producer);
      if (producer === undefined) return `no producer "${command.producer}"`;
      if (producer.topic === null) return `producer "${producer.id}" has no topic to produce to`;
      return command.rate >= 0 ? null : 'rate must be at least 0';
    }
    case 'configureProducer':
      return own(world.producers, command.producer) === undefined
        ? `no producer "${command.producer}"`
        : null;
    case 'seek':
      return validateSeek(world, command);
    case 'narrate':
      return null;
    case 'killBroker':
    case 'shutdownBroker':
    case 'restartBroker': {
      const broker = brokerById(world, command.broker);
      if (broker === undefined) return `no broker ${command.broker}`;
      if (command.type === 'restartBroker')
        return broker.alive ? `broker ${broker.id} is already running` : null;
      return broker.alive ? null : `broker ${broker.id} is already down`;
    }
    case 'addConsumer':
      return validateNewConsumer(world, command.consumer);
    case 'addPartitions': {
      const topic = own(world.topics, command.topic);
      if (topic === undefined) return `no topic "${command.topic}"`;
      if (topic.internal) return `"${command.topic}" is an internal topic`;
      if (!(Number.isInteger(command.count) && command.count > 0))
        return 'count must be a whole number above 0';
      // No running broker to carry the request, or the controller's placer refuses (StripedReplicaPlacer).
      return partitionCreationRefusal(world, topic.partitions[0].replicas.length);
    }
    default:
      return validateConsumerCommand(world, command);
  }
}

function validateSeek(world: World, command: SeekCommand): string | null {
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
}

function validateNewConsumer(world: World, setup: ConsumerSetup): string | null {
  for (const name of [setup.id, setup.group, setup.instanceId])
    if (name !== undefined && isReservedName(name)) return `"${name}" is a reserved name`;
  const existing = own(world.consumers, setup.id);
  if (existing !== undefined && existing.alive) return `consumer "${setup.id}" is already running`;
  for (const topic of setup.topics)
    if (own(world.topics, topic) === undefined) return `no topic "${topic}"`;
  if (setup.topics.length === 0) return 'a consumer needs at least one topic';
  return null;
}

function validateConsumerCommand(
  world: World,
  command: ConsumerCommand | CommitCommand,
): string | null {
  const consumer = own(world.consumers, command.consumer);
  if (consumer === undefined) return `no consumer "${command.consumer}"`;
  if (!consumer.alive) return `consumer "${consumer.id}" is not running`;
  if (command.type === 'commit' && consumer.group === null)
    return `consumer "${consumer.id}" has no group to commit to`;
  if (command.type === 'pauseConsumer' && consumer.paused)
    return `consumer "${consumer.id}" is already paused`;
  if (command.type === 'resumeConsumer' && !consumer.paused)
    return `consumer "${consumer.id}" is not paused`;
  return null;
}
