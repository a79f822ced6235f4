/**
 * High watermark and leader-epoch truncation: the two rules that decide which records are
 * committed and which a replica must throw away after a leader change.
 */

/** A broker's log end offset by broker id, as a Map or a plain record. */
export type LogEndOffsets = ReadonlyMap<number, number> | Readonly<Record<number, number>>;

/** Input of {@link computeHighWatermark}. */
export interface HighWatermarkInput {
  /** In-sync replicas, the leader included. */
  readonly isr: readonly number[];
  /** Log end offset of (at least) every ISR member. */
  readonly logEndOffsets: LogEndOffsets;
  /** The leader's high watermark now. */
  readonly currentHighWatermark: number;
  /** The topic's `min.insync.replicas`. */
  readonly minInsyncReplicas: number;
  /**
   * Number of assigned replicas. When given, `min.insync.replicas` is capped by it, as Kafka's
   * `Partition.effectiveMinIsr` does (a setting above the replication factor would otherwise
   * freeze the high watermark forever). Omit to use `minInsyncReplicas` as is.
   */
  readonly replicationFactor?: number;
}

/** Thrown on inputs no real Kafka partition can be in (a bug in the caller). */
export class ReplicationStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplicationStateError';
  }
}

/**
 * The leader's new high watermark (`Partition.maybeIncrementLeaderHW`):
 *  - while the ISR is smaller than `min.insync.replicas` it does not move (Kafka 3.7+,
 *    KIP-966 part 1): a record is not committed until enough replicas hold it;
 *  - otherwise it is the smallest log end offset in the ISR (leader included): every in-sync
 *    replica has every record below it;
 *  - it never moves back (`UnifiedLog.maybeIncrementHighWatermark` only raises it): consumers
 *    may already have read up to it.
 *
 * Simplification: Kafka takes the minimum over the "maximal" ISR (including members whose
 * addition the controller has not confirmed yet, KIP-497) and over caught-up replicas about to
 * join; here the ISR given is used.
 *
 * @throws {ReplicationStateError} if an ISR member has no log end offset.
 */
export function computeHighWatermark(input: HighWatermarkInput): number {
  const { isr, logEndOffsets, currentHighWatermark } = input;
  if (isr.length === 0 || isr.length < effectiveMinIsr(input)) return currentHighWatermark;
  let candidate = Number.POSITIVE_INFINITY;
  for (const id of isr) candidate = Math.min(candidate, logEndOffsetOf(logEndOffsets, id));
  return Math.max(currentHighWatermark, candidate);
}

function effectiveMinIsr(input: HighWatermarkInput): number {
  const { minInsyncReplicas, replicationFactor } = input;
  return replicationFactor === undefined
    ? minInsyncReplicas
    : Math.min(minInsyncReplicas, replicationFactor);
}

function logEndOffsetOf(offsets: LogEndOffsets, brokerId: number): number {
  const value = isMap(offsets)
    ? offsets.get(brokerId)
    : Object.prototype.hasOwnProperty.call(offsets, brokerId)
      ? offsets[brokerId]
      : undefined;
  if (value === undefined) {
    throw new ReplicationStateError(`No log end offset for ISR member ${brokerId}.`);
  }
  return value;
}

function isMap(offsets: LogEndOffsets): offsets is ReadonlyMap<number, number> {
  return typeof (offsets as ReadonlyMap<number, number>).get === 'function';
}

/** One entry of a leader epoch cache: the first offset written in `epoch`. */
export interface LeaderEpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

/** Kafka's `UNDEFINED_EPOCH`: the epoch of a "no answer" from {@link endOffsetForEpoch}. */
export const UNDEFINED_EPOCH = -1;
/** Kafka's `UNDEFINED_EPOCH_OFFSET`: the end offset of a "no answer" from {@link endOffsetForEpoch}. */
export const UNDEFINED_EPOCH_OFFSET = -1;

/** An `(epoch, end offset)` answer of {@link endOffsetForEpoch}. */
export interface EpochEndOffset {
  readonly epoch: number;
  readonly endOffset: number;
}

/**
 * The end offset of `requestedEpoch` in one replica's log (`LeaderEpochFileCache.endOffsetFor`),
 * what a leader answers to OffsetsForLeaderEpoch (or uses for a fetch's diverging epoch):
 *  - the latest epoch of the cache: `(requestedEpoch, logEndOffset)`, it is still being written;
 *  - otherwise, with `higher` the first entry after `requestedEpoch`:
 *    - no such entry: `(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET)`, no answer;
 *    - no entry at or before `requestedEpoch` (history removed by retention):
 *      `(requestedEpoch, higher.startOffset)`;
 *    - else `(largest epoch ≤ requestedEpoch, higher.startOffset)`: an epoch ends where the
 *      next one starts.
 *
 * @param entries the cache, ascending by epoch.
 */
export function endOffsetForEpoch(
  entries: readonly LeaderEpochEntry[],
  logEndOffset: number,
  requestedEpoch: number,
): EpochEndOffset {
  const latest = entries[entries.length - 1];
  if (requestedEpoch === UNDEFINED_EPOCH || latest === undefined) {
    return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
  }
  if (latest.epoch === requestedEpoch) return { epoch: requestedEpoch, endOffset: logEndOffset };
  const higherIndex = entries.findIndex((e) => e.epoch > requestedEpoch);
  if (higherIndex === -1) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
  const higher = entries[higherIndex];
  if (higherIndex === 0) return { epoch: requestedEpoch, endOffset: higher.startOffset };
  return { epoch: entries[higherIndex - 1].epoch, endOffset: higher.startOffset };
}

/**
 * The offset a follower truncates its log to before fetching from a new leader (leader-epoch
 * truncation, KIP-101 and KIP-279; `AbstractFetcherThread.getOffsetTruncationState`). It is the
 * follower's new log end offset: everything from it on is not in the leader's log.
 *
 * Rounds, each one OffsetsForLeaderEpoch exchange (since 2.7 a fetch's diverging epoch, same rule):
 *  1. the follower sends its latest epoch E;
 *  2. the leader answers `(L, end) = endOffsetForEpoch(leader, E)`: L is the largest epoch ≤ E
 *     it knows, `end` where the leader's next epoch starts (its LEO if E is its latest);
 *  3. the follower looks up L in its own cache: `(F, fEnd) = endOffsetForEpoch(follower, L)`;
 *     - no answer: truncate to `min(end, LEO)`, done;
 *     - F ≠ L (the follower never saw epoch L): truncate to `min(fEnd, LEO)`, which drops
 *       every follower epoch above L, and start another round;
 *     - F = L: truncate to `min(fEnd, end, LEO)`, done.
 * The follower's latest epoch drops every extra round, so this ends.
 *
 * Leniency: the real leader's cache always holds its current epoch, above any follower epoch
 * (`Partition.makeLeader` records it on election). If `leaderEpochs` lacks it (E is newer than
 * every leader entry, or the cache is empty), the answer is computed as if that entry existed at
 * the leader's LEO, which is what Kafka would answer.
 *
 * @param followerEpochs follower's epoch cache, ascending.
 * @param followerLogEndOffset follower's log end offset.
 * @param leaderEpochs leader's epoch cache, ascending.
 * @param leaderLogEndOffset leader's log end offset.
 * @throws {ReplicationStateError} if the follower holds records but no epoch history (Kafka would
 *   fall back to the high watermark, which this function does not know), or a cache is malformed.
 */
export function truncationOffset(
  followerEpochs: readonly LeaderEpochEntry[],
  followerLogEndOffset: number,
  leaderEpochs: readonly LeaderEpochEntry[],
  leaderLogEndOffset: number,
): number {
  validateEpochCache('follower', followerEpochs, followerLogEndOffset);
  validateEpochCache('leader', leaderEpochs, leaderLogEndOffset);
  let epochs: readonly LeaderEpochEntry[] = followerEpochs;
  let logEnd = followerLogEndOffset;
  // Each round drops at least the follower's latest epoch, so length + 1 rounds always suffice.
  for (let round = 0; round <= followerEpochs.length; round++) {
    const latest = epochs[epochs.length - 1];
    if (latest === undefined) {
      if (logEnd === 0) return 0;
      throw new ReplicationStateError(
        `Follower has records up to offset ${logEnd} but no leader epoch history; ` +
          'Kafka would truncate to the high watermark.',
      );
    }
    const leaderAnswer = leaderEndOffsetFor(leaderEpochs, leaderLogEndOffset, latest.epoch);
    const followerAnswer = endOffsetForEpoch(epochs, logEnd, leaderAnswer.epoch);
    if (followerAnswer.endOffset === UNDEFINED_EPOCH_OFFSET) {
      return Math.min(leaderAnswer.endOffset, logEnd);
    }
    if (followerAnswer.epoch === leaderAnswer.epoch) {
      return Math.min(followerAnswer.endOffset, leaderAnswer.endOffset, logEnd);
    }
    logEnd = Math.min(followerAnswer.endOffset, logEnd);
    epochs = truncateEpochsFromEnd(epochs, logEnd);
  }
  throw new ReplicationStateError('Leader epoch truncation did not converge.');
}

/** The leader's answer, completed as if its cache held its current epoch (see truncationOffset). */
function leaderEndOffsetFor(
  leaderEpochs: readonly LeaderEpochEntry[],
  leaderLogEndOffset: number,
  requestedEpoch: number,
): EpochEndOffset {
  const answer = endOffsetForEpoch(leaderEpochs, leaderLogEndOffset, requestedEpoch);
  if (answer.endOffset !== UNDEFINED_EPOCH_OFFSET) return answer;
  // The missing current-epoch entry would be the "higher" entry, starting at the LEO.
  const floor = [...leaderEpochs].reverse().find((e) => e.epoch <= requestedEpoch);
  return { epoch: floor?.epoch ?? requestedEpoch, endOffset: leaderLogEndOffset };
}

/**
 * Drops the entries of epochs that start at or after `endOffset`
 * (`LeaderEpochFileCache.truncateFromEnd`), as a truncated log has no record of them.
 */
function truncateEpochsFromEnd(
  entries: readonly LeaderEpochEntry[],
  endOffset: number,
): LeaderEpochEntry[] {
  return entries.filter((e) => e.startOffset < endOffset);
}

function validateEpochCache(
  who: string,
  entries: readonly LeaderEpochEntry[],
  logEndOffset: number,
): void {
  if (!Number.isInteger(logEndOffset) || logEndOffset < 0) {
    throw new ReplicationStateError(`The ${who}'s log end offset must be a non-negative integer.`);
  }
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (
      !Number.isInteger(e.epoch) ||
      e.epoch < 0 ||
      !Number.isInteger(e.startOffset) ||
      e.startOffset < 0
    ) {
      throw new ReplicationStateError(
        `The ${who}'s epoch entry ${i} is not a pair of non-negative integers.`,
      );
    }
    if (e.startOffset > logEndOffset) {
      throw new ReplicationStateError(
        `The ${who}'s epoch ${e.epoch} starts after its log end offset.`,
      );
    }
    // LeaderEpochFileCache keeps epochs and their start offsets both ascending.
    const prev = entries[i - 1];
    if (prev !== undefined && (e.epoch <= prev.epoch || e.startOffset < prev.startOffset)) {
      throw new ReplicationStateError(`The ${who}'s epoch cache is not ascending at entry ${i}.`);
    }
  }
}
