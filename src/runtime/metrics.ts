import type { Snapshot } from '../engine';
import { dict } from '../engine/light';

/** One moment's numbers: every (non-internal) partition's log end offset, every group's lag. */
export interface MetricsSample {
  readonly timeMs: number;
  /** "topic-partition" → log end offset. */
  readonly logEnd: Readonly<Record<string, number>>;
  /** Group id → total lag (HW − committed, over partitions with a commit); null before any commit. */
  readonly groupLag: Readonly<Record<string, number | null>>;
}

export interface MetricsSeries {
  readonly sampleMs: number;
  /** Oldest first, at most `MAX_SAMPLES`. */
  readonly samples: readonly MetricsSample[];
}

export const MAX_SAMPLES = 240;

export interface MetricsRecorder {
  /** When the next sample is due (virtual time). */
  nextSampleAtMs(): number;
  sample(s: Snapshot): void;
  /** The same object until a sample is added. */
  series(): MetricsSeries;
}

/**
 * Samples the model every `sampleMs` of virtual time (the driver runs the world to each
 * sample time first, so the charts are the same at every playback speed).
 */
export function createMetricsRecorder(
  sampleMs: number,
  from?: { samples: readonly MetricsSample[]; nextAtMs: number },
): MetricsRecorder {
  let samples: readonly MetricsSample[] = from?.samples ?? [];
  let current: MetricsSeries = { sampleMs, samples };
  let nextAtMs = from?.nextAtMs ?? 0;
  return {
    nextSampleAtMs: () => nextAtMs,
    sample(s) {
      samples = [...samples.slice(-(MAX_SAMPLES - 1)), sampleOf(s)];
      current = { sampleMs, samples };
      nextAtMs = Math.floor(s.timeMs / sampleMs) * sampleMs + sampleMs;
    },
    series: () => current,
  };
}

/** The keys of the last `logEnd` made, and an object with those keys (see `logEndOf`). */
let shellKeys: readonly string[] = [];
let shell: Record<string, number> = {};

/**
 * `keys[i]` → `values[i]`, one plain object, keys in order. Built key by key, an object of more
 * than 16 keys becomes a hash table in V8 (~820 bytes for 32 partitions), while a copy of one
 * JSON.parse made keeps its keys in its own slots (~150 bytes); every sample of a run has the
 * same keys, so that one is made once per key list. A run of 10 minutes holds 1,200 samples.
 */
function logEndOf(keys: readonly string[], values: readonly number[]): Record<string, number> {
  if (keys.length !== shellKeys.length || keys.some((key, i) => key !== shellKeys[i])) {
    shellKeys = keys;
    shell = JSON.parse(`{${keys.map((key) => `${JSON.stringify(key)}:0`).join(',')}}`) as Record<
      string,
      number
    >;
  }
  const out = { ...shell };
  for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i];
  return out;
}

export function sampleOf(s: Snapshot): MetricsSample {
  const keys: string[] = [];
  const values: number[] = [];
  for (const t of s.topics) {
    if (t.internal) continue;
    for (const p of t.partitions) {
      keys.push(`${t.name}-${p.partition}`);
      values.push(p.logEndOffset);
    }
  }
  const logEnd = logEndOf(keys, values);
  // Keyed by group ids, which may be any text (`__proto__` too): a dict has no prototype.
  const groupLag: Record<string, number | null> = dict();
  for (const g of s.groups) {
    let total: number | null = null;
    for (const o of g.offsets) if (o.lag !== null) total = (total ?? 0) + o.lag;
    groupLag[g.id] = total;
  }
  return { timeMs: s.timeMs, logEnd, groupLag };
}

/** Records per second written to a partition between consecutive samples. */
export function throughputSeries(
  series: MetricsSeries,
  partitionId: string,
): { timeMs: number; perSecond: number }[] {
  const out: { timeMs: number; perSecond: number }[] = [];
  for (let i = 1; i < series.samples.length; i++) {
    const a = series.samples[i - 1];
    const b = series.samples[i];
    const dt = b.timeMs - a.timeMs;
    if (dt <= 0) continue;
    const delta = (b.logEnd[partitionId] ?? 0) - (a.logEnd[partitionId] ?? 0);
    // A truncation can move the log end back: that is not negative throughput.
    out.push({ timeMs: b.timeMs, perSecond: (Math.max(0, delta) * 1000) / dt });
  }
  return out;
}
