import { dict } from './names';
import { partitionForKey, positiveModulo } from './murmur2';
import { nextInt, nextUint32, type RngState } from './prng';

/**
 * The producer partitioners kafkascope models (see the model doc, §2):
 * - `default`: today's Java client (3.3+, KIP-794): murmur2 for keys; null keys stick to one
 *   partition until batch.size bytes went to it AND its last batch is full (or 2 x batch.size
 *   went to it), then a random available partition.
 * - `round-robin`: Kafka's `RoundRobinPartitioner`: ignores keys; a counter per topic from 0
 *   indexes the AVAILABLE partitions.
 * - `legacy`: `DefaultPartitioner` up to 2.3: murmur2 for keys; null keys round robin over the
 *   available partitions from a per-topic counter that starts at a random value.
 * - `sticky`: 2.4–3.2 (KIP-480): murmur2 for keys; null keys stick to one partition until its
 *   batch is closed, then move to a random DIFFERENT available partition.
 */
export type PartitionerName = 'default' | 'round-robin' | 'legacy' | 'sticky';
export const PARTITIONER_NAMES: readonly PartitionerName[] = [
  'default',
  'round-robin',
  'legacy',
  'sticky',
];

/** Why a record went to its partition: shown by the inspector. */
export type PartitionReason = 'key-hash' | 'round-robin' | 'sticky' | 'explicit';

export interface StickyState {
  partition: number;
  /** Bytes produced to the sticky partition since it was chosen (uniform sticky). */
  producedBytes: number;
  /**
   * The next null-key record switches: KIP-480, the sticky partition's batch was closed; KIP-794,
   * `updatePartitionInfo` decided so after the last append.
   */
  switchPending: boolean;
}

/** One producer's partitioner memory, per topic. Plain data so the world stays serialisable. */
export interface PartitionerState {
  counters: Record<string, number>;
  sticky: Record<string, StickyState>;
}

export function createPartitionerState(): PartitionerState {
  return { counters: dict(), sticky: dict() };
}

export interface PartitionRequest {
  topic: string;
  key: string | null;
  /** The record's serialised size, which uniform sticky counts toward batch.size. */
  sizeBytes: number;
  numPartitions: number;
  /** Partitions that have a leader, in partition order; only read when `usesAvailability` says so. */
  available: readonly number[];
  batchSizeBytes: number;
  /** partitioner.ignore.keys: keyed records take the null-key path (3.3+ only). */
  ignoreKeys: boolean;
}

export interface PartitionChoice {
  partition: number;
  reason: PartitionReason;
}

/** Whether the choice depends on which partitions have a leader (null-key paths only). */
export function usesAvailability(
  name: PartitionerName,
  key: string | null,
  ignoreKeys: boolean,
): boolean {
  return key === null || name === 'round-robin' || (name === 'default' && ignoreKeys);
}

/**
 * Chooses a record's partition exactly as the named Java partitioner would. Keyed records
 * always hash over ALL partitions (an offline partition is not skipped: the record waits).
 */
export function choosePartition(
  name: PartitionerName,
  state: PartitionerState,
  request: PartitionRequest,
  rng: RngState,
): PartitionChoice {
  const { key, numPartitions } = request;
  if (!usesAvailability(name, key, request.ignoreKeys))
    return { partition: partitionForKey(key as string, numPartitions), reason: 'key-hash' };
  switch (name) {
    case 'round-robin':
      return { partition: roundRobin(state, request, 0), reason: 'round-robin' };
    case 'legacy':
      // Kafka ≤2.3 seeded each topic's counter with ThreadLocalRandom.nextInt().
      return { partition: roundRobin(state, request, nextUint32(rng) | 0), reason: 'round-robin' };
    case 'sticky':
      return { partition: stickyPartition(state, request, rng), reason: 'sticky' };
    case 'default':
      return { partition: uniformStickyPartition(state, request, rng), reason: 'sticky' };
  }
}

function roundRobin(state: PartitionerState, request: PartitionRequest, initial: number): number {
  const counter = state.counters[request.topic] ?? initial;
  state.counters[request.topic] = (counter + 1) | 0;
  const { available, numPartitions } = request;
  if (available.length > 0) return available[positiveModulo(counter, available.length)];
  return positiveModulo(counter, numPartitions);
}

function randomAvailable(request: PartitionRequest, rng: RngState): number {
  const { available, numPartitions } = request;
  if (available.length > 0) return available[nextInt(rng, available.length)];
  return nextInt(rng, numPartitions);
}

/**
 * KIP-794 (`BuiltInPartitioner.peekCurrentPartitionInfo`): the current sticky partition, or a
 * random available one when none is chosen yet or `updatePartitionInfo` asked for a switch.
 */
function uniformStickyPartition(
  state: PartitionerState,
  request: PartitionRequest,
  rng: RngState,
): number {
  let sticky = state.sticky[request.topic];
  const stale = sticky !== undefined && sticky.partition >= request.numPartitions;
  if (sticky === undefined || stale || sticky.switchPending) {
    sticky = { partition: randomAvailable(request, rng), producedBytes: 0, switchPending: false };
    state.sticky[request.topic] = sticky;
  }
  return sticky.partition;
}

/**
 * `BuiltInPartitioner.updatePartitionInfo`, called by the accumulator after a null-key record was
 * appended to the sticky partition: `enableSwitch` is `RecordAccumulator.allBatchesFull` (the
 * partition's last batch is full or gone to the sender). The switch waits while that batch can
 * take more records, unless 2 x batch.size went to the partition.
 */
export function onStickyAppended(
  state: PartitionerState,
  topic: string,
  partition: number,
  appendedBytes: number,
  batchSizeBytes: number,
  enableSwitch: boolean,
): void {
  const sticky = state.sticky[topic];
  if (sticky === undefined || sticky.partition !== partition || sticky.switchPending) return;
  sticky.producedBytes += appendedBytes;
  const produced = sticky.producedBytes;
  if ((produced >= batchSizeBytes && enableSwitch) || produced >= batchSizeBytes * 2)
    sticky.switchPending = true;
}

/**
 * `RecordAccumulator.partitionChanged`: before the next null-key append, a switch that was held
 * back is completed once the sticky partition's batches are all full (a sender that took them
 * leaves none, and a batch without room for the next record is closed for appends), so with a
 * sender that keeps up the switch comes at batch.size.
 */
export function completeDeferredSwitch(
  state: PartitionerState,
  topic: string,
  batchSizeBytes: number,
  allBatchesFull: (partition: number) => boolean,
): void {
  const sticky = state.sticky[topic];
  if (sticky === undefined || !allBatchesFull(sticky.partition)) return;
  onStickyAppended(state, topic, sticky.partition, 0, batchSizeBytes, true);
}

/** The uniform sticky partition of `topic`, if one is chosen and no switch is pending. */
export function currentStickyPartition(state: PartitionerState, topic: string): number | undefined {
  const sticky = state.sticky[topic];
  return sticky === undefined || sticky.switchPending ? undefined : sticky.partition;
}

/** `MemoryRecordsBuilder.isFull`: the batch's bytes reached its write limit (batch.size). */
export function batchIsFull(batchBytes: number, batchSizeBytes: number): boolean {
  return batchBytes >= batchSizeBytes;
}

/**
 * `MemoryRecordsBuilder.hasRoomFor`: an empty batch takes any record (one larger than batch.size
 * gets a batch of its own); otherwise the record must fit within batch.size.
 */
export function batchHasRoomFor(
  batchBytes: number,
  recordCount: number,
  recordBytes: number,
  batchSizeBytes: number,
): boolean {
  return recordCount === 0 || batchBytes + recordBytes <= batchSizeBytes;
}

/** KIP-480 (`StickyPartitionCache`): switch to a different partition when the batch closed. */
function stickyPartition(
  state: PartitionerState,
  request: PartitionRequest,
  rng: RngState,
): number {
  const sticky = state.sticky[request.topic];
  if (sticky === undefined || sticky.partition >= request.numPartitions) {
    state.sticky[request.topic] = {
      partition: randomAvailable(request, rng),
      producedBytes: 0,
      switchPending: false,
    };
    return state.sticky[request.topic].partition;
  }
  if (sticky.switchPending) {
    sticky.partition = differentPartition(sticky.partition, request, rng);
    sticky.switchPending = false;
  }
  return sticky.partition;
}

function differentPartition(current: number, request: PartitionRequest, rng: RngState): number {
  const { available, numPartitions } = request;
  if (available.length === 1) return available[0];
  if (available.length > 1) {
    const others = available.filter((p) => p !== current);
    return others[nextInt(rng, others.length)];
  }
  if (numPartitions === 1) return 0;
  // No partition has a leader: any other partition (the batch will wait for a leader).
  const pick = nextInt(rng, numPartitions - 1);
  return pick >= current ? pick + 1 : pick;
}

/** Tells the sticky partitioner (2.4–3.2) that a batch for `partition` was closed. */
export function onBatchClosed(state: PartitionerState, topic: string, partition: number): void {
  const sticky = state.sticky[topic];
  if (sticky !== undefined && sticky.partition === partition) sticky.switchPending = true;
}
