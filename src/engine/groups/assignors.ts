/**
 * Kafka's four built-in client-side partition assignors, behind one entry point.
 *
 * In Kafka's classic group protocol the group leader (one of the consumers, not the broker)
 * runs the assignor chosen for the group and sends the result back through SyncGroup; the
 * coordinator only relays it. See ./coordinator.ts for how the group picks the assignor.
 */
import { cooperativeStickyAssign } from './cooperative.ts';
import { rangeAssign } from './rangeAssignor.ts';
import { roundRobinAssign } from './roundRobinAssignor.ts';
import { stickyAssign } from './stickyAssignor.ts';
import type { Assignment, AssignorName, MemberSubscription } from './types.ts';

export {
  compareJavaStrings,
  compareMembers,
  compareTopicPartitions,
  memberOrder,
} from './ordering.ts';
export { rangeAssign, rangeSlice } from './rangeAssignor.ts';
export { roundRobinAssign } from './roundRobinAssignor.ts';
export {
  allSubscriptionsEqual,
  constrainedStickyAssign,
  generalStickyAssign,
  stickyAssign,
  stickyPathFor,
} from './stickyAssignor.ts';
export type { StickyPath } from './stickyAssignor.ts';
export { cooperativeAdjust, cooperativeStickyAssign, revokedPartitions } from './cooperative.ts';

/** Every assignor name, in the order Kafka documents them. */
export const ASSIGNOR_NAMES: readonly AssignorName[] = [
  'range',
  'roundrobin',
  'sticky',
  'cooperative-sticky',
];

/**
 * Each assignor's rule in a sentence, as Kafka's javadoc states it, for explanations (a
 * question's answer, the inspector): what decides which member gets which partition.
 */
export const ASSIGNOR_RULES: Readonly<Record<AssignorName, string>> = {
  range:
    'range (RangeAssignor): for each topic, its partitions in order are cut into one run per member, members sorted by id; the first members get one more when it does not divide evenly.',
  roundrobin:
    'roundrobin (RoundRobinAssignor): every subscribed partition, sorted by topic then number, is dealt in turn to the members sorted by id.',
  sticky:
    'sticky (StickyAssignor): as balanced as round robin, while keeping each member as many of the partitions it had as balance allows.',
  'cooperative-sticky':
    'cooperative-sticky (CooperativeStickyAssignor): sticky, and a partition that moves is first revoked from its owner in one rebalance, then assigned in the next, so the others keep reading.',
  stream:
    "stream (StreamsPartitionAssignor): a Kafka Streams application's tasks, balanced over its instances, each keeping the tasks whose state it has.",
};

/**
 * Runs the named assignor. `partitionsPerTopic` gives each topic's partition count; subscribed
 * topics missing from it are ignored (Kafka skips topics without metadata). The result has
 * every member (possibly with []), each list sorted by topic then partition.
 */
export function assign(
  name: AssignorName,
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Assignment {
  switch (name) {
    case 'range':
      return rangeAssign(members, partitionsPerTopic);
    case 'roundrobin':
      return roundRobinAssign(members, partitionsPerTopic);
    case 'sticky':
      return stickyAssign(members, partitionsPerTopic);
    case 'cooperative-sticky':
      return cooperativeStickyAssign(members, partitionsPerTopic);
    case 'stream':
      // It needs the application's topology: the group leader calls `assignStreamsGroup`.
      throw new Error('the stream assignor runs with its application (streams/cluster)');
  }
}
