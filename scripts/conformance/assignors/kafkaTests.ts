/**
 * Cases from Kafka's own assignor tests (clients/src/test/java/org/apache/kafka/clients/
 * consumer/RangeAssignorTest, RoundRobinAssignorTest, internals/AbstractStickyAssignorTest,
 * StickyAssignorTest), run through the same harness and judge as the generated ones: the
 * answers are kafka-clients' own, so these pin the cases Kafka's authors thought worth a test.
 */
import type { AssignorCase, StepMember } from './assignors';

const m = (id: string, topics: string[], instance: string | null = null): StepMember => ({
  id,
  instance,
  topics,
});

export interface NamedCase {
  /** The Kafka test it comes from ("StickyAssignorTest.testStickiness[sticky]"). */
  name: string;
  c: AssignorCase;
}

function seq(
  name: string,
  assignor: AssignorCase['assignor'],
  partitions: Record<string, number>,
  steps: StepMember[][],
): NamedCase {
  return { name, c: { assignor, partitions, generation: 0, steps } };
}

const BOTH_STICKY = ['sticky', 'cooperative-sticky'] as const;

export const KAFKA_TEST_CASES: readonly NamedCase[] = [
  // Static members are ordered by group.instance.id, not member id.
  seq(
    'RangeAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions',
    'range',
    { topic1: 3, topic2: 3 },
    [
      [
        m('consumer1', ['topic1', 'topic2'], 'instance1'),
        m('consumer2', ['topic1', 'topic2'], 'instance2'),
      ],
    ],
  ),
  // A dynamic member joins and leaves: the static members get the same partitions back.
  seq(
    'RangeAssignorTest.testStaticMemberRangeAssignmentPersistent',
    'range',
    { topic1: 5, topic2: 5 },
    [
      [
        m('consumer1', ['topic1', 'topic2'], 'instance1'),
        m('consumer2', ['topic1', 'topic2'], 'instance2'),
        m('consumer4', ['topic1', 'topic2']),
      ],
      [
        m('consumer1', ['topic1', 'topic2'], 'instance1'),
        m('consumer2', ['topic1', 'topic2'], 'instance2'),
      ],
    ],
  ),
  seq(
    'RoundRobinAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions',
    'roundrobin',
    { topic1: 3, topic2: 3 },
    [
      [
        m('consumer1', ['topic1', 'topic2'], 'instance1'),
        m('consumer2', ['topic1', 'topic2'], 'instance2'),
      ],
    ],
  ),
  seq(
    'RoundRobinAssignorTest.testMultipleConsumersMixedTopics',
    'roundrobin',
    { topic1: 3, topic2: 2 },
    [
      [
        m('consumer1', ['topic1']),
        m('consumer2', ['topic1', 'topic2']),
        m('consumer3', ['topic1']),
      ],
    ],
  ),
  ...BOTH_STICKY.map((a) =>
    seq(`AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic[${a}]`, a, { topic: 3 }, [
      [m('consumer1', ['topic'])],
      [m('consumer1', ['topic']), m('consumer2', ['topic'])],
      [m('consumer2', ['topic'])],
    ]),
  ),
  // Four consumers, one leaves: the others keep what they had.
  ...BOTH_STICKY.map((a) =>
    seq(`AbstractStickyAssignorTest.testStickiness[${a}]`, a, { topic01: 3 }, [
      [
        m('consumer01', ['topic01']),
        m('consumer02', ['topic01']),
        m('consumer03', ['topic01']),
        m('consumer04', ['topic01']),
      ],
      [m('consumer01', ['topic01']), m('consumer02', ['topic01']), m('consumer04', ['topic01'])],
    ]),
  ),
  // Differing subscriptions: the general path, where round robin balances poorly.
  ...BOTH_STICKY.map((a) =>
    seq(
      `AbstractStickyAssignorTest.testPoorRoundRobinAssignmentScenario[${a}]`,
      a,
      { topic1: 2, topic2: 1, topic3: 2, topic4: 1, topic5: 2 },
      [
        [
          m('consumer1', ['topic1', 'topic2', 'topic3', 'topic4', 'topic5']),
          m('consumer2', ['topic1', 'topic3', 'topic5']),
          m('consumer3', ['topic1', 'topic3', 'topic5']),
          m('consumer4', ['topic1', 'topic2', 'topic3', 'topic4', 'topic5']),
        ],
      ],
    ),
  ),
  // Conflicting claims from different generations: the newest generation's claim wins.
  {
    name: 'StickyAssignorTest.testAssignmentWithConflictingPreviousGenerations',
    c: {
      assignor: 'sticky',
      partitions: { topic: 6 },
      prior: {
        consumer1: {
          owned: [
            ['topic', 0],
            ['topic', 1],
            ['topic', 4],
          ],
          generation: 1,
        },
        consumer2: {
          owned: [
            ['topic', 0],
            ['topic', 2],
            ['topic', 3],
          ],
          generation: 2,
        },
        consumer3: {
          owned: [
            ['topic', 3],
            ['topic', 4],
            ['topic', 5],
          ],
          generation: 3,
        },
      },
      generation: 5,
      steps: [[m('consumer1', ['topic']), m('consumer2', ['topic']), m('consumer3', ['topic'])]],
    },
  },
];
