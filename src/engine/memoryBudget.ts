import type { ReplicaLog } from './model';
import type { World } from './world';

/**
 * The memory a run may hold. A run's memory grows with the records its logs hold: every record
 * written, unless its topic's retention deletes old segments (retentionMs, retentionBytes) or
 * its log cleaner compacts them (cleanupPolicy compact: a record per key, and the dirty part).
 * A fast producer's records are held as runs (recordRuns.ts), many records an entry.
 * Past about 24 million records a Node process ran out of heap and aborted (100,000 records/s
 * for 24 h died after 240 s of virtual time), and a browser tab would go with it. Runs are
 * held to a budget below that, the same in the CLI and the browser, so a scenario behaves the
 * same everywhere: refused up front when its producers alone would pass it (see the
 * scenario layer's estimate), stopped with a message before it is reached otherwise.
 */
export const MAX_RECORDS_HELD = 6_000_000;

/**
 * Heap per record held, measured: 100,000 records/s of a rate producer's records (keys and
 * values of ~15 characters) at RF 3 held 167 bytes per record in Node 20 (the record, its
 * strings, and three replicas' references), steady from 1 to 4 million records. Larger
 * keys and values cost more: the estimate is an estimate.
 */
export const BYTES_PER_RECORD_HELD = 170;

/**
 * Entries the run's logs hold, what memory grows with: per partition, its longest replica log
 * (followers share the leader's record objects, so a record held by three replicas is one).
 * An entry is a record, or a run of a fast producer's records (recordRuns.ts), one object for
 * many: the budget counts entries. O(partitions).
 */
export function recordsHeld(world: World): number {
  return longestReplicaSum(world, (log) => log.records.length);
}

/** Records (not entries) the logs hold, per partition its longest replica's. O(partitions). */
export function recordCountHeld(world: World): number {
  // A log with runs is never compacted (dense): its offsets count its records.
  return longestReplicaSum(world, (log) =>
    log.hasRuns === true ? log.endOffset - log.logStartOffset : log.records.length,
  );
}

/** Σ over partitions of the largest `size` among its replica logs. */
function longestReplicaSum(world: World, size: (log: ReplicaLog) => number): number {
  let held = 0;
  for (const topic of Object.values(world.topics))
    for (const p of topic.partitions) {
      let longest = 0;
      for (const log of Object.values(p.logs)) longest = Math.max(longest, size(log));
      held += longest;
    }
  return held;
}

/** Why a run stopped short of its end: the records it held would soon pass the budget. */
export interface MemoryStop {
  readonly atMs: number;
  /** Records the logs hold (a run's records each counted). */
  readonly recordsHeld: number;
  /** Entries holding them (what the budget counts): fewer than the records where runs hold many. */
  readonly entriesHeld: number;
  readonly estimatedBytes: number;
  readonly message: string;
}

/** How often (virtual time) a run looks at what it holds. */
export const MEMORY_CHECK_MS = 1000;

/**
 * Whether a run holding `held` records at `atMs` must stop now: another `MEMORY_CHECK_MS`
 * growing as fast as the last one (from `heldBefore`) would pass the budget, so it stops
 * before the budget is reached, not after.
 */
export function memoryStopFor(
  atMs: number,
  held: number,
  heldBefore: number,
  budget: number = MAX_RECORDS_HELD,
  /** The records in those `held` entries (runs hold several each); default: one each. */
  records: number = held,
): MemoryStop | null {
  const growth = Math.max(0, held - heldBefore);
  if (held + growth <= budget) return null;
  return {
    atMs,
    recordsHeld: records,
    entriesHeld: held,
    estimatedBytes: held * BYTES_PER_RECORD_HELD,
    message: memoryStopMessage(atMs, held, budget, records),
  };
}

/**
 * A run's watch on its memory: the budget, when it looks next, what the logs held when it
 * last looked, and the stop once there is one. Plain data, so a checkpoint can keep a copy.
 */
export interface MemoryWatch {
  budget: number;
  nextCheckMs: number;
  heldAtLastCheck: number;
  stop: MemoryStop | null;
}

export function createMemoryWatch(budget: number = MAX_RECORDS_HELD): MemoryWatch {
  return { budget, nextCheckMs: MEMORY_CHECK_MS, heldAtLastCheck: 0, stop: null };
}

/**
 * Runs the world to `targetMs` with `runTo`, in slices ending on the watch's moments (whole
 * multiples of MEMORY_CHECK_MS), looking at what the logs hold at each; it goes no further
 * once the watch has stopped. Running to a moment in slices runs the same steps as in one go,
 * so the headless run and the app stop at the same moment.
 */
export function runWatched(
  watch: MemoryWatch,
  world: World,
  targetMs: number,
  runTo: (ms: number) => void,
): void {
  while (watch.stop === null) {
    const to = Math.min(targetMs, watch.nextCheckMs);
    runTo(to);
    if (to === watch.nextCheckMs) {
      const held = recordsHeld(world);
      const stop = memoryStopFor(to, held, watch.heldAtLastCheck, watch.budget);
      // Counting records costs as much again: only for the message of a stop.
      watch.stop =
        stop === null
          ? null
          : memoryStopFor(to, held, watch.heldAtLastCheck, watch.budget, recordCountHeld(world));
      watch.heldAtLastCheck = held;
      watch.nextCheckMs += MEMORY_CHECK_MS;
    }
    if (to >= targetMs) return;
  }
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** "1.9 GiB", "820 MiB": bytes for people. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function memoryStopMessage(
  atMs: number,
  held: number,
  budget: number,
  records: number = held,
): string {
  // Runs (a fast producer's records, many an entry): the budget counts entries, not records.
  const runs = records > held;
  const holding = runs
    ? `${count(records)} records in ${count(held)} log entries`
    : `${count(held)} records`;
  return (
    `Stopped at ${formatSeconds(atMs)} of virtual time: the logs hold ${holding} ` +
    `(about ${formatBytes(held * BYTES_PER_RECORD_HELD)}), and the next second would pass the ` +
    `memory budget of ${count(budget)} ${runs ? 'log entries' : 'records'} (about ${formatBytes(budget * BYTES_PER_RECORD_HELD)}). ` +
    "A log holds what its topic's retention keeps: lower the producers' rate " +
    "(producers[].rate, rate steps) or the duration, or shorten a topic's retention " +
    '(retentionMs or retentionBytes, with segmentMs: only closed segments are deleted).'
  );
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 3600
    ? `${(s / 3600).toFixed(2)} h`
    : s >= 60
      ? `${(s / 60).toFixed(1)} min`
      : `${s.toFixed(1)} s`;
}
