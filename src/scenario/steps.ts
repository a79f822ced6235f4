import { z } from 'zod';
import type { Command, KeyChoice } from '../engine';
import {
  expectation,
  acks,
  consumerId,
  headers,
  keyList,
  keyOrder,
  keyText,
  offset,
  partitioner,
  partitionNumber,
  producerId,
  text,
  topicName,
  wholeNumber,
} from './fields';
import { expectationReferences, parseExpectation } from './expect';
import { missing, missingBroker, missingPartition, missingTopic, type Known } from './known';
import { LIMITS } from './limits';

/**
 * The kinds of scenario step, in one table. A step is `{ at: <duration>, <kind>: <value> }`;
 * each kind brings the schema of its value, the cross-reference checks that need the rest of
 * the file, and how it compiles to engine commands or expectations. Adding a kind (a later
 * issue's `killBroker`, `addConsumer`, …) is one entry here.
 */

export type ProblemPath = readonly (string | number)[];

export interface StepCheckContext {
  known: Known;
  atMs: number;
  /** Whether the step as written has the field (checks of absence use this: a bad field may have been set aside). */
  has(field: string): boolean;
  /** Reports a problem at `path` below the step's value (e.g. ['producer']); `offset` is within a text value. */
  problem(path: ProblemPath, message: string, offset?: number): void;
}

export interface StepCompileContext {
  atMs: number;
  stepIndex: number;
  /** "steps[3]" */
  path: string;
  command(command: Command): void;
  /** An expectation (already checked for syntax) evaluated at this step's time. */
  expect(source: string, path: string): void;
  /** The key choice a producer's rate uses now (declaration, then later `rate` steps). */
  rateKeys(producer: string): KeyChoice;
  setRateKeys(producer: string, keys: KeyChoice): void;
}

export interface StepKind<S extends z.ZodType = z.ZodType> {
  /** The value's schema: `produce: {…}`, `say: "…"`. */
  schema: S;
  /** One line for docs and for "a step needs an action" messages. */
  summary: string;
  check?(value: z.output<S>, ctx: StepCheckContext): void;
  compile(value: z.output<S>, ctx: StepCompileContext): void;
  /** Ids the step brings into the world (a later `addConsumer`), so other steps may name them. */
  declares?(value: z.output<S>): { producers?: string[]; consumers?: string[] };
}

function stepKind<S extends z.ZodType>(kind: StepKind<S>): StepKind<S> {
  return kind;
}

/** Drops undefined fields, so commands are plain JSON with only what the step said. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const keyChoiceFields = {
  key: keyText
    .nullable()
    .optional()
    .meta({ description: 'One key for every record (null: no key).' }),
  keys: keyList.optional().meta({ description: 'Keys drawn from a list (see keyOrder).' }),
  keyOrder: keyOrder.optional(),
};

interface KeyChoiceInput {
  key?: string | null;
  keys?: string[];
  keyOrder?: 'cycle' | 'random';
}

function checkKeyChoice(v: KeyChoiceInput, ctx: StepCheckContext): void {
  if (v.key !== undefined && v.keys !== undefined)
    ctx.problem(['keys'], 'give either key or keys, not both');
  if (v.keyOrder !== undefined && !ctx.has('keys'))
    ctx.problem(['keyOrder'], 'keyOrder applies to a keys list: add keys');
}

function checkProducer(
  known: Known,
  id: string,
  ctx: StepCheckContext,
): { topic?: string | null } | undefined {
  const problem = missing('producer', id, known.producers);
  if (problem !== null) ctx.problem(['producer'], problem);
  return known.producers?.get(id);
}

/** `topicPath` names where the topic came from; a producer's or consumer's own topic is checked (and reported) there. */
function checkTopicAndPartition(
  known: Known,
  topic: string,
  partition: number | undefined,
  ctx: StepCheckContext,
  topicPath: string,
): void {
  const problem = missingTopic(known, topic);
  if (problem !== null) {
    if (topicPath === 'topic') ctx.problem([topicPath], problem);
  } else if (partition !== undefined) {
    const p = missingPartition(known, topic, partition);
    if (p !== null) ctx.problem(['partition'], p);
  }
}

const produce = stepKind({
  summary:
    'produce: send records ({producer, topic?, key?/keys?, value?, count?, headers?, partition?})',
  schema: z
    .strictObject({
      producer: producerId,
      topic: topicName.optional().meta({ description: "Defaults to the producer's topic." }),
      ...keyChoiceFields,
      value: text
        .nullable()
        .optional()
        .meta({ description: 'The value (null: a tombstone); default "<producer>-<sequence>".' }),
      count: wholeNumber(1, LIMITS.countPerProduce, 'records per produce step')
        .optional()
        .meta({ description: 'How many records (default 1).' }),
      headers: headers.optional(),
      partition: partitionNumber
        .optional()
        .meta({ description: 'An explicit partition, bypassing the partitioner.' }),
    })
    .meta({ description: 'Send one record or a burst.' }),
  check(v, ctx) {
    const producer = checkProducer(ctx.known, v.producer, ctx);
    checkKeyChoice(v, ctx);
    const topic = v.topic ?? (ctx.has('topic') ? undefined : producer?.topic);
    if (topic === null) {
      ctx.problem(
        ['topic'],
        `producer "${v.producer}" has no topic: name one here (topic: …) or on the producer`,
      );
    } else if (topic !== undefined) {
      checkTopicAndPartition(
        ctx.known,
        topic,
        v.partition,
        ctx,
        v.topic !== undefined ? 'topic' : 'producer',
      );
    }
  },
  compile(v, ctx) {
    ctx.command(
      defined({
        type: 'produce',
        producer: v.producer,
        topic: v.topic,
        key: v.key,
        keys: v.keys,
        keyOrder: v.keyOrder,
        value: v.value,
        headers: v.headers,
        count: v.count,
        partition: v.partition,
      }),
    );
  },
});

const rate = stepKind({
  summary:
    "rate: set a producer's steady rate in records/s ({producer, rate, key?/keys?}); 0 stops",
  schema: z
    .strictObject({
      producer: producerId,
      rate: z
        .number()
        .min(0, { error: 'a rate is at least 0 (0 stops the producer)' })
        .max(LIMITS.ratePerSecond, {
          error: `at most ${LIMITS.ratePerSecond.toLocaleString('en-US')} records/s (the limit)`,
        })
        .meta({ description: 'Records per second; 0 stops.' }),
      ...keyChoiceFields,
    })
    .meta({
      description:
        "Start, change or stop a producer's steady rate. Keys carry over from the producer or the last rate step unless given.",
    }),
  check(v, ctx) {
    const producer = checkProducer(ctx.known, v.producer, ctx);
    checkKeyChoice(v, ctx);
    if (producer?.topic === null)
      ctx.problem(
        ['producer'],
        `producer "${v.producer}" has no topic for its rate: give it one (topic: …)`,
      );
  },
  compile(v, ctx) {
    let keys = ctx.rateKeys(v.producer);
    if (v.key !== undefined) keys = { key: v.key };
    else if (v.keys !== undefined) keys = defined({ keys: v.keys, keyOrder: v.keyOrder });
    else if (v.keyOrder !== undefined) keys = { ...keys, keyOrder: v.keyOrder };
    ctx.setRateKeys(v.producer, keys);
    ctx.command({ type: 'setProducerRate', producer: v.producer, rate: v.rate, ...keys });
  },
});

const configure = stepKind({
  summary: "configure: change a producer's partitioner or acks ({producer, partitioner?, acks?})",
  schema: z
    .strictObject({
      producer: producerId,
      partitioner: partitioner.optional(),
      acks: acks.optional(),
    })
    .meta({ description: "Change a producer's partitioner or acks." }),
  check(v, ctx) {
    checkProducer(ctx.known, v.producer, ctx);
    if (!ctx.has('partitioner') && !ctx.has('acks'))
      ctx.problem([], 'nothing to configure: give partitioner or acks');
  },
  compile(v, ctx) {
    ctx.command(
      defined({
        type: 'configureProducer',
        producer: v.producer,
        partitioner: v.partitioner,
        acks: v.acks,
      }),
    );
  },
});

const seek = stepKind({
  summary: 'seek: move a consumer to an offset ({consumer, topic?, partition?, offset})',
  schema: z
    .strictObject({
      consumer: consumerId,
      topic: topicName.optional().meta({ description: 'Omitted: every topic the consumer reads.' }),
      partition: partitionNumber
        .optional()
        .meta({ description: 'Omitted: every partition of the topic.' }),
      offset: offset,
    })
    .meta({ description: 'Move a consumer to an offset (KafkaConsumer.seek).' }),
  check(v, ctx) {
    const problem = missing('consumer', v.consumer, ctx.known.consumers);
    if (problem !== null) return ctx.problem(['consumer'], problem);
    const topics = ctx.known.consumers?.get(v.consumer)?.topics;
    if (v.topic !== undefined) {
      checkTopicAndPartition(ctx.known, v.topic, v.partition, ctx, 'topic');
      if (
        topics !== undefined &&
        !topics.includes(v.topic) &&
        missingTopic(ctx.known, v.topic) === null
      ) {
        ctx.problem(
          ['topic'],
          `consumer "${v.consumer}" does not read topic "${v.topic}" (it reads ${topics.join(', ')})`,
        );
      }
    } else if (v.partition !== undefined && topics !== undefined && !ctx.has('topic')) {
      if (topics.length > 1)
        ctx.problem(
          ['partition'],
          `consumer "${v.consumer}" reads ${topics.join(' and ')}: name the topic too`,
        );
      else if (topics.length === 1)
        checkTopicAndPartition(ctx.known, topics[0], v.partition, ctx, 'consumer');
    }
  },
  compile(v, ctx) {
    ctx.command(
      defined({
        type: 'seek',
        consumer: v.consumer,
        topic: v.topic,
        partition: v.partition,
        offset: v.offset,
      }),
    );
  },
});

const say = stepKind({
  summary: 'say: narration shown to the viewer ("…")',
  schema: text
    .min(1, { error: 'say something: the text is empty' })
    .meta({ description: 'Narration shown to the viewer at this moment.' }),
  compile(v, ctx) {
    ctx.command({ type: 'narrate', text: v });
  },
});

const expect = stepKind({
  summary: 'expect: assertions on the state ("<path> <op> <value>", or a list of them)',
  schema: z
    .union(
      [
        expectation,
        z
          .array(expectation)
          .min(1, { error: 'give at least one expectation' })
          .max(LIMITS.expectationsPerStep, {
            error: `at most ${LIMITS.expectationsPerStep} expectations in one step`,
          }),
      ],
      {
        error: (iss) =>
          iss.code === 'invalid_union' && iss.input !== undefined
            ? expectShapeMessage(iss.input)
            : undefined,
      },
    )
    .meta({
      description:
        'One expectation or a list; each is "<path> <op> <value>", checked at this step\'s time.',
    }),
  check(v, ctx) {
    const list = typeof v === 'string' ? [v] : v;
    list.forEach((source, i) => {
      const path = typeof v === 'string' ? [] : [i];
      const parsed = parseExpectation(source);
      if (!parsed.ok) return ctx.problem(path, parsed.message, parsed.offset);
      for (const ref of expectationReferences(parsed.value)) {
        const problem = referenceProblem(ctx.known, ref);
        if (problem !== null) ctx.problem(path, problem, ref.offset);
      }
    });
  },
  compile(v, ctx) {
    if (typeof v === 'string') ctx.expect(v, `${ctx.path}.expect`);
    else v.forEach((source, i) => ctx.expect(source, `${ctx.path}.expect[${i}]`));
  },
});

function expectShapeMessage(input: unknown): string {
  const shape = 'expect is an expectation ("producers[p].acked == 3") or a list of them';
  const items = Array.isArray(input) ? input : [input];
  const i = items.findIndex((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
  if (i < 0) return shape;
  const where = Array.isArray(input) ? `item ${i} is` : 'this is';
  return `${where} a map, not text: YAML reads "a: b" as a map, so quote an expectation that contains ": "`;
}

function referenceProblem(
  known: Known,
  ref: ReturnType<typeof expectationReferences>[number],
): string | null {
  switch (ref.kind) {
    case 'producer':
      return missing('producer', ref.id, known.producers);
    case 'consumer':
      return missing('consumer', ref.id, known.consumers);
    case 'topic':
      return missingTopic(known, ref.id);
    case 'broker':
      return /^\d+$/.test(ref.id)
        ? missingBroker(known, Number(ref.id))
        : `brokers are picked by their number, e.g. brokers[1]`;
    case 'partition':
      return missingTopic(known, ref.topic) === null
        ? missingPartition(known, ref.topic, ref.partition)
        : null;
  }
}

/** Every step kind; the order is the order in docs and in the JSON Schema. */
export const STEP_KINDS = { produce, rate, configure, seek, say, expect };

export type StepKinds = typeof STEP_KINDS;
export type StepKindName = keyof StepKinds;
export const STEP_KIND_NAMES = Object.keys(STEP_KINDS) as StepKindName[];

/** A step as read from the file: its time in milliseconds and one action. */
export type Step = {
  [K in StepKindName]: { at: number } & { [P in K]: z.output<StepKinds[K]['schema']> };
}[StepKindName];

/** The action a step carries. */
export function stepKindOf(step: Step): StepKindName {
  return STEP_KIND_NAMES.find((name) => name in step) as StepKindName;
}
