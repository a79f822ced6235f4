import type { ClientMetadata } from './model';
import type { World } from './world';

/**
 * A client's cached cluster metadata (Kafka's `Metadata` / `ProducerMetadata`): the leader
 * and leader epoch of each partition of the topics it uses, as of its last MetadataRequest.
 * The controller's truth moves on without it; the client catches up by refreshing. Pure
 * state here: the round-trips are the client's (producer.ts).
 */

export function createClientMetadata(maxAgeMs: number): ClientMetadata {
  return {
    leaders: new Map(),
    epochs: new Map(),
    updateRequested: false,
    refreshing: false,
    lastRefreshMs: 0,
    lastAttemptMs: Number.NEGATIVE_INFINITY,
    refreshes: 0,
    maxAgeMs,
  };
}

/**
 * The first use of a topic: the client reads its metadata. (Kafka's send() blocks on a
 * MetadataRequest for a topic it has never seen, up to max.block.ms; kafkascope takes the
 * answer at once.)
 */
function learnTopic(world: World, metadata: ClientMetadata, topic: string): number[] {
  const partitions = world.topics[topic].partitions;
  const leaders = partitions.map((p) => p.leader);
  metadata.leaders.set(topic, leaders);
  metadata.epochs.set(
    topic,
    partitions.map((p) => p.leaderEpoch),
  );
  return leaders;
}

/** The leader the client believes `topic/partition` has (-1: none known). */
export function cachedLeader(
  world: World,
  metadata: ClientMetadata,
  topic: string,
  partition: number,
): number {
  const leaders = metadata.leaders.get(topic) ?? learnTopic(world, metadata, topic);
  // Partitions added since the last refresh: taken from the truth, like the partition count.
  if (partition >= leaders.length) return learnTopic(world, metadata, topic)[partition] ?? -1;
  return leaders[partition];
}

/** The leader epoch the client knows for `topic/partition` (-1: none). */
export function cachedEpoch(metadata: ClientMetadata, topic: string, partition: number): number {
  return metadata.epochs.get(topic)?.[partition] ?? -1;
}

/** What a broker answers a MetadataRequest with: leader and epoch per partition of each topic. */
export function metadataAnswer(
  world: World,
  metadata: ClientMetadata,
): [topic: string, leaders: number[], epochs: number[]][] {
  const answer: [string, number[], number[]][] = [];
  for (const topic of metadata.leaders.keys()) {
    const partitions = world.topics[topic].partitions;
    answer.push([topic, partitions.map((p) => p.leader), partitions.map((p) => p.leaderEpoch)]);
  }
  return answer;
}

/**
 * Applies a MetadataResponse. A partition's entry is replaced unless the client already knows
 * a newer leader epoch (from a produce answer), as `Metadata.updateLatestMetadata` keeps the
 * newer epoch. Returns whether any leader changed.
 */
export function applyMetadataAnswer(
  metadata: ClientMetadata,
  answer: readonly (readonly [topic: string, leaders: number[], epochs: number[]])[],
): boolean {
  let changed = false;
  for (const [topic, leaders, epochs] of answer) {
    const known = metadata.leaders.get(topic);
    const knownEpochs = metadata.epochs.get(topic);
    if (known === undefined || knownEpochs === undefined) continue;
    for (let i = 0; i < leaders.length; i++) {
      if (i < knownEpochs.length && knownEpochs[i] > epochs[i]) continue;
      if (known[i] !== leaders[i]) changed = true;
      known[i] = leaders[i];
      knownEpochs[i] = epochs[i];
    }
  }
  return changed;
}

/**
 * KIP-951: a NOT_LEADER_OR_FOLLOWER answer names the partition's current leader and epoch;
 * the client takes them at once if they are newer than what it knows.
 */
export function applyLeaderHint(
  metadata: ClientMetadata,
  topic: string,
  partition: number,
  leader: number,
  epoch: number,
): boolean {
  const known = metadata.leaders.get(topic);
  const knownEpochs = metadata.epochs.get(topic);
  if (known === undefined || knownEpochs === undefined || leader === -1) return false;
  if (partition >= known.length || knownEpochs[partition] >= epoch) return false;
  const changed = known[partition] !== leader;
  known[partition] = leader;
  knownEpochs[partition] = epoch;
  return changed;
}
