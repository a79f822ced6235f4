import vm from 'node:vm';
import v8 from 'node:v8';
import type { SeekBench } from './seekBench';
import {
  byTime,
  createCursor,
  createRngStreams,
  createWorld,
  nextInt,
  partitionForKey,
  runWithCommands,
  snapshot,
  type Acks,
  type Snapshot,
  type TimedEntry,
  type World,
  RATE_TICK_MS,
} from '../engine/index.ts';
import { benchAssignors, type BenchResult } from '../engine/tools.ts';
import { parseFlags, parseIntegerFlag } from './args.ts';
import { formatCount, formatDurationMs, formatMiB } from './format.ts';
import { UsageError, type CliIo } from './io.ts';
import { runStreamsBench, streamsBenchLines, type StreamsBenchResult } from './streamsBench.ts';
import { renderTable } from './table.ts';
import { BENCH_SYNOPSIS } from './usage.ts';

/**
 * `kafkascope bench`: the engine on the standard workload, timed with the wall clock here
 * at the edge (the engine itself has virtual time only). See docs/cli.md for the workload.
 */

export interface BenchVariant {
  name: string;
  label: string;
  replicationFactor: number;
  acks: Acks;
  minInsyncReplicas: number;
  /** What this 2-core reference machine should reach, in records per wall-clock second. */
  targetRecordsPerSec: number;
}

export const BENCH_VARIANTS: readonly BenchVariant[] = [
  {
    name: 'rf1-acks1',
    label: 'RF 1, acks=1',
    replicationFactor: 1,
    acks: 1,
    minInsyncReplicas: 1,
    targetRecordsPerSec: 1_000_000,
  },
  {
    name: 'rf3-acksall',
    label: 'RF 3, acks=all, min.isr 2',
    replicationFactor: 3,
    acks: 'all',
    minInsyncReplicas: 2,
    targetRecordsPerSec: 300_000,
  },
];

/** The standard workload's shape (documented in docs/cli.md; change both together). */
export const WORKLOAD = {
  seed: 1,
  brokers: [1, 2, 3],
  topic: 'bench',
  partitions: 12,
  producers: 3,
  keys: 1000,
  consumers: 2,
  /** Records per second of virtual time, per producer. */
  producerRatePerSec: 100_000,
  defaultRecords: 1_000_000,
  quickRecords: 100_000,
} as const;

/** Records in the untimed warm-up run before each measured one. */
const WARM_UP_RECORDS = 100_000;
/** Virtual time between progress samples (heap, records produced). */
const SLICE_MS = 10;
/** A workload whose consumers have not caught up this long after the last record is reported unfinished. */
const DRAIN_LIMIT_MS = 600_000;

export interface BenchRow {
  variant: string;
  label: string;
  targetRecordsPerSec: number;
  /** Records the producers sent (the workload asks for `requestedRecords`; the last rate tick may differ by a few). */
  records: number;
  requestedRecords: number;
  acked: number;
  /** Records each consumer read. */
  consumed: number[];
  /** Every record produced and acknowledged, and both consumers at the high watermark of every partition. */
  finished: boolean;
  wallMs: number;
  recordsPerSec: number;
  /** Trace events the engine emitted (a batch sent, appended, acknowledged, fetched…). */
  events: number;
  /** Tasks the engine scheduled (`world.seq`): every unit of work, including those that emit no event. */
  tasks: number;
  virtualMs: number;
  peakHeapBytes: number;
  /** Heap still in use after a forced GC at the end of the run, with the world alive; null without GC access. */
  heapAfterGcBytes: number | null;
  /**
   * Records per wall second in the early half of the run: the median over its five tenths (a
   * median, so one garbage-collection pause does not decide the history check).
   */
  earlyRecordsPerSec: number;
  /** The same for the late half: close to the early figure means cost per record does not grow with history. */
  lateRecordsPerSec: number;
  traceHash: string;
  /**
   * The minimal loop of the same workload and record count (see {@link runMinimalLoop}), timed
   * in the same process right after this row: records per wall second, and its wall time.
   */
  minimalLoopRecordsPerSec: number;
  minimalLoopWallMs: number;
  /** recordsPerSec ÷ minimalLoopRecordsPerSec: how close the engine comes to the irreducible work. */
  vsMinimalLoop: number;
  /**
   * With `--runs N`: the row is the median run (by records/s), and recordsPerSec,
   * minimalLoopRecordsPerSec and vsMinimalLoop are the medians over the runs (vsMinimalLoop
   * the median of each run's own ratio, its engine and minimal loop timed back to back).
   */
  runs: number;
  /** Lowest and highest over the runs (equal to the figure itself with one run). */
  recordsPerSecRange: MinMax;
  minimalLoopRecordsPerSecRange: MinMax;
  vsMinimalLoopRange: MinMax;
  /** The median over the runs of lateRecordsPerSec ÷ earlyRecordsPerSec, and its range. */
  lateOverEarly: number;
  lateOverEarlyRange: MinMax;
  /** Each run's figures, in the order they ran. */
  perRun: BenchRunFigures[];
}

export interface MinMax {
  min: number;
  max: number;
}

export interface BenchRunFigures {
  recordsPerSec: number;
  minimalLoopRecordsPerSec: number;
  vsMinimalLoop: number;
  earlyRecordsPerSec: number;
  lateRecordsPerSec: number;
  lateOverEarly: number;
}

export interface BenchReport {
  workload: typeof WORKLOAD & { records: number };
  node: string;
  gcAvailable: boolean;
  rows: BenchRow[];
  assignors: BenchResult[];
  /** The fraud query as a Kafka Streams application (src/cli/streamsBench.ts). */
  streams: StreamsBenchResult;
  seek: SeekBench;
}

export async function benchCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(
    argv,
    [
      { name: 'records', value: true },
      { name: 'quick' },
      { name: 'runs', value: true },
      { name: 'json' },
    ],
    BENCH_SYNOPSIS,
  );
  if (positionals.length > 0)
    throw new UsageError(`bench takes no arguments (got "${positionals[0]}")`, BENCH_SYNOPSIS);
  const records =
    typeof flags.records === 'string'
      ? parseIntegerFlag('records', flags.records, 1000, 100_000_000, BENCH_SYNOPSIS)
      : flags.quick === true
        ? WORKLOAD.quickRecords
        : WORKLOAD.defaultRecords;
  const runs =
    typeof flags.runs === 'string'
      ? parseIntegerFlag('runs', flags.runs, 1, 99, BENCH_SYNOPSIS)
      : 1;
  const progress = (line: string) => io.stderr.write(`${line}\n`);
  const workloads = runBench(records, progress, runs);
  // Loaded only now: the scenario and store layers it brings (the YAML parser, zod) would
  // otherwise sit in the heap the workloads' peak figures measure (about 40 MiB of peak).
  progress('bench: timeline seeks in a 10-minute run…');
  const { runSeekBench } = await import('./seekBench.ts');
  const report: BenchReport = { ...workloads, seek: runSeekBench() };
  io.stdout.write(
    flags.json === true
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${formatBenchReport(report).join('\n')}\n`,
  );
  return report.rows.every((r) => r.finished) && report.streams.finished && report.seek.verified
    ? 0
    : 1;
}

/**
 * Runs every variant (`runs` times each), then the assignors. `progress` gets one line as
 * each part starts.
 */
export function runBench(
  records: number,
  progress: (line: string) => void,
  runs = 1,
): Omit<BenchReport, 'seek'> {
  const gc = findGc();
  const rows: BenchRow[] = [];
  for (const variant of BENCH_VARIANTS) {
    progress(
      `bench: ${variant.label}, ${formatCount(records)} records${runs > 1 ? `, ${runs} runs` : ''}…`,
    );
    rows.push(benchVariant(variant, records, runs, gc));
  }
  // ── Later sections hook in here: run them, add a field to BenchReport, print them as a
  // separate table in formatBenchReport (as the assignors below). ──
  progress('bench: consumer-group assignors…');
  const assignors = benchAssignors(() => performance.now());
  // A tenth of the workload's records (10,000 to 100,000): each goes through two topics and two tasks.
  const streamsRecords = Math.max(10_000, Math.min(100_000, Math.round(records / 10)));
  progress(
    `bench: the fraud query as a streams application, ${formatCount(streamsRecords)} records…`,
  );
  runStreamsBench(Math.min(streamsRecords, 10_000)); // warm-up
  const streams = runStreamsBench(streamsRecords);
  return {
    workload: { ...WORKLOAD, records },
    node: process.version,
    gcAvailable: gc !== null,
    rows,
    assignors,
    streams,
  };
}

/** One row: the variant warmed up, then `runs` runs of it, each followed by the minimal loop. */
export function benchVariant(
  variant: BenchVariant,
  records: number,
  runs: number,
  gc: (() => void) | null = findGc(),
): BenchRow {
  // An untimed warm-up first, so the JIT's first compilations do not count against the early half.
  runWorkload(variant, Math.min(records, WARM_UP_RECORDS), null);
  // The reference, warmed up the same way.
  runMinimalLoop(variant.replicationFactor, Math.min(records, WARM_UP_RECORDS));
  const measured: BenchRunRow[] = [];
  for (let run = 0; run < runs; run++) {
    const row = runWorkload(variant, records, gc);
    // The reference on the same machine a moment later: each run's ratio pairs the two in time.
    gc?.();
    const minimal = runMinimalLoop(variant.replicationFactor, records);
    measured.push({
      ...row,
      minimalLoopRecordsPerSec: minimal.recordsPerSec,
      minimalLoopWallMs: minimal.wallMs,
      vsMinimalLoop: row.recordsPerSec / minimal.recordsPerSec,
    });
    gc?.();
  }
  return summarizeRuns(measured);
}

/** One run of a row: everything but the figures over several runs. */
type BenchRunRow = Omit<
  BenchRow,
  | 'runs'
  | 'recordsPerSecRange'
  | 'minimalLoopRecordsPerSecRange'
  | 'vsMinimalLoopRange'
  | 'lateOverEarly'
  | 'lateOverEarlyRange'
  | 'perRun'
>;

/**
 * Several runs of a row as one: the median run (by records/s) with the medians and ranges of
 * the timed figures. A run whose trace differs from the first would mean the engine is not
 * deterministic: the row then reports that run's hash in place of the others' (and the
 * consistency check of the report fails), never a mix.
 */
export function summarizeRuns(measured: readonly BenchRunRow[]): BenchRow {
  const byRate = [...measured].sort((a, b) => a.recordsPerSec - b.recordsPerSec);
  const median = byRate[(byRate.length - 1) >> 1];
  const perRun = measured.map((r) => ({
    recordsPerSec: r.recordsPerSec,
    minimalLoopRecordsPerSec: r.minimalLoopRecordsPerSec,
    vsMinimalLoop: r.vsMinimalLoop,
    earlyRecordsPerSec: r.earlyRecordsPerSec,
    lateRecordsPerSec: r.lateRecordsPerSec,
    lateOverEarly: r.earlyRecordsPerSec > 0 ? r.lateRecordsPerSec / r.earlyRecordsPerSec : 0,
  }));
  const figure = (pick: (r: BenchRunFigures) => number) => perRun.map(pick);
  const odd = measured.find((r) => r.traceHash !== measured[0].traceHash);
  return {
    ...median,
    traceHash: odd === undefined ? median.traceHash : odd.traceHash,
    finished: measured.every((r) => r.finished) && odd === undefined,
    recordsPerSec: medianOf(figure((r) => r.recordsPerSec)),
    minimalLoopRecordsPerSec: medianOf(figure((r) => r.minimalLoopRecordsPerSec)),
    vsMinimalLoop: medianOf(figure((r) => r.vsMinimalLoop)),
    runs: measured.length,
    recordsPerSecRange: rangeOf(figure((r) => r.recordsPerSec)),
    minimalLoopRecordsPerSecRange: rangeOf(figure((r) => r.minimalLoopRecordsPerSec)),
    vsMinimalLoopRange: rangeOf(figure((r) => r.vsMinimalLoop)),
    lateOverEarly: medianOf(figure((r) => r.lateOverEarly)),
    lateOverEarlyRange: rangeOf(figure((r) => r.lateOverEarly)),
    perRun,
  };
}

/** The median (of an even count, the mean of the middle two). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function rangeOf(values: readonly number[]): MinMax {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/**
 * The GC, for the heap-after-GC column. Node hides it unless started with --expose-gc;
 * setting the flag at run time and fetching `gc` from a fresh context gives the same
 * function without re-executing node (which would double start-up and complicate tests).
 */
function findGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

function createBenchWorld(variant: BenchVariant): World {
  return createWorld({
    seed: WORKLOAD.seed,
    brokers: WORKLOAD.brokers,
    topics: [
      {
        name: WORKLOAD.topic,
        partitions: WORKLOAD.partitions,
        replicationFactor: variant.replicationFactor,
        minInsyncReplicas: variant.minInsyncReplicas,
      },
    ],
    producers: producerIds().map((id) => ({ id, topic: WORKLOAD.topic, acks: variant.acks })),
    consumers: Array.from({ length: WORKLOAD.consumers }, (_, i) => ({
      id: `consumer-${i + 1}`,
      topics: [WORKLOAD.topic],
      from: 'earliest' as const,
    })),
  });
}

function producerIds(): string[] {
  return Array.from({ length: WORKLOAD.producers }, (_, i) => `producer-${i + 1}`);
}

/**
 * Starts each producer at the workload rate and stops it once it has sent its share. A fast
 * rate produces in ticks of RATE_TICK_MS (many records per tick), so the rate stops between
 * two ticks and one last burst sends the remainder: every producer sends exactly its share.
 */
function benchKeys(): string[] {
  return Array.from({ length: WORKLOAD.keys }, (_, i) => `key-${String(i).padStart(4, '0')}`);
}

function producerCommands(records: number): { entries: TimedEntry[]; lastStopMs: number } {
  const keys = benchKeys();
  const rate = WORKLOAD.producerRatePerSec;
  const tickMs = Math.max(RATE_TICK_MS, 1000 / rate);
  const perTick = (rate * tickMs) / 1000;
  let lastStopMs = 0;
  const entries: TimedEntry[] = [];
  producerIds().forEach((producer, i) => {
    const share =
      Math.floor(records / WORKLOAD.producers) + (i < records % WORKLOAD.producers ? 1 : 0);
    const ticks = Math.floor(share / perTick);
    // A share smaller than one tick's records is sent in one burst: a rate started and
    // stopped half a tick before it started never stopped (and ran out of memory).
    const stopMs = Math.max(0, (ticks - 0.5) * tickMs);
    const remainder = share - ticks * perTick;
    if (ticks > 0) {
      entries.push({ atMs: 0, command: { type: 'setProducerRate', producer, rate, keys } });
      entries.push({ atMs: stopMs, command: { type: 'setProducerRate', producer, rate: 0 } });
    }
    if (remainder > 0)
      entries.push({
        atMs: stopMs,
        command: { type: 'produce', producer, keys, count: remainder },
      });
    lastStopMs = Math.max(lastStopMs, stopMs);
  });
  return { entries: byTime(entries), lastStopMs };
}

/** One record of the minimal loop: what a consumer of the workload gets, nothing more. */
interface MinimalRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly timestampMs: number;
  readonly offset: number;
}

const NO_HEADERS: readonly (readonly [string, string])[] = Object.freeze([]);

export interface MinimalLoopResult {
  records: number;
  wallMs: number;
  recordsPerSec: number;
  /** A sum over every record each consumer read, so the reads cannot be optimised away. */
  checksum: number;
}

/**
 * The reference the engine is measured against: the irreducible per-record work of the
 * standard workload, with no simulation machinery (no tasks, batches, requests, events,
 * acknowledgements or virtual network). In ticks of 10 ms of virtual time, each of the 3
 * producers makes its 1,000 records of the tick (the last tick the remainder), one by one:
 * a key drawn from the same 1,000 keys with the same seeded generator as the engine
 * (`nextInt` on the `keys` stream of seed 1), the value `producer-N-<sequence>` as the engine
 * writes it, the tick's virtual time as timestamp, one shared empty headers array; its
 * partition by the engine's own code (`partitionForKey`: murmur2 of the key's UTF-8 bytes,
 * positive, modulo 12); then appends it to that partition's log (a plain array) with its
 * offset. With RF 3 each partition's 2 follower logs then copy the tick's new records (one
 * push per record per follower). Then each of the 2 consumers reads every new record of every
 * partition once and adds its offset and value length to a checksum. Same record count as
 * the engine's row.
 */
export function runMinimalLoop(replicationFactor: number, records: number): MinimalLoopResult {
  const keys = benchKeys();
  const rng = createRngStreams(WORKLOAD.seed).keys;
  const partitions = WORKLOAD.partitions;
  const leaderLogs: MinimalRecord[][] = Array.from({ length: partitions }, () => []);
  const followerLogs: MinimalRecord[][][] = Array.from({ length: partitions }, () =>
    Array.from({ length: replicationFactor - 1 }, () => []),
  );
  const positions: number[][] = Array.from({ length: WORKLOAD.consumers }, () =>
    new Array<number>(partitions).fill(0),
  );
  const ids = producerIds();
  const left = ids.map(
    (_, i) => Math.floor(records / ids.length) + (i < records % ids.length ? 1 : 0),
  );
  const sequences = ids.map(() => 0);
  const perTick = (WORKLOAD.producerRatePerSec * RATE_TICK_MS) / 1000;
  let checksum = 0;
  let made = 0;
  const startMs = performance.now();
  for (let nowMs = 0; made < records; nowMs += RATE_TICK_MS) {
    for (let i = 0; i < ids.length; i++) {
      const n = Math.min(perTick, left[i]);
      left[i] -= n;
      made += n;
      for (let j = 0; j < n; j++) {
        const key = keys[nextInt(rng, keys.length)];
        const log = leaderLogs[partitionForKey(key, partitions)];
        log.push({
          key,
          value: `${ids[i]}-${sequences[i]++}`,
          headers: NO_HEADERS,
          timestampMs: nowMs,
          offset: log.length,
        });
      }
    }
    for (let p = 0; p < partitions; p++) {
      const log = leaderLogs[p];
      for (const follower of followerLogs[p])
        for (let o = follower.length; o < log.length; o++) follower.push(log[o]);
      for (const position of positions) {
        for (let o = position[p]; o < log.length; o++)
          checksum += log[o].offset + log[o].value.length;
        position[p] = log.length;
      }
    }
  }
  const wallMs = performance.now() - startMs;
  return { records: made, wallMs, recordsPerSec: made / (wallMs / 1000), checksum };
}

interface Progress {
  wallMs: number;
  sent: number;
}

function runWorkload(
  variant: BenchVariant,
  records: number,
  gc: (() => void) | null,
): Omit<BenchRunRow, 'minimalLoopRecordsPerSec' | 'minimalLoopWallMs' | 'vsMinimalLoop'> {
  gc?.();
  const world = createBenchWorld(variant);
  const { entries, lastStopMs } = producerCommands(records);
  const cursor = createCursor(entries);
  const samples: Progress[] = [{ wallMs: 0, sent: 0 }];
  // v8's used heap size is what process.memoryUsage().heapUsed reports, without the rss
  // system call memoryUsage() also makes (which cost as much as a tenth of a row's wall time).
  let peakHeapBytes = v8.getHeapStatistics().used_heap_size;
  const producers = producerIds().map((id) => world.producers[id]);
  const startMs = performance.now();
  for (let untilMs = SLICE_MS; ; untilMs += SLICE_MS) {
    runWithCommands(world, cursor, untilMs);
    let sent = 0;
    for (const p of producers) sent += p.sent;
    if (sent > samples[samples.length - 1].sent)
      samples.push({ wallMs: performance.now() - startMs, sent });
    peakHeapBytes = Math.max(peakHeapBytes, v8.getHeapStatistics().used_heap_size);
    // The whole picture (a snapshot) only once the producers have stopped: before, the
    // consumers cannot have caught up, and building it every slice would be timed as engine work.
    if (
      untilMs > lastStopMs &&
      (caughtUp(snapshot(world)) || untilMs > lastStopMs + DRAIN_LIMIT_MS)
    )
      break;
  }
  const wallMs = performance.now() - startMs;
  const s = snapshot(world);
  gc?.();
  const heapAfterGcBytes = gc === null ? null : process.memoryUsage().heapUsed;
  const produced = s.producers.reduce((n, p) => n + p.sent, 0);
  return {
    variant: variant.name,
    label: variant.label,
    targetRecordsPerSec: variant.targetRecordsPerSec,
    records: produced,
    requestedRecords: records,
    acked: s.producers.reduce((n, p) => n + p.acked, 0),
    consumed: s.consumers.map((c) => c.consumed),
    finished: caughtUp(s),
    wallMs,
    recordsPerSec: produced / (wallMs / 1000),
    events: s.eventCount,
    tasks: world.seq,
    virtualMs: s.timeMs,
    peakHeapBytes,
    heapAfterGcBytes,
    earlyRecordsPerSec: medianTenthRate(samples, produced, 0),
    lateRecordsPerSec: medianTenthRate(samples, produced, 5),
    traceHash: s.traceHash,
  };
}

/** Every record answered and replicated, and every consumer at every partition's high watermark. */
function caughtUp(s: Snapshot): boolean {
  if (s.producers.some((p) => p.rate > 0 || p.openBatches > 0 || p.acked + p.failed < p.sent))
    return false;
  for (const t of s.topics) {
    for (const p of t.partitions) {
      if (p.highWatermark < p.logEndOffset) return false;
      for (const c of s.consumers) {
        const position = c.positions.find(
          (pos) => pos.topic === t.name && pos.partition === p.partition,
        );
        if (position !== undefined && position.position < p.highWatermark) return false;
      }
    }
  }
  return true;
}

/** Records per wall second while the producers' total went from `fromSent` to `toSent`. */
/** The median of the rates over five consecutive tenths of the run, from tenth `first`. */
function medianTenthRate(samples: readonly Progress[], produced: number, first: number): number {
  const rates = [0, 1, 2, 3, 4].map((i) =>
    rateBetween(samples, (produced * (first + i)) / 10, (produced * (first + i + 1)) / 10),
  );
  return rates.sort((a, b) => a - b)[2];
}

function rateBetween(samples: readonly Progress[], fromSent: number, toSent: number): number {
  const seconds = (wallAtSent(samples, toSent) - wallAtSent(samples, fromSent)) / 1000;
  return seconds > 0 ? (toSent - fromSent) / seconds : 0;
}

/** The wall time at which `sent` records had been produced, interpolated between samples. */
function wallAtSent(samples: readonly Progress[], sent: number): number {
  const i = samples.findIndex((p) => p.sent >= sent);
  if (i <= 0) return i === 0 ? samples[0].wallMs : samples[samples.length - 1].wallMs;
  const a = samples[i - 1];
  const b = samples[i];
  return a.wallMs + ((b.wallMs - a.wallMs) * (sent - a.sent)) / (b.sent - a.sent);
}

export function formatBenchReport(report: BenchReport): string[] {
  const w = report.workload;
  const runs = Math.max(1, ...report.rows.map((r) => r.runs));
  const lines = [
    `kafkascope bench · ${w.brokers.length} brokers · topic of ${w.partitions} partitions · ${w.producers} producers ` +
      `(${formatCount(w.keys)} keys, default partitioner) · ${w.consumers} consumers from earliest · ` +
      `${formatCount(w.records)} records · node ${report.node}`,
    '',
    ...renderTable(
      [
        'workload',
        'records',
        'wall',
        'records/s',
        'target',
        'events',
        'tasks',
        'virtual',
        'peak heap',
        'heap after GC',
        'early/s',
        'late/s',
        'late/early',
        'minimal/s',
        'vs minimal',
      ],
      report.rows.map((r) => [
        r.finished ? r.label : `${r.label} (UNFINISHED)`,
        formatCount(r.records),
        `${(r.wallMs / 1000).toFixed(2)} s`,
        withRange(r, formatCount(r.recordsPerSec), r.recordsPerSecRange, formatCount),
        `${r.recordsPerSec >= r.targetRecordsPerSec ? '✓' : '✗'} ≥${formatCount(r.targetRecordsPerSec)}`,
        formatCount(r.events),
        formatCount(r.tasks),
        formatDurationMs(r.virtualMs),
        formatMiB(r.peakHeapBytes),
        r.heapAfterGcBytes === null ? 'n/a' : formatMiB(r.heapAfterGcBytes),
        formatCount(r.earlyRecordsPerSec),
        formatCount(r.lateRecordsPerSec),
        withRange(r, r.lateOverEarly.toFixed(2), r.lateOverEarlyRange, (x) => x.toFixed(2)),
        withRange(
          r,
          formatCount(r.minimalLoopRecordsPerSec),
          r.minimalLoopRecordsPerSecRange,
          formatCount,
        ),
        withRange(r, r.vsMinimalLoop.toFixed(2), r.vsMinimalLoopRange, (x) => x.toFixed(2)),
      ]),
      [
        'left',
        'right',
        'right',
        'right',
        'left',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
        'right',
      ],
    ),
    '',
    'events: trace events emitted; tasks: engine tasks scheduled. Each workload ran once untimed first (JIT warm-up).',
    ...(runs > 1
      ? [
          `${runs} runs of each workload, each followed by its minimal loop: records/s, late/early, minimal/s and vs minimal`,
          'are medians over the runs (min–max after them; vs minimal and late/early are the medians of each',
          "run's own ratio); the other columns are the median run's.",
        ]
      : []),
    "early/s, late/s: records/s in the first and second half of the run (median of each half's tenths);",
    'near 1.00 or above means the cost of a record does not grow with history.',
    'minimal/s: the same records through a minimal loop timed in the same run (make each record, hash',
    'its key to a partition, append it to the log, copy it to followers with RF 3, both consumers read',
    'it once: no simulation); vs minimal: records/s ÷ minimal/s.',
    ...assignorLines(report.assignors),
    ...streamsBenchLines(report.streams),
    ...seekLines(report.seek),
  ];
  return lines;
}

/** A figure over several runs: the median, then its min–max. */
function withRange(
  row: BenchRow,
  median: string,
  range: MinMax,
  format: (n: number) => string,
): string {
  return row.runs > 1 ? `${median} (${format(range.min)}–${format(range.max)})` : median;
}

function seekLines(s: SeekBench): string[] {
  return [
    '',
    `Timeline seeks: a ${formatDurationMs(s.virtualMs)} run (${formatCount(s.events)} events: 4 brokers, RF 3, 2 producers, a group, 9 broker crashes)`,
    `indexed ahead in ${(s.indexWallMs / 1000).toFixed(2)} s into ${s.checkpoints} checkpoints; ${s.seeks} random seeks:`,
    `median ${s.medianMs.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms, max ${s.maxMs.toFixed(1)} ms ` +
      `(${s.maxMs < 100 ? '✓' : '✗'} < 100 ms); ${s.verified ? 'checked seeks matched a straight run' : 'A CHECKED SEEK DID NOT MATCH A STRAIGHT RUN'}`,
  ];
}

function assignorLines(results: readonly BenchResult[]): string[] {
  if (results.length === 0) return [];
  return [
    '',
    'Consumer-group assignors (10,000 partitions: 100 topics × 100 partitions, 1,000 members)',
    '',
    ...renderTable(
      ['assignor', 'run', 'ms', 'assigned'],
      results.map((r) => [r.name, r.scenario, r.ms.toFixed(1), formatCount(r.assigned)]),
      ['left', 'left', 'right', 'right'],
    ),
  ];
}
