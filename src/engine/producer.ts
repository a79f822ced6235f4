import {
  applyLeaderHint,
  armMetadataMaxAge,
  cachedEpoch,
  cachedLeader,
  createClientMetadata,
  requestMetadataUpdate,
  type MetadataClientRef,
} from './clientMetadata';
import { dict, own } from './names';
import type { KeyChoice, ProduceCommand } from './commands';
import {
  NO_HEADERS,
  tpKey,
  type KeyMode,
  type OpenBatch,
  type PendingRecord,
  type ProducerState,
  type UnwrittenRecord,
} from './model';
import { keyHash, partitionForKey, positiveModulo, utf8Length } from './murmur2';
import {
  choosePartition,
  createPartitionerState,
  onBatchClosed,
  onStickyAppended,
  completeDeferredSwitch,
  currentStickyPartition,
  batchHasRoomFor,
  batchIsFull,
  usesAvailability,
  type PartitionReason,
  type StickyState,
} from './partitioner';

import { nextInt } from './prng';
import {
  lastSequenceOf,
  recordsFitting,
  runBytes,
  runFixedBytes,
  type UnwrittenRun,
} from './recordRuns';
import {
  generatedRecordSize,
  generatedValue,
  RECORD_OVERHEAD_BYTES,
  recordSize,
} from './generatedRecords';
import {
  INVALID_RECORD,
  NETWORK_EXCEPTION,
  NOT_LEADER,
  OUT_OF_ORDER_SEQUENCE,
  type ProduceRequest,
  type ProduceWire,
} from './protocol';
import type { ProducerSetup } from './setup';
import { emit, networkDelayMs, nextId, schedule, type World } from './world';

const NO_PARTITIONS: readonly number[] = [];

/** The smallest a record can be (no key, value or headers): bounds how many fit in some bytes. */
export const MIN_RECORD_BYTES = RECORD_OVERHEAD_BYTES;
/** Rate-driven producers tick no more often than this: a high rate costs one task per tick, not per record. */
export const RATE_TICK_MS = 10;
/** Acknowledged records kept per producer for reports and loss detection. */
export const ACKED_RECORDS_CAP = 20_000;

export function createProducer(setup: ProducerSetup, world: World): ProducerState {
  const acks = setup.acks ?? 'all';
  const maxInFlight = setup.maxInFlight ?? world.config.producer.maxInFlight;
  const maxAgeTaskSeq = armMetadataMaxAge(
    world,
    { kind: 'producer', id: setup.id },
    world.config.producer.metadataMaxAgeMs,
  );
  return {
    id: setup.id,
    topic: setup.topic ?? null,
    partitioner: setup.partitioner ?? 'default',
    acks,
    ignoreKeys: setup.ignoreKeys ?? false,
    lingerMs: setup.lingerMs ?? world.config.producer.lingerMs,
    batchSizeBytes: setup.batchSizeBytes ?? world.config.producer.batchSizeBytes,
    partitionerState: createPartitionerState(),
    nextSequence: 0,
    openBatches: dict(),
    rate: 0,
    rateKeyMode: { kind: 'none' },
    rateCarry: 0,
    rateTickScheduled: false,
    keyCycle: 0,
    sent: 0,
    acked: 0,
    failed: 0,
    errors: {},
    ackedRecords: [],
    ackedRecordsTruncated: false,
    connectionFreeAtMs: {},
    maxInFlight,
    idempotenceSetting: setup.idempotence,
    idempotent: effectiveIdempotence(setup.idempotence, acks, maxInFlight),
    metadata: { ...createClientMetadata(world.config.producer.metadataMaxAgeMs), maxAgeTaskSeq },
    inFlight: {},
    queued: {},
    inFlightRequests: {},
    wires: {},
    lastClosedSequence: {},
    senderBusy: false,
    senderPending: false,
    timedOut: 0,
    expiryCheckAtMs: Number.POSITIVE_INFINITY,
    expiryToken: 0,
  };
}

/**
 * enable.idempotence: as set, else Kafka's default since 3.0: on, unless acks is not `all`
 * or max.in.flight.requests.per.connection is above 5 (then it is quietly off, as
 * `ProducerConfig.postProcessAndValidateIdempotenceConfigs` does when the user did not ask).
 */
export function effectiveIdempotence(
  setting: boolean | undefined,
  acks: ProducerState['acks'],
  maxInFlight: number,
): boolean {
  return setting ?? (acks === 'all' && maxInFlight <= MAX_IN_FLIGHT_IDEMPOTENT);
}

/** The most requests per connection an idempotent producer may have unanswered (Kafka's rule). */
export const MAX_IN_FLIGHT_IDEMPOTENT = 5;

/**
 * Why a producer's idempotence settings are refused, in ProducerConfig's words, or null.
 * An explicit enable.idempotence=true needs acks=all and max.in.flight at most 5.
 */
export function idempotenceProblem(
  setting: boolean | undefined,
  acks: ProducerState['acks'],
  maxInFlight: number,
): string | null {
  if (setting !== true) return null;
  if (maxInFlight > MAX_IN_FLIGHT_IDEMPOTENT)
    return `Must set max.in.flight.requests.per.connection to at most ${MAX_IN_FLIGHT_IDEMPOTENT} to use the idempotent producer.`;
  if (acks !== 'all')
    return 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.';
  return null;
}

export function keyModeOf(choice: KeyChoice): KeyMode {
  if (choice.keys !== undefined && choice.keys.length > 0) {
    return { kind: 'list', keys: choice.keys, order: choice.keyOrder ?? 'random' };
  }
  if (choice.key !== undefined && choice.key !== null) return { kind: 'fixed', key: choice.key };
  return { kind: 'none' };
}

function nextKey(world: World, producer: ProducerState, mode: KeyMode): string | null {
  switch (mode.kind) {
    case 'none':
      return null;
    case 'fixed':
      return mode.key;
    case 'list':
      if (mode.order === 'cycle') return mode.keys[producer.keyCycle++ % mode.keys.length];
      return mode.keys[nextInt(world.rng.keys, mode.keys.length)];
  }
}

/**
 * The same number, as a small integer when it is one. The clock is a double (network delays
 * are fractional); read from it, even a whole timestamp arrives as a double, and V8 stores a
 * double field of every record as a boxed number: one more object per record to collect.
 */
function smallIntOr(n: number): number {
  return (n | 0) === n ? n | 0 : n;
}

/** Each key of a rate's key list, hashed (murmur2) and measured (UTF-8 bytes) once per list. */
interface KeyListInfo {
  readonly hashes: Int32Array;
  readonly bytes: Int32Array;
}

/** A memo keyed by the list itself (a rate keeps its list across ticks); pure, so deterministic. */
const keyListInfos = new WeakMap<readonly string[], KeyListInfo>();

function keyListInfo(keys: readonly string[]): KeyListInfo {
  let info = keyListInfos.get(keys);
  if (info === undefined) {
    info = { hashes: new Int32Array(keys.length), bytes: new Int32Array(keys.length) };
    for (let i = 0; i < keys.length; i++) {
      info.hashes[i] = keyHash(keys[i]);
      info.bytes[i] = utf8Length(keys[i]);
    }
    keyListInfos.set(keys, info);
  }
  return info;
}

/** Partitions that currently have a leader, in partition order (the client's "available" list). */
export function availablePartitions(world: World, topic: string): number[] {
  const available: number[] = [];
  for (const p of world.topics[topic].partitions) if (p.leader !== -1) available.push(p.partition);
  return available;
}

export interface SendSpec {
  topic: string;
  key: string | null;
  value: string | null | undefined;
  headers: PendingRecord['headers'];
  partition: number | undefined;
  /** ProducerRecord's timestamp (CreateTime); undefined: the producer's clock at send(). */
  timestampMs: number | undefined;
  /** A windowed key's window (Kafka Streams' windowed serde); the key is the base key. */
  window?: { startMs: number; endMs: number };
  /** Why `partition` was chosen when the caller chose it (a Streams partitioner hashing the key). */
  partitionReason?: PartitionReason;
}

/** KafkaProducer.send(): choose the partition, append to the open batch, send it when full. */
export function send(world: World, producer: ProducerState, spec: SendSpec): void {
  sendRecord(
    world,
    producer,
    spec.topic,
    spec.key,
    spec.value,
    spec.headers,
    spec.partition,
    spec.timestampMs,
    spec.window,
    spec.partitionReason,
    0,
    -1,
  );
}

/** {@link send} with the spec's fields as arguments: a rate tick's records build no spec object. */
function sendRecord(
  world: World,
  producer: ProducerState,
  topicName: string,
  key: string | null,
  specValue: string | null | undefined,
  headers: PendingRecord['headers'],
  specPartition: number | undefined,
  timestampMs: number | undefined,
  window: SendSpec['window'],
  partitionReason: PartitionReason | undefined,
  /** The key's murmur2 when `keyBytes` is known (a rate tick's key list), else unused. */
  knownKeyHash: number,
  /** The key's UTF-8 length when the caller knows it, else -1. */
  keyBytes: number,
  /** A fast rate tick's record: it may join the run (recordRuns.ts) its batch ends with. */
  asRun = false,
): void {
  const topic = world.topics[topicName];
  const sequence = producer.nextSequence++;
  let value: string | null;
  let sizeBytes: number;
  if (specValue === undefined) {
    value = generatedValue(producer.id, sequence);
    sizeBytes =
      headers.length === 0
        ? generatedRecordSize(key, keyBytes, producer.id, sequence)
        : recordSize(key, value, headers);
  } else {
    value = specValue;
    sizeBytes = recordSize(key, value, headers);
  }
  let partition: number;
  let reason: PartitionReason;
  if (specPartition !== undefined) {
    partition = specPartition;
    reason = partitionReason ?? 'explicit';
  } else if (!usesAvailability(producer.partitioner, key, producer.ignoreKeys)) {
    // A keyed record: murmur2 of the key over all partitions, as choosePartition does, without
    // building its request and answer objects (this is the hot path of a keyed workload).
    partition =
      keyBytes >= 0
        ? positiveModulo(knownKeyHash, topic.partitions.length)
        : partitionForKey(key as string, topic.partitions.length);
    reason = 'key-hash';
  } else {
    if (producer.partitioner === 'default' && usesAvailability('default', key, producer.ignoreKeys))
      beforeStickyAppend(world, producer, topicName, sizeBytes);
    const choice = choosePartition(
      producer.partitioner,
      producer.partitionerState,
      {
        topic: topicName,
        key: key,
        sizeBytes,
        numPartitions: topic.partitions.length,
        available: usesAvailability(producer.partitioner, key, producer.ignoreKeys)
          ? availablePartitions(world, topicName)
          : NO_PARTITIONS,
        batchSizeBytes: producer.batchSizeBytes,
        ignoreKeys: producer.ignoreKeys,
      },
      world.rng.partitioner,
    );
    partition = choice.partition;
    reason = choice.reason;
  }
  const record = unwrittenRecord(
    key,
    value,
    headers,
    timestampMs ?? world.nowMs,
    producer.id,
    sequence,
    sizeBytes,
    reason,
  );
  // Only windowed records carry the field, so every other record keeps its shape.
  if (window !== undefined) (record as { window?: SendSpec['window'] }).window = window;
  // Likewise `count`, on a run's records only (its first stays in the batch as the run).
  else if (asRun && specValue === undefined && headers.length === 0 && timestampMs === undefined)
    (record as UnwrittenRun).count = 1;
  producer.sent++;
  appendToBatch(world, producer, topicName, partition, record);
  if (reason === 'sticky' && producer.partitioner === 'default') {
    // RecordAccumulator.append: enableSwitch = allBatchesFull(dq). A closed batch has left the
    // open slot full (or for the sender), so only a still-open batch holds the switch back.
    const enableSwitch = producer.openBatches[topicName]?.[partition] === undefined;
    onStickyAppended(
      producer.partitionerState,
      topicName,
      partition,
      sizeBytes,
      producer.batchSizeBytes,
      enableSwitch,
    );
  }
}

/**
 * RecordAccumulator.tryAppend: the sticky partition's batch without room for this record is
 * closed for appends (full), which lets a held-back switch happen before the record is placed.
 * (A function of its own: its closure would otherwise cost every record of sendRecord a context.)
 */
function beforeStickyAppend(
  world: World,
  producer: ProducerState,
  topicName: string,
  sizeBytes: number,
): void {
  const current = currentStickyPartition(producer.partitionerState, topicName);
  const open = current === undefined ? undefined : producer.openBatches[topicName]?.[current];
  if (
    current !== undefined &&
    open !== undefined &&
    !batchHasRoomFor(open.bytes, open.records.length, sizeBytes, producer.batchSizeBytes)
  )
    closeBatch(world, producer, topicName, current);
  completeDeferredSwitch(
    producer.partitionerState,
    topicName,
    producer.batchSizeBytes,
    (p) => producer.openBatches[topicName]?.[p] === undefined,
  );
}

/** A record as send() makes it (one literal for every path, so every record has one shape). */
function unwrittenRecord(
  key: string | null,
  value: string | null,
  headers: PendingRecord['headers'],
  timestampMs: number,
  producer: string,
  sequence: number,
  sizeBytes: number,
  partitionReason: PartitionReason,
): UnwrittenRecord {
  return {
    key,
    value,
    headers,
    timestampMs: smallIntOr(timestampMs),
    producer,
    sequence,
    sizeBytes,
    partitionReason,
    offset: -1,
    leaderEpoch: -1,
  };
}

/**
 * A record whose `timestampMs` is not a number, made before a world's first record and held
 * for good (`createWorld` asks for it): V8 then keeps that field of every record as a tagged
 * value, a whole timestamp (every producer's record has one, `smallIntOr`) inline, instead of
 * as a double, which it boxes in each record (12 bytes more each: 1.6 MiB of the 8×32 bench's
 * indexed timeline). Records are built in two places with the same keys in the same order
 * (`unwrittenRecord`, a broker's own `appendInternalRecord`), so they share V8's hidden class
 * and this one decides its fields; without it, the first offset commit (stamped with the
 * clock, a fraction) made the field a double in every record. Never appended anywhere.
 */
let shapeOfRecords: PendingRecord | null = null;

export function recordShape(): PendingRecord {
  return (shapeOfRecords ??= unwrittenRecord(
    null,
    null,
    [],
    null as unknown as number,
    '',
    0,
    0,
    'explicit',
  ));
}

/**
 * A rate tick's `count` records with keys from a list, hashed over all partitions (the
 * partitioner takes the key): what {@link sendRecord} does for each, with what stays the same
 * through the tick (the topic's partition count, the producer's open batches of the topic,
 * the time) looked up once instead of once per record.
 */
function sendKeyedRecords(
  world: World,
  producer: ProducerState,
  topicName: string,
  keys: readonly string[],
  cycle: boolean,
  count: number,
): void {
  const info = keyListInfo(keys);
  const partitions = world.topics[topicName].partitions.length;
  const batches = (producer.openBatches[topicName] ??= []);
  const producerId = producer.id;
  const nowMs = world.nowMs;
  for (let i = 0; i < count; i++) {
    const k = cycle ? producer.keyCycle++ % keys.length : nextInt(world.rng.keys, keys.length);
    const key = keys[k];
    const sequence = producer.nextSequence++;
    const value = generatedValue(producerId, sequence);
    const sizeBytes = generatedRecordSize(key, info.bytes[k], producerId, sequence);
    const partition = positiveModulo(info.hashes[k], partitions);
    const record = unwrittenRecord(
      key,
      value,
      NO_HEADERS,
      nowMs,
      producerId,
      sequence,
      sizeBytes,
      'key-hash',
    );
    producer.sent++;
    appendToOpenBatch(world, producer, batches, topicName, partition, record);
  }
}

function appendToBatch(
  world: World,
  producer: ProducerState,
  topic: string,
  partition: number,
  record: UnwrittenRecord,
): void {
  appendToOpenBatch(
    world,
    producer,
    (producer.openBatches[topic] ??= []),
    topic,
    partition,
    record,
  );
}

/** {@link appendToBatch} with the producer's open batches of `topic` at hand. */
function appendToOpenBatch(
  world: World,
  producer: ProducerState,
  batches: (OpenBatch | undefined)[],
  topic: string,
  partition: number,
  record: UnwrittenRecord,
): void {
  let batch = batches[partition];
  // MemoryRecordsBuilder.hasRoomFor: a record that does not fit leaves the batch to the sender
  // and starts a new one (an empty batch takes a record larger than batch.size).
  if (
    batch !== undefined &&
    !batchHasRoomFor(batch.bytes, batch.records.length, record.sizeBytes, producer.batchSizeBytes)
  ) {
    closeBatch(world, producer, topic, partition);
    batch = batches[partition];
  }
  if (batch === undefined) {
    batch = {
      id: nextId(world),
      topic,
      partition,
      records: [],
      recordCount: 0,
      bytes: 0,
      createdAtMs: world.nowMs,
      ready: false,
    };
    batches[partition] = batch;
    armExpiry(world, producer, batch.createdAtMs + world.config.producer.deliveryTimeoutMs);
    schedule(world, world.nowMs + producer.lingerMs, {
      kind: 'lingerExpired',
      producer: producer.id,
      topic,
      partition,
      batchId: batch.id,
    });
  }
  const last = batch.records[batch.records.length - 1];
  if (record.count !== undefined && last !== undefined && continuesRun(last, record)) {
    (last as UnwrittenRun).count += 1;
    (last as UnwrittenRun).sizeBytes += record.sizeBytes;
  } else batch.records.push(record);
  batch.recordCount += 1;
  batch.bytes += record.sizeBytes;
  if (batchIsFull(batch.bytes, producer.batchSizeBytes))
    closeBatch(world, producer, topic, partition);
}

/** Whether `record` (a fast rate tick's) is the next record of the run `last` is. */
function continuesRun(last: UnwrittenRecord, record: UnwrittenRecord): boolean {
  return (
    last.count !== undefined &&
    last.offset === -1 &&
    last.key === record.key &&
    last.timestampMs === record.timestampMs &&
    last.producer === record.producer &&
    lastSequenceOf(last) + 1 === record.sequence
  );
}

/**
 * A fast rate tick's next records, as many as go on (up to `max`) without anything but the
 * run growing: the partition they go to has an open batch ending with this tick's run, they
 * leave it short of batch.size, and (no key, the default partitioner) the uniform sticky
 * partitioner does not switch. Each would take {@link sendRecord}'s path and change nothing
 * else: the run, the batch's bytes, the sticky partition's produced bytes, the producer's
 * sequence and count. Returns how many it added (0: the next record takes the path itself).
 */
function extendRunInBulk(
  world: World,
  producer: ProducerState,
  topicName: string,
  key: string | null,
  max: number,
): number {
  const topic = world.topics[topicName];
  let partition: number;
  let sticky: StickyState | undefined;
  if (!usesAvailability(producer.partitioner, key, producer.ignoreKeys))
    partition = partitionForKey(key as string, topic.partitions.length);
  else {
    if (producer.partitioner !== 'default') return 0;
    sticky = producer.partitionerState.sticky[topicName];
    if (sticky === undefined || sticky.switchPending) return 0;
    if (sticky.partition >= topic.partitions.length) return 0;
    partition = sticky.partition;
  }
  const batch = producer.openBatches[topicName]?.[partition];
  if (batch === undefined) return 0;
  const last = batch.records[batch.records.length - 1] as UnwrittenRun | undefined;
  if (
    last === undefined ||
    last.count === undefined ||
    last.offset !== -1 ||
    last.key !== key ||
    last.timestampMs !== smallIntOr(world.nowMs) ||
    lastSequenceOf(last) + 1 !== producer.nextSequence
  )
    return 0;
  // Each record must leave the batch below batch.size (full closes it) and, sticky, the
  // partition's produced bytes below 2 × batch.size (which switches even with the batch open).
  let room = producer.batchSizeBytes - batch.bytes - 1;
  if (sticky !== undefined)
    room = Math.min(room, producer.batchSizeBytes * 2 - sticky.producedBytes - 1);
  if (room <= 0) return 0;
  const n = recordsFitting(producer.nextSequence, runFixedBytes(producer.id, key), room, max);
  if (n === 0) return 0;
  const bytes = runBytes(last, last.count, last.count + n);
  last.count += n;
  last.sizeBytes += bytes;
  batch.recordCount += n;
  batch.bytes += bytes;
  if (sticky !== undefined) sticky.producedBytes += bytes;
  producer.nextSequence += n;
  producer.sent += n;
  return n;
}

/**
 * The batch is full, or linger.ms passed, or its leader's request takes it along: it leaves the
 * open slot for the accumulator's queue of its partition, and the sender is woken.
 */
export function closeBatch(
  world: World,
  producer: ProducerState,
  topic: string,
  partition: number,
): void {
  const batches = producer.openBatches[topic];
  const batch = batches?.[partition];
  if (batch === undefined) return;
  batches[partition] = undefined;
  if (producer.partitioner === 'sticky')
    onBatchClosed(producer.partitionerState, batch.topic, batch.partition);
  const key = tpKey(topic, partition);
  const request: ProduceRequest = {
    id: nextId(world),
    producer: producer.id,
    broker: -1,
    topic: batch.topic,
    partition: batch.partition,
    acks: producer.acks,
    records: batch.records,
    recordCount: batch.recordCount,
    bytes: batch.bytes,
    createdAtMs: batch.createdAtMs,
    attempts: 0,
    flightId: 0,
    // Since Kafka 3.0 idempotence is on by default, but only with acks=all.
    idempotent: producer.idempotent && producer.acks === 'all',
    backoffMs: world.config.producer.retryBackoffMs,
    prevSequence: producer.lastClosedSequence[key] ?? -1,
    retryAtMs: 0,
    sentEpoch: -1,
    wireId: 0,
    answer: null,
    done: false,
    lastError: null,
  };
  producer.lastClosedSequence[key] = lastSequenceOf(batch.records[batch.records.length - 1]);
  (producer.queued[key] ??= []).push(request);
  wakeSender(world, producer);
}

/**
 * linger.ms passed: the batch is ready to go. Like Kafka's accumulator, it stays open (and keeps
 * filling) until the sender drains it, which waits for its leader, room on the connection, and
 * the batches queued before it.
 */
export function handleLingerExpired(
  world: World,
  producer: ProducerState,
  topic: string,
  partition: number,
  batchId: number,
): void {
  const batch = producer.openBatches[topic]?.[partition];
  if (batch === undefined || batch.id !== batchId) return;
  batch.ready = true;
  wakeSender(world, producer);
}

/**
 * Runs the sender (Kafka's sender thread, woken by a new batch, an answer or a backoff's end).
 * Already running (it closed a batch, or an answer is being handled): it runs once more after.
 */
export function wakeSender(world: World, producer: ProducerState): void {
  if (producer.senderBusy) {
    producer.senderPending = true;
    return;
  }
  producer.senderBusy = true;
  do {
    producer.senderPending = false;
    sendReady(world, producer);
  } while (producer.senderPending);
  producer.senderBusy = false;
}

/** Runs `work` (handling a response, expiring batches) with the sender held, then the sender once. */
function withSenderHeld(world: World, producer: ProducerState, work: () => void): void {
  if (producer.senderBusy) {
    work();
    producer.senderPending = true;
    return;
  }
  producer.senderBusy = true;
  work();
  producer.senderBusy = false;
  wakeSender(world, producer);
}

/**
 * Whether the first queued batch of a partition may be drained now (`RecordAccumulator.drain`):
 * not while its retry backs off; with max.in.flight=1 not while the partition has a batch on
 * the wire (Kafka mutes it); with idempotence a retry only once every earlier batch of its
 * partition is resolved (`shouldStopDrainBatchesForPartition`).
 */
function canDrain(producer: ProducerState, key: string, head: ProduceRequest, nowMs: number) {
  if (
    head.retryAtMs > nowMs &&
    cachedEpoch(producer.metadata, head.topic, head.partition) <= head.sentEpoch
  )
    return false;
  const onWire = producer.inFlight[key];
  if (onWire === undefined || onWire.length === 0) return true;
  if (producer.maxInFlight === 1) return false;
  return !(head.idempotent && head.attempts > 0 && firstSequence(onWire[0]) < firstSequence(head));
}

function firstSequence(batch: ProduceRequest): number {
  return batch.records[0].sequence;
}

function batchBytes(batch: ProduceRequest): number {
  return batch.bytes;
}

/** One produce request being built for a leader broker. */
interface Draft {
  batches: ProduceRequest[];
  bytes: number;
  partitions: Set<string>;
}

/**
 * The sender: for each leader broker with a ready batch and room on its connection
 * (max.in.flight.requests.per.connection), one produce request with the first batch of each of
 * its partitions, including batches still lingering (Kafka drains every partition of a ready
 * node), up to max.request.size; then again while batches and room remain. A partition whose
 * leader the producer does not know asks for a metadata refresh.
 */
function sendReady(world: World, producer: ProducerState): void {
  const now = world.nowMs;
  const maxBytes = world.config.producer.maxRequestSizeBytes;
  let unknownLeader = false;
  for (;;) {
    const drafts = new Map<number, Draft>();
    for (const key of Object.keys(producer.queued)) {
      const head = producer.queued[key][0];
      const leader = cachedLeader(world, producer.metadata, head.topic, head.partition);
      if (leader === -1) {
        unknownLeader = true;
        continue;
      }
      if (!canDrain(producer, key, head, now)) continue;
      if (head.acks !== 0 && (producer.inFlightRequests[leader] ?? 0) >= producer.maxInFlight)
        continue;
      addToDraft(draftFor(drafts, leader), head, maxBytes);
    }
    unknownLeader = draftReadyOpenBatches(world, producer, drafts, maxBytes) || unknownLeader;
    if (drafts.size === 0) break;
    for (const [broker, draft] of drafts) {
      takeLingeringBatches(world, producer, broker, draft, maxBytes);
      sendRequest(world, producer, broker, draft.batches);
    }
  }
  if (unknownLeader) requestMetadataUpdate(world, producerClient(producer));
}

function draftFor(drafts: Map<number, Draft>, broker: number): Draft {
  let draft = drafts.get(broker);
  if (draft === undefined) {
    draft = { batches: [], bytes: 0, partitions: new Set() };
    drafts.set(broker, draft);
  }
  return draft;
}

/**
 * Open batches whose linger.ms has passed, with nothing queued before them: drained (closed)
 * into their leader's request when it has room. Returns whether one has no known leader.
 */
function draftReadyOpenBatches(
  world: World,
  producer: ProducerState,
  drafts: Map<number, Draft>,
  maxBytes: number,
): boolean {
  let unknownLeader = false;
  for (const topic of Object.keys(producer.openBatches)) {
    for (const open of producer.openBatches[topic]) {
      if (open === undefined || !open.ready) continue;
      const key = tpKey(topic, open.partition);
      if ((producer.queued[key]?.length ?? 0) > 0) continue;
      const leader = cachedLeader(world, producer.metadata, topic, open.partition);
      if (leader === -1) {
        unknownLeader = true;
        continue;
      }
      if (producer.maxInFlight === 1 && (producer.inFlight[key]?.length ?? 0) > 0) continue;
      if (producer.acks !== 0 && (producer.inFlightRequests[leader] ?? 0) >= producer.maxInFlight)
        continue;
      const draft = drafts.get(leader);
      if (draft !== undefined && draft.partitions.has(key)) continue;
      if (draft !== undefined && draft.bytes + open.bytes > maxBytes) continue;
      closeQuietly(world, producer, topic, open.partition);
      addToDraft(draftFor(drafts, leader), producer.queued[key][0], maxBytes);
    }
  }
  return unknownLeader;
}

/** Closes an open batch into its partition's queue without scheduling another sender pass. */
function closeQuietly(world: World, producer: ProducerState, topic: string, partition: number) {
  const busy = producer.senderBusy;
  const pending = producer.senderPending;
  producer.senderBusy = true;
  closeBatch(world, producer, topic, partition);
  producer.senderBusy = busy;
  producer.senderPending = pending;
}

function addToDraft(draft: Draft, batch: ProduceRequest, maxBytes: number): boolean {
  if (draft.batches.length > 0) {
    // One acks per request (a producer has one; a reconfigured one drains the old batches apart).
    if (draft.batches[0].acks !== batch.acks) return false;
    if (draft.bytes + batchBytes(batch) > maxBytes) return false;
  }
  draft.batches.push(batch);
  draft.bytes += batchBytes(batch);
  draft.partitions.add(tpKey(batch.topic, batch.partition));
  return true;
}

/** Open batches of the broker's other partitions go along in the same request (not yet full or lingered). */
function takeLingeringBatches(
  world: World,
  producer: ProducerState,
  broker: number,
  draft: Draft,
  maxBytes: number,
): void {
  for (const topic of Object.keys(producer.openBatches)) {
    for (const open of producer.openBatches[topic]) {
      if (open === undefined) continue;
      const key = tpKey(topic, open.partition);
      if (draft.partitions.has(key) || (producer.queued[key]?.length ?? 0) > 0) continue;
      if (cachedLeader(world, producer.metadata, topic, open.partition) !== broker) continue;
      if (producer.maxInFlight === 1 && (producer.inFlight[key]?.length ?? 0) > 0) continue;
      if (draft.bytes + open.bytes > maxBytes) continue;
      closeQuietly(world, producer, topic, open.partition);
      addToDraft(draft, producer.queued[key][0], maxBytes);
    }
  }
}

/** Puts one produce request on the wire to `broker`: the batches arrive together. */
function sendRequest(
  world: World,
  producer: ProducerState,
  broker: number,
  batches: ProduceRequest[],
): void {
  const wire: ProduceWire = {
    id: nextId(world),
    producer: producer.id,
    broker,
    batches,
    unanswered: 0,
  };
  const acks = batches[0].acks;
  // One connection per broker delivers requests in order.
  const arrivesAtMs = Math.max(
    world.nowMs + networkDelayMs(world),
    producer.connectionFreeAtMs[broker] ?? 0,
  );
  producer.connectionFreeAtMs[broker] = arrivesAtMs;
  for (const batch of batches) {
    const key = tpKey(batch.topic, batch.partition);
    const queue = producer.queued[key];
    queue.shift();
    if (queue.length === 0) delete producer.queued[key];
    batch.attempts++;
    batch.broker = broker;
    batch.sentEpoch = cachedEpoch(producer.metadata, batch.topic, batch.partition);
    batch.wireId = wire.id;
    batch.answer = null;
    if (acks !== 0) insertBySequence((producer.inFlight[key] ??= []), batch);
    batch.flightId = nextId(world);
    world.flights.set(batch.flightId, {
      id: batch.flightId,
      kind: 'produce',
      from: { kind: 'producer', id: producer.id },
      to: { kind: 'broker', id: broker },
      topic: batch.topic,
      partition: batch.partition,
      count: batch.recordCount,
      first: firstSequence(batch),
      sentAtMs: world.nowMs,
      arrivesAtMs,
    });
    emit(world, {
      type: 'recordsSent',
      atMs: world.nowMs,
      producer: producer.id,
      topic: batch.topic,
      partition: batch.partition,
      broker,
      firstSequence: firstSequence(batch),
      count: batch.recordCount,
      arrivesAtMs,
      request: wire.id,
    });
    schedule(world, arrivesAtMs, { kind: 'produceArrived', request: batch });
  }
  if (acks === 0) {
    // acks=0: the client counts the records as done as soon as they are written to the socket.
    for (const batch of batches) {
      batch.done = true;
      recordAcked(world, producer, batch, -1);
    }
    return;
  }
  wire.unanswered = batches.length;
  producer.wires[wire.id] = wire;
  producer.inFlightRequests[broker] = (producer.inFlightRequests[broker] ?? 0) + 1;
  schedule(world, world.nowMs + world.config.producer.requestTimeoutMs, {
    kind: 'produceTimedOut',
    producer: producer.id,
    topic: batches[0].topic,
    partition: batches[0].partition,
    requestId: wire.id,
    attempt: 0,
  });
}

function insertBySequence(list: ProduceRequest[], batch: ProduceRequest): void {
  let i = list.length;
  while (i > 0 && firstSequence(list[i - 1]) > firstSequence(batch)) i--;
  list.splice(i, 0, batch);
}

function removeFrom(
  lists: Record<string, ProduceRequest[]>,
  key: string,
  batch: ProduceRequest,
): void {
  const list = lists[key];
  if (list === undefined) return;
  const index = list.indexOf(batch);
  if (index === -1) return;
  list.splice(index, 1);
  if (list.length === 0) delete lists[key];
}

/** Counts an acknowledgement and remembers which records were acknowledged where. */
export function recordAcked(
  world: World,
  producer: ProducerState,
  request: ProduceRequest,
  baseOffset: number,
): void {
  const count = request.recordCount;
  producer.acked += count;
  if (baseOffset >= 0) {
    // Record by record (a run's records have consecutive sequences), until the cap.
    let offset = baseOffset;
    for (let i = 0; i < request.records.length; i++) {
      const entry = request.records[i];
      const records = entry.count ?? 1;
      for (let j = 0; j < records; j++) {
        if (producer.ackedRecords.length >= ACKED_RECORDS_CAP) {
          producer.ackedRecordsTruncated = true;
          break;
        }
        producer.ackedRecords.push({
          topic: request.topic,
          partition: request.partition,
          offset: offset++,
          sequence: entry.sequence + j,
        });
      }
      if (producer.ackedRecordsTruncated) break;
    }
  }
  emit(world, {
    type: 'produceAcked',
    atMs: world.nowMs,
    producer: producer.id,
    topic: request.topic,
    partition: request.partition,
    baseOffset,
    count,
  });
}

/**
 * A leader answered one partition's batch. The producer handles the produce request's
 * response once every batch in it is answered (Kafka's response is one message): each batch
 * is then acknowledged, or retried with backoff until delivery.timeout.ms. Returns whether a
 * batch was acknowledged.
 */
export function handleProduceAnswered(
  world: World,
  request: ProduceRequest,
  attempt: number,
  baseOffset: number,
  error: string | null,
): boolean {
  const producer = own(world.producers, request.producer);
  if (producer === undefined || request.acks === 0 || attempt !== request.attempts) return false;
  const wire = producer.wires[request.wireId];
  if (wire === undefined || request.answer !== null) return false;
  request.answer = { baseOffset, error };
  wire.unanswered--;
  if (wire.unanswered > 0) return false;
  return completeRequest(world, producer, wire);
}

function finishRequest(producer: ProducerState, wire: ProduceWire): void {
  delete producer.wires[wire.id];
  producer.inFlightRequests[wire.broker] = (producer.inFlightRequests[wire.broker] ?? 1) - 1;
}

function completeRequest(world: World, producer: ProducerState, wire: ProduceWire): boolean {
  finishRequest(producer, wire);
  let acked = false;
  withSenderHeld(world, producer, () => {
    acked = answerBatches(world, producer, wire);
  });
  return acked;
}

function answerBatches(world: World, producer: ProducerState, wire: ProduceWire): boolean {
  let acked = false;
  for (const batch of wire.batches) {
    if (batch.done || batch.wireId !== wire.id || batch.answer === null) continue;
    const answer = batch.answer;
    batch.answer = null;
    batch.wireId = 0;
    removeFrom(producer.inFlight, tpKey(batch.topic, batch.partition), batch);
    if (answer.error === null) {
      batch.done = true;
      recordAcked(world, producer, batch, answer.baseOffset);
      acked = true;
    } else batchErrored(world, producer, batch, answer.error);
  }
  return acked;
}

export const REQUEST_TIMED_OUT = 'REQUEST_TIMED_OUT';
export const DELIVERY_TIMEOUT = 'DELIVERY_TIMEOUT';

/** request.timeout.ms passed without the response: every batch in the request failed this attempt. */
export function handleProduceTimedOut(
  world: World,
  timeout: { producer: string; requestId: number },
): void {
  const producer = own(world.producers, timeout.producer);
  const wire = producer?.wires[timeout.requestId];
  if (producer === undefined || wire === undefined) return;
  finishRequest(producer, wire);
  withSenderHeld(world, producer, () => {
    for (const batch of wire.batches) {
      if (batch.done || batch.wireId !== wire.id) continue;
      batch.answer = null;
      batch.wireId = 0;
      removeFrom(producer.inFlight, tpKey(batch.topic, batch.partition), batch);
      batchErrored(world, producer, batch, REQUEST_TIMED_OUT);
    }
  });
}

/** Errors after which the producer's metadata is suspect (Kafka's InvalidMetadataException, a disconnect). */
const STALE_METADATA_ERRORS: readonly string[] = [NOT_LEADER, NETWORK_EXCEPTION, REQUEST_TIMED_OUT];

function batchErrored(
  world: World,
  producer: ProducerState,
  batch: ProduceRequest,
  error: string,
): void {
  // The next attempt is a new one: answers to this attempt are stale from now on.
  batch.attempts++;
  batch.lastError = error;
  if (error === NOT_LEADER) {
    // KIP-951: the answer names the leader the broker knows; the client takes it if newer.
    const p = world.topics[batch.topic].partitions[batch.partition];
    applyLeaderHint(producer.metadata, batch.topic, batch.partition, p.leader, p.leaderEpoch);
  }
  if (STALE_METADATA_ERRORS.includes(error)) requestMetadataUpdate(world, producerClient(producer));
  // Sender.canRetry: a retriable error retries while delivery.timeout.ms has not passed.
  // INVALID_RECORD (InvalidRecordException) is not retriable: the batch fails at once.
  const willRetry =
    error !== INVALID_RECORD &&
    world.nowMs < batch.createdAtMs + world.config.producer.deliveryTimeoutMs;
  emit(world, {
    type: 'produceErrored',
    atMs: world.nowMs,
    producer: producer.id,
    topic: batch.topic,
    partition: batch.partition,
    count: batch.recordCount,
    error,
    willRetry,
  });
  if (!willRetry) {
    failBatch(world, producer, batch, error, false);
    return;
  }
  const key = tpKey(batch.topic, batch.partition);
  if (error === OUT_OF_ORDER_SEQUENCE && isFirstUnresolved(producer, key, batch)) {
    // Nothing before it is pending: its predecessor will never be in the log (it failed, or was
    // lost with a truncation). The producer bumps its epoch and restarts the partition's sequence.
    batch.prevSequence = -1;
  }
  batch.retryAtMs = world.nowMs + batch.backoffMs;
  batch.backoffMs = Math.min(batch.backoffMs * 2, world.config.producer.retryBackoffMaxMs);
  // Back into the accumulator: in sequence order with idempotence, else at the front.
  const queue = (producer.queued[key] ??= []);
  if (batch.idempotent) insertBySequence(queue, batch);
  else queue.unshift(batch);
  schedule(world, batch.retryAtMs, { kind: 'produceRetry', request: batch });
}

function isFirstUnresolved(producer: ProducerState, key: string, batch: ProduceRequest): boolean {
  const onWire = producer.inFlight[key]?.[0];
  const waiting = producer.queued[key]?.[0];
  return (
    (onWire === undefined || firstSequence(onWire) > firstSequence(batch)) &&
    (waiting === undefined || firstSequence(waiting) > firstSequence(batch))
  );
}

/** The batch is given up: its records count as failed, under `error`. */
function failBatch(
  world: World,
  producer: ProducerState,
  batch: ProduceRequest,
  error: string,
  timedOut: boolean,
): void {
  batch.done = true;
  const key = tpKey(batch.topic, batch.partition);
  removeFrom(producer.inFlight, key, batch);
  removeFrom(producer.queued, key, batch);
  const count = batch.recordCount;
  producer.failed += count;
  producer.errors[error] = (producer.errors[error] ?? 0) + count;
  if (timedOut) producer.timedOut += count;
  emit(world, {
    type: 'produceExpired',
    atMs: world.nowMs,
    producer: producer.id,
    topic: batch.topic,
    partition: batch.partition,
    count,
    error,
    ...(timedOut ? { timedOut } : {}),
  });
  wakeSender(world, producer);
}

/** A retry's backoff is over: the sender looks again (the batch waits in the accumulator). */
export function handleProduceRetry(world: World, request: ProduceRequest): void {
  const producer = own(world.producers, request.producer);
  if (producer !== undefined && !request.done) wakeSender(world, producer);
}

/** Schedules the delivery-timeout check for `deadlineMs` unless an earlier one is scheduled. */
function armExpiry(world: World, producer: ProducerState, deadlineMs: number): void {
  if (deadlineMs >= producer.expiryCheckAtMs) return;
  producer.expiryCheckAtMs = deadlineMs;
  producer.expiryToken++;
  schedule(world, deadlineMs, {
    kind: 'deliveryExpired',
    producer: producer.id,
    token: producer.expiryToken,
  });
}

/**
 * delivery.timeout.ms passed since a batch was created and it is still not acknowledged (in
 * the accumulator, backing off, or on the wire): it fails as a timeout (`Sender`: "Expiring N
 * record(s) for topic-partition: M ms has passed since batch creation"). An answer that comes
 * later is ignored. Then the check is scheduled for the next batch's deadline.
 */
export function handleDeliveryExpired(
  world: World,
  check: { producer: string; token: number },
): void {
  const producer = own(world.producers, check.producer);
  if (producer === undefined || check.token !== producer.expiryToken) return;
  producer.expiryCheckAtMs = Number.POSITIVE_INFINITY;
  const timeoutMs = world.config.producer.deliveryTimeoutMs;
  const expired: ProduceRequest[] = [];
  let next = Number.POSITIVE_INFINITY;
  for (const lists of [producer.inFlight, producer.queued]) {
    for (const key of Object.keys(lists)) {
      for (const batch of lists[key]) {
        const deadline = batch.createdAtMs + timeoutMs;
        if (deadline <= world.nowMs) expired.push(batch);
        else next = Math.min(next, deadline);
      }
    }
  }
  for (const topic of Object.keys(producer.openBatches)) {
    for (const open of producer.openBatches[topic]) {
      if (open === undefined) continue;
      const deadline = open.createdAtMs + timeoutMs;
      if (deadline > world.nowMs) next = Math.min(next, deadline);
      else {
        // Still in the accumulator (its leader never had room): it expires there, unsent.
        closeQuietly(world, producer, topic, open.partition);
        expired.push(producer.queued[tpKey(topic, open.partition)].at(-1) as ProduceRequest);
      }
    }
  }
  // Only a batch's first failure counts; an expired batch's later answer finds it done.
  withSenderHeld(world, producer, () => {
    for (const batch of expired)
      if (!batch.done) failBatch(world, producer, batch, batch.lastError ?? DELIVERY_TIMEOUT, true);
  });
  if (next !== Number.POSITIVE_INFINITY) armExpiry(world, producer, next);
}

/** The producer as its metadata cache's owner (the MetadataRequest round trip is in clientMetadata.ts). */
export function producerClient(producer: ProducerState): MetadataClientRef {
  return { kind: 'producer', id: producer.id };
}

/** The error recorded for batches a producer's process took with it when it died. */
export const PROCESS_DIED = 'PROCESS_DIED';

/**
 * The producer's process dies: the batches still in its memory (open, queued, or waiting for an
 * answer or a retry) die with it and are counted as failed. A request already on the wire still
 * reaches its broker, which may append it; its answer finds no one and is ignored.
 */
export function killProducerProcess(world: World, producer: ProducerState): void {
  const lost = new Map<string, { topic: string; partition: number; count: number }>();
  const note = (topic: string, partition: number, count: number) => {
    if (count === 0) return;
    const key = tpKey(topic, partition);
    const entry = lost.get(key) ?? { topic, partition, count: 0 };
    entry.count += count;
    lost.set(key, entry);
  };
  for (const topic of Object.keys(producer.openBatches))
    for (const batch of producer.openBatches[topic])
      if (batch !== undefined) note(topic, batch.partition, batch.recordCount);
  for (const lists of [producer.inFlight, producer.queued])
    for (const key of Object.keys(lists))
      for (const r of lists[key]) {
        r.done = true;
        note(r.topic, r.partition, r.recordCount);
      }
  producer.openBatches = dict();
  producer.queued = {};
  producer.inFlight = {};
  producer.wires = {};
  producer.inFlightRequests = {};
  for (const { topic, partition, count } of lost.values()) {
    producer.failed += count;
    producer.errors[PROCESS_DIED] = (producer.errors[PROCESS_DIED] ?? 0) + count;
    emit(world, {
      type: 'produceExpired',
      atMs: world.nowMs,
      producer: producer.id,
      topic,
      partition,
      count,
      error: PROCESS_DIED,
    });
  }
}

/** `produce` command: one record or a burst, with a key, no key, or keys from a list. */
export function produce(world: World, command: ProduceCommand): void {
  const producer = world.producers[command.producer];
  const topic = command.topic ?? producer.topic;
  if (topic === null) return;
  const mode = keyModeOf(command);
  const count = command.count ?? 1;
  for (let i = 0; i < count; i++) {
    send(world, producer, {
      topic,
      key: nextKey(world, producer, mode),
      value: command.value,
      headers: command.headers ?? NO_HEADERS,
      partition: command.partition,
      timestampMs: command.timestampMs,
    });
  }
}

/** Starts, changes or stops a producer's steady rate. */
export function setRate(world: World, producer: ProducerState, rate: number, mode: KeyMode): void {
  producer.rate = rate;
  producer.rateKeyMode = mode;
  if (rate > 0 && !producer.rateTickScheduled) {
    producer.rateTickScheduled = true;
    schedule(world, world.nowMs, { kind: 'rateTick', producer: producer.id });
  }
}

/** One tick of a rate-driven producer: the records due in this tick, then the next tick. */
export function handleRateTick(world: World, producer: ProducerState): void {
  producer.rateTickScheduled = false;
  if (producer.rate <= 0 || producer.topic === null) return;
  // Slow rates tick once per record; fast ones every RATE_TICK_MS with many records.
  const tickMs = Math.max(RATE_TICK_MS, 1000 / producer.rate);
  const due = producer.rateCarry + (producer.rate * tickMs) / 1000;
  const whole = Math.floor(due + 1e-9);
  producer.rateCarry = due - whole;
  const mode = producer.rateKeyMode;
  // A key list's keys are never null: '' stands for any of them.
  if (mode.kind === 'list' && !usesAvailability(producer.partitioner, '', producer.ignoreKeys)) {
    // Keyed records hashed over all partitions: the whole tick in one loop.
    if (whole > 0)
      sendKeyedRecords(world, producer, producer.topic, mode.keys, mode.order === 'cycle', whole);
  } else if (mode.kind === 'list') {
    // The keys drawn as nextKey draws them; their hashes and lengths from the list's memo.
    const { keys } = mode;
    const info = keyListInfo(keys);
    const cycle = mode.order === 'cycle';
    for (let i = 0; i < whole; i++) {
      const k = cycle ? producer.keyCycle++ % keys.length : nextInt(world.rng.keys, keys.length);
      sendRecord(
        world,
        producer,
        producer.topic,
        keys[k],
        undefined,
        NO_HEADERS,
        undefined,
        undefined,
        undefined,
        undefined,
        info.hashes[k],
        info.bytes[k],
      );
    }
  } else {
    // One key or none: a fast tick's records are held as runs, mostly added in bulk.
    // Not on a compacted topic: its cleaner keeps records per key, one by one.
    const asRuns =
      whole >= world.config.producer.runsFromRecordsPerTick &&
      world.topics[producer.topic].config.cleanupPolicy === 'delete';
    const key = mode.kind === 'fixed' ? mode.key : null;
    for (let i = 0; i < whole;) {
      const bulk = asRuns ? extendRunInBulk(world, producer, producer.topic, key, whole - i) : 0;
      if (bulk > 0) {
        i += bulk;
        continue;
      }
      sendRecord(
        world,
        producer,
        producer.topic,
        nextKey(world, producer, mode),
        undefined,
        NO_HEADERS,
        undefined,
        undefined,
        undefined,
        undefined,
        0,
        -1,
        asRuns,
      );
      i++;
    }
  }
  producer.rateTickScheduled = true;
  schedule(world, world.nowMs + tickMs, { kind: 'rateTick', producer: producer.id });
}
