import { addPartitions } from '../controller';
import { own } from '../names';
import { partitionCreationRefusal } from '../topics';
import type { CommandSpec } from './spec';

/** CreatePartitions: `count` more partitions for a topic (keys remap; groups rebalance). */
export interface AddPartitionsCommand {
  type: 'addPartitions';
  topic: string;
  count: number;
}

export const addPartitionsSpec: CommandSpec<AddPartitionsCommand> = {
  validate(world, command) {
    const topic = own(world.topics, command.topic);
    if (topic === undefined) return `no topic "${command.topic}"`;
    if (topic.internal) return `"${command.topic}" is an internal topic`;
    if (!(Number.isInteger(command.count) && command.count > 0))
      return 'count must be a whole number above 0';
    // No running broker to carry the request, or the controller's placer refuses (StripedReplicaPlacer).
    return partitionCreationRefusal(world, topic.partitions[0].replicas.length);
  },
  apply: (world, command) => addPartitions(world, command.topic, command.count),
  describe: (c) => `add ${c.count} partitions to ${c.topic}`,
};
