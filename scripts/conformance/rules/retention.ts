/**
 * The retention suite: kafkascope's segment rolling and deletion by retention
 * (src/engine/logSegments.ts, applied as src/engine/retention.ts applies them) against Kafka
 * 4.3.1's own `UnifiedLog` (conformance/.../RetentionProbe.java). A case appends batches to one
 * partition's log at the times it says (Kafka rolls by itself: segment.bytes, segment.ms), and
 * at its checks sets the high watermark and deletes old segments (retention.bytes,
 * retention.ms, never at or above the high watermark). Checked exactly after every step: each
 * segment's base offset, bytes, record count, largest timestamp, the timestamp segment.ms counts
 * from and its creation time; the log start and end offsets and the high watermark; at a check,
 * which segments were deleted and by which rule.
 *
 * Sizes: kafkascope's record sizes are its own estimate, so each batch is given the bytes Kafka
 * wrote for it (`sizeInBytes` of the batch, which Kafka reports), and both sides count the same.
 */
import {
  RECORD_BATCH_OVERHEAD_BYTES,
  createWorld,
  recordSizeBytes,
  takeEmitted,
  type LogRecord,
} from '../../../src/engine';
import {
  maybeRoll,
  newSegment,
  noteAppended,
  type LogSegment,
} from '../../../src/engine/logSegments';
import { deleteOldSegments } from '../../../src/engine/retention';
import type { SuiteOptions, SuiteResult } from '../suite';
import {
  OK,
  firstDifference,
  gen,
  runRulesSuite,
  type Gen,
  type RulesSuite,
  type Verdict,
} from './common';

export interface RetentionConfig {
  readonly segmentBytes: number;
  readonly segmentMs: number;
  readonly retentionMs: number;
  readonly retentionBytes: number;
}

export interface CaseRecord {
  readonly key: string | null;
  /** The value is this many zero bytes (only its size matters here). */
  readonly valueBytes: number;
  readonly timestampMs: number;
}

export type RetentionStep =
  | {
      readonly kind: 'append';
      readonly nowMs: number;
      /** Each appended as one batch (`appendAsLeader`), in turn. */
      readonly batches: readonly (readonly CaseRecord[])[];
    }
  | {
      readonly kind: 'check';
      readonly nowMs: number;
      /** null: the log end offset. */
      readonly highWatermark: number | null;
    };

export interface RetentionCase {
  readonly config: RetentionConfig;
  /** The clock when the log (and its first segment) is created. */
  readonly startMs: number;
  readonly steps: readonly RetentionStep[];
}

export interface DumpedSegment {
  readonly baseOffset: number;
  readonly sizeBytes: number;
  readonly recordCount: number;
  /** `maxTimestampSoFar`: what retention.ms compares; -1 while empty. */
  readonly maxTimestampMs: number;
  /** The first batch's largest timestamp, which segment.ms counts from; -1 while empty. */
  readonly rollingBasedTimestampMs: number;
  readonly createdAtMs: number;
}

export type DeletionReason = 'log start offset' | 'retention.bytes' | 'retention.ms';

export interface StepAnswer {
  /** An append step: the bytes of each batch as Kafka wrote it. */
  readonly batchSizes?: readonly number[];
  /** A check step: the segments deleted, oldest first, with the rule that deleted each. */
  readonly deleted?: readonly { readonly baseOffset: number; readonly reason: DeletionReason }[];
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly highWatermark: number;
  readonly segments: readonly DumpedSegment[];
}

export interface RetentionAnswer {
  readonly steps: readonly StepAnswer[];
}

/** 2026-01-01T00:00:00Z: timestamps of the size real ones have (their varints are as long). */
const EPOCH_MS = 1_767_225_600_000;
const BATCH_HEADER_BYTES = 61;
/** More than a record's framing can take (length, attributes, deltas, key and value lengths, headers). */
const RECORD_FRAMING_MAX_BYTES = 30;

function estimateBytes(records: readonly CaseRecord[]): number {
  return records.reduce(
    (n, r) => n + RECORD_FRAMING_MAX_BYTES + (r.key?.length ?? 0) + r.valueBytes,
    BATCH_HEADER_BYTES,
  );
}

function generateCase(g: Gen): RetentionCase {
  const config: RetentionConfig = {
    segmentBytes: g.pick([400, 700, 1000, 1500, 3000, 1_073_741_824]),
    segmentMs: g.pick([500, 2000, 10_000, 60_000, 604_800_000]),
    retentionMs: g.pick([-1, 0, 1000, 5000, 20_000, 120_000, 604_800_000]),
    retentionBytes: g.pick([-1, -1, 0, 300, 1000, 2500, 6000]),
  };
  const startMs = EPOCH_MS + g.int(0, 1_000_000);
  let nowMs = startMs;
  let logEnd = 0;
  let hw = 0;
  const batchTimestamps: number[] = [];
  const timestamp = (): number => {
    const last = batchTimestamps[batchTimestamps.length - 1];
    const kind = g.int(0, 19);
    if (kind < 13) return nowMs - g.int(0, 200);
    if (kind < 15) return nowMs - g.int(1000, 200_000); // late
    if (kind < 16) return nowMs + g.int(1, 5000); // from the future
    // segment.ms to the millisecond after an earlier batch (the first of its segment, maybe).
    if (last === undefined) return nowMs;
    return g.pick(batchTimestamps.slice(-4)) + config.segmentMs + g.int(0, 1);
  };
  const record = (): CaseRecord => ({
    key: g.chance(0.5) ? `k${g.int(0, 999)}` : null,
    valueBytes: g.chance(0.15) ? g.int(200, 600) : g.int(0, 150),
    timestampMs: timestamp(),
  });
  const batch = (): CaseRecord[] => {
    const records: CaseRecord[] = [];
    const n = g.int(1, 5);
    for (let i = 0; i < n; i++) {
      const r = record();
      // Kafka refuses a batch larger than segment.bytes (RecordBatchTooLargeException).
      if (estimateBytes([...records, r]) <= config.segmentBytes) records.push(r);
    }
    if (records.length === 0) records.push({ ...record(), valueBytes: 0 });
    return records;
  };
  const steps: RetentionStep[] = [];
  const stepCount = g.int(4, 16);
  for (let i = 0; i < stepCount; i++) {
    nowMs += g.pick([0, 0, 50, 300, 1000, 2500, 8000, 30_000]);
    if (i > 0 && (i === stepCount - 1 || g.chance(0.3))) {
      // Retention to the millisecond after some batch's timestamp (its segment's newest, maybe).
      if (config.retentionMs >= 0 && batchTimestamps.length > 0 && g.chance(0.25)) {
        const at = g.pick(batchTimestamps) + config.retentionMs + g.int(0, 1);
        if (at > nowMs) nowMs = at;
      }
      hw = g.chance(0.3) ? g.int(hw, logEnd) : logEnd;
      steps.push({ kind: 'check', nowMs, highWatermark: hw === logEnd ? null : hw });
    } else {
      const batches = Array.from({ length: g.int(1, 3) }, batch);
      for (const b of batches) {
        batchTimestamps.push(Math.max(...b.map((r) => r.timestampMs)));
        logEnd += b.length;
      }
      steps.push({ kind: 'append', nowMs, batches });
    }
  }
  return { config, startMs, steps };
}

/**
 * Single-record batches of one size (Kafka's own tests' "set"), with segment.bytes and
 * retention.bytes whole multiples of it, give or take a byte: a batch that exactly fills a
 * segment stays in it (`size > segment.bytes - batch` rolls), and a log exactly at
 * retention.bytes, or an excess exactly one segment, is where `<` and `>=` matter. The size is
 * computed as kafkascope's cleaner computes a one-record batch (Kafka reports what it wrote).
 */
function exactFitCase(g: Gen): RetentionCase {
  const key = g.chance(0.5) ? `k${g.int(0, 9)}` : null;
  const valueBytes = g.int(0, 40);
  const set = RECORD_BATCH_OVERHEAD_BYTES + recordSizeBytes(key, 'x'.repeat(valueBytes));
  const perSegment = g.int(2, 5);
  const config: RetentionConfig = {
    segmentBytes: perSegment * set + g.pick([-1, 0, 0, 1]),
    segmentMs: 604_800_000,
    retentionMs: g.pick([-1, -1, 1000, 604_800_000]),
    retentionBytes: g.chance(0.1) ? -1 : g.int(1, 3) * perSegment * set + g.pick([-1, 0, 0, 1]),
  };
  const startMs = EPOCH_MS + g.int(0, 1_000_000);
  let nowMs = startMs;
  const steps: RetentionStep[] = [];
  const stepCount = g.int(4, 12);
  for (let i = 0; i < stepCount; i++) {
    nowMs += g.pick([0, 100, 700]);
    if (i > 0 && (i === stepCount - 1 || g.chance(0.3)))
      steps.push({ kind: 'check', nowMs, highWatermark: null });
    else {
      const batches = Array.from({ length: g.int(1, 4) }, () => [
        { key, valueBytes, timestampMs: nowMs },
      ]);
      steps.push({ kind: 'append', nowMs, batches });
    }
  }
  return { config, startMs, steps };
}

function generate(seed: number, count: number): RetentionCase[] {
  const g = gen(seed, 6);
  return Array.from({ length: count }, () => (g.chance(0.15) ? exactFitCase(g) : generateCase(g)));
}

const logEndOffset = (log: { readonly endOffset: number }): number => log.endOffset;

function dump(segments: readonly LogSegment[]): DumpedSegment[] {
  return segments.map((s) => ({
    baseOffset: s.baseOffset,
    sizeBytes: s.sizeBytes,
    recordCount: s.recordCount,
    maxTimestampMs: s.maxTimestampMs,
    rollingBasedTimestampMs: s.rollingBasedTimestampMs,
    createdAtMs: s.createdAtMs,
  }));
}

/** kafkascope's records for a batch of `sizeBytes` (spread over them: only the sum is read). */
function batchRecords(records: readonly CaseRecord[], baseOffset: number, sizeBytes: number) {
  const each = Math.floor(sizeBytes / records.length);
  return records.map((r, i): LogRecord => ({
    key: r.key,
    value: '',
    headers: [],
    timestampMs: r.timestampMs,
    producer: 'p',
    sequence: baseOffset + i,
    sizeBytes: i === 0 ? sizeBytes - each * (records.length - 1) : each,
    partitionReason: 'explicit',
    offset: baseOffset + i,
    leaderEpoch: 0,
  }));
}

/**
 * kafkascope's answer for a case, in the shape RetentionProbe writes, given the bytes Kafka wrote
 * for each batch (`batchSizes`, in the order the case appends them). Appends as leader.ts's
 * leaderAppend does (maybeRoll, then the records, then noteAppended); checks with
 * retention.ts's deleteOldSegments on a one-broker world holding the log.
 */
export function kafkascopeRetention(
  c: RetentionCase,
  batchSizes: readonly number[],
): RetentionAnswer {
  const world = createWorld({
    seed: 1,
    brokers: [1],
    topics: [{ name: 't', partitions: 1, replicationFactor: 1, ...c.config }],
  });
  takeEmitted(world);
  const topic = world.topics.t;
  const p = topic.partitions[0];
  const log = p.logs[1];
  log.segments = [newSegment(0, c.startMs)];
  let nextBatch = 0;
  const steps: StepAnswer[] = c.steps.map((step) => {
    world.nowMs = step.nowMs;
    let extra: Pick<StepAnswer, 'batchSizes' | 'deleted'>;
    if (step.kind === 'append') {
      const sizes = step.batches.map(() => batchSizes[nextBatch++]);
      step.batches.forEach((records, i) => {
        const baseOffset = logEndOffset(log);
        const maxTimestampMs = Math.max(...records.map((r) => r.timestampMs));
        const batch = { sizeBytes: sizes[i], maxTimestampMs };
        maybeRoll(log, topic.config, baseOffset, batch, step.nowMs);
        log.records.push(...batchRecords(records, baseOffset, sizes[i]));
        log.endOffset = baseOffset + records.length;
        noteAppended(log, sizes[i], maxTimestampMs, records.length);
      });
      extra = { batchSizes: sizes };
    } else {
      // `UnifiedLog.updateHighWatermark`: held within [log start, log end].
      const hw = step.highWatermark ?? logEndOffset(log);
      log.highWatermark = Math.min(Math.max(hw, log.logStartOffset), logEndOffset(log));
      deleteOldSegments(world, topic.config, p, log);
      const deleted = takeEmitted(world).flatMap((e) =>
        e.type === 'segmentDeleted' ? [{ baseOffset: e.baseOffset, reason: e.reason }] : [],
      );
      extra = { deleted };
    }
    return {
      ...extra,
      logStartOffset: log.logStartOffset,
      logEndOffset: logEndOffset(log),
      highWatermark: log.highWatermark,
      segments: dump(log.segments),
    };
  });
  return { steps };
}

function kafkaBatchSizes(k: RetentionAnswer): number[] {
  return k.steps.flatMap((s) => s.batchSizes ?? []);
}

function check(c: RetentionCase, k: RetentionAnswer): Verdict {
  const batches = c.steps.reduce((n, s) => n + (s.kind === 'append' ? s.batches.length : 0), 0);
  const sizes = kafkaBatchSizes(k);
  if (sizes.length !== batches)
    return { fail: `Kafka sized ${sizes.length} of ${batches} batches` };
  const d = firstDifference(kafkascopeRetention(c, sizes), k);
  return d === null ? OK : { fail: d };
}

export const retentionSuite: RulesSuite<RetentionCase, RetentionAnswer> = {
  name: 'retention',
  defaultCases: 400,
  vectorCases: 200,
  needsAdminUtils: false,
  needsGroupCoordinator: false,
  generate,
  check,
  notes: [
    "Kafka side: kafka-storage 4.3.1's UnifiedLog in a temp dir on the case's clock: appendAsLeader (its own rolls), updateHighWatermark, then deleteOldSegments' three rules in its order, each by reflection so the deleting rule is known, then deleteOldSegments() itself (which must find nothing more)",
    "each batch counts the bytes Kafka wrote for it on both sides (kafkascope's record sizes are its own estimate); no segment.jitter.ms, indexes never fill, no remote storage",
  ],
  summarize(cases, kafka) {
    let rolls = 0;
    let checks = 0;
    let blocked = 0;
    let emptied = 0;
    // The rules' edges: a segment kept at exactly retention.ms, one holding a batch exactly
    // segment.ms after its first (both `>`, not `>=`, in Kafka).
    const edges = {
      retentionMs: new Set<string>(),
      segmentMs: new Set<string>(),
      segmentBytes: new Set<string>(),
      retentionBytes: 0,
    };
    const byReason = new Map<string, number>();
    cases.forEach((c, i) => {
      const steps = kafka[i].steps;
      const seen = new Set<number>();
      steps.forEach((s, j) => {
        for (const seg of s.segments) {
          seen.add(seg.baseOffset);
          const id = `${i}/${seg.baseOffset}`;
          if (seg.maxTimestampMs - seg.rollingBasedTimestampMs === c.config.segmentMs)
            edges.segmentMs.add(id);
          if (seg.sizeBytes === c.config.segmentBytes) edges.segmentBytes.add(id);
          if (
            c.steps[j].kind === 'check' &&
            c.steps[j].nowMs - seg.maxTimestampMs === c.config.retentionMs
          )
            edges.retentionMs.add(id);
        }
        const step = c.steps[j];
        if (step.kind !== 'check' || s.deleted === undefined) return;
        checks++;
        const before = steps[j - 1]?.segments ?? [];
        if (before.reduce((n, x) => n + x.sizeBytes, 0) === c.config.retentionBytes)
          edges.retentionBytes++;
        for (const d of s.deleted) byReason.set(d.reason, (byReason.get(d.reason) ?? 0) + 1);
        if (s.segments.length === 1 && s.segments[0].sizeBytes === 0 && s.deleted.length > 0)
          emptied++;
        if (s.highWatermark < s.logEndOffset) blocked++;
      });
      rolls += seen.size - 1;
    });
    const reasons = [...byReason].map(([r, n]) => `${n} by ${r}`).join(', ');
    return [
      `${rolls} segments rolled; ${checks} checks (${blocked} with the high watermark below the log end), segments deleted: ${reasons || 'none'}; ${emptied} checks deleted every segment (a new one rolled first)`,
      `edges: ${edges.segmentBytes.size} segments filled to exactly segment.bytes, ${edges.segmentMs.size} held a batch exactly segment.ms after their first, ${edges.retentionMs.size} were checked at exactly retention.ms old; ${edges.retentionBytes} checks found the log at exactly retention.bytes`,
    ];
  },
};

export function runRetentionSuite(options: SuiteOptions, cases?: number): Promise<SuiteResult> {
  return runRulesSuite(retentionSuite, options, cases);
}
