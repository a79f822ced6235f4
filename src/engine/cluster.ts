import type { Broker, Partition, Topic } from './model';
import type { World } from './world';

/**
 * Lookups on the cluster's state, for any module that needs to read it: no behaviour here, so
 * a module that only asks "is broker 2 alive?" does not depend on the leader's or the
 * controller's handlers.
 */

/** The internal topic whose partition leaders coordinate consumer groups. */
export const OFFSETS_TOPIC = '__consumer_offsets';

export function brokerById(world: World, id: number): Broker | undefined {
  return world.brokers.find((b) => b.id === id);
}

/** Whether the broker process runs (an unknown id counts as not running). */
export function isBrokerAlive(world: World, brokerId: number): boolean {
  for (const b of world.brokers) if (b.id === brokerId) return b.alive;
  return false;
}

/** The controller's view of a broker: registered and not fenced (it may lead and sit in an ISR). */
export function isEligible(world: World, id: number): boolean {
  const broker = brokerById(world, id);
  return broker !== undefined && !broker.fenced;
}

export function partitionOf(world: World, topic: string, partition: number): Partition {
  return world.topics[topic].partitions[partition];
}

/** Every partition, internal topics included, in topic then partition order. */
export function* allPartitions(world: World): Generator<Partition> {
  for (const name of world.topicOrder) yield* world.topics[name].partitions;
}

/**
 * The leader of a __consumer_offsets partition, or -1: offline, or the topic does not exist yet
 * (it could not be created while every broker was fenced: COORDINATOR_NOT_AVAILABLE).
 */
export function offsetsPartitionLeader(world: World, offsetsPartition: number): number {
  const topic: Topic | undefined = world.topics[OFFSETS_TOPIC];
  return topic?.partitions[offsetsPartition].leader ?? -1;
}

/** The broker coordinating a group now: the leader of its __consumer_offsets partition (-1 if offline). */
export function coordinatorOf(world: World, group: string): number {
  return offsetsPartitionLeader(world, world.groups[group].offsetsPartition);
}

/** The broker's process runs: serving, or started and still waiting to register with a controller. */
export function processRuns(broker: Broker): boolean {
  return broker.alive || broker.awaitingRegistration === true;
}
