import { isBrokerAlive } from './cluster';
import { noteCompactedSegmentClosed } from './compaction';
import {
  deletesByRetention,
  deleteOldestSegments,
  logStartOffsetDeletable,
  retentionBytesDeletable,
  retentionMsDeletable,
  type DeletedSegment,
  type RolledSegment,
  type SegmentConfig,
} from './logSegments';
import type { Partition, ReplicaLog } from './model';
import { emit, schedule, type World } from './world';

/**
 * Deletion by retention (cleanup.policy=delete), as each broker's `LogManager` runs it: every
 * log.retention.check.interval.ms (after log.initial.task.delay.ms) every replica log on a
 * running broker deletes its oldest segments past retention.bytes or retention.ms
 * (`UnifiedLog.deleteOldSegments`). One cluster-wide schedule from time 0 stands for the
 * brokers' own (Kafka's start when each broker starts; a restarted broker's restarts).
 *
 * The check is only scheduled while some topic can delete something by its next run, so a run
 * whose topics keep Kafka's 7 days never has one in its queue before day 7.
 */

/** Why segments were deleted: `UnifiedLog`'s RetentionMsBreach, RetentionSizeBreach, StartOffsetBreach. */
export type DeletionReason = 'retention.ms' | 'retention.bytes' | 'log start offset';

/** Reports a roll (the `segmentRolled` event). */
export function emitSegmentRolled(
  world: World,
  p: Partition,
  log: ReplicaLog,
  rolled: RolledSegment,
): void {
  // The closed segment is the first thing a log cleaner could ever clean.
  noteCompactedSegmentClosed(world, world.topics[p.topic]);
  emit(world, {
    type: 'segmentRolled',
    atMs: world.nowMs,
    topic: p.topic,
    partition: p.partition,
    broker: log.brokerId,
    baseOffset: rolled.closed.baseOffset,
    endOffset: rolled.closedEndOffset,
    count: rolled.closed.recordCount,
    sizeBytes: rolled.closed.sizeBytes,
    reason: rolled.reason,
  });
}

/** Reports deleted segments, oldest first (one `segmentDeleted` event each). */
export function emitSegmentsDeleted(
  world: World,
  p: Partition,
  log: ReplicaLog,
  deleted: readonly DeletedSegment[],
  reason: DeletionReason,
): void {
  for (const { segment, endOffset } of deleted) {
    emit(world, {
      type: 'segmentDeleted',
      atMs: world.nowMs,
      topic: p.topic,
      partition: p.partition,
      broker: log.brokerId,
      baseOffset: segment.baseOffset,
      endOffset,
      count: segment.recordCount,
      sizeBytes: segment.sizeBytes,
      reason,
      logStartOffset: log.logStartOffset,
    });
  }
}

/** The first check time (log.initial.task.delay.ms + k × log.retention.check.interval.ms) at or after `atMs`. */
function checkAtOrAfter(world: World, atMs: number): number {
  const { logInitialTaskDelayMs: first, logRetentionCheckIntervalMs: every } = world.config.broker;
  if (atMs <= first) return first;
  return first + Math.ceil((atMs - first) / every) * every;
}

/**
 * The first check from `afterMs` on at which a topic could delete anything, or -1 if none ever
 * could. By size: any check. By age only: a check later than retention.ms, since records are
 * stamped from time 0 on (a record given an older explicit timestamp is found at that check).
 */
function firstUsefulCheckMs(world: World, config: SegmentConfig, afterMs: number): number {
  if (!deletesByRetention(config)) return -1;
  if (config.retentionBytes >= 0) return checkAtOrAfter(world, afterMs);
  return checkAtOrAfter(world, Math.max(afterMs, Math.floor(config.retentionMs) + 1));
}

function nextUsefulCheckMs(world: World, afterMs: number): number {
  let next = -1;
  for (const name of world.topicOrder) {
    const at = firstUsefulCheckMs(world, world.topics[name].config, afterMs);
    if (at >= 0 && (next < 0 || at < next)) next = at;
  }
  return next;
}

/** Schedules the retention check for the first time a topic may need it (a topic was added). */
export function scheduleRetentionCheck(world: World): void {
  const next = nextUsefulCheckMs(world, world.nowMs);
  if (next < 0) return;
  if (world.retentionCheckAtMs >= 0 && world.retentionCheckAtMs <= next) return;
  world.retentionCheckAtMs = next;
  schedule(world, next, { kind: 'retentionCheck' });
}

/** log.retention.check.interval.ms: every running broker's replica logs delete what is past retention. */
export function handleRetentionCheck(world: World): void {
  if (world.nowMs !== world.retentionCheckAtMs) return;
  world.retentionCheckAtMs = -1;
  for (const name of world.topicOrder) {
    const topic = world.topics[name];
    for (const p of topic.partitions)
      for (const log of Object.values(p.logs))
        if (isBrokerAlive(world, log.brokerId)) deleteOldSegments(world, topic.config, p, log);
  }
  const next = nextUsefulCheckMs(world, world.nowMs + 1);
  if (next < 0) return;
  world.retentionCheckAtMs = next;
  schedule(world, next, { kind: 'retentionCheck' });
}

/**
 * `UnifiedLog.deleteOldSegments`: segments below the log start offset, then by retention.bytes,
 * then by retention.ms (the last two only where cleanup.policy has delete).
 */
export function deleteOldSegments(
  world: World,
  config: SegmentConfig,
  p: Partition,
  log: ReplicaLog,
): void {
  deleteCounted(world, p, log, logStartOffsetDeletable(log), 'log start offset');
  if (!deletesByRetention(config)) return;
  deleteCounted(world, p, log, retentionBytesDeletable(log, config), 'retention.bytes');
  deleteCounted(world, p, log, retentionMsDeletable(log, config, world.nowMs), 'retention.ms');
}

function deleteCounted(
  world: World,
  p: Partition,
  log: ReplicaLog,
  count: number,
  reason: DeletionReason,
): void {
  if (count === 0) return;
  const { deleted, rolled } = deleteOldestSegments(log, count, world.nowMs);
  if (rolled !== null) emitSegmentRolled(world, p, log, rolled);
  emitSegmentsDeleted(world, p, log, deleted, reason);
}
