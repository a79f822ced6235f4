import { maybeExpandIsr } from './controller';
import { computeHighWatermark } from './replication/highWatermark';
import type { LogRecord, Partition, ReplicaLog } from './model';
import { logEndOffset } from './model';
import {
  emit,
  networkDelayMs,
  nextId,
  schedule,
  type FetchRequest,
  type ProduceRequest,
  type World,
} from './world';

/** Errors a leader answers a produce request with (Kafka's error names). */
export const NOT_LEADER = 'NOT_LEADER_OR_FOLLOWER';
export const NOT_ENOUGH_REPLICAS = 'NOT_ENOUGH_REPLICAS';
export const NETWORK_EXCEPTION = 'NETWORK_EXCEPTION';
export const OFFSET_OUT_OF_RANGE = 'OFFSET_OUT_OF_RANGE';

export function partitionOf(world: World, topic: string, partition: number): Partition {
  return world.topics[topic].partitions[partition];
}

export function isBrokerAlive(world: World, brokerId: number): boolean {
  for (const b of world.brokers) if (b.id === brokerId) return b.alive;
  return false;
}

/** Appends records to a replica's log; the leader stamps offsets and its epoch on them. */
function leaderAppend(
  log: ReplicaLog,
  records: ProduceRequest['records'],
  leaderEpoch: number,
): number {
  const baseOffset = logEndOffset(log);
  const lastEpoch = log.epochs[log.epochs.length - 1];
  if (lastEpoch === undefined || lastEpoch.epoch < leaderEpoch) {
    log.epochs.push({ epoch: leaderEpoch, startOffset: baseOffset });
  }
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record.offset === -1) {
      record.offset = baseOffset + i;
      record.leaderEpoch = leaderEpoch;
      log.records.push(record);
    } else {
      // Written before (a retry without idempotence): a new record, a duplicate in the log.
      log.records.push({ ...record, offset: baseOffset + i, leaderEpoch });
    }
  }
  log.lastSequences[records[0].producer] = records[records.length - 1].sequence;
  return baseOffset;
}

/**
 * Idempotence: a retried batch the log already holds (its first sequence is not above the
 * producer's last) is acknowledged with its original offset instead of appended again.
 */
function duplicateBaseOffset(log: ReplicaLog, request: ProduceRequest): number {
  if (!request.idempotent) return -1;
  const last = log.lastSequences[request.producer];
  const first = request.records[0].sequence;
  if (last === undefined || first > last) return -1;
  for (let i = log.records.length - 1; i >= 0; i--) {
    const record = log.records[i];
    if (record.producer === request.producer && record.sequence === first) return record.offset;
  }
  return -1;
}

/** A produce request reached a broker: append as leader and answer per acks. */
export function handleProduceArrived(world: World, request: ProduceRequest): void {
  world.flights.delete(request.flightId);
  // A dead broker's port refuses the connection: the client sees a network error.
  if (!isBrokerAlive(world, request.broker)) {
    answerProduce(world, request, -1, NETWORK_EXCEPTION);
    return;
  }
  const p = partitionOf(world, request.topic, request.partition);
  if (p.leader !== request.broker) {
    answerProduce(world, request, -1, NOT_LEADER);
    return;
  }
  // acks=all is refused up front when the ISR is below min.insync.replicas (`Partition.appendRecordsToLeader`).
  const minIsr = world.topics[request.topic].config.minInsyncReplicas;
  if (request.acks === 'all' && p.isr.length < minIsr) {
    answerProduce(world, request, -1, NOT_ENOUGH_REPLICAS);
    return;
  }
  const log = p.logs[p.leader];
  const duplicateOf = duplicateBaseOffset(log, request);
  if (duplicateOf !== -1) {
    if (request.acks === 'all' && duplicateOf + request.records.length > p.highWatermark) {
      p.pendingAcks.push({
        producer: request.producer,
        requestId: request.id,
        baseOffset: duplicateOf,
        endOffset: duplicateOf + request.records.length,
        leaderEpoch: p.leaderEpoch,
        request,
        attempt: request.attempts,
      });
    } else answerProduce(world, request, duplicateOf, null);
    return;
  }
  const baseOffset = leaderAppend(log, request.records, p.leaderEpoch);
  emit(world, {
    type: 'recordsAppended',
    atMs: world.nowMs,
    topic: p.topic,
    partition: p.partition,
    broker: p.leader,
    producer: request.producer,
    baseOffset,
    count: request.records.length,
    leaderEpoch: p.leaderEpoch,
  });
  if (request.acks === 1) answerProduce(world, request, baseOffset, null);
  if (request.acks === 'all') {
    p.pendingAcks.push({
      producer: request.producer,
      requestId: request.id,
      baseOffset,
      endOffset: baseOffset + request.records.length,
      leaderEpoch: p.leaderEpoch,
      request,
      attempt: request.attempts,
    });
  }
  maybeAdvanceHighWatermark(world, p);
  wakeParkedFetches(world, p);
}

export function answerProduce(
  world: World,
  request: ProduceRequest,
  baseOffset: number,
  error: string | null,
  attempt = request.attempts,
): void {
  if (request.acks === 0) return;
  schedule(world, world.nowMs + networkDelayMs(world), {
    kind: 'produceAnswered',
    request,
    attempt,
    baseOffset,
    error,
  });
}

/** HW = min LEO over the ISR, never backwards, frozen below min.insync.replicas (3.7+). */
export function maybeAdvanceHighWatermark(world: World, p: Partition): void {
  if (p.leader === -1) return;
  const leaderLog = p.logs[p.leader];
  const leos: Record<number, number> = {};
  for (const id of p.isr)
    leos[id] = id === p.leader ? logEndOffset(leaderLog) : (p.followers[id]?.logEndOffset ?? 0);
  const next = computeHighWatermark({
    isr: p.isr,
    logEndOffsets: leos,
    currentHighWatermark: p.highWatermark,
    minInsyncReplicas: world.topics[p.topic].config.minInsyncReplicas,
  });
  if (next === p.highWatermark) return;
  p.highWatermark = next;
  leaderLog.highWatermark = next;
  emit(world, {
    type: 'highWatermarkAdvanced',
    atMs: world.nowMs,
    topic: p.topic,
    partition: p.partition,
    highWatermark: next,
  });
  completeAcks(world, p);
  wakeParkedFetches(world, p);
}

/** acks=all: answer every batch now wholly below the high watermark. */
function completeAcks(world: World, p: Partition): void {
  let done = 0;
  while (done < p.pendingAcks.length && p.pendingAcks[done].endOffset <= p.highWatermark) {
    const pending = p.pendingAcks[done];
    answerProduce(world, pending.request, pending.baseOffset, null, pending.attempt);
    done++;
  }
  if (done > 0) p.pendingAcks.splice(0, done);
}

/** The offset a fetch may read up to: followers to the LEO, consumers to the HW. */
function readLimit(p: Partition, fetch: FetchRequest): number {
  return fetch.follower !== null ? logEndOffset(p.logs[p.leader]) : p.highWatermark;
}

/** Answers parked fetches that now have something to read (long poll). */
export function wakeParkedFetches(world: World, p: Partition): void {
  if (p.parkedFetches.length === 0) return;
  const still: Partition['parkedFetches'] = [];
  for (const parked of p.parkedFetches) {
    const fetch = world.fetches.get(parked.fetchId);
    if (fetch === undefined) continue;
    if (fetch.fetchOffset < readLimit(p, fetch)) answerFetch(world, p, fetch);
    else still.push(parked);
  }
  p.parkedFetches = still;
}

/** A fetch reached a broker. A follower's fetch offset is its LEO: the leader learns it here. */
export function handleFetchArrived(world: World, fetch: FetchRequest): void {
  if (!isBrokerAlive(world, fetch.leader)) return; // answered by nobody: the fetcher's loop restarts on timeout.
  const p = partitionOf(world, fetch.topic, fetch.partition);
  if (p.leader !== fetch.leader) {
    answerFetchWith(world, fetch, [], -1);
    return;
  }
  if (fetch.follower !== null) noteFollowerFetch(world, p, fetch.follower, fetch.fetchOffset);
  const log = p.logs[p.leader];
  if (
    fetch.consumer !== null &&
    (fetch.fetchOffset > logEndOffset(log) || fetch.fetchOffset < log.logStartOffset)
  ) {
    answerFetchWith(world, fetch, [], p.highWatermark, OFFSET_OUT_OF_RANGE);
    return;
  }
  if (fetch.fetchOffset < readLimit(p, fetch)) {
    answerFetch(world, p, fetch);
    return;
  }
  fetch.parked = true;
  p.parkedFetches.push({ fetchId: fetch.id });
  const waitMs =
    fetch.follower !== null
      ? world.config.replication.replicaFetchWaitMaxMs
      : world.config.consumer.fetchMaxWaitMs;
  schedule(world, world.nowMs + waitMs, { kind: 'fetchWaitExpired', fetchId: fetch.id });
}

/**
 * The leader learns a follower's LEO from its fetch offset (`Replica.updateFetchState`): the
 * follower counts as caught up if it reached the leader's LEO now, or the LEO the leader had
 * at the follower's previous fetch, so a follower under steady load stays in the ISR.
 */
function noteFollowerFetch(
  world: World,
  p: Partition,
  follower: number,
  fetchOffset: number,
): void {
  const leaderEnd = logEndOffset(p.logs[p.leader]);
  const state = p.followers[follower];
  if (fetchOffset >= leaderEnd) state.lastCaughtUpTimeMs = world.nowMs;
  else if (fetchOffset >= state.lastFetchLeaderLogEndOffset) {
    state.lastCaughtUpTimeMs = Math.max(state.lastCaughtUpTimeMs, state.lastFetchTimeMs);
  }
  state.logEndOffset = fetchOffset;
  state.lastFetchLeaderLogEndOffset = leaderEnd;
  state.lastFetchTimeMs = world.nowMs;
  maybeExpandIsr(world, p, follower, fetchOffset);
  maybeAdvanceHighWatermark(world, p);
}

export function handleFetchWaitExpired(world: World, fetchId: number): void {
  const fetch = world.fetches.get(fetchId);
  if (fetch === undefined || !fetch.parked) return;
  const p = partitionOf(world, fetch.topic, fetch.partition);
  p.parkedFetches = p.parkedFetches.filter((f) => f.fetchId !== fetchId);
  answerFetchWith(world, fetch, [], p.leader === fetch.leader ? p.highWatermark : -1);
}

function answerFetch(world: World, p: Partition, fetch: FetchRequest): void {
  const log = p.logs[p.leader];
  const limit = readLimit(p, fetch);
  const maxRecords =
    fetch.follower !== null
      ? Number.MAX_SAFE_INTEGER
      : (world.consumers[fetch.consumer ?? '']?.maxPollRecords ??
        world.config.consumer.maxPollRecords);
  const maxBytes = world.config.replication.replicaFetchMaxBytes;
  const records: LogRecord[] = [];
  let bytes = 0;
  for (let offset = fetch.fetchOffset; offset < limit && records.length < maxRecords; offset++) {
    const record = log.records[offset - log.logStartOffset];
    // Like Kafka, the first record is always returned even if it alone exceeds the byte limit.
    if (records.length > 0 && bytes + record.sizeBytes > maxBytes) break;
    bytes += record.sizeBytes;
    records.push(record);
  }
  answerFetchWith(world, fetch, records, p.highWatermark);
}

function answerFetchWith(
  world: World,
  fetch: FetchRequest,
  records: LogRecord[],
  highWatermark: number,
  error: string | null = null,
): void {
  fetch.parked = false;
  const arrivesAtMs = world.nowMs + networkDelayMs(world);
  let flightId = 0;
  if (records.length > 0) {
    flightId = nextId(world);
    world.flights.set(flightId, {
      id: flightId,
      kind: fetch.follower !== null ? 'replicate' : 'consume',
      from: { kind: 'broker', id: fetch.leader },
      to:
        fetch.follower !== null
          ? { kind: 'broker', id: fetch.follower }
          : { kind: 'consumer', id: fetch.consumer ?? '' },
      topic: fetch.topic,
      partition: fetch.partition,
      count: records.length,
      first: records[0].offset,
      sentAtMs: world.nowMs,
      arrivesAtMs,
    });
  }
  schedule(world, arrivesAtMs, {
    kind: 'fetchAnswered',
    fetchId: fetch.id,
    records,
    highWatermark,
    flightId,
    error,
  });
}

/**
 * A record the broker itself writes as leader (an offset commit into __consumer_offsets).
 * Kafka's commit waits for the partition's replication; kafkascope acknowledges it at once.
 */
export function appendInternalRecord(
  world: World,
  topic: string,
  partition: number,
  key: string,
  value: string,
  producer: string,
  sequence: number,
): void {
  const p = partitionOf(world, topic, partition);
  if (p.leader === -1) return;
  const record = {
    key,
    value,
    headers: [],
    timestampMs: world.nowMs,
    producer,
    sequence,
    sizeBytes: key.length + value.length + 10,
    partitionReason: 'explicit' as const,
    offset: -1,
    leaderEpoch: -1,
  };
  const baseOffset = leaderAppend(p.logs[p.leader], [record], p.leaderEpoch);
  emit(world, {
    type: 'recordsAppended',
    atMs: world.nowMs,
    topic,
    partition,
    broker: p.leader,
    producer,
    baseOffset,
    count: 1,
    leaderEpoch: p.leaderEpoch,
  });
  maybeAdvanceHighWatermark(world, p);
  wakeParkedFetches(world, p);
}
