import {
  applyLeaderHint,
  cachedEpoch,
  knownLeader,
  requestMetadataUpdate,
  type MetadataClientRef,
} from './clientMetadata';
import { byOffsetOf, entriesBefore } from './logIndex';
import { dict } from './names';
import {
  entryEndOffset,
  lastSequenceOf,
  recordBytesAt,
  recordCount,
  recordsFitting,
  runFixedBytes,
  sliceEntry,
} from './recordRuns';
import {
  logEndOffset,
  pushAll,
  tpKey,
  type ConsumerState,
  type LogRecord,
  type Partition,
  type ReplicaLog,
} from './model';
import { isBrokerAlive, partitionOf } from './cluster';
import type { MetadataChange } from './metadataChanges';
import { processFetched } from './processor';
import {
  NOT_LEADER,
  OFFSET_OUT_OF_RANGE,
  UNKNOWN_LEADER_EPOCH,
  type FetchRequest,
} from './protocol';
import {
  activeSegment,
  followLogStartOffset,
  maybeRoll,
  noteAppended,
  segmentEndOffset,
  shouldRoll,
  truncateFullyAndStartAt,
  truncateSegments,
} from './logSegments';
import { truncationOffset } from './replication/highWatermark';
import { emitSegmentRolled, emitSegmentsDeleted } from './retention';
import { emit, networkDelayMs, nextId, schedule, type World } from './world';

/**
 * The fetching side of Kafka: followers replicating from their leader and consumers reading
 * below the high watermark. Each (follower, partition) and (consumer, partition) runs a loop:
 * send a fetch, wait for the answer, apply it, fetch again. The leader long-polls an empty
 * fetch (replica.fetch.wait.max.ms / fetch.max.wait.ms), so an idle loop costs two events
 * per wait, and a busy one one round trip per batch: cost per record stays flat.
 */

/** Sends a fetch for `fetchOffset` to `leader`, the partition's leader as the fetcher knows it. */
function sendFetch(
  world: World,
  p: Partition,
  fetchOffset: number,
  who: { follower: number | null; consumer: string | null },
  leader: { id: number; epoch: number },
): FetchRequest {
  const fetch: FetchRequest = {
    id: nextId(world),
    topic: p.topic,
    partition: p.partition,
    leader: leader.id,
    leaderEpoch: leader.epoch,
    fetchOffset,
    follower: who.follower,
    consumer: who.consumer,
    parked: false,
  };
  world.fetches.set(fetch.id, fetch);
  schedule(world, world.nowMs + networkDelayMs(world), { kind: 'fetchArrived', fetchId: fetch.id });
  return fetch;
}

/** Starts (or restarts) a follower's fetch loop for one partition; an older loop's answers are then ignored. */
export function startFollowerFetch(world: World, p: Partition, follower: number): void {
  if (p.leader === -1 || p.leader === follower || !isBrokerAlive(world, follower)) return;
  // Replicas learn leadership from the controller's metadata log: the current leader.
  p.followerFetches[follower] = sendFetch(
    world,
    p,
    logEndOffset(p.logs[follower]),
    { follower, consumer: null },
    { id: p.leader, epoch: p.leaderEpoch },
  ).id;
}

/**
 * A replica follows a (new) leader: it truncates its log to where its history diverges from
 * the leader's, by leader epoch (KIP-101/279), then fetches from there.
 */
export function becomeFollower(world: World, p: Partition, follower: number): void {
  if (p.leader === -1 || follower === p.leader || !isBrokerAlive(world, follower)) return;
  const log = p.logs[follower];
  const leaderLog = p.logs[p.leader];
  const end = logEndOffset(log);
  // An empty log (nothing written, or started again at its leader's log start with no epoch
  // history) has nothing to truncate: it fetches from its end.
  const empty = end === log.logStartOffset && log.records.length === 0;
  const target = empty
    ? end
    : truncationOffset(log.epochs, end, leaderLog.epochs, logEndOffset(leaderLog));
  if (target < end) truncateLog(world, p, log, target);
  startFollowerFetch(world, p, follower);
}

/** Followers learn of a new leader (a metadata change): each truncates to it and fetches from it. */
export function followersOnMetadataChange(world: World, change: MetadataChange): void {
  if (change.type !== 'leaderChanged') return;
  const p = change.partition;
  if (p.leader === -1) return;
  for (const id of p.replicas) if (id !== p.leader) becomeFollower(world, p, id);
}

/** Copy on truncate: snapshots holding the old array stay true to their moment. */
function truncateLog(world: World, p: Partition, log: ReplicaLog, toOffset: number): void {
  const fromOffset = logEndOffset(log);
  log.records = entriesBefore(byOffsetOf(log), toOffset);
  log.endOffset = Math.max(log.logStartOffset, Math.min(toOffset, log.endOffset));
  // `LogCleanerManager.maybeTruncateCheckpoint`; horizons above go with their records (the
  // offsets will be written again).
  if (log.cleanerCheckpoint !== undefined && log.cleanerCheckpoint > log.endOffset)
    log.cleanerCheckpoint = log.endOffset;
  if (log.deleteHorizons !== undefined) {
    const kept: Record<number, number> = {};
    for (const [offset, horizon] of Object.entries(log.deleteHorizons))
      if (Number(offset) < log.endOffset) kept[Number(offset)] = horizon;
    log.deleteHorizons = kept;
  }
  truncateSegments(log, world.nowMs);
  log.epochs = log.epochs.filter((e) => e.startOffset < toOffset);
  log.highWatermark = Math.min(log.highWatermark, toOffset);
  log.lastSequences = dict();
  for (const record of log.records) log.lastSequences[record.producer] = lastSequenceOf(record);
  emit(world, {
    type: 'logTruncated',
    atMs: world.nowMs,
    topic: p.topic,
    partition: p.partition,
    broker: log.brokerId,
    fromOffset,
    toOffset,
  });
}

/** The consumer as its metadata cache's owner (the round trip is in clientMetadata.ts). */
export function consumerClient(consumer: ConsumerState): MetadataClientRef {
  return { kind: 'consumer', id: consumer.id };
}

/**
 * KIP-320: a consumer that learns of a new leader validates its position against the new
 * leader's log. A position beyond its end means the log was truncated under the consumer (an
 * unclean election): it resets its position to the new log end.
 */
function validatePosition(world: World, consumer: ConsumerState, p: Partition): void {
  if (p.leader === -1) return;
  const key = tpKey(p.topic, p.partition);
  const end = logEndOffset(p.logs[p.leader]);
  const position = consumer.positions[key];
  if (position === undefined || position <= end) return;
  movePosition(world, consumer, p, end, 'log truncated');
}

/** Sets a consumer's position in `p` to `to`, and says why (a consumerPositionReset event). */
function movePosition(
  world: World,
  consumer: ConsumerState,
  p: Partition,
  to: number,
  reason: 'log truncated' | 'out of range',
): void {
  const key = tpKey(p.topic, p.partition);
  const from = consumer.positions[key];
  consumer.positions[key] = to;
  emit(world, {
    type: 'consumerPositionReset',
    atMs: world.nowMs,
    consumer: consumer.id,
    topic: p.topic,
    partition: p.partition,
    from,
    to,
    reason,
  });
}

/**
 * A consumer's metadata refresh was answered: it validates its positions against the leaders
 * it may have just learned, and fetches every assigned partition that has no fetch out (those
 * that failed, or waited for a leader). A partition still without a leader asks again.
 */
export function consumerMetadataRefreshed(world: World, consumer: ConsumerState): void {
  if (!consumer.alive) return;
  for (const tp of consumer.assignment) {
    const p = world.topics[tp.topic]?.partitions[tp.partition];
    if (p === undefined) continue;
    validatePosition(world, consumer, p);
    // Backing off from a leader the refresh still names: the retry task fetches.
    const backoff = consumer.fetchBackoff[tpKey(tp.topic, tp.partition)];
    if (backoff?.leader === knownLeader(world, consumer.metadata, tp.topic, tp.partition)) continue;
    startConsumerFetch(world, consumer, tp.topic, tp.partition);
  }
}

/** Starts a consumer's fetch for one assigned partition unless one is already out. */
export function startConsumerFetch(
  world: World,
  consumer: ConsumerState,
  topic: string,
  partition: number,
): void {
  const key = tpKey(topic, partition);
  if (!consumer.alive || consumer.stalled || consumer.fetching[key] !== undefined) return;
  if (consumer.pausedPartitions.includes(key)) return;
  const p = partitionOf(world, topic, partition);
  const position = consumer.positions[key];
  if (position === undefined) return;
  // The leader the consumer knows, not the controller's: a consumer learns leadership changes
  // (and partitions added to the topic) from its metadata refreshes and from
  // NOT_LEADER_OR_FOLLOWER answers.
  const leader = knownLeader(world, consumer.metadata, topic, partition);
  if (leader === -1) {
    // No leader known: the fetch waits for a metadata refresh (consumerMetadataRefreshed).
    requestMetadataUpdate(world, consumerClient(consumer));
    return;
  }
  consumer.fetching[key] = sendFetch(
    world,
    p,
    position,
    { follower: null, consumer: consumer.id },
    { id: leader, epoch: cachedEpoch(consumer.metadata, topic, partition) },
  ).id;
}

/** A fetch answer arrived at the follower or consumer that asked. */
export function handleFetchAnswered(
  world: World,
  fetchId: number,
  records: readonly LogRecord[],
  recordCount: number,
  highWatermark: number,
  flightId: number,
  error: string | null,
  leaderLogStartOffset = -1,
  nextOffset = -1,
  hint: { leader: number; epoch: number } = NO_HINT,
): void {
  if (flightId !== 0) world.flights.delete(flightId);
  const fetch = world.fetches.get(fetchId);
  if (fetch === undefined) return;
  world.fetches.delete(fetchId);
  const p = partitionOf(world, fetch.topic, fetch.partition);
  if (fetch.follower !== null)
    applyFollowerFetch(world, p, fetch, {
      records,
      recordCount,
      highWatermark,
      leaderLogStartOffset,
      nextOffset,
      error,
    });
  else if (fetch.consumer !== null)
    applyConsumerFetch(world, p, fetch, { records, recordCount, nextOffset }, error, hint);
}

const NO_HINT = { leader: -1, epoch: -1 };

interface FollowerAnswer {
  records: readonly LogRecord[];
  /** The records `records` stands for: more than its length when it holds runs. */
  recordCount: number;
  highWatermark: number;
  leaderLogStartOffset: number;
  /** Where the follower's log ends after appending (see the task's `nextOffset`); -1: no change. */
  nextOffset: number;
  error: string | null;
}

function applyFollowerFetch(
  world: World,
  p: Partition,
  fetch: FetchRequest,
  answer: FollowerAnswer,
): void {
  const { records, highWatermark } = answer;
  const follower = fetch.follower as number;
  if (!isBrokerAlive(world, follower) || p.followerFetches[follower] !== fetch.id) return;
  const log = p.logs[follower];
  const current = fetch.leader === p.leader && fetch.fetchOffset === logEndOffset(log);
  if (current && answer.error === OFFSET_OUT_OF_RANGE && answer.leaderLogStartOffset >= 0) {
    startAtLeaderLogStart(world, p, log, answer.leaderLogStartOffset);
    startFollowerFetch(world, p, follower);
    return;
  }
  // Stale answer (leader changed, or the log was truncated meanwhile): drop it and refetch.
  if (current && records.length === 0 && answer.nextOffset > log.endOffset) {
    // The leader's range up to its log end was compacted away: the follower's log end moves
    // there too (the copy of the cleaner's retained empty batches, which kafkascope does not keep).
    log.endOffset = answer.nextOffset;
  }
  if (current && records.length > 0) {
    appendFetched(world, p, log, records, answer.recordCount);
    log.endOffset = Math.max(entryEndOffset(records[records.length - 1]), answer.nextOffset);
    emit(world, {
      type: 'replicaFetched',
      atMs: world.nowMs,
      topic: p.topic,
      partition: p.partition,
      broker: follower,
      fromOffset: fetch.fetchOffset,
      count: answer.recordCount,
    });
  }
  if (highWatermark >= 0) log.highWatermark = Math.min(highWatermark, logEndOffset(log));
  if (fetch.leader === p.leader && answer.leaderLogStartOffset > log.logStartOffset) {
    const deleted = followLogStartOffset(log, answer.leaderLogStartOffset);
    emitSegmentsDeleted(world, p, log, deleted, 'log start offset');
  }
  startFollowerFetch(world, p, follower);
}

/**
 * `AbstractFetcherThread.handleOffsetOutOfRange`: the follower's log end is below its leader's
 * log start, so nothing it has can be continued: its log is emptied and starts at the leader's
 * log start (`truncateFullyAndStartAt`).
 */
function startAtLeaderLogStart(world: World, p: Partition, log: ReplicaLog, offset: number): void {
  const deleted = log.segments
    .map((segment, i) => ({ segment, endOffset: segmentEndOffset(log, i) }))
    .filter((d) => d.segment.recordCount > 0);
  truncateFullyAndStartAt(log, offset, world.nowMs);
  log.lastSequences = dict();
  emitSegmentsDeleted(world, p, log, deleted, 'log start offset');
}

/**
 * A follower appends a fetched batch of the leader's records (shared objects, never changed).
 * Per batch, not per record: the epoch cache is only looked at when the epoch changes, and
 * a producer's last sequence is written once per run of its records, in the same order as a
 * record-by-record append would first write it (so the state is the same, key order included).
 */
function appendFetched(
  world: World,
  p: Partition,
  log: ReplicaLog,
  records: readonly LogRecord[],
  recordCount: number,
): void {
  if (recordCount > records.length) {
    appendFetchedRuns(world, p, log, records);
    return;
  }
  let epoch = -1;
  let producer: string | null = null;
  let sequence = -1;
  let maxBytes = log.maxRecordBytes ?? 0;
  const config = world.topics[p.topic].config;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record.sizeBytes > maxBytes) maxBytes = record.sizeBytes;
    // Each replica rolls its own segments. A follower decides record by record (Kafka: once
    // per fetched batch), so its segments stay within segment.bytes however much one fetch brings.
    const bytes = record.sizeBytes;
    const rolled = shouldRoll(activeSegment(log), config, bytes, record.timestampMs, world.nowMs)
      ? maybeRoll(
          log,
          config,
          record.offset,
          { sizeBytes: bytes, maxTimestampMs: record.timestampMs },
          world.nowMs,
        )
      : null;
    if (rolled !== null) emitSegmentRolled(world, p, log, rolled);
    noteAppended(log, bytes, record.timestampMs, 1);
    if (record.leaderEpoch !== epoch) {
      epoch = record.leaderEpoch;
      const lastEpoch = log.epochs[log.epochs.length - 1];
      if (lastEpoch === undefined || lastEpoch.epoch < epoch)
        log.epochs.push({ epoch, startOffset: record.offset });
    }
    if (record.producer !== producer) {
      if (producer !== null) log.lastSequences[producer] = sequence;
      producer = record.producer;
    }
    sequence = record.sequence;
  }
  if (producer !== null) log.lastSequences[producer] = sequence;
  log.maxRecordBytes = maxBytes;
  pushAll(log.records, records);
}

/**
 * {@link appendFetched} for entries with runs (recordRuns.ts): a run is rolled over record by
 * record as a record-by-record log would be, so a run that crosses segment.bytes is cut there
 * (each piece a new entry), and its records' sequences and epochs are its first's onward.
 */
function appendFetchedRuns(
  world: World,
  p: Partition,
  log: ReplicaLog,
  entries: readonly LogRecord[],
): void {
  const config = world.topics[p.topic].config;
  let maxBytes = log.maxRecordBytes ?? 0;
  const appended: LogRecord[] = [];
  for (const entry of entries) {
    const count = recordCount(entry);
    let from = 0;
    while (from < count) {
      const firstBytes = recordBytesAt(entry, from);
      const rolled = maybeRoll(
        log,
        config,
        entry.offset + from,
        { sizeBytes: firstBytes, maxTimestampMs: entry.timestampMs },
        world.nowMs,
      );
      if (rolled !== null) emitSegmentRolled(world, p, log, rolled);
      // After its first record, a run's records share its timestamp: only segment.bytes rolls.
      const room = config.segmentBytes - activeSegment(log).sizeBytes - firstBytes;
      const rest =
        count - from - 1 === 0 || room < 0
          ? 0
          : recordsFitting(
              entry.sequence + from + 1,
              runFixedBytes(entry.producer, entry.key),
              room,
              count - from - 1,
            );
      const piece = sliceEntry(entry, from, from + 1 + rest);
      if (piece.sizeBytes > maxBytes) maxBytes = piece.sizeBytes;
      noteAppended(log, piece.sizeBytes, piece.timestampMs, 1 + rest);
      const lastEpoch = log.epochs[log.epochs.length - 1];
      if (lastEpoch === undefined || lastEpoch.epoch < piece.leaderEpoch)
        log.epochs.push({ epoch: piece.leaderEpoch, startOffset: piece.offset });
      log.lastSequences[piece.producer] = lastSequenceOf(piece);
      appended.push(piece);
      from += 1 + rest;
    }
  }
  log.maxRecordBytes = maxBytes;
  log.hasRuns = true;
  pushAll(log.records, appended);
}

function applyConsumerFetch(
  world: World,
  p: Partition,
  fetch: FetchRequest,
  answer: { records: readonly LogRecord[]; recordCount: number; nextOffset: number },
  error: string | null,
  hint: { leader: number; epoch: number },
): void {
  const consumer = world.consumers[fetch.consumer as string];
  if (consumer === undefined) return;
  const key = tpKey(p.topic, p.partition);
  if (consumer.fetching[key] === fetch.id) delete consumer.fetching[key];
  // A seek or reassignment since the fetch left makes its records stale.
  if (consumer.positions[key] !== fetch.fetchOffset) {
    startConsumerFetch(world, consumer, p.topic, p.partition);
    return;
  }
  // Records that reach a consumer not polling, or a paused partition, are not returned by
  // poll(); Kafka keeps them buffered, here they are fetched again from the same position
  // on resume, which returns the same records.
  if (consumer.stalled || consumer.pausedPartitions.includes(key)) return;
  consumer.membership.lastPollMs = world.nowMs;
  if (error === OFFSET_OUT_OF_RANGE) {
    // Counted with the other fetch errors: the answer a consumer gets when its position fell
    // below the log start (retention) or past its end, before auto.offset.reset moves it.
    consumer.fetchErrors[error] = (consumer.fetchErrors[error] ?? 0) + 1;
    resetOutOfRange(world, consumer, p);
    return;
  }
  if (error !== null) {
    consumerFetchFailed(world, consumer, p, fetch, error, hint);
    return;
  }
  if (consumer.fetchBackoff[key] !== undefined) delete consumer.fetchBackoff[key];
  const { records } = answer;
  // Past a compacted range that held nothing any more: the position moves on without records.
  if (records.length === 0 && answer.nextOffset > fetch.fetchOffset)
    consumer.positions[key] = answer.nextOffset;
  if (records.length > 0) {
    // One past the last record read: a compacted log's offsets have holes.
    consumer.positions[key] = entryEndOffset(records[records.length - 1]);
    const count = answer.recordCount;
    consumer.consumed += count;
    emit(world, {
      type: 'consumerFetched',
      atMs: world.nowMs,
      consumer: consumer.id,
      topic: p.topic,
      partition: p.partition,
      fromOffset: fetch.fetchOffset,
      count,
    });
    processFetched(world, consumer, { topic: p.topic, partition: p.partition, records });
  }
  if (isAssigned(consumer, p.topic, p.partition))
    startConsumerFetch(world, consumer, p.topic, p.partition);
}

/**
 * A consumer's fetch failed: its metadata is stale (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH)
 * or its leader is unreachable (NETWORK_EXCEPTION). A KIP-951 hint naming a newer leader is
 * taken at once and fetched from; otherwise the consumer asks for a metadata refresh and
 * fetches again after a backoff (UNKNOWN_LEADER_EPOCH: the broker is behind, it only
 * retries), as Kafka's fetcher does.
 */
function consumerFetchFailed(
  world: World,
  consumer: ConsumerState,
  p: Partition,
  fetch: FetchRequest,
  error: string,
  hint: { leader: number; epoch: number },
): void {
  consumer.fetchErrors[error] = (consumer.fetchErrors[error] ?? 0) + 1;
  const key = tpKey(p.topic, p.partition);
  const inARow = (consumer.fetchBackoff[key]?.failures ?? 0) + 1;
  consumer.fetchBackoff[key] = { failures: inARow, leader: fetch.leader };
  const before = cachedEpoch(consumer.metadata, p.topic, p.partition);
  if (error === NOT_LEADER && hint.leader !== -1) {
    applyLeaderHint(consumer.metadata, p.topic, p.partition, hint.leader, hint.epoch);
    if (cachedEpoch(consumer.metadata, p.topic, p.partition) > before) {
      validatePosition(world, consumer, p);
      if (isAssigned(consumer, p.topic, p.partition))
        startConsumerFetch(world, consumer, p.topic, p.partition);
      return;
    }
  }
  if (error !== UNKNOWN_LEADER_EPOCH) requestMetadataUpdate(world, consumerClient(consumer));
  // KIP-580: retry.backoff.ms doubling with each failure in a row, up to retry.backoff.max.ms
  // (Kafka also adds ±20% jitter, left out: the retries of a run stay easy to read).
  const { retryBackoffMs, retryBackoffMaxMs } = world.config.consumer;
  const backoffMs = Math.min(retryBackoffMaxMs, retryBackoffMs * 2 ** (inARow - 1));
  schedule(world, world.nowMs + backoffMs, {
    kind: 'consumerFetchRetry',
    consumer: consumer.id,
    topic: p.topic,
    partition: p.partition,
  });
}

/** retry.backoff.ms after a failed fetch: the consumer fetches that partition again. */
export function handleConsumerFetchRetry(
  world: World,
  task: { consumer: string; topic: string; partition: number },
): void {
  if (!Object.hasOwn(world.consumers, task.consumer)) return;
  const consumer = world.consumers[task.consumer];
  if (isAssigned(consumer, task.topic, task.partition))
    startConsumerFetch(world, consumer, task.topic, task.partition);
}

/** OFFSET_OUT_OF_RANGE: the position is reset by auto.offset.reset (earliest, else latest). */
function resetOutOfRange(world: World, consumer: ConsumerState, p: Partition): void {
  const log = p.logs[p.leader];
  const to = consumer.from === 'earliest' ? log.logStartOffset : p.highWatermark;
  movePosition(world, consumer, p, to, 'out of range');
  if (isAssigned(consumer, p.topic, p.partition))
    startConsumerFetch(world, consumer, p.topic, p.partition);
}

function isAssigned(consumer: ConsumerState, topic: string, partition: number): boolean {
  for (const tp of consumer.assignment)
    if (tp.topic === topic && tp.partition === partition) return true;
  return false;
}
