import { isBrokerAlive } from './cluster';
import {
  cleanLog,
  grabFilthiestLog,
  singleRecordBatches,
  type CleanerCandidate,
  type CleanerLog,
  type CleanerRecord,
  type CleanerSegment,
  type CompactionConfig,
  type CleanableRange,
} from './logCleaner';
import { recordIndex, replaceCleanedSegments, segmentEndOffset } from './logSegments';
import type { LogRecord, Partition, ReplicaLog, Topic, TopicConfig } from './model';
import { emit, schedule, type World } from './world';

/**
 * The log cleaner running in the engine (cleanup.policy=compact), as each broker's `LogCleaner`
 * does with log.cleaner.threads=1: the thread takes the filthiest of its broker's compacted
 * replica logs (`grabFilthiestCompactedLog`), cleans it, and takes the next; with nothing to
 * clean it sleeps log.cleaner.backoff.ms. The pure rules are logCleaner.ts; this file turns a
 * replica log into the cleaner's segments and batches (one record per batch, as kafkascope's
 * records are written and as the conformance vectors were checked against Kafka) and swaps the
 * result back in.
 *
 * Simplified: a clean takes no virtual time (Kafka's takes I/O time, throttled by
 * log.cleaner.io.max.bytes.per.second); all brokers' cleaners wake on one cluster-wide
 * schedule; a batch the cleaner would keep empty (header only) is not kept, since the engine's
 * logs hold records, not batches: the log end offset is explicit, and fetch answers move readers
 * over the holes instead.
 *
 * The schedule starts only once some compacted log has a closed segment (the active segment is
 * never cleaned, so nothing before could be cleaned): runs without one, every built-in lesson
 * among them, never see a cleaner task, and their traces are unchanged.
 */

/** The cleaner's view of a topic's settings. */
export function compactionConfigOf(config: TopicConfig): CompactionConfig {
  return {
    cleanupPolicy: config.cleanupPolicy,
    deleteRetentionMs: config.deleteRetentionMs,
    minCompactionLagMs: config.minCompactionLagMs,
    maxCompactionLagMs: config.maxCompactionLagMs,
    minCleanableDirtyRatio: config.minCleanableDirtyRatio,
    segmentBytes: config.segmentBytes,
  };
}

/**
 * The key the cleaner compacts by. A windowed record (a windowed store's changelog, a windowed
 * table's sink) holds its base key and its window apart; Kafka's key bytes are the windowed key
 * (`WindowKeySchema`, `SessionKeySchema`), so each window of a key is a key of its own.
 */
function cleanerKeyOf(record: LogRecord): string | null {
  if (record.window === undefined || record.key === null) return record.key;
  return `${record.key}@${record.window.startMs}-${record.window.endMs}`;
}

function cleanerRecordOf(record: LogRecord): CleanerRecord {
  return record.window === undefined
    ? record
    : {
        offset: record.offset,
        key: cleanerKeyOf(record),
        value: record.value,
        timestampMs: record.timestampMs,
        sizeBytes: record.sizeBytes,
      };
}

/** A replica log as the cleaner reads it: its segments, each record its own batch. */
export function cleanerLogOf(log: ReplicaLog): CleanerLog {
  const horizons = log.deleteHorizons;
  const segments: CleanerSegment[] = log.segments.map((segment, i) => {
    const from = recordIndex(log, segment.baseOffset);
    const to = recordIndex(log, segmentEndOffset(log, i));
    const batches = singleRecordBatches(log.records.slice(from, to).map(cleanerRecordOf));
    return {
      baseOffset: segment.baseOffset,
      batches:
        horizons === undefined
          ? batches
          : batches.map((b) => {
              const horizon = horizons[b.baseOffset];
              return horizon === undefined ? b : { ...b, deleteHorizonMs: horizon };
            }),
    };
  });
  return {
    segments,
    logStartOffset: log.logStartOffset,
    logEndOffset: log.endOffset,
    // No transactions: the last stable offset is this replica's high watermark.
    lastStableOffset: log.highWatermark,
  };
}

/** A compacted topic's replica was rolled: the cleaners start waking (if they were not yet). */
export function noteCompactedSegmentClosed(world: World, topic: Topic): void {
  if (topic.config.cleanupPolicy === 'delete' || world.cleanerPassAtMs >= 0) return;
  const every = world.config.broker.logCleanerBackoffMs;
  // On the backoff's grid from time 0, strictly after now (the broker's thread was sleeping).
  const next = (Math.floor(world.nowMs / every) + 1) * every;
  world.cleanerPassAtMs = next;
  schedule(world, next, { kind: 'cleanerPass' });
}

interface ReplicaRef {
  readonly topic: Topic;
  readonly p: Partition;
  readonly log: ReplicaLog;
}

/** One broker's compacted replica logs, in a stable order: topic order, then partition. */
function candidatesOf(world: World, broker: number): CleanerCandidate<ReplicaRef>[] {
  const out: CleanerCandidate<ReplicaRef>[] = [];
  for (const name of world.topicOrder) {
    const topic = world.topics[name];
    if (topic.config.cleanupPolicy === 'delete') continue;
    const config = compactionConfigOf(topic.config);
    for (const p of topic.partitions) {
      const log = p.logs[broker];
      if (log === undefined) continue;
      out.push({
        id: { topic, p, log },
        log: cleanerLogOf(log),
        checkpoint: log.cleanerCheckpoint ?? null,
        config,
      });
    }
  }
  return out;
}

/** log.cleaner.backoff.ms: every running broker's cleaner cleans its filthiest logs, then sleeps. */
export function handleCleanerPass(world: World): void {
  if (world.nowMs !== world.cleanerPassAtMs) return;
  for (const broker of world.brokers) {
    if (!isBrokerAlive(world, broker.id)) continue;
    // A thread that cleaned a log looks again at once. A clean changes no other log, and the
    // cleaned one is clean now: it leaves the candidates, the others are not read again.
    let candidates = candidatesOf(world, broker.id);
    for (;;) {
      const filthiest = grabFilthiestLog(candidates, world.nowMs);
      if (filthiest === null) break;
      cleanReplica(world, filthiest.id, filthiest.range);
      candidates = candidates.filter((c) => c.id !== filthiest.id);
    }
  }
  world.cleanerPassAtMs = world.nowMs + world.config.broker.logCleanerBackoffMs;
  schedule(world, world.cleanerPassAtMs, { kind: 'cleanerPass' });
}

/** How many removed records a `logCleaned` event lists. */
const REMOVED_LISTED = 100;

/**
 * Cleans one replica log and swaps the result in: `records` is replaced (never changed in
 * place: checkpoints and snapshots keep the old array), segments merged as the cleaner grouped
 * them, the cleaner checkpoint and the tombstones' delete horizons kept on the log.
 */
export function cleanReplica(world: World, ref: ReplicaRef, range: CleanableRange): void {
  const { topic, p, log } = ref;
  const result = cleanLog(cleanerLogOf(log), range, world.nowMs, compactionConfigOf(topic.config));
  const removedOffsets = new Set(result.removed.map((r) => r.offset));
  if (removedOffsets.size > 0)
    log.records = log.records.filter((r) => !removedOffsets.has(r.offset));
  replaceCleanedSegments(log, result.groups);
  log.cleanerCheckpoint = result.firstDirtyOffset;
  p.cleanedUpTo = Math.max(p.cleanedUpTo ?? 0, result.firstDirtyOffset);
  if (removedOffsets.size > 0 || result.horizonsStamped.length > 0) {
    const horizons: Record<number, number> = {};
    for (const [offset, horizon] of Object.entries(log.deleteHorizons ?? {}))
      if (!removedOffsets.has(Number(offset))) horizons[Number(offset)] = horizon;
    for (const s of result.horizonsStamped) horizons[s.baseOffset] = s.deleteHorizonMs;
    log.deleteHorizons = horizons;
  }
  let superseded = 0;
  let tombstonesRemoved = 0;
  for (const r of result.removed) {
    if (r.reason === 'superseded') superseded++;
    else if (r.reason === 'tombstone expired') tombstonesRemoved++;
  }
  emit(world, {
    type: 'logCleaned',
    atMs: world.nowMs,
    topic: p.topic,
    partition: p.partition,
    broker: log.brokerId,
    fromOffset: range.firstDirtyOffset,
    toOffset: range.firstUncleanableOffset,
    removedCount: result.removed.length,
    superseded,
    tombstonesRemoved,
    removed: result.removed
      .slice(0, REMOVED_LISTED)
      .map((r) => ({ offset: r.offset, key: r.key, reason: r.reason })),
    firstDirtyOffset: result.firstDirtyOffset,
  });
}
