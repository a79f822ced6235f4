import { didYouMean, listNames } from './suggest';

/**
 * What a scenario declares (topics, producers, consumers, brokers), gathered leniently so
 * references can be checked even when other parts of the file have problems. A missing
 * collection (undefined) means "could not tell": references to it are not checked.
 */
export interface Known {
  durationMs?: number;
  brokerIds?: readonly number[];
  /** The controller quorum as the file declares it (undefined: the default quorum, or not known). */
  controllers?: { mode: 'combined' | 'isolated'; voters: readonly number[] };
  /** Topic name → partition count (undefined if the count is not known). */
  topics?: ReadonlyMap<string, { partitions?: number }>;
  /** Producer id → its default topic (null: none; undefined: not known). */
  producers?: ReadonlyMap<string, { topic?: string | null }>;
  /**
   * Consumer id → the topics it reads (undefined if not known), its group, and, for one that
   * only an `addConsumer` step brings, the first such step.
   */
  consumers?: ReadonlyMap<string, KnownConsumer>;
  /** Streams applications (`streams:`) by id, with the instances they start with. */
  streamsApps?: ReadonlyMap<string, { instances: number }>;
  /** Consumer group ids any consumer declares (in `consumers` or an `addConsumer` step). */
  groups?: ReadonlySet<string>;
  /** The streams queries' consumer groups (application ids): there from the start, as their instances join at once. */
  streamsGroups?: ReadonlySet<string>;
  /** The file's consumerDefaults, for checks of effective settings. */
  consumerDefaults?: {
    sessionTimeout?: number;
    heartbeatInterval?: number;
    maxPollInterval?: number;
  };
  /** cluster.groupInitialRebalanceDelay as the file sets it (undefined: Kafka's default). */
  groupInitialRebalanceDelayMs?: number;
}

/** A moment in a scenario: a step's time and its index in the file. */
export interface Moment {
  atMs: number;
  stepIndex: number;
}

export interface KnownConsumer {
  topics?: readonly string[];
  group?: string | null;
  /** The first `addConsumer` step of an id not in `consumers`. */
  addedBy?: Moment;
}

/** Why `id` is not a declared `what` (with a suggestion), or null if it is (or we cannot tell). */
export function missing(
  what: string,
  id: string,
  declared: ReadonlyMap<string, unknown> | ReadonlySet<string> | undefined,
): string | null {
  if (declared === undefined || declared.has(id)) return null;
  const names = [...declared.keys()];
  const suggestion = didYouMean(id, names);
  if (names.length === 0) return `no ${what} "${id}": the scenario declares none`;
  return `no ${what} "${id}"${suggestion}${suggestion === '' ? ` (declared: ${listNames(names)})` : ''}`;
}

export function missingTopic(known: Known, topic: string): string | null {
  return missing('topic', topic, known.topics);
}

/** Why `partition` is not a partition of `topic`, or null. */
export function missingPartition(known: Known, topic: string, partition: number): string | null {
  const count = known.topics?.get(topic)?.partitions;
  if (count === undefined || partition < count) return null;
  return `topic "${topic}" has ${count} partition${count === 1 ? '' : 's'} (0 to ${count - 1}), so no partition ${partition}`;
}

export function missingBroker(known: Known, broker: number): string | null {
  if (known.brokerIds === undefined || known.brokerIds.includes(broker)) return null;
  return `no broker ${broker} (brokers: ${listNames(known.brokerIds.map(String))})`;
}

/** Why `id` is not an isolated controller a step can kill or restart, or null (or cannot tell). */
export function missingController(known: Known, id: number): string | null {
  const quorum = known.controllers;
  if (known.brokerIds === undefined) return null;
  if (quorum === undefined || quorum.mode === 'combined') {
    const where = known.brokerIds.includes(id)
      ? `: use killBroker or restartBroker on broker ${id}`
      : '';
    return `no isolated controller ${id}: the quorum is combined with brokers${where} (declare cluster.controllers with mode: isolated)`;
  }
  if (quorum.voters.includes(id)) return null;
  return `no controller ${id} (controllers: ${listNames(quorum.voters.map(String))})`;
}
