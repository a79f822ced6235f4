import type { KeyChoice, ProduceCommand } from './commands';
import type { KeyMode, OpenBatch, PendingRecord, ProducerState, UnwrittenRecord } from './model';
import { utf8Length } from './murmur2';
import {
  choosePartition,
  createPartitionerState,
  onBatchClosed,
  usesAvailability,
  type PartitionReason,
} from './partitioner';

const NO_PARTITIONS: readonly number[] = [];
import { nextInt } from './prng';
import {
  emit,
  networkDelayMs,
  nextId,
  schedule,
  type ProduceRequest,
  type ProducerSetup,
  type World,
} from './world';

/** Kafka's record overhead is ~70 bytes per batch plus a few per record; a fixed estimate is enough here. */
const RECORD_OVERHEAD_BYTES = 10;
/** Rate-driven producers produce in ticks of at most this length, so high rates cost one event per tick. */
const RATE_TICK_MS = 10;
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
    openBatches: {},
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
      return mode.keys[nextInt(world.rng, mode.keys.length)];
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
    reason = 'explicit';
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
      world.rng,
    );
    partition = choice.partition;
    reason = choice.reason;
  }
  const record: UnwrittenRecord = {
    key: spec.key,
    value,
    headers: spec.headers,
    timestampMs: world.nowMs,
    producer: producer.id,
    sequence,
    sizeBytes,
    partitionReason: reason,
    offset: -1,
    leaderEpoch: -1,
  };
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

/** The batch is full or linger.ms passed: it leaves the accumulator for its leader. */
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
  sendBatch(world, producer, batch);
}

function sendBatch(world: World, producer: ProducerState, batch: OpenBatch): void {
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
  };
  transmit(world, producer, request);
}

/** Puts a produce request on the wire to the partition's current leader. */
export function transmit(world: World, producer: ProducerState, request: ProduceRequest): void {
  const leader = world.topics[request.topic].partitions[request.partition].leader;
  request.attempts++;
  request.broker = leader;
  // One connection per broker delivers requests in order (idempotent producers keep order).
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

/** A produce response reached the producer: count it, or retry until delivery.timeout.ms. */
export function handleProduceAnswered(
  world: World,
  request: ProduceRequest,
  baseOffset: number,
  error: string | null,
): void {
  const producer = world.producers[request.producer];
  if (request.acks === 0) return;
  if (error === null) {
    recordAcked(world, producer, request, baseOffset);
    return;
  }
  const retryAtMs = world.nowMs + world.config.producer.retryBackoffMs;
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
  if (willRetry) {
    schedule(world, retryAtMs, { kind: 'produceRetry', request });
  } else {
    producer.failed += request.records.length;
    producer.errors[error] = (producer.errors[error] ?? 0) + request.records.length;
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
      headers: command.headers ?? [],
      partition: command.partition,
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
  const tickMs = Math.min(RATE_TICK_MS, 1000 / producer.rate);
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
    });
  }
  producer.rateTickScheduled = true;
  schedule(world, world.nowMs + tickMs, { kind: 'rateTick', producer: producer.id });
}
