import {
  BYTES_PER_RECORD_HELD,
  DEFAULT_CONFIG,
  DEFAULT_TOPIC_LOG_CONFIG,
  MAX_RECORDS_HELD,
  MIN_RECORD_BYTES,
  RATE_TICK_MS,
  formatBytes,
} from '../engine';
import { formatDuration } from './durations';
import type { PendingProblem } from './problems';
import type { ProblemPath } from './steps';
import type { Scenario, Step } from './types';

/** One source of records: a producer's rate over a stretch of time, or a produce step. */
export interface RecordSource {
  path: ProblemPath;
  producer: string;
  /** The topic it writes to (the step's, else the producer's); null if it names none. */
  topic: string | null;
  records: number;
  /** Records/s for a rate; null for a produce step. */
  rate: number | null;
  /**
   * A rate's records per log entry at least: a fast rate without a key list is held as runs
   * (recordRuns.ts), several records an entry; 1 for everything else.
   */
  recordsPerEntry: number;
  /**
   * Distinct keys it writes at most (what a compacted topic keeps one record of each): a key
   * list's length, 1 for one key, 0 for none (a compacted topic refuses records without a
   * key); Infinity for a produce step (its records are counted in full anyway).
   */
  keys: number;
}

/** Rates at or above this many records/s hold their records as runs (the engine's threshold). */
export const RUNS_FROM_RATE =
  (DEFAULT_CONFIG.producer.runsFromRecordsPerTick * 1000) / RATE_TICK_MS;

/**
 * The fewest records a run holds on average for a rate without a key list: a tick's records
 * (rate × RATE_TICK_MS) go to batches of batch.size, a new entry at each batch and each tick, so
 * a tick makes at most (its records ÷ a batch's) + 2 entries. A record is sized at its largest
 * (the longest sequence), so the bound holds.
 */
export function recordsPerRunEntry(
  rate: number,
  producer: string,
  key: string | null,
  batchSizeBytes: number,
): number {
  if (rate < RUNS_FROM_RATE) return 1;
  const perTick = Math.floor((rate * RATE_TICK_MS) / 1000);
  const largestRecord = MIN_RECORD_BYTES + producer.length * 3 + 1 + 16 + (key?.length ?? 0) * 3;
  const perBatch = Math.max(1, Math.floor(batchSizeBytes / largestRecord));
  return Math.max(1, perTick / (Math.ceil(perTick / perBatch) + 2));
}

/**
 * The records a scenario's producers write by its end: each producer's rate (its `rate`
 * field from the start, then its `rate` steps) over the time it runs, plus every produce
 * step's count. Streams applications' output, offset commits and retries come on top (the
 * run itself watches those: see MAX_RECORDS_HELD).
 */
export function recordSources(
  scenario: Pick<Scenario, 'duration' | 'producers'>,
  steps: readonly (Step | undefined)[],
): RecordSource[] {
  const end = scenario.duration;
  const sources: RecordSource[] = [];
  const topicOf = new Map((scenario.producers ?? []).map((p) => [p.id, p.topic ?? null]));
  const batchSizeOf = new Map(
    (scenario.producers ?? []).map((p) => [
      p.id,
      p.batchSize ?? DEFAULT_CONFIG.producer.batchSizeBytes,
    ]),
  );
  /** A rate change, with the keys in effect from it (they carry over unless a step gives some). */
  interface RateChange {
    atMs: number;
    rate: number;
    path: ProblemPath;
    keys: KeysInEffect;
  }
  const rates = new Map<string, RateChange[]>();
  const keysNow = new Map<string, KeysInEffect>();
  (scenario.producers ?? []).forEach((p, i) => {
    const keys = keysOf(p, NO_KEYS);
    keysNow.set(p.id, keys);
    if (p.rate !== undefined)
      rates.set(p.id, [{ atMs: 0, rate: p.rate, path: ['producers', i, 'rate'], keys }]);
  });
  steps.forEach((step, i) => {
    if (step === undefined) return;
    if ('rate' in step) {
      const producer = step.rate.producer;
      const keys = keysOf(step.rate, keysNow.get(producer) ?? NO_KEYS);
      keysNow.set(producer, keys);
      const list = rates.get(producer) ?? [];
      list.push({ atMs: step.at, rate: step.rate.rate, path: ['steps', i, 'rate', 'rate'], keys });
      rates.set(producer, list);
    } else if ('produce' in step) {
      sources.push({
        path: ['steps', i, 'produce'],
        producer: step.produce.producer,
        topic: step.produce.topic ?? topicOf.get(step.produce.producer) ?? null,
        records: step.produce.count ?? 1,
        rate: null,
        recordsPerEntry: 1,
        keys: Infinity,
      });
    }
  });
  for (const [producer, list] of rates) {
    const changes = [...list].sort((a, b) => a.atMs - b.atMs);
    changes.forEach((c, k) => {
      const until = Math.min(end, changes[k + 1]?.atMs ?? end);
      if (until > c.atMs && c.rate > 0)
        sources.push({
          path: c.path,
          producer,
          topic: topicOf.get(producer) ?? null,
          records: (c.rate * (until - c.atMs)) / 1000,
          rate: c.rate,
          keys: c.keys.list ? c.keys.count : c.keys.key === null ? 0 : 1,
          recordsPerEntry: c.keys.list
            ? 1
            : recordsPerRunEntry(
                c.rate,
                producer,
                c.keys.key,
                batchSizeOf.get(producer) ?? DEFAULT_CONFIG.producer.batchSizeBytes,
              ),
        });
    });
  }
  return sources;
}

/** A rate's keys: one key (or none), or a list (whose records are never held as runs). */
interface KeysInEffect {
  key: string | null;
  list: boolean;
  /** Distinct keys in the list (0 without one). */
  count: number;
}

function keysOf(
  choice: { key?: string | null; keys?: readonly string[] },
  before: KeysInEffect,
): KeysInEffect {
  if (choice.keys !== undefined && choice.keys.length > 0)
    return { key: null, list: true, count: new Set(choice.keys).size };
  if (choice.key !== undefined) return { key: choice.key, list: false, count: 0 };
  return before;
}

const NO_KEYS: KeysInEffect = { key: null, list: false, count: 0 };

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

type EstimatedScenario = Pick<Scenario, 'duration' | 'producers'> & {
  cluster?: Pick<Scenario['cluster'], 'topics' | 'logRetentionCheckInterval' | 'logCleanerBackoff'>;
};

/**
 * The most records a topic's logs hold at once, by its retention (Infinity: all it is given).
 * Only closed segments are deleted: a record goes at the first retention check after its
 * segment closed (segment.ms after its first batch, or once segment.bytes is full) and its
 * newest record is retention.ms old. So a topic holds at most retention.ms + the check interval
 * (and the first check's delay) of its records, plus one open segment per partition: segment.ms
 * of records, or segment.bytes of them. By size, each partition keeps at most retention.bytes
 * plus one segment, plus what arrives between checks. Records are counted at their smallest
 * possible size, so the bound holds for any key and value.
 */
function topicCapRecords(
  scenario: EstimatedScenario,
  topicName: string,
  peakRatePerSecond: number,
  minRecordBytes: number,
  /** Distinct keys written to it at most (its rates'), for a compacted topic. */
  keys: number,
): number {
  const topic = scenario.cluster?.topics.find((t) => t.name === topicName);
  if (topic === undefined) return Infinity;
  const log = { ...DEFAULT_TOPIC_LOG_CONFIG, ...dropUnset(topic) };
  const checkMs =
    scenario.cluster?.logRetentionCheckInterval ??
    DEFAULT_CONFIG.broker.logRetentionCheckIntervalMs;
  const delayMs = DEFAULT_CONFIG.broker.logInitialTaskDelayMs;
  const partitions = topic.partitions ?? topic.replicaAssignment?.length ?? 1;
  const openSegments = Math.min(
    (peakRatePerSecond * log.segmentMs) / 1000,
    (partitions * log.segmentBytes) / minRecordBytes,
  );
  const betweenChecks = (peakRatePerSecond * (checkMs + delayMs)) / 1000;
  // A compacted topic keeps one record per key, and what the cleaner has not reached yet.
  const compacted =
    log.cleanupPolicy === 'delete'
      ? Infinity
      : compactedCapRecords(scenario, log, keys, peakRatePerSecond, openSegments);
  if (log.cleanupPolicy === 'compact') return compacted;
  let cap = compacted;
  if (log.retentionMs >= 0)
    cap = Math.min(
      cap,
      (peakRatePerSecond * log.retentionMs) / 1000 + betweenChecks + openSegments,
    );
  if (log.retentionBytes >= 0)
    cap = Math.min(
      cap,
      (partitions * log.retentionBytes) / minRecordBytes + betweenChecks + openSegments,
    );
  return cap;
}

/**
 * The most records a compacted topic holds: after a pass of the log cleaner the cleaned part
 * keeps at most one record per key; the cleaner passes again once the dirty part is
 * min.cleanable.dirty.ratio of the log (by bytes, taken here as records), so the two together
 * stay below keys ÷ (1 − ratio); on top, what arrives while the cleaner backs off or waits out
 * min.compaction.lag.ms, and the open segments it never cleans. A ratio near 1 (or keys not
 * known) bounds nothing.
 */
function compactedCapRecords(
  scenario: EstimatedScenario,
  log: typeof DEFAULT_TOPIC_LOG_CONFIG,
  keys: number,
  peakRatePerSecond: number,
  openSegments: number,
): number {
  if (!Number.isFinite(keys) || log.minCleanableDirtyRatio >= 0.99) return Infinity;
  const backoffMs =
    scenario.cluster?.logCleanerBackoff ?? DEFAULT_CONFIG.broker.logCleanerBackoffMs;
  const waiting = (peakRatePerSecond * (backoffMs + log.minCompactionLagMs)) / 1000;
  return keys / (1 - log.minCleanableDirtyRatio) + waiting + openSegments;
}

function dropUnset<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Records held at most, and the log entries holding them (what memory grows with: a run holds
 * many records in one entry), summed over topics: what is written to each, or less by its
 * retention.
 */
function heldByTopic(
  scenario: EstimatedScenario,
  sources: readonly RecordSource[],
): { records: number; entries: number } {
  const byTopic = new Map<string | null, RecordSource[]>();
  for (const s of sources) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
  let held = 0;
  let entries = 0;
  for (const [topic, list] of byTopic) {
    const written = list.reduce((n, s) => n + s.records, 0);
    // Each producer at its highest rate at once, and every produce step's records: an upper bound.
    const peak = new Map<string, number>();
    for (const s of list)
      if (s.rate !== null) peak.set(s.producer, Math.max(peak.get(s.producer) ?? 0, s.rate));
    const rate = [...peak.values()].reduce((a, b) => a + b, 0);
    const steps = list.reduce((n, s) => n + (s.rate === null ? s.records : 0), 0);
    // A rate's records carry the value `<producer>-<sequence>`: at least its id and two bytes.
    const minRecordBytes = Math.min(
      ...list.map((s) => MIN_RECORD_BYTES + (s.rate === null ? 0 : s.producer.length + 2)),
    );
    const keys = list.reduce((n, s) => n + s.keys, 0);
    const cap =
      topic === null
        ? Infinity
        : topicCapRecords(scenario, topic, rate, minRecordBytes, keys) + steps;
    const topicHeld = Math.min(written, cap);
    held += topicHeld;
    // The engine holds runs on topics that only delete (a compacted one's cleaner reads records).
    const config = scenario.cluster?.topics.find((t) => t.name === topic);
    const runs = (config?.cleanupPolicy ?? DEFAULT_TOPIC_LOG_CONFIG.cleanupPolicy) === 'delete';
    // Per record held, the most entries any of its sources takes: an upper bound.
    const entriesPerRecord = Math.max(...list.map((s) => (runs ? 1 / s.recordsPerEntry : 1)));
    entries += topicHeld * entriesPerRecord;
  }
  return { records: held, entries };
}

/**
 * A scenario whose producers would hold more records than a run may is refused up front, with
 * the estimate and the settings to change, at its largest source. What a topic holds is what
 * is written to it, or less where its retention deletes (retentionMs, retentionBytes). Null
 * when it fits.
 */
export function memoryBudgetProblem(
  scenario: EstimatedScenario,
  steps: readonly (Step | undefined)[],
  budget: number = MAX_RECORDS_HELD,
): PendingProblem | null {
  const sources = recordSources(scenario, steps);
  const { records: held, entries } = heldByTopic(scenario, sources);
  if (entries <= budget || sources.length === 0) return null;
  const total = sources.reduce((n, s) => n + s.records, 0);
  const largest = sources.reduce((a, b) => (b.records > a.records ? b : a));
  const what =
    largest.rate === null
      ? `${largest.producer}'s produce step: ${count(largest.records)}`
      : `${largest.producer} at ${count(largest.rate)}/s`;
  // Entries a second at that rate: a run holds several records an entry.
  const entryRate = largest.rate === null ? 0 : largest.rate / largest.recordsPerEntry;
  const lasts =
    largest.rate === null
      ? ''
      : `; at ${count(largest.rate)}/s the budget lasts ${formatDuration(Math.floor((budget / entryRate) * 1000))}`;
  const written = held < total ? `; it writes ${count(total)}` : '';
  // Runs: the budget counts entries, and these records need fewer.
  const runs = entries < held * 0.99;
  const asEntries = runs
    ? `, as about ${count(entries)} log entries (a fast producer's records are held a batch to an entry)`
    : '';
  const unit = runs ? 'log entries' : 'records';
  const topic = largest.topic === null ? 'its topic' : largest.topic;
  return {
    path: largest.path,
    message:
      `this run would hold about ${count(held)} records at once (${what}${written})${asEntries}, about ` +
      `${formatBytes(entries * BYTES_PER_RECORD_HELD)}: more than the memory budget of ` +
      `${count(budget)} ${unit} (about ${formatBytes(budget * BYTES_PER_RECORD_HELD)}). Lower ` +
      `the rate, the count or the duration, or shorten the retention of ${topic} ` +
      `(retentionMs or retentionBytes, with segmentMs: only closed segments are deleted)${lasts}`,
  };
}
