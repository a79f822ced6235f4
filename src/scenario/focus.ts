import { z } from 'zod';
import { TOPIC_NAME_PATTERN } from '../engine';
import { text } from './fields';
import { missing, missingBroker, missingTopic } from './known';
import { LIMITS } from './limits';
import { momentOf, type StepCheckContext } from './stepKind';
import { didYouMean } from './suggest';
import { describeMoment, groupNotYetCreated, partitionProblem } from './timeline';

/**
 * A caption's focus: the diagram elements it names, by id, so the player can keep them in
 * view and mark them while the caption shows. An id is `<kind>:<name>`:
 *
 *   broker:2               a broker
 *   producer:app           a producer
 *   group:billing          a consumer group
 *   consumer:w1            a consumer
 *   log:orders-0           partition 0 of orders (its log strip)
 *   replica:orders-0@3     broker 3's copy of orders-0
 *   record:orders-0@104    the record at offset 104 of orders-0
 *
 * Topic names may contain "-", so a partition is the last "-<number>" of `<topic>-<n>`.
 */

export const FOCUS_KINDS = [
  'broker',
  'producer',
  'group',
  'consumer',
  'log',
  'replica',
  'record',
] as const;
export type FocusKind = (typeof FOCUS_KINDS)[number];

export type Focus =
  | { kind: 'broker'; broker: number }
  | { kind: 'producer' | 'group' | 'consumer'; id: string }
  | { kind: 'log'; topic: string; partition: number }
  | { kind: 'replica'; topic: string; partition: number; broker: number }
  | { kind: 'record'; topic: string; partition: number; offset: number };

/** A topic name's characters (Kafka's); an id (producer, group, consumer) is any text after the colon. */
const TOPIC = TOPIC_NAME_PATTERN.slice(1, -1);
const ID = '[\\s\\S]+';
const NUMBER = '(?:0|[1-9][0-9]*)';
const PARTITION = `${TOPIC}-${NUMBER}`;

/** The syntax of a focus id, for the JSON Schema and for the check. */
export const FOCUS_PATTERN =
  `^(?:broker:${NUMBER}|(?:producer|group|consumer):${ID}|log:${PARTITION}|` +
  `(?:replica|record):${PARTITION}@${NUMBER})$`;
const FOCUS_REGEX = new RegExp(FOCUS_PATTERN);

const EXAMPLES: Record<FocusKind, string> = {
  broker: 'broker:2',
  producer: 'producer:app',
  group: 'group:billing',
  consumer: 'consumer:w1',
  log: 'log:orders-0 (topic-partition)',
  replica: 'replica:orders-0@3 (topic-partition@broker)',
  record: 'record:orders-0@104 (topic-partition@offset)',
};

/** Reads a focus id; null if its syntax is wrong (see `focusSyntaxMessage`). */
export function parseFocus(id: string): Focus | null {
  if (!FOCUS_REGEX.test(id)) return null;
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon) as FocusKind;
  const rest = id.slice(colon + 1);
  switch (kind) {
    case 'broker':
      return { kind, broker: Number(rest) };
    case 'producer':
    case 'group':
    case 'consumer':
      return { kind, id: rest };
    case 'log':
      return { kind, ...splitPartition(rest) };
    case 'replica': {
      const [partition, broker] = splitAt(rest);
      return { kind, ...splitPartition(partition), broker };
    }
    case 'record': {
      const [partition, offset] = splitAt(rest);
      return { kind, ...splitPartition(partition), offset };
    }
  }
}

function splitAt(s: string): [string, number] {
  const at = s.lastIndexOf('@');
  return [s.slice(0, at), Number(s.slice(at + 1))];
}

function splitPartition(s: string): { topic: string; partition: number } {
  const dash = s.lastIndexOf('-');
  return { topic: s.slice(0, dash), partition: Number(s.slice(dash + 1)) };
}

/** Why `input` is not a focus id, in words a person can act on. */
export function focusSyntaxMessage(input: unknown): string {
  if (typeof input !== 'string') return 'a focus id is text, like broker:2 or log:orders-0';
  const colon = input.indexOf(':');
  const kinds = FOCUS_KINDS.join(', ');
  if (colon < 0)
    return `a focus id is <kind>:<name> (kinds: ${kinds}), like broker:2 or log:orders-0`;
  const kind = input.slice(0, colon);
  if (!(FOCUS_KINDS as readonly string[]).includes(kind))
    return `unknown focus kind "${kind}"${didYouMean(kind, FOCUS_KINDS)} (kinds: ${kinds})`;
  return `a ${kind} focus is written ${EXAMPLES[kind as FocusKind]}`;
}

/**
 * The schema takes any text and the step's check reads it (`parseFocus`), so a typo in one id
 * does not hide what is wrong with the others; the JSON Schema carries the pattern for editors.
 */
export const focusId = text.meta({
  pattern: FOCUS_PATTERN,
  description:
    'A diagram element: broker:<id>, producer:<id>, group:<id>, consumer:<id>, log:<topic>-<partition>, replica:<topic>-<partition>@<broker>, record:<topic>-<partition>@<offset>.',
});

export const focusList = z
  .array(focusId)
  .max(LIMITS.focusPerCaption, { error: `at most ${LIMITS.focusPerCaption} focus ids` })
  .meta({ description: 'The diagram elements the caption names, kept in view while it shows.' });

/**
 * Why a focus id names nothing in the scenario at this step (an unknown broker, topic,
 * producer, group or consumer, a partition the topic does not have yet, a consumer or group
 * that appears only later), or null.
 */
export function focusProblem(focus: Focus, ctx: StepCheckContext): string | null {
  const { known, timeline } = ctx;
  switch (focus.kind) {
    case 'broker':
      return missingBroker(known, focus.broker);
    case 'producer':
      return missing('producer', focus.id, known.producers);
    case 'group':
      return (
        missing('group', focus.id, known.groups) ?? groupNotYetCreated(timeline, known, focus.id)
      );
    case 'consumer':
      return missing('consumer', focus.id, known.consumers) ?? consumerNotYetShown(ctx, focus.id);
    case 'log':
    case 'replica':
    case 'record': {
      const problem =
        missingTopic(known, focus.topic) ??
        partitionProblem(timeline, focus.topic, focus.partition, momentOf(ctx));
      if (problem !== null || focus.kind !== 'replica') return problem;
      return missingBroker(known, focus.broker);
    }
  }
}

/** A consumer that an `addConsumer` step brings only after this caption is not on screen yet. */
function consumerNotYetShown(ctx: StepCheckContext, id: string): string | null {
  if (ctx.timeline.consumers.has(id)) return null;
  const addedBy = ctx.known.consumers?.get(id)?.addedBy;
  if (addedBy === undefined) return null;
  return `consumer "${id}" is added at ${describeMoment(addedBy)}, after this caption: it is not on screen yet`;
}
