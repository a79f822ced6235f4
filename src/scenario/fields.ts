import { z } from 'zod';
import {
  ASSIGNOR_NAMES,
  NAME_MAX_CHARS,
  NAME_RULE_HINT,
  PARTITIONER_NAMES,
  TOPIC_NAME_PATTERN,
  nameProblem,
  newTopicProblem,
  type AssignorName,
  type Header,
  type NameKind,
  type PartitionerName,
} from '../engine';
import { DURATION_HINT, DURATION_PATTERN, parseDuration } from './durations';
import { LIMITS } from './limits';
import { didYouMean } from './suggest';

/**
 * The pieces scenario schemas are built from. Each carries its own messages, so a problem
 * reads as advice ("quote it", "did you mean") rather than a type error.
 */

/** Any text field. */
export const text = z
  .string()
  .max(LIMITS.stringChars, { error: `at most ${LIMITS.stringChars} characters` });

/**
 * A name checked by the engine's name rule (`nameProblem`, or `newTopicProblem` for topics),
 * the one every layer uses. The JSON Schema gets the rule's length and, for topics and
 * instance ids, Kafka's characters.
 */
function nameSchema(kind: NameKind, description: string) {
  const check = kind === 'topic' ? newTopicProblem : (name: string) => nameProblem(kind, name);
  const characters =
    kind === 'topic' || kind === 'instanceId' ? { pattern: TOPIC_NAME_PATTERN } : {};
  return z
    .string()
    .superRefine((name, ctx) => {
      const problem = check(name);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: name });
    })
    .meta({ minLength: 1, maxLength: NAME_MAX_CHARS, ...characters, description });
}

/**
 * A topic: a declared one (a step's topic must be declared, so this holds for every topic a
 * file names). Collisions between declared topics are a cross-check (crossCheck.ts).
 */
export const topicName = nameSchema(
  'topic',
  `A topic name: ${NAME_RULE_HINT.topic} characters, not "." or ".."; names starting with "__" are kept for internal topics.`,
);

export const producerId = nameSchema(
  'producer',
  `A producer id (client.id): ${NAME_RULE_HINT.producer}.`,
);
export const consumerId = nameSchema(
  'consumer',
  `A consumer id (client.id): ${NAME_RULE_HINT.consumer}.`,
);

/** A whole number in [min, max]; `limit` names what the maximum counts ("brokers") when it is a limit. */
export function wholeNumber(min: number, max: number, limit?: string) {
  const most = `at most ${max.toLocaleString('en-US')}${limit !== undefined ? ` ${limit} (the limit)` : ''}`;
  return z
    .number()
    .int({
      error: (iss) =>
        Number.isInteger(iss.input)
          ? `${most}, found ${String(iss.input)}`
          : `expected a whole number, found ${String(iss.input)}`,
    })
    .min(min, { error: (iss) => `at least ${min}, found ${String(iss.input)}` })
    .max(max, { error: (iss) => `${most}, found ${String(iss.input)}` });
}

/** A duration written as text ("1m30s") or a number of milliseconds; parsed to milliseconds. */
export function duration(max: number = LIMITS.durationMs) {
  const maxText = max === LIMITS.durationMs ? '24h' : `${max}ms`;
  return z
    .union(
      [
        z
          .number()
          .int({ error: 'durations are whole milliseconds' })
          .min(0, { error: 'a duration cannot be negative' })
          .max(max, { error: `at most ${maxText} (the limit)` }),
        z
          .string()
          .regex(new RegExp(DURATION_PATTERN), { error: (iss) => durationMessage(iss.input) }),
      ],
      {
        error: (iss) =>
          iss.code === 'invalid_union' && iss.input !== undefined
            ? `expected ${DURATION_HINT}`
            : undefined,
      },
    )
    .transform((value, ctx) => {
      const parsed = parseDuration(value);
      if (!parsed.ok) {
        ctx.issues.push({ code: 'custom', message: parsed.message, input: value });
        return z.NEVER;
      }
      if (parsed.value > max) {
        ctx.issues.push({
          code: 'custom',
          message: `${String(value)} is more than ${maxText}: the limit`,
          input: value,
        });
        return z.NEVER;
      }
      return parsed.value;
    })
    .meta({
      description: 'A duration: "250ms", "2s", "1.5s", "1m30s", "1h", or a number of milliseconds.',
    });
}

/**
 * A duration of at least 1ms: timeouts and intervals that schedule work after themselves
 * (heartbeats, checks, retries). At 0 the simulation's clock could not move past them.
 */
export function timeout(max: number = LIMITS.durationMs) {
  return duration(max).refine((ms) => ms >= 1, {
    error: 'at least 1ms: this timing schedules work after itself, and 0 would stop the clock',
  });
}

function durationMessage(input: unknown): string {
  const parsed = parseDuration(typeof input === 'string' ? input : String(input));
  return parsed.ok ? `expected ${DURATION_HINT}` : parsed.message;
}

/** Record keys and values are text: quoting keeps "007" from being read as the number 7. */
export const keyText = text.meta({
  description: 'A record key: text (quote keys that look like numbers).',
});

export const keyList = z
  .array(keyText)
  .min(1, { error: 'give at least one key' })
  .max(LIMITS.keysPerList, { error: `at most ${LIMITS.keysPerList} keys` });

export const keyOrder = z.enum(['cycle', 'random']).meta({
  description: 'How keys are drawn from the list: in turn (cycle) or at random (seeded).',
});

export const partitioner = z
  .enum(PARTITIONER_NAMES as unknown as [PartitionerName, ...PartitionerName[]])
  .meta({
    description:
      'default (3.3+ uniform sticky) | round-robin (RoundRobinPartitioner) | legacy (≤2.3 round robin for null keys) | sticky (2.4–3.2)',
  });

/** acks: 0, 1 or all (-1 is Kafka's number for all). */
export const acks = z
  .literal([0, 1, -1, 'all'])
  .transform((v): 0 | 1 | 'all' => (v === -1 ? 'all' : v))
  .meta({
    description:
      'acks: 0 (no answer), 1 (leader appended), all (every in-sync replica has it). -1 means all.',
  });

const OFFSET_WORDS = ['earliest', 'latest'] as const;

/** Where a consumer starts or seeks to. */
export const offset = z
  .union([z.enum(OFFSET_WORDS), wholeNumber(0, Number.MAX_SAFE_INTEGER)], {
    error: (iss) =>
      iss.code === 'invalid_union' && iss.input !== undefined
        ? `expected earliest, latest or an offset (a whole number from 0)${typeof iss.input === 'string' ? didYouMean(iss.input, OFFSET_WORDS) : ''}`
        : undefined,
  })
  .meta({ description: 'earliest (the log start), latest (the high watermark), or an offset.' });

export const partitionNumber = wholeNumber(0, LIMITS.partitionsPerTopic - 1);

/** A broker id (Kafka's ids are Java ints from 0). */
export const brokerId = wholeNumber(0, LIMITS.brokerId);

/** A consumer group id (group.id). Ids with spaces are quoted where an expectation names them. */
export const groupId = nameSchema(
  'group',
  `A consumer group id (group.id): ${NAME_RULE_HINT.group}.`,
);

/** A static member's group.instance.id (KIP-345). */
export const instanceId = nameSchema(
  'instanceId',
  `group.instance.id, which makes a static member (KIP-345): ${NAME_RULE_HINT.instanceId} characters.`,
);

/** Kafka's client assignors, by their partition.assignment.strategy names. */
export const assignorName = z
  .enum(ASSIGNOR_NAMES as unknown as [AssignorName, ...AssignorName[]])
  .meta({
    description:
      'range (RangeAssignor) | roundrobin | sticky (eager) | cooperative-sticky (incremental, two rounds)',
  });

/** Headers: a map {name: value}, or a list of {name, value} (ordered; names may repeat, as in Kafka). */
export const headers = z
  .union(
    [
      z.record(z.string(), text),
      z
        .array(z.strictObject({ name: text, value: text }))
        .max(LIMITS.headersPerRecord, { error: `at most ${LIMITS.headersPerRecord} headers` }),
    ],
    {
      error: (iss) =>
        iss.code === 'invalid_union' && iss.input !== undefined
          ? headersMessage(iss.input)
          : undefined,
    },
  )
  .transform((h, ctx): Header[] => {
    const list: Header[] = Array.isArray(h)
      ? h.map((x) => [x.name, x.value] as const)
      : Object.entries(h);
    if (list.length > LIMITS.headersPerRecord) {
      ctx.issues.push({
        code: 'custom',
        message: `at most ${LIMITS.headersPerRecord} headers`,
        input: h,
      });
      return z.NEVER;
    }
    return list;
  })
  .meta({
    description: 'Record headers: {name: value, …} or a list of {name, value} (names may repeat).',
  });

function headersMessage(input: unknown): string {
  const shape = 'headers are a map {name: value} or a list of {name: …, value: …}';
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const bad = Object.entries(input).find(([, v]) => typeof v !== 'string');
    if (bad !== undefined)
      return `header "${bad[0]}": values are text (quote it: "${String(bad[1])}")`;
  }
  return shape;
}

/**
 * One expectation. Its syntax is checked by the `expect` step's check, with the rest of the
 * file's references, so one bad expectation does not hide another's problems.
 */
export const expectation = text.meta({
  description:
    '"<path> <op> <value>", e.g. "producers[checkout].acked == 6" or "partitionOf(orders, alice) == 3".',
});
