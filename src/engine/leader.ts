import { isBrokerAlive, partitionOf } from './cluster';
import {
  answerFetch,
  answerFetchWith,
  answerProduce,
  maybeAdvanceHighWatermark,
  maybeExpandIsr,
  readLimit,
  wakeParkedFetches,
} from './leadership';
import {
  logEndOffset,
  NO_HEADERS,
  pushAll,
  type LogRecord,
  type Partition,
  type ReplicaLog,
  type UnwrittenRecord,
} from './model';
import {
  FENCED_LEADER_EPOCH,
  INVALID_RECORD,
  NETWORK_EXCEPTION,
  NOT_ENOUGH_REPLICAS,
  NOT_LEADER,
  OFFSET_OUT_OF_RANGE,
  OUT_OF_ORDER_SEQUENCE,
  UNKNOWN_LEADER_EPOCH,
  type FetchRequest,
  type ProduceRequest,
} from './protocol';
import { maybeRoll, noteAppended } from './logSegments';
import { lastSequenceOf } from './recordRuns';
import { emitSegmentRolled } from './retention';
import { emit, schedule, type World } from './world';

/**
 * Requests reaching a partition's leader: produce (append, answer per acks), fetch (answer,
 * or park until there is something to read) and the broker's own internal writes. What the
 * leader's state then does (HW, ISR, answers) is in leadership.ts.
 */

/**
 * Appends records to a replica's log; the leader stamps offsets and its epoch on them. A batch
 * none of whose records was written before (every batch but a retry's) goes into the log in one
 * push: one capacity check and one copy for the batch, where a push per record grew and
 * checked the log's array once per record (a tenth of a keyed workload's time at RF 1).
 */
function leaderAppend(
  world: World,
  p: Partition,
  log: ReplicaLog,
  records: ProduceRequest['records'],
  leaderEpoch: number,
): number {
  const baseOffset = logEndOffset(log);
  const lastEpoch = log.epochs[log.epochs.length - 1];
  if (lastEpoch === undefined || lastEpoch.epoch < leaderEpoch) {
    log.epochs.push({ epoch: leaderEpoch, startOffset: baseOffset });
  }
  let maxBytes = log.maxRecordBytes ?? 0;
  // The batch's bytes and largest timestamp, for its segment, summed in the passes below.
  let batchBytes = 0;
  let batchMaxTimestampMs = -1;
  // One pass stamps the records no log holds yet (offset -1, so epoch -1 too), as long as
  // every record so far is one; a record some log holds (a retry) stops it, and the stamps
  // made are taken back before the record-by-record append below.
  // An entry may be a run of records (recordRuns.ts): `offset` counts records, not entries.
  let fresh = 0;
  let offset = baseOffset;
  for (; fresh < records.length; fresh++) {
    const record = records[fresh];
    if (record.offset !== -1) break;
    if (record.sizeBytes > maxBytes) maxBytes = record.sizeBytes;
    batchBytes += record.sizeBytes;
    if (record.timestampMs > batchMaxTimestampMs) batchMaxTimestampMs = record.timestampMs;
    record.offset = offset;
    record.leaderEpoch = leaderEpoch;
    offset += record.count ?? 1;
  }
  const allFresh = fresh === records.length;
  if (!allFresh) {
    for (let i = 0; i < fresh; i++) {
      records[i].offset = -1;
      records[i].leaderEpoch = -1;
    }
    for (let i = fresh; i < records.length; i++) {
      const record = records[i];
      if (record.sizeBytes > maxBytes) maxBytes = record.sizeBytes;
      batchBytes += record.sizeBytes;
      if (record.timestampMs > batchMaxTimestampMs) batchMaxTimestampMs = record.timestampMs;
    }
  }
  log.maxRecordBytes = maxBytes;
  // `UnifiedLog.append`: the active segment rolls first if this batch calls for it.
  const batch = { sizeBytes: batchBytes, maxTimestampMs: batchMaxTimestampMs };
  const rolled = maybeRoll(log, world.topics[p.topic].config, baseOffset, batch, world.nowMs);
  if (rolled !== null) emitSegmentRolled(world, p, log, rolled);
  if (allFresh) pushAll(log.records, records);
  else {
    offset = baseOffset;
    for (let i = 0; i < records.length; i++) {
      log.records.push(written(records[i], offset, leaderEpoch));
      offset += records[i].count ?? 1;
    }
  }
  log.endOffset = offset;
  // More offsets than entries: some entry is a run (recordRuns.ts).
  if (offset - baseOffset > records.length) log.hasRuns = true;
  noteAppended(log, batchBytes, batchMaxTimestampMs, offset - baseOffset);
  log.lastSequences[records[0].producer] = lastSequenceOf(records[records.length - 1]);
  return baseOffset;
}

/**
 * The record as the log holds it at `offset`: stamped in place when no log holds it yet, else
 * (a retry without idempotence) a new record, a duplicate in the log.
 */
function written(record: UnwrittenRecord, offset: number, leaderEpoch: number): LogRecord {
  if (record.offset !== -1) return { ...record, offset, leaderEpoch };
  record.offset = offset;
  record.leaderEpoch = leaderEpoch;
  return record;
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
    if (record.producer !== request.producer) continue;
    // A run (recordRuns.ts) cut by a fetch may hold the batch's first record inside it.
    if (record.sequence <= first && first <= lastSequenceOf(record))
      return record.offset + (first - record.sequence);
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
  // `LogValidator.validateKey`: a compacted topic refuses a record without a key.
  if (
    world.topics[request.topic].config.cleanupPolicy !== 'delete' &&
    request.records.some((r) => r.key === null)
  ) {
    answerProduce(world, request, -1, INVALID_RECORD);
    return;
  }
  const log = p.logs[p.leader];
  const duplicateOf = duplicateBaseOffset(log, request);
  if (duplicateOf !== -1) {
    if (request.acks === 'all' && duplicateOf + request.recordCount > p.highWatermark) {
      p.pendingAcks.push({
        producer: request.producer,
        requestId: request.id,
        baseOffset: duplicateOf,
        endOffset: duplicateOf + request.recordCount,
        leaderEpoch: p.leaderEpoch,
        request,
        attempt: request.attempts,
      });
    } else answerProduce(world, request, duplicateOf, null);
    return;
  }
  // Idempotence: the batch before it in this partition must be in the log first (Kafka's
  // producer state check, `ProducerAppendInfo.checkSequence`); the producer retries in order.
  if (request.idempotent && request.prevSequence > (log.lastSequences[request.producer] ?? -1)) {
    answerProduce(world, request, -1, OUT_OF_ORDER_SEQUENCE);
    return;
  }
  const baseOffset = leaderAppend(world, p, log, request.records, p.leaderEpoch);
  emit(world, {
    type: 'recordsAppended',
    atMs: world.nowMs,
    topic: p.topic,
    partition: p.partition,
    broker: p.leader,
    producer: request.producer,
    baseOffset,
    count: logEndOffset(log) - baseOffset,
    leaderEpoch: p.leaderEpoch,
  });
  if (request.acks === 1) answerProduce(world, request, baseOffset, null);
  if (request.acks === 'all') {
    p.pendingAcks.push({
      producer: request.producer,
      requestId: request.id,
      baseOffset,
      endOffset: logEndOffset(log),
      leaderEpoch: p.leaderEpoch,
      request,
      attempt: request.attempts,
    });
  }
  maybeAdvanceHighWatermark(world, p);
  wakeParkedFetches(world, p);
}

/** A fetch reached a broker. A follower's fetch offset is its LEO: the leader learns it here. */
export function handleFetchArrived(world: World, fetch: FetchRequest): void {
  if (!isBrokerAlive(world, fetch.leader)) {
    // Nobody answers. A consumer sees its connection refused; a follower's loop restarts when
    // the controller names a new leader.
    if (fetch.consumer !== null) answerFetchWith(world, fetch, [], -1, NETWORK_EXCEPTION);
    return;
  }
  const p = partitionOf(world, fetch.topic, fetch.partition);
  if (p.leader !== fetch.leader) {
    if (fetch.consumer === null) answerFetchWith(world, fetch, [], -1);
    // KIP-951: the answer names the leader this broker knows.
    else
      answerFetchWith(world, fetch, [], -1, NOT_LEADER, { leader: p.leader, epoch: p.leaderEpoch });
    return;
  }
  const epochError = consumerEpochError(p, fetch);
  if (epochError !== null) {
    answerFetchWith(world, fetch, [], -1, epochError);
    return;
  }
  const log = p.logs[p.leader];
  // A follower below the leader's log start (retention deleted what it lacks) is told so; it
  // starts again from the leader's log start (`ReplicaFetcherThread` handles OFFSET_OUT_OF_RANGE).
  if (fetch.follower !== null && fetch.fetchOffset < log.logStartOffset) {
    answerFetchWith(world, fetch, [], p.highWatermark, OFFSET_OUT_OF_RANGE);
    return;
  }
  if (fetch.follower !== null) noteFollowerFetch(world, p, fetch.follower, fetch.fetchOffset);
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
 * KIP-320: a consumer's fetch carries the leader epoch it knows; the leader refuses an older one
 * (FENCED_LEADER_EPOCH: the consumer's metadata is stale) and a newer one (UNKNOWN_LEADER_EPOCH).
 * A fetch without an epoch (-1) is not checked.
 */
function consumerEpochError(p: Partition, fetch: FetchRequest): string | null {
  if (fetch.consumer === null || fetch.leaderEpoch === -1) return null;
  if (fetch.leaderEpoch < p.leaderEpoch) return FENCED_LEADER_EPOCH;
  if (fetch.leaderEpoch > p.leaderEpoch) return UNKNOWN_LEADER_EPOCH;
  return null;
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
    headers: NO_HEADERS,
    timestampMs: world.nowMs,
    producer,
    sequence,
    sizeBytes: key.length + value.length + 10,
    partitionReason: 'explicit' as const,
    offset: -1,
    leaderEpoch: -1,
  };
  const baseOffset = leaderAppend(world, p, p.logs[p.leader], [record], p.leaderEpoch);
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
