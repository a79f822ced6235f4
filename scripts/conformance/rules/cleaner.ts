/**
 * The cleaner suite: kafkascope's log cleaner (src/engine/logCleaner.ts) against Kafka 4.3.1's
 * own `Cleaner` on a real `UnifiedLog` (conformance/.../CleanerProbe.java). A case appends
 * keyed records and tombstones in rounds, rolling where it says, at a clock it sets; each round
 * asks `LogCleanerManager.cleanableOffsets` and `LogToClean` for the range and ratio, then
 * cleans with `Cleaner.doClean` (checkpoint carried to the next round). Checked exactly: the
 * range, bytes, ratio and checkpoint, and every segment, batch (offsets, delete horizon, size)
 * and record (offset, key, value, timestamp, size) before and after each clean.
 */
import {
  DEFAULT_COMPACTION_CONFIG,
  RECORD_BATCH_OVERHEAD_BYTES,
  cleanLog,
  cleanableRange,
  recordSizeBytes,
  segmentSizeBytes,
  singleRecordBatches,
  type CleanerLog,
  type CleanerSegment,
  type CompactionConfig,
} from '../../../src/engine';
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

export interface CaseRecord {
  readonly key: string;
  readonly value: string | null;
  readonly timestampMs: number;
}

export interface CleanerRound {
  readonly nowMs: number;
  /** Appended in turn, each followed by a roll. */
  readonly segments: readonly (readonly CaseRecord[])[];
  /** Appended after the rolls, left in the active segment. */
  readonly active: readonly CaseRecord[];
  /** null: the log end offset. */
  readonly highWatermark: number | null;
  readonly clean: boolean;
}

export interface CleanerCase {
  readonly config: Pick<
    CompactionConfig,
    | 'segmentBytes'
    | 'deleteRetentionMs'
    | 'minCompactionLagMs'
    | 'maxCompactionLagMs'
    | 'minCleanableDirtyRatio'
  >;
  /** SkimpyOffsetMap slots (load factor 1); null: plenty. */
  readonly offsetMapSlots: number | null;
  readonly rounds: readonly CleanerRound[];
}

export interface DumpedSegment {
  readonly baseOffset: number;
  readonly sizeBytes: number;
  readonly batches: readonly {
    readonly baseOffset: number;
    readonly lastOffset: number;
    readonly deleteHorizonMs: number | null;
    readonly sizeBytes: number;
    readonly records: readonly {
      readonly offset: number;
      readonly key: string | null;
      readonly value: string | null;
      readonly timestampMs: number;
      readonly sizeBytes: number;
    }[];
  }[];
}

export interface RoundAnswer {
  readonly logEndOffset: number;
  readonly lastStableOffset: number;
  readonly before: readonly DumpedSegment[];
  readonly firstDirtyOffset: number;
  readonly firstUncleanableOffset: number;
  readonly cleanBytes: number;
  readonly cleanableBytes: number;
  readonly cleanableRatio: number | null;
  readonly checkpoint?: number;
  readonly after?: readonly DumpedSegment[];
}

export interface CleanerAnswer {
  readonly rounds: readonly RoundAnswer[];
}

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'key-7', 'ключ'];

function batchBytes(r: CaseRecord): number {
  return RECORD_BATCH_OVERHEAD_BYTES + recordSizeBytes(r.key, r.value);
}

function generateCase(g: Gen): CleanerCase {
  const segmentBytes = g.pick([150, 220, 300, 450, 1000, 100_000]);
  const config = {
    segmentBytes,
    deleteRetentionMs: g.pick([0, 100, 1000, 2500, 86_400_000]),
    minCompactionLagMs: g.pick([0, 0, 0, 500, 2000]),
    maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
    minCleanableDirtyRatio: 0.5,
  };
  const keys = KEYS.slice(0, g.int(1, KEYS.length));
  let nowMs = 10_000;
  let activeBytes = 0; // bytes in the active segment so far: Kafka rolls by itself past segmentBytes
  let logEnd = 0;
  let hw = 0;
  const record = (): CaseRecord => ({
    key: g.pick(keys),
    value: g.chance(0.25) ? null : 'v'.repeat(g.int(0, 12)) + String(g.int(0, 99)),
    timestampMs: nowMs - g.int(0, 1500),
  });
  /** Up to `n` records, as many as fit the active segment (so the explicit rolls are the only ones). */
  const fill = (n: number): CaseRecord[] => {
    const out: CaseRecord[] = [];
    for (let i = 0; i < n; i++) {
      const r = record();
      if (activeBytes + batchBytes(r) > segmentBytes) break;
      out.push(r);
      activeBytes += batchBytes(r);
    }
    logEnd += out.length;
    return out;
  };
  const rounds: CleanerRound[] = [];
  const roundCount = g.int(1, 3);
  for (let i = 0; i < roundCount; i++) {
    nowMs += g.pick([0, 200, 1000, 3000]);
    const segments: CaseRecord[][] = [];
    // A round without new segments re-cleans the same range: with a small offset map that is
    // where a tombstone stamped last round can expire as the round's last batch (kept empty).
    const segmentCount = i > 0 && g.chance(0.3) ? 0 : g.int(1, 4);
    for (let s = 0; s < segmentCount; s++) {
      const recs = fill(g.int(1, 6));
      if (recs.length === 0 && activeBytes === 0) continue;
      segments.push(recs);
      activeBytes = 0;
    }
    const active = fill(g.int(0, 2));
    if (g.chance(0.25)) hw = g.int(hw, logEnd);
    else hw = logEnd;
    rounds.push({
      nowMs,
      segments,
      active,
      highWatermark: hw === logEnd ? null : hw,
      clean: g.chance(0.9),
    });
  }
  return { config, offsetMapSlots: g.chance(0.3) ? g.int(1, 3) : null, rounds };
}

/**
 * A tombstone at the end of the cleanable range that expires there: an offset map of one key
 * cleans one offset a round, the first round stamps the tombstone (retained past the map's
 * latest offset), and the round that maps it drops it and keeps its batch empty, being the
 * round's last (`BatchRetention.RETAIN_EMPTY`). Random cases almost never reach this.
 */
function expiringTailCase(g: Gen): CleanerCase {
  const n = g.int(1, 4);
  const records: CaseRecord[] = Array.from({ length: n }, (_, i) => ({
    key: KEYS[i],
    value: g.chance(0.3) ? null : `v${i}`,
    timestampMs: 9_000 + i,
  }));
  records.push({ key: KEYS[n], value: null, timestampMs: 9_500 });
  const retentionMs = g.pick([0, 100]);
  const rounds: CleanerRound[] = Array.from({ length: n + 2 }, (_, i) => ({
    nowMs: 10_000 + i * retentionMs,
    segments: i === 0 ? [records] : [],
    active: [],
    highWatermark: null,
    clean: true,
  }));
  return {
    config: {
      segmentBytes: 100_000,
      deleteRetentionMs: retentionMs,
      minCompactionLagMs: 0,
      maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
      minCleanableDirtyRatio: 0.5,
    },
    offsetMapSlots: 1,
    rounds,
  };
}

function generate(seed: number, count: number): CleanerCase[] {
  const g = gen(seed, 5);
  return Array.from({ length: count }, () =>
    g.chance(0.08) ? expiringTailCase(g) : generateCase(g),
  );
}

function dump(segments: readonly CleanerSegment[]): DumpedSegment[] {
  return segments.map((s) => ({
    baseOffset: s.baseOffset,
    sizeBytes: segmentSizeBytes(s),
    batches: s.batches.map((b) => ({
      baseOffset: b.baseOffset,
      lastOffset: b.lastOffset,
      deleteHorizonMs: b.deleteHorizonMs,
      sizeBytes: RECORD_BATCH_OVERHEAD_BYTES + b.records.reduce((n, r) => n + r.sizeBytes, 0),
      records: b.records.map((r) => ({
        offset: r.offset,
        key: r.key,
        value: r.value,
        timestampMs: r.timestampMs,
        sizeBytes: r.sizeBytes,
      })),
    })),
  }));
}

/** kafkascope's answer for a case, in the shape CleanerProbe writes. */
export function kafkascopeCleaner(c: CleanerCase): CleanerAnswer {
  const config: CompactionConfig = { ...DEFAULT_COMPACTION_CONFIG, ...c.config };
  let segments: CleanerSegment[] = [{ baseOffset: 0, batches: [] }];
  let logEnd = 0;
  let checkpoint: number | null = null;
  const append = (r: CaseRecord) => {
    const last = segments[segments.length - 1];
    const [batch] = singleRecordBatches([
      { ...r, offset: logEnd, sizeBytes: recordSizeBytes(r.key, r.value) },
    ]);
    segments = [...segments.slice(0, -1), { ...last, batches: [...last.batches, batch] }];
    logEnd++;
  };
  const rounds: RoundAnswer[] = [];
  for (const round of c.rounds) {
    for (const seg of round.segments) {
      seg.forEach(append);
      segments = [...segments, { baseOffset: logEnd, batches: [] }];
    }
    round.active.forEach(append);
    const lastStableOffset = Math.min(round.highWatermark ?? logEnd, logEnd);
    const log: CleanerLog = { segments, logStartOffset: 0, logEndOffset: logEnd, lastStableOffset };
    const range = cleanableRange(log, checkpoint, round.nowMs, config);
    const answer: RoundAnswer = {
      logEndOffset: logEnd,
      lastStableOffset,
      before: dump(segments),
      firstDirtyOffset: range.firstDirtyOffset,
      firstUncleanableOffset: range.firstUncleanableOffset,
      cleanBytes: range.cleanBytes,
      cleanableBytes: range.cleanableBytes,
      cleanableRatio: Number.isNaN(range.cleanableRatio) ? null : range.cleanableRatio,
    };
    if (round.clean && range.cleanableBytes > 0) {
      const result = cleanLog(log, range, round.nowMs, config, {
        ...(c.offsetMapSlots !== null ? { offsetMapCapacity: c.offsetMapSlots } : {}),
      });
      segments = [...result.segments];
      checkpoint = result.firstDirtyOffset;
      rounds.push({ ...answer, checkpoint, after: dump(segments) });
    } else rounds.push(answer);
  }
  return { rounds };
}

function check(c: CleanerCase, k: CleanerAnswer): Verdict {
  const d = firstDifference(kafkascopeCleaner(c), k);
  return d === null ? OK : { fail: d };
}

export const cleanerSuite: RulesSuite<CleanerCase, CleanerAnswer> = {
  name: 'cleaner',
  defaultCases: 400,
  vectorCases: 200,
  needsAdminUtils: false,
  needsGroupCoordinator: false,
  generate,
  check,
  notes: [
    "Kafka side: kafka-storage 4.3.1's Cleaner.doClean on a UnifiedLog in a temp dir, range from LogCleanerManager.cleanableOffsets and LogToClean; one record per batch, no producer ids, no transactions",
  ],
  summarize(cases, kafka) {
    let cleans = 0;
    let horizons = 0;
    let removed = 0;
    cases.forEach((_, i) => {
      for (const r of kafka[i].rounds) {
        if (r.after === undefined) continue;
        cleans++;
        const count = (ss: readonly DumpedSegment[]) =>
          ss.reduce((n, s) => n + s.batches.reduce((m, b) => m + b.records.length, 0), 0);
        removed += count(r.before) - count(r.after);
        horizons += r.after
          .flatMap((s) => s.batches)
          .filter((b) => b.deleteHorizonMs !== null).length;
      }
    });
    return [
      `${cleans} cleans, ${removed} records removed, ${horizons} batches with a delete horizon after them`,
    ];
  },
};

export function runCleanerSuite(options: SuiteOptions, cases?: number): Promise<SuiteResult> {
  return runRulesSuite(cleanerSuite, options, cases);
}
