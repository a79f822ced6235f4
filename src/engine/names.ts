/**
 * The one name rule: what may name a topic, a producer, a consumer, a group or a static
 * member. It is Kafka's, and every layer asks here (the engine's commands, the scenario
 * format and its JSON Schema, share links and saved sessions, exported sessions, the forms).
 *
 * - **Topic names** follow `org.apache.kafka.common.internals.Topic.validate`: ASCII letters,
 *   digits, ".", "_" and "-", at most 249 characters, and not "." or "..".
 * - **group.instance.id** follows the same rule (`JoinGroupRequest.validateGroupInstanceId`).
 * - **Client ids** (our producer and consumer ids) and **group ids** may be any text but the
 *   empty string: Kafka takes any `client.id`, and answers INVALID_GROUP_ID to group requests
 *   with an empty group id. The 249-character cap on them is kafkascope's (Kafka's protocol
 *   allows 32,767 bytes); it keeps every name within what the diagram and files hold.
 * - A **new topic** may not collide with an existing one (`Topic.hasCollision`: the names
 *   differ only by "." against "_", which Kafka's metric names cannot tell apart), and names
 *   starting with "__" are kept for internal topics (the engine treats such a topic as
 *   internal, like __consumer_offsets).
 * - Names that every JavaScript object already has (`__proto__`, `constructor`, `toString`…)
 *   are ordinary names, as they are to Kafka. The engine keeps what it looks up by name in
 *   {@link dict}s, objects without a prototype, so such a name is just another key.
 */

/** What a name names. */
export type NameKind = 'topic' | 'producer' | 'consumer' | 'group' | 'instanceId';

/** Longest name of any kind, in UTF-16 code units (Java's `String.length`, as Kafka counts). */
export const NAME_MAX_CHARS = 249;

/** Kafka's legal topic (and group.instance.id) characters, `Topic.LEGAL_CHARS`, as a whole-name pattern. */
export const TOPIC_NAME_PATTERN = '^[a-zA-Z0-9._-]+$';
const TOPIC_NAME_REGEX = new RegExp(TOPIC_NAME_PATTERN);

/** Each kind's name as a message says it ("a group id cannot be empty"). */
const WHAT: Record<NameKind, string> = {
  topic: 'a topic name',
  producer: 'a producer id',
  consumer: 'a consumer id',
  group: 'a group id',
  instanceId: 'an instanceId (group.instance.id)',
};

/** The rule for each kind in a few words, for forms and the JSON Schema's descriptions. */
export const NAME_RULE_HINT: Record<NameKind, string> = {
  topic: `ASCII letters, digits, ".", "_" and "-" (Kafka's rule), at most ${NAME_MAX_CHARS}`,
  producer: `any text, at most ${NAME_MAX_CHARS} characters`,
  consumer: `any text, at most ${NAME_MAX_CHARS} characters`,
  group: `any text, at most ${NAME_MAX_CHARS} characters`,
  instanceId: `ASCII letters, digits, ".", "_" and "-" (Kafka's rule), at most ${NAME_MAX_CHARS}`,
};

/**
 * A record keyed by names (topics, clients, groups, members) with no prototype: a name such as
 * `__proto__` or `constructor` reads and writes an ordinary property instead of reaching
 * Object.prototype. Every such record in the engine's world is one (`checkNameKeyedRecords`
 * holds that after every step in tests), and a world cloned for a checkpoint gets them back
 * (structuredClone keeps own properties but not a null prototype).
 */
export function dict<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}

/** Whether `record` is a {@link dict} (no prototype). */
export function isDict(record: object): boolean {
  return Object.getPrototypeOf(record) === null;
}

/** Why `name` cannot name a `kind`, in words a person can act on; null if it can. */
export function nameProblem(kind: NameKind, name: string): string | null {
  const what = WHAT[kind];
  if (name === '') return `${what} cannot be empty`;
  if (name.length > NAME_MAX_CHARS)
    return `${what} is at most ${NAME_MAX_CHARS} characters; this one has ${name.length}`;
  if (kind === 'topic' || kind === 'instanceId') {
    if (name === '.' || name === '..') return `${what} cannot be "." or ".."`;
    const bad = TOPIC_NAME_REGEX.test(name)
      ? undefined
      : [...name].find((c) => !TOPIC_NAME_REGEX.test(c));
    if (bad !== undefined)
      return `${what} may use only ASCII letters, digits, ".", "_" and "-" (Kafka's rule), and "${name}" has ${describeChar(bad)}`;
  }
  return null;
}

/**
 * Why a topic cannot be created as `name` next to the `existing` topics, or null: the name
 * rule, names starting with "__" (kept for internal topics) and Kafka's collision check.
 * An existing topic of exactly this name is the caller's to report (it is a duplicate).
 */
export function newTopicProblem(name: string, existing: Iterable<string> = []): string | null {
  const problem = nameProblem('topic', name);
  if (problem !== null) return problem;
  if (name.startsWith('__')) return 'topic names starting with "__" are kept for internal topics';
  return topicCollision(name, existing);
}

/**
 * Kafka's collision check alone (`Topic.hasCollision`, which CreateTopics applies): why `name`
 * collides with one of the `existing` topics, or null. Names that differ only by "." against
 * "_" collide, because Kafka's metric names cannot tell them apart.
 */
export function topicCollision(name: string, existing: Iterable<string>): string | null {
  const unified = name.replaceAll('.', '_');
  for (const other of existing) {
    if (other !== name && other.replaceAll('.', '_') === unified)
      return `topic "${name}" collides with topic "${other}": Kafka refuses topic names that differ only by "." and "_" (their metrics would share one name)`;
  }
  return null;
}

function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (/\s/.test(c)) return 'a line break or other blank';
  return `"${c}"`;
}

/** `record[key]` if the record has it as its own property (never an inherited one). */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
