import { dict } from './names';
import type { KeyChoice, ProduceCommand } from './commands';
import type { MetadataChange } from './metadataChanges';
import {
  tpKey,
  type KeyMode,
  type PendingRecord,
  type ProducerState,
  type UnwrittenRecord,
} from './model';
import { utf8Length } from './murmur2';
import {
  choosePartition,
  createPartitionerState,
  onBatchClosed,
  usesAvailability,
  type PartitionReason,
} from './partitioner';

import { nextInt } from './prng';
import type { ProduceRequest } from './protocol';
import type { ProducerSetup } from './setup';
import { emit, networkDelayMs, nextId, schedule, type World } from './world';

const NO_PARTITIONS: readonly number[] = [];

/** Kafka's record overhead is ~70 bytes per batch plus a few per record; a fixed estimate is enough here. */
const RECORD_OVERHEAD_BYTES = 10;
/** Rate-driven producers tick no more often than this: a high rate costs one task per tick, not per record. */
export const RATE_TICK_MS = 10;
/** Acknowledged records kept per producer for reports and loss detection. */
export const ACKED_RECORDS_CAP = 20_000;

export function createProducer(setup: ProducerSetup, world: World): ProducerState {
  return {
    id: setup.id,
    topic: setup.topic ?? null,
    partitioner: setup.partitioner ?? 'default',
    acks: setup.acks ?? 'all',
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
    inFlight: {},
    queued: {},
  };
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

function recordSize(
  key: string | null,
  value: string | null,
  headers: PendingRecord['headers'],
): number {
  let size = RECORD_OVERHEAD_BYTES;
  if (key !== null) size += utf8Length(key);
  if (value !== null) size += utf8Length(value);
  for (const [name, v] of headers) size += utf8Length(name) + utf8Length(v);
  return size;
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
  const topic = world.topics[spec.topic];
  const sequence = producer.nextSequence++;
  const value = spec.value === undefined ? `${producer.id}-${sequence}` : spec.value;
  const sizeBytes = recordSize(spec.key, value, spec.headers);
  let partition: number;
  let reason: PartitionReason;
  if (spec.partition !== undefined) {
    partition = spec.partition;
    reason = spec.partitionReason ?? 'explicit';
  } else {
    const choice = choosePartition(
      producer.partitioner,
      producer.partitionerState,
      {
        topic: spec.topic,
        key: spec.key,
        sizeBytes,
        numPartitions: topic.partitions.length,
        available: usesAvailability(producer.partitioner, spec.key, producer.ignoreKeys)
          ? availablePartitions(world, spec.topic)
          : NO_PARTITIONS,
        batchSizeBytes: producer.batchSizeBytes,
        ignoreKeys: producer.ignoreKeys,
      },
      world.rng.partitioner,
    );
    partition = choice.partition;
    reason = choice.reason;
  }
  const record: UnwrittenRecord = {
    key: spec.key,
    value,
    headers: spec.headers,
    timestampMs: spec.timestampMs ?? world.nowMs,
    producer: producer.id,
    sequence,
    sizeBytes,
    partitionReason: reason,
    offset: -1,
    leaderEpoch: -1,
  };
  // Only windowed records carry the field, so every other record keeps its shape.
  if (spec.window !== undefined) (record as { window?: SendSpec['window'] }).window = spec.window;
  producer.sent++;
  appendToBatch(world, producer, spec.topic, partition, record);
}

function appendToBatch(
  world: World,
  producer: ProducerState,
  topic: string,
  partition: number,
  record: UnwrittenRecord,
): void {
  const batches = (producer.openBatches[topic] ??= []);
  let batch = batches[partition];
  if (batch === undefined) {
    batch = {
      id: nextId(world),
      topic,
      partition,
      records: [],
      bytes: 0,
      createdAtMs: world.nowMs,
      ready: false,
    };
    batches[partition] = batch;
    schedule(world, world.nowMs + producer.lingerMs, {
      kind: 'lingerExpired',
      producer: producer.id,
      topic,
      partition,
      batchId: batch.id,
    });
  }
  batch.records.push(record);
  batch.bytes += record.sizeBytes;
  if (batch.bytes >= producer.batchSizeBytes) closeBatch(world, producer, topic, partition);
}

/** The batch is full, or ready and its partition free: it leaves the accumulator, queued for its leader. */
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
  onBatchClosed(producer.partitionerState, batch.topic, batch.partition);
  const request: ProduceRequest = {
    id: nextId(world),
    producer: producer.id,
    broker: -1,
    topic: batch.topic,
    partition: batch.partition,
    acks: producer.acks,
    records: batch.records,
    createdAtMs: batch.createdAtMs,
    attempts: 0,
    flightId: 0,
    // Since Kafka 3.0 idempotence is on by default, but only with acks=all.
    idempotent: producer.acks === 'all',
    backoffMs: world.config.producer.retryBackoffMs,
    expiryArmed: false,
  };
  (producer.queued[tpKey(topic, partition)] ??= []).push(request);
  pumpPartition(world, producer, topic, partition);
}

/**
 * linger.ms passed: the batch is ready to go. Like Kafka's accumulator, a ready batch that
 * cannot be sent yet (its partition has a request on the wire) stays open and keeps filling.
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
  pumpPartition(world, producer, topic, partition);
}

function leaderOf(world: World, request: ProduceRequest): number {
  return world.topics[request.topic].partitions[request.partition].leader;
}

/**
 * Sends the next queued batch for a partition if none is on the wire and the partition has a
 * leader. A keyed record's partition without a leader makes its batch wait: it is never
 * rerouted. Called again whenever an answer arrives or a leader is elected.
 */
export function pumpPartition(
  world: World,
  producer: ProducerState,
  topic: string,
  partition: number,
): void {
  const key = tpKey(topic, partition);
  if (producer.inFlight[key] !== undefined) return;
  const queue = producer.queued[key];
  if (queue === undefined || queue.length === 0) {
    if (producer.openBatches[topic]?.[partition]?.ready === true)
      closeBatch(world, producer, topic, partition);
    return;
  }
  if (world.topics[topic].partitions[partition].leader === -1) {
    // Waiting for a leader: delivery.timeout.ms still runs from each batch's creation.
    for (const waiting of queue) {
      if (waiting.expiryArmed) continue;
      waiting.expiryArmed = true;
      schedule(world, waiting.createdAtMs + world.config.producer.deliveryTimeoutMs, {
        kind: 'deliveryExpired',
        request: waiting,
      });
    }
    return;
  }
  const request = queue.shift() as ProduceRequest;
  if (request.acks === 0) {
    transmit(world, producer, request);
    pumpPartition(world, producer, topic, partition);
    return;
  }
  producer.inFlight[key] = request;
  transmit(world, producer, request);
}

/**
 * Producers learn a new leader at once (kafkascope propagates metadata instantly): each sends
 * what waited for the partition to it. With no leader, batches keep waiting.
 */
export function producersOnMetadataChange(world: World, change: MetadataChange): void {
  if (change.type !== 'leaderChanged') return;
  const p = change.partition;
  if (p.leader === -1) return;
  for (const id of world.producerOrder)
    pumpPartition(world, world.producers[id], p.topic, p.partition);
}

/** Puts a produce request on the wire to the partition's current leader. */
export function transmit(world: World, producer: ProducerState, request: ProduceRequest): void {
  const leader = leaderOf(world, request);
  request.attempts++;
  request.broker = leader;
  // One connection per broker delivers requests in order.
  const arrivesAtMs = Math.max(
    world.nowMs + networkDelayMs(world),
    producer.connectionFreeAtMs[leader] ?? 0,
  );
  producer.connectionFreeAtMs[leader] = arrivesAtMs;
  request.flightId = nextId(world);
  world.flights.set(request.flightId, {
    id: request.flightId,
    kind: 'produce',
    from: { kind: 'producer', id: producer.id },
    to: { kind: 'broker', id: leader },
    topic: request.topic,
    partition: request.partition,
    count: request.records.length,
    first: request.records[0].sequence,
    sentAtMs: world.nowMs,
    arrivesAtMs,
  });
  emit(world, {
    type: 'recordsSent',
    atMs: world.nowMs,
    producer: producer.id,
    topic: request.topic,
    partition: request.partition,
    broker: leader,
    firstSequence: request.records[0].sequence,
    count: request.records.length,
    arrivesAtMs,
  });
  schedule(world, arrivesAtMs, { kind: 'produceArrived', request });
  // acks=0: the client counts the record as done as soon as it is written to the socket.
  if (request.acks === 0) recordAcked(world, producer, request, -1);
  else {
    schedule(world, world.nowMs + world.config.producer.requestTimeoutMs, {
      kind: 'produceTimedOut',
      producer: request.producer,
      topic: request.topic,
      partition: request.partition,
      requestId: request.id,
      attempt: request.attempts,
    });
  }
}

/** Counts an acknowledgement and remembers which records were acknowledged where. */
export function recordAcked(
  world: World,
  producer: ProducerState,
  request: ProduceRequest,
  baseOffset: number,
): void {
  producer.acked += request.records.length;
  if (baseOffset >= 0) {
    for (let i = 0; i < request.records.length; i++) {
      if (producer.ackedRecords.length >= ACKED_RECORDS_CAP) {
        producer.ackedRecordsTruncated = true;
        break;
      }
      producer.ackedRecords.push({
        topic: request.topic,
        partition: request.partition,
        offset: baseOffset + i,
        sequence: request.records[i].sequence,
      });
    }
  }
  emit(world, {
    type: 'produceAcked',
    atMs: world.nowMs,
    producer: producer.id,
    topic: request.topic,
    partition: request.partition,
    baseOffset,
    count: request.records.length,
  });
}

/** Whether this answer is for the attempt the producer is waiting on (a late one is ignored). */
function isCurrent(producer: ProducerState, request: ProduceRequest, attempt: number): boolean {
  return (
    attempt === request.attempts &&
    producer.inFlight[tpKey(request.topic, request.partition)] === request
  );
}

/** A produce response reached the producer: count it, or retry with backoff until delivery.timeout.ms. */
export function handleProduceAnswered(
  world: World,
  request: ProduceRequest,
  attempt: number,
  baseOffset: number,
  error: string | null,
): boolean {
  const producer = world.producers[request.producer];
  if (request.acks === 0 || !isCurrent(producer, request, attempt)) return false;
  if (error === null) {
    producer.inFlight[tpKey(request.topic, request.partition)] = undefined;
    recordAcked(world, producer, request, baseOffset);
    pumpPartition(world, producer, request.topic, request.partition);
    return true;
  }
  handleProduceError(world, producer, request, error);
  return false;
}

export const REQUEST_TIMED_OUT = 'REQUEST_TIMED_OUT';
export const DELIVERY_TIMEOUT = 'DELIVERY_TIMEOUT';

export function handleProduceTimedOut(
  world: World,
  timeout: {
    producer: string;
    topic: string;
    partition: number;
    requestId: number;
    attempt: number;
  },
): void {
  const producer = world.producers[timeout.producer];
  const request = producer.inFlight[tpKey(timeout.topic, timeout.partition)];
  if (
    request !== undefined &&
    request.id === timeout.requestId &&
    isCurrent(producer, request, timeout.attempt)
  )
    handleProduceError(world, producer, request, REQUEST_TIMED_OUT);
}

function handleProduceError(
  world: World,
  producer: ProducerState,
  request: ProduceRequest,
  error: string,
): void {
  const retryAtMs = world.nowMs + request.backoffMs;
  const willRetry = retryAtMs < request.createdAtMs + world.config.producer.deliveryTimeoutMs;
  emit(world, {
    type: 'produceErrored',
    atMs: world.nowMs,
    producer: producer.id,
    topic: request.topic,
    partition: request.partition,
    count: request.records.length,
    error,
    willRetry,
  });
  // The next attempt is a new one: answers to this attempt are stale from now on.
  request.attempts++;
  if (willRetry) {
    schedule(world, retryAtMs, { kind: 'produceRetry', request });
    request.backoffMs = Math.min(request.backoffMs * 2, world.config.producer.retryBackoffMaxMs);
    return;
  }
  failRequest(world, producer, request, error);
}

function failRequest(
  world: World,
  producer: ProducerState,
  request: ProduceRequest,
  error: string,
): void {
  const key = tpKey(request.topic, request.partition);
  if (producer.inFlight[key] === request) producer.inFlight[key] = undefined;
  producer.failed += request.records.length;
  producer.errors[error] = (producer.errors[error] ?? 0) + request.records.length;
  emit(world, {
    type: 'produceExpired',
    atMs: world.nowMs,
    producer: producer.id,
    topic: request.topic,
    partition: request.partition,
    count: request.records.length,
    error,
  });
  pumpPartition(world, producer, request.topic, request.partition);
}

/** After the backoff: resend to the current leader, or wait for one. */
export function handleProduceRetry(world: World, request: ProduceRequest): void {
  const producer = world.producers[request.producer];
  const key = tpKey(request.topic, request.partition);
  if (producer.inFlight[key] !== request) return;
  if (leaderOf(world, request) === -1) {
    producer.inFlight[key] = undefined;
    (producer.queued[key] ??= []).unshift(request);
    pumpPartition(world, producer, request.topic, request.partition);
    return;
  }
  transmit(world, producer, request);
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
      if (batch !== undefined) note(topic, batch.partition, batch.records.length);
  for (const key of Object.keys(producer.queued))
    for (const r of producer.queued[key]) note(r.topic, r.partition, r.records.length);
  for (const key of Object.keys(producer.inFlight)) {
    const r = producer.inFlight[key];
    if (r !== undefined) note(r.topic, r.partition, r.records.length);
  }
  producer.openBatches = dict();
  producer.queued = {};
  producer.inFlight = {};
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

/** delivery.timeout.ms passed since the batch was created while it still waited for a leader. */
export function handleDeliveryExpired(world: World, request: ProduceRequest): void {
  const producer = world.producers[request.producer];
  const queue = producer.queued[tpKey(request.topic, request.partition)];
  const index = queue?.indexOf(request) ?? -1;
  if (index === -1) return;
  queue.splice(index, 1);
  failRequest(world, producer, request, DELIVERY_TIMEOUT);
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
      headers: command.headers ?? [],
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
  for (let i = 0; i < whole; i++) {
    send(world, producer, {
      topic: producer.topic,
      key: nextKey(world, producer, producer.rateKeyMode),
      value: undefined,
      headers: [],
      partition: undefined,
      timestampMs: undefined,
    });
  }
  producer.rateTickScheduled = true;
  schedule(world, world.nowMs + tickMs, { kind: 'rateTick', producer: producer.id });
}
