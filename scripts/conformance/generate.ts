/**
 * The seeded case generator: random windowed aggregations (tumbling, hopping, session; explicit
 * and default grace; EMIT CHANGES/FINAL; cache on/off; COUNT(*), COUNT(col), SUM with negative
 * values, MIN, MAX; HAVING with every comparison; GROUP BY the key or a value column) and random
 * inputs (several keys, null keys, null values and null columns, out-of-order and late records,
 * timestamps on window boundaries, jumps that close windows).
 *
 * Deterministic: its own PRNG (mulberry32) from the seed; the same seed gives the same cases.
 */
import {
  KSQL_DEFAULT_CACHE,
  makeCase,
  ms,
  resolvedGraceMs,
  type AggregateFn,
  type CaseDescription,
  type Comparison,
  type ConformanceCase,
  type Duration,
  type InputRecord,
  type TimeUnit,
} from './cases';

/** mulberry32: a small, fast 32-bit PRNG (public domain); enough for test-case variety. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
}

/** Writes `ms` in a unit that divides it, sometimes a smaller one (exercises unit parsing). */
function duration(rng: Rng, msValue: number): Duration {
  const units: [TimeUnit, number][] = [
    ['DAYS', 86_400_000],
    ['HOURS', 3_600_000],
    ['MINUTES', 60_000],
    ['SECONDS', 1000],
    ['MILLISECONDS', 1],
  ];
  const fitting = units.filter(([, u]) => msValue % u === 0);
  const [unit, u] = rng.chance(0.7) ? fitting[0] : rng.pick(fitting);
  return { n: msValue / u, unit };
}

const SIZES_MS = [500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 300_000];
const OPS: readonly Comparison[] = ['>', '>=', '<', '<=', '=', '<>'];

function describe(rng: Rng): { desc: CaseDescription; notes: string[] } {
  const notes: string[] = [];
  const kind = rng.pick(['TUMBLING', 'TUMBLING', 'HOPPING', 'SESSION'] as const);
  const size = rng.pick(SIZES_MS);
  // Grace: ksqlDB's default (24 h − size) about a third of the time, else an explicit one
  // around the window size (0 included: a record at exactly the window end closes it).
  const grace = rng.chance(0.3)
    ? null
    : duration(rng, rng.pick([0, 0, Math.floor(size / 2), size, 2 * size, rng.int(1, 3 * size)]));
  const emit = rng.chance(0.6) ? 'CHANGES' : 'FINAL';
  const cacheMaxBytes = rng.chance(0.5) ? 0 : KSQL_DEFAULT_CACHE;
  const groupByKey = rng.chance(0.6);
  const window: CaseDescription['window'] =
    kind === 'SESSION'
      ? { kind, gap: duration(rng, size), grace, retention: null }
      : kind === 'HOPPING'
        ? {
            kind,
            size: duration(rng, size),
            advance: duration(
              rng,
              rng.pick([size / 2, size / 4, size / 5, size].filter(Number.isInteger)),
            ),
            grace,
            retention: null,
          }
        : { kind, size: duration(rng, size), grace, retention: null };
  let desc: CaseDescription = {
    source: 'authorization_attempts',
    sink: rng.pick(['possible_fraud', 'card_activity', 'merchant_totals']),
    keyColumn: 'card_number',
    valueColumns: [
      { name: 'amount', type: 'INTEGER' },
      { name: 'merchant', type: 'STRING' },
    ],
    groupBy: groupByKey ? 'card_number' : 'merchant',
    window,
    select: [],
    having: null,
    emit,
    cacheMaxBytes,
  };
  // RETENTION (must be ≥ size + grace, or Kafka's WindowStoreMaterializer refuses the store).
  if (rng.chance(0.15)) {
    const graceMs = resolvedGraceMs(desc);
    const floor = size + graceMs;
    const retentionMs = floor + rng.pick([0, size, 10 * size, DAY]);
    desc = { ...desc, window: { ...desc.window, retention: duration(rng, retentionMs) } };
    notes.push('explicit RETENTION');
  }

  const candidates: { fn: AggregateFn; arg: string | null }[] = [
    { fn: 'COUNT', arg: null },
    { fn: 'COUNT', arg: 'amount' },
    { fn: 'COUNT', arg: 'merchant' },
    { fn: 'SUM', arg: 'amount' },
    { fn: 'MIN', arg: 'amount' },
    { fn: 'MAX', arg: 'amount' },
  ];
  const chosen: { fn: AggregateFn; arg: string | null }[] = [];
  const n = rng.pick([1, 1, 2, 3]);
  while (chosen.length < n) {
    const c = rng.pick(candidates);
    if (!chosen.includes(c)) chosen.push(c);
  }
  const aliases = ['total', 'attempts', 'low', 'high'];
  const select = chosen.map((c, i) => ({ ...c, alias: rng.chance(0.25) ? aliases[i] : null }));
  let having: CaseDescription['having'] = null;
  if (rng.chance(0.55)) {
    const h = rng.chance(0.85) ? rng.pick(chosen) : rng.pick(candidates);
    const literal = h.fn === 'COUNT' ? rng.int(0, 4) : rng.int(-20, 30);
    having = { fn: h.fn, arg: h.arg, op: rng.pick(OPS), literal };
  }
  return { desc: { ...desc, select, having }, notes };
}

const DAY = 86_400_000;

function inputs(rng: Rng, desc: CaseDescription): InputRecord[] {
  const w = desc.window;
  const size = w.kind === 'SESSION' ? w.gap : w.size;
  const sizeMs = ms(size);
  const graceMs = resolvedGraceMs(desc);
  const keys = ['4000-0001', '4000-0002', '4000-0003', '4000-0004'].slice(0, rng.int(1, 4));
  const merchants = ['acme', 'bolt', 'cafe'].slice(0, rng.int(1, 3));
  const groupByKey = desc.groupBy === desc.keyColumn;
  const count = rng.int(1, 24);
  const out: InputRecord[] = [];
  let t = rng.chance(0.3) ? 0 : rng.int(0, 3) * sizeMs + rng.int(0, sizeMs - 1);
  let maxT = t;
  for (let i = 0; i < count; i++) {
    let ts: number;
    const r = rng.float();
    if (i === 0) ts = t;
    else if (r < 0.5) ts = t + rng.int(0, Math.max(1, Math.floor(sizeMs / 3)));
    else if (r < 0.62)
      ts = Math.ceil((t + 1) / sizeMs) * sizeMs; // exactly a window boundary
    else if (r < 0.7)
      ts = maxT + rng.int(2, 8) * sizeMs; // a jump that closes windows
    else if (r < 0.78)
      ts = Math.ceil(maxT / sizeMs) * sizeMs + (graceMs < 10 * sizeMs ? graceMs : 0); // end + grace
    else ts = Math.max(0, maxT - rng.int(1, Math.min(2 * sizeMs + graceMs, 4 * sizeMs))); // out of order / late
    // Session windows start at ts ≥ gap: Kafka 4.3.1's CachingSessionStore throws
    // IllegalStateException("Error iterating over segments: segment interval has changed") when
    // findSessions' range starts at a negative multiple of the segment interval (ts − gap =
    // −60 000 with gap 60 s, cache on), a near-epoch artefact no real timestamp hits.
    ts = Math.max(desc.window.kind === 'SESSION' ? sizeMs : 0, ts);
    t = ts;
    maxT = Math.max(maxT, ts);
    const key = rng.chance(0.06) ? null : rng.pick(keys);
    // A tombstone is filtered before the rekey when grouping by a value column
    // (StreamGroupByBuilderBase: filter(v != null)). Grouping by the key column, ksqlDB's
    // windowed aggregate would hand it to KudafAggregator, which throws: not generated.
    let value: string | null;
    if (!groupByKey && rng.chance(0.06)) {
      value = null;
    } else {
      const fields: string[] = [];
      // Field names as producers write them: ksqlDB's JSON deserializer matches columns
      // exactly, then case-insensitively.
      const amountName = rng.chance(0.8) ? 'amount' : 'AMOUNT';
      const r2 = rng.float();
      if (r2 < 0.08) fields.push(`"${amountName}":null`);
      else if (r2 > 0.12) fields.push(`"${amountName}":${rng.int(-25, 40)}`); // else: missing
      const r3 = rng.float();
      if (r3 < 0.07) fields.push('"merchant":null');
      else if (r3 > 0.1) fields.push(`"merchant":"${rng.pick(merchants)}"`);
      value = `{${fields.join(',')}}`;
    }
    out.push({ topic: desc.source, key, value, timestampMs: ts });
  }
  return out;
}

function summary(desc: CaseDescription, notes: readonly string[]): string {
  const w = desc.window;
  const parts = [
    w.kind.toLowerCase(),
    w.grace === null ? 'default grace' : `grace ${w.grace.n} ${w.grace.unit.toLowerCase()}`,
    `EMIT ${desc.emit}`,
    desc.cacheMaxBytes === 0 ? 'cache off' : 'cache on',
    desc.groupBy === desc.keyColumn ? 'GROUP BY key' : 'GROUP BY value column (repartition)',
    desc.having === null
      ? 'no HAVING'
      : `HAVING ${desc.having.fn} ${desc.having.op} ${desc.having.literal}`,
    ...notes,
  ];
  return parts.join(', ');
}

/** `count` random cases from `seed`, ids `g<seed>-<i>`. */
export function generateCases(seed: number, count: number): ConformanceCase[] {
  const rng = new Rng(seed);
  const cases: ConformanceCase[] = [];
  for (let i = 0; i < count; i++) {
    const { desc, notes } = describe(rng);
    cases.push(makeCase(`g${seed}-${i}`, summary(desc, notes), desc, inputs(rng, desc)));
  }
  return cases;
}
