/**
 * The built-in challenges: sandbox scenarios with a goal (`challenge:`), each a file in
 * `public/scenarios/<id>.yaml`. Apart from the course (course.ts): the lessons menu loads
 * this list when it opens, not with the first screen.
 */
/** A challenge: a sandbox scenario with a goal (`challenge:`), solved by acting on the run. */
export interface Challenge {
  /** The scenario's file name without `.yaml`. */
  id: string;
  /** The scenario file's `title`. */
  title: string;
  /** The goal, as the file's `challenge.goal` says it. */
  goal: string;
}

/** The built-in challenges, easiest first. See docs/scenarios.md (Challenges). */
export const CHALLENGES: readonly Challenge[] = [
  {
    id: 'challenge-idle-consumer',
    title: 'Challenge: an idle consumer',
    goal: 'Make a member of billing sit idle, with no partition to read.',
  },
  {
    id: 'challenge-split-key',
    title: "Challenge: split a key's records",
    goal: "Make alice's orders land in two different partitions.",
  },
  {
    id: 'challenge-lagging-group',
    title: 'Challenge: one group falls behind',
    goal: 'Make analytics fall 50 records behind while billing stays within 10.',
  },
  {
    id: 'challenge-move-leader',
    title: 'Challenge: move a leader',
    goal: 'Make broker 3 the leader of orders-0, with broker 1 running again.',
  },
  {
    id: 'challenge-not-enough-replicas',
    title: 'Challenge: refuse a write',
    goal: "Make the cluster refuse app's writes with NOT_ENOUGH_REPLICAS, without losing any acknowledged record.",
  },
  {
    id: 'challenge-acks1-loss',
    title: 'Challenge: lose an acknowledged record',
    goal: 'Make acks=1 lose a record the producer was told is written.',
  },
];
