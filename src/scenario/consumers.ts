import { z } from 'zod';
import { DEFAULT_CONFIG, type AssignorName, type ConsumerSetup } from '../engine';
import { formatDuration } from './durations';
import {
  assignorName,
  consumerId,
  groupId,
  instanceId,
  offset,
  timeout,
  topicName,
  wholeNumber,
} from './fields';
import { missingTopic, type Known } from './known';
import { LIMITS } from './limits';
import type { ProblemPath } from './steps';

/**
 * Consumers as a scenario declares them: in `consumers[]` and in `addConsumer` steps (the
 * same fields), how they become the engine's `ConsumerSetup`, and the checks a declaration
 * needs on its own. Kept apart from schema.ts so the step table can use it too.
 */

/** Kafka's default partition.assignment.strategy (3.0+): eager range unless every member can go cooperative. */
export const DEFAULT_ASSIGNORS: readonly AssignorName[] = ['range', 'cooperative-sticky'];

/** The fields that only mean something for a member of a group. */
const GROUP_ONLY_FIELDS = [
  'assignors',
  'instanceId',
  'sessionTimeout',
  'heartbeatInterval',
  'maxPollInterval',
  'autoCommit',
  'autoCommitInterval',
] as const;

export const consumerSchema = z
  .strictObject({
    id: consumerId,
    group: groupId.optional().meta({
      description:
        'group.id: the consumer joins this group and reads the partitions the group assigns it. Without one it reads every partition of its topics.',
    }),
    topic: topicName.optional().meta({ description: 'The topic it reads (or topics).' }),
    topics: z
      .array(topicName)
      .min(1, { error: 'give at least one topic' })
      .max(LIMITS.topics, { error: `at most ${LIMITS.topics} topics` })
      .optional()
      .meta({ description: 'The topics it reads or subscribes to (or topic).' }),
    from: offset.optional().meta({
      description:
        "Where it starts without a committed offset (auto.offset.reset): earliest, latest (Kafka's default) or, without a group, an offset.",
    }),
    maxPollRecords: wholeNumber(1, 1_000_000)
      .optional()
      .meta({ description: 'max.poll.records (default 500).' }),
    assignors: z
      .array(assignorName)
      .min(1, { error: 'give at least one assignor' })
      .max(4, { error: 'at most 4 assignors (there are four)' })
      .optional()
      .meta({
        description:
          'partition.assignment.strategy, in preference order (default [range, cooperative-sticky]).',
      }),
    instanceId: instanceId.optional(),
    sessionTimeout: timeout().optional().meta({ description: 'session.timeout.ms (default 45s).' }),
    heartbeatInterval: timeout()
      .optional()
      .meta({ description: 'heartbeat.interval.ms (default 3s); below sessionTimeout.' }),
    maxPollInterval: timeout()
      .optional()
      .meta({ description: 'max.poll.interval.ms (default 5m).' }),
    autoCommit: z.boolean().optional().meta({ description: 'enable.auto.commit (default true).' }),
    autoCommitInterval: timeout()
      .optional()
      .meta({ description: 'auto.commit.interval.ms (default 5s).' }),
  })
  .meta({
    description:
      'A consumer: a member of a group (group) or a reader of every partition of its topics.',
  });

export type ConsumerDeclaration = z.output<typeof consumerSchema>;

export const consumerDefaultsSchema = z
  .strictObject({
    sessionTimeout: timeout()
      .optional()
      .meta({ description: 'session.timeout.ms for every group member (default 45s).' }),
    heartbeatInterval: timeout()
      .optional()
      .meta({ description: 'heartbeat.interval.ms (default 3s).' }),
    maxPollInterval: timeout()
      .optional()
      .meta({ description: 'max.poll.interval.ms (default 5m).' }),
    autoCommitInterval: timeout()
      .optional()
      .meta({ description: 'auto.commit.interval.ms (default 5s).' }),
    fetchMaxWait: timeout(60_000)
      .optional()
      .meta({ description: 'fetch.max.wait.ms: how long a fetch waits for data (default 500ms).' }),
    metadataMaxAge: timeout().optional().meta({
      description:
        'metadata.max.age.ms: a consumer refreshes its metadata at least this often (default 5m); errors refresh it sooner.',
    }),
  })
  .meta({
    description:
      "Settings for every consumer (a consumer's own field wins): shorten Kafka's timeouts once for a lesson.",
  });

export type ConsumerDefaultsDeclaration = z.output<typeof consumerDefaultsSchema>;

/** A consumer's topics, from `topic` or `topics`. */
export function consumerTopics(c: Pick<ConsumerDeclaration, 'topic' | 'topics'>): string[] {
  return c.topics ?? (c.topic !== undefined ? [c.topic] : []);
}

/** The engine's form of a declared consumer. Kafka's auto.offset.reset defaults to latest, and so does the format. */
export function consumerSetupOf(c: ConsumerDeclaration): ConsumerSetup {
  return dropUndefined({
    id: c.id,
    topics: consumerTopics(c),
    from: c.from ?? 'latest',
    maxPollRecords: c.maxPollRecords,
    group: c.group,
    instanceId: c.instanceId,
    assignors: c.assignors,
    sessionTimeoutMs: c.sessionTimeout,
    heartbeatIntervalMs: c.heartbeatInterval,
    maxPollIntervalMs: c.maxPollInterval,
    autoCommit: c.autoCommit,
    autoCommitIntervalMs: c.autoCommitInterval,
  });
}

export function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Checks of one consumer declaration on its own (wherever it is written): its topics exist,
 * group-only settings have a group, and Kafka's own rules on the settings hold.
 */
export function checkConsumerDeclaration(
  c: ConsumerDeclaration,
  has: (field: string) => boolean,
  known: Known,
  problem: (path: ProblemPath, message: string) => void,
): void {
  if (!has('topic') && !has('topics')) {
    problem(
      ['topic'],
      has('group')
        ? 'required, but missing: a group member subscribes to topics (give topics, or topic)'
        : 'required, but missing (or give topics)',
    );
  }
  if (c.topic !== undefined && c.topics !== undefined)
    problem(['topics'], 'give topic or topics, not both');
  if (c.topic !== undefined) {
    const p = missingTopic(known, c.topic);
    if (p !== null) problem(['topic'], p);
  }
  const seen = new Set<string>();
  c.topics?.forEach((topic, i) => {
    const p = missingTopic(known, topic);
    if (p !== null) problem(['topics', i], p);
    if (seen.has(topic)) problem(['topics', i], `topic "${topic}" is listed twice`);
    seen.add(topic);
  });
  if (!has('group')) {
    for (const field of GROUP_ONLY_FIELDS) {
      if (has(field))
        problem([field], `${field} applies to members of a consumer group: add group (group.id)`);
    }
  } else if (typeof c.from === 'number') {
    problem(
      ['from'],
      "a group member starts at its group's committed offset, else at auto.offset.reset: earliest or latest (seek to an offset with a seek step)",
    );
  }
  const assignorSeen = new Set<string>();
  c.assignors?.forEach((a, i) => {
    if (assignorSeen.has(a)) problem(['assignors', i], `assignor "${a}" is listed twice`);
    assignorSeen.add(a);
  });
  if (c.autoCommit === false && c.autoCommitInterval !== undefined)
    problem(['autoCommitInterval'], 'autoCommitInterval applies when autoCommit is true');
  if (has('group')) checkHeartbeat(c, known, problem);
}

/** Kafka refuses heartbeat.interval.ms ≥ session.timeout.ms (the client's `Heartbeat` checks it). */
function checkHeartbeat(
  c: ConsumerDeclaration,
  known: Known,
  problem: (path: ProblemPath, message: string) => void,
): void {
  if (c.sessionTimeout === undefined && c.heartbeatInterval === undefined) return;
  const defaults = known.consumerDefaults;
  const session =
    c.sessionTimeout ?? defaults?.sessionTimeout ?? DEFAULT_CONFIG.consumer.sessionTimeoutMs;
  const heartbeat =
    c.heartbeatInterval ??
    defaults?.heartbeatInterval ??
    DEFAULT_CONFIG.consumer.heartbeatIntervalMs;
  if (heartbeat < session) return;
  const field = c.heartbeatInterval !== undefined ? 'heartbeatInterval' : 'sessionTimeout';
  problem(
    [field],
    `heartbeatInterval (${formatDuration(heartbeat)}) must be below sessionTimeout (${formatDuration(session)}), as Kafka requires${c.heartbeatInterval === undefined ? ': shorten heartbeatInterval too' : ''}`,
  );
}

/** The assignors every list names (the coordinator chooses among these), in the first list's order. */
export function commonAssignors(lists: readonly (readonly AssignorName[])[]): AssignorName[] {
  if (lists.length === 0) return [];
  return lists[0].filter((a) => lists.every((l) => l.includes(a)));
}
