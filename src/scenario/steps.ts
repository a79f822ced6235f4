import { z } from 'zod';
import {
  expectation,
  acks,
  duration,
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
import { expectationReferences, parseAnswer, parseExpectation } from './expect';
import { YES_NO, type QuestionChoice } from './questions';
import { missing, missingBroker, missingTopic, type Known } from './known';
import {
  addConsumer,
  addPartitions,
  commit,
  crashConsumer,
  killBroker,
  killController,
  pauseConsumer,
  stallConsumer,
  removeConsumer,
  restartBroker,
  restartController,
  resumeConsumer,
  shutdownBroker,
} from './lifecycleSteps';
import {
  addStreamsInstance,
  killStreamsInstance,
  restartStreamsInstance,
  stopStreamsInstance,
} from './streamsSteps';
import { focusList, focusProblem, focusSyntaxMessage, parseFocus } from './focus';
import { LIMITS } from './limits';
import { describeValue } from './problems';
import { defined, momentOf, stepKind, type StepCheckContext } from './stepKind';
import {
  beforeFirstRebalance,
  consumerNotRunning,
  consumerNotYetAdded,
  groupNotYetCreated,
  partitionProblem,
} from './timeline';

export type { ProblemPath, StepCheckContext, StepCompileContext, StepKind } from './stepKind';

/**
 * The kinds of scenario step, in one table. A step is `{ at: <duration>, <kind>: <value> }`;
 * each kind brings the schema of its value, its checks, what it changes for the steps after
 * it, and how it compiles to engine commands or expectations (see stepKind.ts). Adding a kind
 * is one entry in `STEP_KINDS`.
 */

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
    const p = partitionProblem(ctx.timeline, topic, partition, momentOf(ctx));
    if (p !== null) ctx.problem(['partition'], p);
  }
}

const produce = stepKind({
  summary:
    'produce: send records ({producer, topic?, key?/keys?, value?, count?, headers?, partition?, timestamp?})',
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
      timestamp: duration(Number.MAX_SAFE_INTEGER).optional().meta({
        description:
          'The records\' timestamp (CreateTime, their event time) on the simulation\'s clock: "4m50s" or a number of ms; default the moment each is sent. Lets event time differ from arrival (late and out-of-order records).',
      }),
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
        timestampMs: v.timestamp,
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
    const problem =
      missing('consumer', v.consumer, ctx.known.consumers) ??
      consumerNotRunning(ctx.timeline, ctx.known, v.consumer, momentOf(ctx));
    if (problem !== null) return ctx.problem(['consumer'], problem);
    const early = beforeFirstRebalance(ctx.timeline, v.consumer, ctx.atMs);
    if (early !== null) return ctx.problem([], early);
    const topics =
      ctx.timeline.consumers.get(v.consumer)?.topics ??
      ctx.known.consumers?.get(v.consumer)?.topics;
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

const sayText = text
  .min(1, { error: 'say something: the text is empty' })
  .meta({ description: 'Narration shown to the viewer at this moment.' });

const say = stepKind({
  summary: 'say: narration shown to the viewer ("…", or {text, focus: [ids]})',
  schema: z
    .union(
      [
        sayText,
        z
          .strictObject({
            text: sayText,
            focus: focusList.optional(),
          })
          .meta({ description: 'Narration and the diagram elements it names.' }),
      ],
      {
        error: (iss) =>
          iss.code === 'invalid_union' && iss.input !== undefined
            ? sayShapeMessage(iss.input)
            : undefined,
      },
    )
    .meta({
      description:
        'Narration shown to the viewer at this moment: text, or { text, focus } where focus lists the elements it names (broker:2, log:orders-0, record:orders-0@4, …).',
    }),
  check(v, ctx) {
    if (typeof v === 'string') return;
    v.focus?.forEach((id, i) => {
      const focus = parseFocus(id);
      const problem = focus === null ? focusSyntaxMessage(id) : focusProblem(focus, ctx);
      if (problem !== null) ctx.problem(['focus', i], problem);
    });
  },
  compile(v, ctx) {
    if (typeof v === 'string') ctx.narrate(v, []);
    else ctx.narrate(v.text, v.focus ?? []);
  },
});

const SAY_OBJECT = 'say is text, or a map { text: "…", focus: [ids] }';

function sayShapeMessage(input: unknown): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return `${SAY_OBJECT}; found ${describeValue(input)}`;
  const fields = Object.keys(input);
  if (!fields.includes('text'))
    return 'expected text, found a map (YAML reads "a: b" as a map: quote text that contains ": "; the map form is { text: "…", focus: [ids] })';
  const { focus } = input as { focus?: unknown };
  if (focus !== undefined && !Array.isArray(focus))
    return `focus is a list of ids ([broker:2, log:orders-0]), found ${describeValue(focus)}`;
  return SAY_OBJECT;
}

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
        const problem = referenceProblem(ctx, ref);
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
  ctx: StepCheckContext,
  ref: ReturnType<typeof expectationReferences>[number],
): string | null {
  const { known, timeline } = ctx;
  switch (ref.kind) {
    case 'producer':
      return missing('producer', ref.id, known.producers);
    case 'consumer':
      return (
        missing('consumer', ref.id, known.consumers) ?? consumerNotYetAdded(timeline, known, ref.id)
      );
    case 'topic':
      return missingTopic(known, ref.id);
    case 'broker':
      return /^\d+$/.test(ref.id)
        ? missingBroker(known, Number(ref.id))
        : `brokers are picked by their number, e.g. brokers[1]`;
    case 'partition':
      return missingTopic(known, ref.topic) === null
        ? partitionProblem(timeline, ref.topic, ref.partition, momentOf(ctx))
        : null;
    case 'group':
      return missing('group', ref.id, known.groups) ?? groupNotYetCreated(timeline, known, ref.id);
    case 'member': {
      const problem =
        missing('consumer', ref.id, known.consumers) ??
        consumerNotYetAdded(timeline, known, ref.id);
      if (problem !== null) return problem;
      const group = timeline.consumers.get(ref.id)?.group ?? known.consumers?.get(ref.id)?.group;
      if (group === undefined || group === ref.group) return null;
      return group === null
        ? `consumer "${ref.id}" is in no group`
        : `consumer "${ref.id}" is in group "${group}", not "${ref.group}"`;
    }
  }
}

const choiceValue = z
  .union([z.number(), z.boolean(), text, z.null()])
  .meta({ description: 'A value the answer may have: a number, text, true/false or null.' });

const choice = z
  .union([
    choiceValue,
    z
      .strictObject({
        label: text.min(1, { error: 'a choice needs a label' }),
        value: choiceValue,
      })
      .meta({
        description:
          'A choice whose label differs from its value: { label: "Broker 2", value: 2 }.',
      }),
  ])
  .meta({ description: 'A choice: its value (shown as is), or { label, value }.' });

const ask = stepKind({
  summary:
    'ask: pause and ask what happens ({question, choices or input, answer: an expression, reveal?, explain?, focus?})',
  schema: z
    .strictObject({
      question: text
        .min(1, { error: 'ask something: the question is empty' })
        .meta({ description: 'The question, shown big while the run waits.' }),
      choices: z
        .array(choice)
        .min(2, { error: 'give at least 2 choices' })
        .max(LIMITS.choicesPerQuestion, {
          error: `at most ${LIMITS.choicesPerQuestion} choices`,
        })
        .optional()
        .meta({
          description:
            'The choices, numbered for a show of hands. The right one is the one whose value the answer has; a comparison without choices is Yes/No.',
        }),
      input: z.enum(['number', 'text']).optional().meta({
        description: 'Instead of choices: a value to type (a number, or text such as a key).',
      }),
      answer: text.meta({
        description:
          'An expression of the expectation language, evaluated at the reveal moment: "partitionOf(orders, zoe)", "leaderOf(orders, 0)", or a comparison for a yes/no question. Never the answer itself.',
      }),
      reveal: duration().optional().meta({
        description:
          "When the answer is read from the run and shown; the reveal plays the run up to it. Default: the question's moment.",
      }),
      explain: text.min(1).optional().meta({ description: 'Why: shown with the answer.' }),
      focus: focusList.optional(),
    })
    .meta({
      description:
        'A question: the run pauses, the viewer answers (or the presenter asks the room), the reveal plays to the answer computed from the run.',
    }),
  check(v, ctx) {
    if (ctx.atMs === 0) ctx.problem([], 'a question needs a moment after the start (at > 0)');
    const parsed = parseAnswer(v.answer);
    if (!parsed.ok) ctx.problem(['answer'], parsed.message, parsed.offset);
    else {
      // Read at the reveal: what only exists by then (a consumer added after the question)
      // is checked against the file, not against the question's moment.
      const later = v.reveal !== undefined && v.reveal > ctx.atMs;
      for (const ref of expectationReferences(parsed.value)) {
        const problem = later
          ? declaredReferenceProblem(ctx.known, ref)
          : referenceProblem(ctx, ref);
        if (problem !== null) ctx.problem(['answer'], problem, ref.offset);
      }
    }
    if (ctx.has('choices') && ctx.has('input'))
      ctx.problem(['input'], 'give either choices or input (a value to type), not both');
    else if (!ctx.has('choices') && !ctx.has('input') && parsed.ok && parsed.value.op === null)
      ctx.problem(
        [],
        'give choices (a list) or input: number | text; only a comparison (an answer with an operator) may leave both out, for Yes/No',
      );
    v.choices?.forEach((c, i) => {
      const value = choiceOf(c).value;
      const first = v.choices?.findIndex((o) => choiceOf(o).value === value);
      if (first !== undefined && first < i)
        ctx.problem(['choices', i], `choice ${i + 1} has the same value as choice ${first + 1}`);
    });
    if (v.reveal !== undefined && v.reveal < ctx.atMs)
      ctx.problem(['reveal'], 'the reveal comes at or after the question (reveal >= at)');
    else if (
      v.reveal !== undefined &&
      ctx.known.durationMs !== undefined &&
      v.reveal > ctx.known.durationMs
    )
      ctx.problem(['reveal'], 'the reveal is after the end of the scenario (duration)');
    v.focus?.forEach((id, i) => {
      const focus = parseFocus(id);
      const problem = focus === null ? focusSyntaxMessage(id) : focusProblem(focus, ctx);
      if (problem !== null) ctx.problem(['focus', i], problem);
    });
  },
  compile(v, ctx) {
    const parsed = parseAnswer(v.answer);
    const comparison = parsed.ok && parsed.value.op !== null;
    const choices =
      v.choices !== undefined
        ? v.choices.map(choiceOf)
        : v.input === undefined && comparison
          ? YES_NO.map((c) => ({ ...c }))
          : null;
    ctx.ask({
      atMs: ctx.atMs,
      revealMs: v.reveal ?? ctx.atMs,
      stepIndex: ctx.stepIndex,
      path: `${ctx.path}.ask`,
      text: v.question,
      choices,
      input: choices === null ? (v.input ?? 'text') : null,
      answer: v.answer,
      explain: v.explain ?? null,
      focus: [...(v.focus ?? [])],
    });
  },
});

function choiceOf(c: z.output<typeof choice>): QuestionChoice {
  if (c !== null && typeof c === 'object') return { label: c.label, value: c.value };
  return { label: c === null ? 'none' : String(c), value: c };
}

/** What a reference names that the file declares nowhere (partitions may grow: not checked). */
export function declaredReferenceProblem(
  known: Known,
  ref: ReturnType<typeof expectationReferences>[number],
): string | null {
  switch (ref.kind) {
    case 'producer':
      return missing('producer', ref.id, known.producers);
    case 'consumer':
    case 'member':
      return missing('consumer', ref.id, known.consumers);
    case 'topic':
      return missingTopic(known, ref.id);
    case 'group':
      return missing('group', ref.id, known.groups);
    case 'broker':
      return /^\d+$/.test(ref.id)
        ? missingBroker(known, Number(ref.id))
        : `brokers are picked by their number, e.g. brokers[1]`;
    case 'partition':
      return null;
  }
}

/** Every step kind; the order is the order in docs and in the JSON Schema. */
export const STEP_KINDS = {
  produce,
  rate,
  configure,
  seek,
  say,
  ask,
  expect,
  killBroker,
  shutdownBroker,
  restartBroker,
  killController,
  restartController,
  addConsumer,
  removeConsumer,
  crashConsumer,
  pauseConsumer,
  stallConsumer,
  resumeConsumer,
  commit,
  addPartitions,
  killStreamsInstance,
  stopStreamsInstance,
  restartStreamsInstance,
  addStreamsInstance,
};

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
