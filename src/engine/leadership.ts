import { isEligible } from './cluster';
import type { IsrChangeReason } from './events';
import { byOffsetOf, indexAtOrAfter } from './logIndex';
import {
  entryEndOffset,
  recordCount,
  recordsFitting,
  runBytes,
  runFixedBytes,
  sliceEntry,
} from './recordRuns';
import { logEndOffset, type LogRecord, type Partition, type ReplicaLog } from './model';
import type { FetchRequest, ProduceRequest } from './protocol';
import { emit, networkDelayMs, nextId, schedule, type World } from './world';

/**
 * A partition leader's state as it changes (Kafka's `Partition`: `makeLeader`,
 * `maybeExpandIsr`, `maybeIncrementLeaderHW`): taking and giving up leadership, ISR changes,
 * and the high watermark advancing, with what each answers (acks=all batches, parked fetches).
 * The controller and the leader's request handlers (leader.ts) both drive it; it calls neither.
 */

/** Answers a produce request after the network delay (acks=0 expects no answer). */
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

/**
 * This replica no longer leads (a new leader was elected, or its broker went down): it answers
 * the acks=all batches it still held with `error`. Consumers' parked fetches are answered with
 * it too (NOT_LEADER_OR_FOLLOWER naming the new leader, KIP-951; or the connection's loss), as
 * Kafka completes a delayed fetch when its partition's leadership moves; followers' are
 * forgotten (replicas learn the new leader from the controller).
 */
export function resignLeadership(
  world: World,
  p: Partition,
  error: string,
  newLeader: { leader: number; epoch: number } = { leader: -1, epoch: -1 },
): void {
  for (const pending of p.pendingAcks)
    answerProduce(world, pending.request, -1, error, pending.attempt);
  p.pendingAcks = [];
  for (const parked of p.parkedFetches) {
    const fetch = world.fetches.get(parked.fetchId);
    if (fetch?.consumer != null) answerFetchWith(world, fetch, [], -1, error, newLeader);
    else world.fetches.delete(parked.fetchId);
  }
  p.parkedFetches = [];
}

/** `Partition.makeLeader`: start a new epoch at the log end; the HW starts from what this replica knew. */
export function becomeLeader(world: World, p: Partition): void {
  const log = p.logs[p.leader];
  log.epochs.push({ epoch: p.leaderEpoch, startOffset: logEndOffset(log) });
  p.highWatermark = Math.min(log.highWatermark, logEndOffset(log));
  for (const id of p.replicas) {
    // Followers get a fresh grace period, as Kafka resets replica state on a leader change.
    p.followers[id] = {
      logEndOffset: id === p.leader ? logEndOffset(log) : 0,
      lastCaughtUpTimeMs: world.nowMs,
      lastFetchLeaderLogEndOffset: 0,
      lastFetchTimeMs: world.nowMs,
    };
  }
  maybeAdvanceHighWatermark(world, p);
}

export function changeIsr(
  world: World,
  p: Partition,
  isr: readonly number[],
  reason: IsrChangeReason,
): void {
  if (isr.length === p.isr.length && isr.every((id, i) => id === p.isr[i])) return;
  const previousIsr = p.isr;
  p.isr = [...isr];
  emit(world, {
    type: 'isrChanged',
    atMs: world.nowMs,
    topic: p.topic,
    partition: p.partition,
    isr: [...p.isr],
    previousIsr,
    reason,
  });
  maybeAdvanceHighWatermark(world, p);
}

/**
 * A follower caught up to the high watermark (and this leader's epoch): it rejoins the ISR.
 * The leader proposes it (`Partition.maybeExpandIsr`); the controller, if there is one,
 * accepts any eligible broker, so the change applies at once.
 */
export function maybeExpandIsr(
  world: World,
  p: Partition,
  follower: number,
  fetchOffset: number,
): void {
  if (p.isr.includes(follower) || world.controllerId === -1 || !isEligible(world, follower)) return;
  const leaderLog = p.logs[p.leader];
  const epochStart = leaderLog.epochs[leaderLog.epochs.length - 1]?.startOffset ?? 0;
  if (fetchOffset >= p.highWatermark && fetchOffset >= epochStart)
    changeIsr(world, p, [...p.isr, follower], 'caught up');
}

/** HW = min LEO over the ISR, never backwards, frozen below min.insync.replicas (3.7+). */
export function maybeAdvanceHighWatermark(world: World, p: Partition): void {
  if (p.leader === -1) return;
  const leaderLog = p.logs[p.leader];
  // computeHighWatermark's rule, without building its input (this runs at every append and
  // every follower fetch): below min.insync.replicas the HW stays; else the ISR's least LEO.
  const isr = p.isr;
  let next = p.highWatermark;
  if (isr.length > 0 && isr.length >= world.topics[p.topic].config.minInsyncReplicas) {
    let candidate = Number.POSITIVE_INFINITY;
    for (let i = 0; i < isr.length; i++) {
      const id = isr[i];
      const leo = id === p.leader ? logEndOffset(leaderLog) : (p.followers[id]?.logEndOffset ?? 0);
      if (leo < candidate) candidate = leo;
    }
    if (candidate > next) next = candidate;
  }
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
export function readLimit(p: Partition, fetch: FetchRequest): number {
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

/** Answers a fetch with what it may read now, up to max.poll.records or the byte limit. */
export function answerFetch(world: World, p: Partition, fetch: FetchRequest): void {
  const log = p.logs[p.leader];
  const limit = readLimit(p, fetch);
  const maxRecords =
    fetch.follower !== null
      ? Number.MAX_SAFE_INTEGER
      : (world.consumers[fetch.consumer ?? '']?.maxPollRecords ??
        world.config.consumer.maxPollRecords);
  const maxBytes = world.config.replication.replicaFetchMaxBytes;
  // The answer's records are found by index, then copied once (slice: one allocation of the
  // right size, not an array grown record by record). A copy, not the log's array itself: the
  // log grows (and a truncation replaces it) while the answer is on its way. Offsets are found
  // by search, not by subtraction: a compacted log has holes.
  if (log.hasRuns === true) {
    const answer = takeRecords(log, fetch.fetchOffset, limit, maxRecords, maxBytes);
    answerFetchWith(
      world,
      fetch,
      answer.records,
      p.highWatermark,
      null,
      NO_HINT,
      answer.nextOffset,
      answer.recordCount,
    );
    return;
  }
  const byOffset = byOffsetOf(log);
  const start = indexAtOrAfter(byOffset, fetch.fetchOffset);
  const end = Math.min(indexAtOrAfter(byOffset, limit), start + maxRecords);
  const logRecords = log.records;
  let i = start;
  let bytes = 0;
  // Records that cannot reach the byte limit even at the log's largest size are all taken.
  if (log.maxRecordBytes !== undefined && (end - start) * log.maxRecordBytes <= maxBytes) i = end;
  for (; i < end; i++) {
    const size = logRecords[i].sizeBytes;
    // Like Kafka, the first record is always returned even if it alone exceeds the byte limit.
    if (i > start && bytes + size > maxBytes) break;
    bytes += size;
  }
  // The reader continues past the last record returned; with none, the whole range up to the
  // limit was compacted away, and it moves to the limit, as the cleaner's retained (empty)
  // batch headers carry a Kafka reader past the holes.
  const nextOffset = i > start ? logRecords[i - 1].offset + 1 : limit;
  const records = i > start ? logRecords.slice(start, i) : [];
  answerFetchWith(world, fetch, records, p.highWatermark, null, NO_HINT, nextOffset);
}

/**
 * What a fetch from `fromOffset` takes from a log holding runs (recordRuns.ts), record for record
 * what {@link answerFetch} takes from a log of single records: up to `limitOffset`, at most
 * `maxRecords`, and within `maxBytes` except for the first record, which is always taken. A run
 * a limit falls in is cut there (a new entry); whole ones are shared with the log.
 */
export function takeRecords(
  log: ReplicaLog,
  fromOffset: number,
  limitOffset: number,
  maxRecords: number,
  maxBytes: number,
): { records: LogRecord[]; nextOffset: number; recordCount: number } {
  const entries = log.records;
  const records: LogRecord[] = [];
  let taken = 0;
  let bytes = 0;
  for (let i = indexAtOrAfter(byOffsetOf(log), fromOffset); i < entries.length; i++) {
    const entry = entries[i];
    if (entry.offset >= limitOffset || taken >= maxRecords) break;
    const count = recordCount(entry);
    const from = Math.max(0, fromOffset - entry.offset);
    let to = Math.min(count, limitOffset - entry.offset, from + (maxRecords - taken));
    let pieceBytes = from === 0 && to === count ? entry.sizeBytes : runBytes(entry, from, to);
    if (bytes + pieceBytes > maxBytes && (taken > 0 || to - from > 1)) {
      // Record by record: those that fit, and the first of the answer however big.
      if (entry.count === undefined) break;
      let fit = recordsFitting(
        entry.sequence + from,
        runFixedBytes(entry.producer, entry.key),
        maxBytes - bytes,
        to - from,
      );
      if (fit === 0 && taken === 0) fit = 1;
      if (fit === 0) break;
      to = from + fit;
      pieceBytes = runBytes(entry, from, to);
    }
    records.push(sliceEntry(entry, from, to));
    taken += to - from;
    bytes += pieceBytes;
    if (to < count) break;
  }
  const nextOffset = records.length > 0 ? entryEndOffset(records[records.length - 1]) : limitOffset;
  return { records, nextOffset, recordCount: taken };
}

/** No leader hint (shared: only read). */
const NO_HINT: { readonly leader: number; readonly epoch: number } = { leader: -1, epoch: -1 };

export function answerFetchWith(
  world: World,
  fetch: FetchRequest,
  records: LogRecord[],
  highWatermark: number,
  error: string | null = null,
  hint: { leader: number; epoch: number } = NO_HINT,
  nextOffset = -1,
  /** The records `records` stands for: more than its length when it holds runs. */
  recordCount = records.length,
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
      count: recordCount,
      first: records[0].offset,
      sentAtMs: world.nowMs,
      arrivesAtMs,
    });
  }
  // A follower learns its leader's log start offset from every answer (the fetch response's
  // logStartOffset); a consumer's answers do not need it.
  const leaderLog =
    fetch.follower !== null
      ? world.topics[fetch.topic]?.partitions[fetch.partition]?.logs[fetch.leader]
      : undefined;
  schedule(world, arrivesAtMs, {
    kind: 'fetchAnswered',
    fetchId: fetch.id,
    records,
    recordCount,
    highWatermark,
    logStartOffset: leaderLog?.logStartOffset ?? -1,
    nextOffset,
    flightId,
    error,
    leaderHint: hint.leader,
    epochHint: hint.epoch,
  });
}
