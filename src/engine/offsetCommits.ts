/**
 * A group member's offset commit (commitSync / commitAsync of its positions), on its own so that
 * clients built on the group member (Kafka Streams' commits) can use it without importing the
 * whole member state machine.
 */
import { sendGroupRequest } from './groupMessages';
import { tpKey, type ConsumerState } from './model';
import type { World } from './world';

/** commitSync/commitAsync of the current positions of the assigned partitions. */
export function commitPositions(world: World, consumer: ConsumerState): void {
  const offsets = consumer.assignment
    .filter((tp) => consumer.positions[tpKey(tp.topic, tp.partition)] !== undefined)
    .map((tp) => ({
      topic: tp.topic,
      partition: tp.partition,
      offset: consumer.positions[tpKey(tp.topic, tp.partition)],
    }));
  if (offsets.length === 0 || consumer.group === null) return;
  sendGroupRequest(world, {
    type: 'commit',
    group: consumer.group,
    member: consumer.id,
    generation: consumer.membership.generation,
    offsets,
  });
}
