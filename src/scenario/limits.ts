import { NAME_MAX_CHARS } from '../engine';

/**
 * Limits on scenario files. Every limit is named in the problem that reports it. They keep a
 * file small enough to load instantly in a browser tab and keep hostile input (alias bombs,
 * deep nesting, huge counts) from hanging the parser or the engine.
 */
export const LIMITS = {
  /** Characters of scenario text (YAML or JSON). */
  sourceChars: 1_000_000,
  /** Nesting depth of maps and lists in the file (a scenario needs about 6). */
  nestingDepth: 32,
  /** YAML alias expansions (`*anchor`) while reading the file. */
  aliasCount: 100,
  brokers: 64,
  /** Largest broker id (Kafka's ids are Java ints). */
  brokerId: 2_147_483_647,
  topics: 64,
  partitionsPerTopic: 1024,
  partitionsTotal: 4096,
  producers: 64,
  consumers: 64,
  /** Streams applications (`streams:`) and the instances one starts with. */
  streamsApps: 8,
  streamsInstances: 8,
  steps: 10_000,
  /** Records in one `produce` step. */
  countPerProduce: 1_000_000,
  /** Records per second for a producer's rate. */
  ratePerSecond: 1_000_000,
  durationMs: 24 * 60 * 60 * 1000,
  /** Characters in any one text field (titles, narration, keys, values, expectations). */
  stringChars: 10_000,
  /** Names and ids: the engine's name rule (Kafka's topic name limit, `Topic.MAX_NAME_LENGTH`). */
  nameChars: NAME_MAX_CHARS,
  /** Keys in one `keys` list. */
  keysPerList: 1_000,
  headersPerRecord: 100,
  /** Expectations in one `expect` step. */
  expectationsPerStep: 100,
  /** Focus ids on one caption (`say: { text, focus }`). */
  focusPerCaption: 32,
  /** Choices of one question (`ask`). */
  choicesPerQuestion: 8,
  /** Nesting of lists and calls inside one expectation. */
  expressionDepth: 16,
  seed: Number.MAX_SAFE_INTEGER,
  /** Problems reported for one file; the rest are counted. */
  problems: 100,
} as const;
