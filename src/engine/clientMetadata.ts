import { isBrokerAlive } from './cluster';
import type { ClientMetadata } from './model';
import { networkDelayMs, schedule, type World } from './world';

/**
 * A client's cached cluster metadata (Kafka's `Metadata` / `ProducerMetadata`): the leader
 * and leader epoch of each partition of the topics it uses, as of its last MetadataRequest.
 * The controller's truth moves on without it; the client catches up by refreshing, with the
 * MetadataRequest round trip below, which producers and consumers share.
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
    maxAgeTaskSeq: -1,
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
  const leaders = knownLeaders(world, metadata, topic);
  // Partitions added since the last refresh: taken from the truth, like the partition count.
  if (partition >= leaders.length) return learnTopic(world, metadata, topic)[partition] ?? -1;
  return leaders[partition];
}

/**
 * The leader a consumer fetches `topic/partition` from. Unlike {@link cachedLeader}, a
 * partition added since its last refresh is not looked up in the truth: it has no leader yet
 * (-1), so the consumer refreshes before fetching it, as Kafka's fetcher does for a partition
 * its metadata does not list.
 */
export function knownLeader(
  world: World,
  metadata: ClientMetadata,
  topic: string,
  partition: number,
): number {
  return knownLeaders(world, metadata, topic)[partition] ?? -1;
}

/** How many partitions `topic` has in the client's metadata (its first use reads the topic). */
export function knownPartitionCount(world: World, metadata: ClientMetadata, topic: string): number {
  return knownLeaders(world, metadata, topic).length;
}

/** The leaders of `topic`'s partitions in the client's metadata (its first use reads the topic). */
function knownLeaders(world: World, metadata: ClientMetadata, topic: string): readonly number[] {
  return metadata.leaders.get(topic) ?? learnTopic(world, metadata, topic);
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

/** Who owns a metadata cache: a producer or a consumer, by id. */
export interface MetadataClientRef {
  readonly kind: 'producer' | 'consumer';
  readonly id: string;
}

/** The client's cache, or undefined when the client is gone (removed, or replaced by a new one). */
export function metadataOf(world: World, client: MetadataClientRef): ClientMetadata | undefined {
  const clients = client.kind === 'producer' ? world.producers : world.consumers;
  return Object.hasOwn(clients, client.id) ? clients[client.id].metadata : undefined;
}

function retryBackoffMs(world: World, client: MetadataClientRef): number {
  return client.kind === 'producer'
    ? world.config.producer.retryBackoffMs
    : world.config.consumer.retryBackoffMs;
}

/**
 * metadata.max.age.ms counts from the client's first metadata, read when it starts. Returns
 * the timer's seq: the caller stores it as its metadata's `maxAgeTaskSeq` (the client may not
 * be in the world yet).
 */
export function armMetadataMaxAge(
  world: World,
  client: MetadataClientRef,
  maxAgeMs: number,
): number {
  schedule(world, world.nowMs + maxAgeMs, { kind: 'metadataMaxAge', client });
  return world.seq - 1;
}

/** Metadata.requestUpdate: a refresh is wanted; it goes once the last one is answered and backed off. */
export function requestMetadataUpdate(world: World, client: MetadataClientRef): void {
  const metadata = metadataOf(world, client);
  if (metadata === undefined) return;
  metadata.updateRequested = true;
  maybeRefreshMetadata(world, client, metadata);
}

/** Sends a MetadataRequest to a running broker (the least loaded node: here the lowest id). */
function maybeRefreshMetadata(
  world: World,
  client: MetadataClientRef,
  metadata: ClientMetadata,
): void {
  if (!metadata.updateRequested || metadata.refreshing) return;
  const sendAtMs = Math.max(world.nowMs, metadata.lastAttemptMs + retryBackoffMs(world, client));
  const broker = world.brokers.find((b) => b.alive)?.id ?? -1;
  metadata.updateRequested = false;
  metadata.refreshing = true;
  metadata.lastAttemptMs = sendAtMs;
  schedule(world, sendAtMs + networkDelayMs(world), { kind: 'metadataArrived', client, broker });
}

/** A MetadataRequest reached a broker: it answers with what it knows (a dead one does not answer). */
export function handleMetadataArrived(
  world: World,
  task: { client: MetadataClientRef; broker: number },
): void {
  const metadata = metadataOf(world, task.client);
  if (metadata === undefined) return;
  schedule(world, world.nowMs + networkDelayMs(world), {
    kind: 'metadataAnswered',
    client: task.client,
    leaders: isBrokerAlive(world, task.broker) ? metadataAnswer(world, metadata) : null,
  });
}

/**
 * The MetadataResponse reached the client: it updates its leaders. Returns false when there
 * was nothing to apply (the client is gone, or the broker was dead: a new request is sent).
 */
export function handleMetadataAnswered(
  world: World,
  task: { client: MetadataClientRef; leaders: Parameters<typeof applyMetadataAnswer>[1] | null },
): boolean {
  const metadata = metadataOf(world, task.client);
  if (metadata === undefined) return false;
  metadata.refreshing = false;
  if (task.leaders === null) {
    requestMetadataUpdate(world, task.client);
    return false;
  }
  applyMetadataAnswer(metadata, task.leaders);
  metadata.lastRefreshMs = world.nowMs;
  metadata.refreshes++;
  schedule(world, world.nowMs + metadata.maxAgeMs, { kind: 'metadataMaxAge', client: task.client });
  metadata.maxAgeTaskSeq = world.seq - 1;
  maybeRefreshMetadata(world, task.client, metadata);
  return true;
}

/** metadata.max.age.ms passed since the last refresh without another: refresh. */
export function handleMetadataMaxAge(
  world: World,
  task: { client: MetadataClientRef; seq: number },
): void {
  const metadata = metadataOf(world, task.client);
  if (metadata === undefined || task.seq !== metadata.maxAgeTaskSeq) return;
  requestMetadataUpdate(world, task.client);
}
