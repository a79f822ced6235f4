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
