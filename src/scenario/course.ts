/**
 * The built-in course: seventeen lessons, in order, each a scenario file in
 * `public/scenarios/<id>.yaml` whose `title` is the lesson's title. The UI's lesson picker
 * reads this list, so it stays free of imports. See docs/course.md.
 */
export interface Lesson {
  /** The scenario's file name without `.yaml` (also its `?scenario=` name in the app). */
  id: string;
  /** 1..16, the lesson's place in the course. */
  number: number;
  /** The scenario file's `title`. */
  title: string;
  /** One line for the lesson picker. */
  summary: string;
}

export const COURSE: readonly Lesson[] = [
  {
    id: 'lesson-01-the-log',
    number: 1,
    title: 'The log',
    summary: 'An append-only sequence of records: offsets, oldest first, nothing ever changed.',
  },
  {
    id: 'lesson-02-partitions',
    number: 2,
    title: 'Topics and partitions',
    summary: 'A topic is several logs: order holds within a partition, not across them.',
  },
  {
    id: 'lesson-03-no-key',
    number: 3,
    title: 'Producing without a key',
    summary: "Round robin (clients up to 2.3) next to today's sticky partitioner.",
  },
  {
    id: 'lesson-04-keys',
    number: 4,
    title: 'Producing with a key',
    summary: 'murmur2(key) % partitions: same key, same partition, until partitions are added.',
  },
  {
    id: 'lesson-05-positions',
    number: 5,
    title: 'Consumer positions',
    summary: 'Several consumers on one log, each at its own offset; seeking and lag.',
  },
  {
    id: 'lesson-06-groups',
    number: 6,
    title: 'Consumer groups',
    summary: 'Two groups read the same topic in isolation, each through its coordinator.',
  },
  {
    id: 'lesson-07-scaling',
    number: 7,
    title: 'Scaling consumers',
    summary: 'Members split the partitions; one more member than partitions sits idle.',
  },
  {
    id: 'lesson-08-rebalancing',
    number: 8,
    title: 'Rebalancing',
    summary: 'Eager versus cooperative, and a crashed consumer found by its session timeout.',
  },
  {
    id: 'lesson-09-replication',
    number: 9,
    title: 'Replication',
    summary: 'Leaders, followers, the ISR and the high watermark, one record in slow motion.',
  },
  {
    id: 'lesson-10-broker-failure',
    number: 10,
    title: 'Broker failure',
    summary: 'Two brokers die: leadership moves to in-sync followers, and back when they return.',
  },
  {
    id: 'lesson-11-durability',
    number: 11,
    title: 'Durability',
    summary: 'acks=1 loses a confirmed record; acks=all with min.insync.replicas=2 does not.',
  },
  {
    id: 'lesson-12-unclean-election',
    number: 12,
    title: 'Unclean leader election',
    summary: 'An out-of-sync replica leads: the partition is back at once, minus its data.',
  },
  {
    id: 'lesson-13-fraud-query',
    number: 13,
    title: 'The fraud query',
    summary: "The talk's query, refused as CREATE STREAM, runs as CREATE TABLE: 5-minute windows.",
  },
  {
    id: 'lesson-14-event-time',
    number: 14,
    title: 'Event time, stream time, grace and late records',
    summary: 'Stream time closes windows; a late record counts within grace and is dropped after.',
  },
  {
    id: 'lesson-15-emit-and-caching',
    number: 15,
    title: 'EMIT CHANGES vs EMIT FINAL, and caching',
    summary: 'A row per update, per commit with the cache, or one per window when it closes.',
  },
  {
    id: 'lesson-16-failure',
    number: 16,
    title: 'Stateful processing survives a failure',
    summary: 'An instance dies: its tasks wait for the session timeout, then restore their stores.',
  },
  {
    id: 'lesson-17-retention-compaction',
    number: 17,
    title: 'Retention and compaction',
    summary:
      'Old segments age out and a slow consumer falls off the start; compaction keeps the latest per key.',
  },
];

/** The talk's three parts, each a run of lessons: the lesson picker heads each part with its title. */
export interface CoursePart {
  readonly title: string;
  /** The number of the part's first lesson. */
  readonly firstLesson: number;
}

export const COURSE_PARTS: readonly CoursePart[] = [
  { title: 'Storage: the log', firstLesson: 1 },
  { title: 'Pub/sub: producers, consumers, replication', firstLesson: 3 },
  { title: 'Processing: ksqlDB and Kafka Streams', firstLesson: 13 },
  // Not a part of the talk: how logs age (retention, segments, compaction), after it.
  { title: 'Logs over time: retention and compaction', firstLesson: 17 },
];
