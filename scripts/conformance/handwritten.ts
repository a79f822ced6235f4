/**
 * Hand-written cases: the worked example of shared/streams-model.md §3.3 (the talk's fraud
 * query, scenarios (a)–(e′) and the suppress() row), the §1.4 EMIT FINAL retention-loss claim
 * (AK SuppressScenarioTest#shouldSupportFinalResultsForTimeWindows' input), and ports of
 * ksqlDB's own QTT suppress.json cases. Each carries a `reference`: what the model doc claims
 * or what ksqlDB's test expects, so `--self-check` shows where the harness (real Kafka) agrees.
 */
import {
  KSQL_DEFAULT_CACHE,
  makeCase,
  type CaseDescription,
  type ConformanceCase,
  type InputRecord,
  type OutputRecord,
} from './cases';

const S = 1000;

// ---------------------------------------------------------------------------------------------
// §3.3: keys A, B; ts 10,20,25,30,40,50,310,290,620,100 s; SIZE 5 MINUTES; HAVING COUNT(*) > 3.

const FRAUD_INPUTS: InputRecord[] = (
  [
    ['A', 10],
    ['A', 20],
    ['B', 25],
    ['A', 30],
    ['A', 40],
    ['A', 50],
    ['A', 310],
    ['A', 290],
    ['B', 620],
    ['A', 100],
  ] as const
).map(([key, s]) => ({
  topic: 'authorization_attempts',
  key,
  value: '{"amount":10,"merchant":"acme"}',
  timestampMs: s * S,
}));

function fraud(
  grace: CaseDescription['window']['grace'],
  emit: 'CHANGES' | 'FINAL',
  cacheMaxBytes: number,
  having = true,
): CaseDescription {
  return {
    source: 'authorization_attempts',
    sink: 'possible_fraud',
    keyColumn: 'card_number',
    valueColumns: [
      { name: 'amount', type: 'INTEGER' },
      { name: 'merchant', type: 'STRING' },
    ],
    groupBy: 'card_number',
    window: { kind: 'TUMBLING', size: { n: 5, unit: 'MINUTES' }, grace, retention: null },
    select: [{ fn: 'COUNT', arg: null, alias: null }],
    having: having ? { fn: 'COUNT', arg: null, op: '>', literal: 3 } : null,
    emit,
    cacheMaxBytes,
  };
}

/** `A@0→4 (40)`: key, window start (s), count, record timestamp (s); window size 5 min. */
function rec(
  key: string,
  startS: number,
  count: number | null,
  tsS: number,
  name = 'KSQL_COL_0',
): OutputRecord {
  return {
    topic: 'POSSIBLE_FRAUD',
    key,
    window: { startMs: startS * S, endMs: startS * S + 300 * S },
    value: count === null ? null : JSON.stringify({ [name]: count }),
    timestampMs: tsS * S,
  };
}

const MODEL = 'shared/streams-model.md §3.3 (derived)';
const caches = [
  ['cache off', 0],
  ['cache on', KSQL_DEFAULT_CACHE],
] as const;

function fraudCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  const add = (
    id: string,
    what: string,
    desc: CaseDescription,
    reference: { outputs: OutputRecord[]; droppedRecords: number } | null,
    variant: 'ksql' | 'suppress' = 'ksql',
  ): void => {
    const c = makeCase(id, what, desc, FRAUD_INPUTS, variant);
    out.push(reference === null ? c : { ...c, reference: { source: MODEL, ...reference } });
  };
  const a = [rec('A', 0, 4, 40), rec('A', 0, 5, 50), rec('A', 0, 6, 290), rec('A', 0, 7, 290)];
  const b = [rec('A', 0, 4, 40), rec('A', 0, 5, 50)];
  const c = [rec('A', 0, 4, 40), rec('A', 0, 5, 50), rec('A', 0, 6, 290)];
  for (const [label, cache] of caches) {
    const tag = cache === 0 ? 'nocache' : 'cache';
    add(
      `fraud-a-${tag}`,
      `§3.3 (a): ksqlDB default grace (23h55m), EMIT CHANGES, ${label}`,
      fraud(null, 'CHANGES', cache),
      { outputs: a, droppedRecords: 0 },
    );
    add(
      `fraud-b-${tag}`,
      `§3.3 (b): GRACE PERIOD 0 SECONDS, EMIT CHANGES, ${label}`,
      fraud({ n: 0, unit: 'SECONDS' }, 'CHANGES', cache),
      { outputs: b, droppedRecords: 2 },
    );
    add(
      `fraud-c-${tag}`,
      `§3.3 (c): GRACE PERIOD 1 MINUTE, EMIT CHANGES, ${label}`,
      fraud({ n: 1, unit: 'MINUTES' }, 'CHANGES', cache),
      { outputs: c, droppedRecords: 1 },
    );
    add(
      `fraud-d-${tag}`,
      `§3.3 (d): GRACE PERIOD 0 SECONDS, EMIT FINAL, ${label}`,
      fraud({ n: 0, unit: 'SECONDS' }, 'FINAL', cache),
      { outputs: [rec('A', 0, 5, 50)], droppedRecords: 2 },
    );
    add(
      `fraud-raw-b-${tag}`,
      `§3.3 raw count (no HAVING), GRACE PERIOD 0 SECONDS, EMIT CHANGES, ${label}`,
      fraud({ n: 0, unit: 'SECONDS' }, 'CHANGES', cache, false),
      {
        outputs: [
          rec('A', 0, 1, 10),
          rec('A', 0, 2, 20),
          rec('B', 0, 1, 25),
          rec('A', 0, 3, 30),
          rec('A', 0, 4, 40),
          rec('A', 0, 5, 50),
          rec('A', 300, 1, 310),
          rec('B', 600, 1, 620),
        ],
        droppedRecords: 2,
      },
    );
    add(
      `fraud-raw-d-${tag}`,
      `§3.3 (d) before HAVING: GRACE PERIOD 0 SECONDS, EMIT FINAL, no HAVING, ${label}`,
      fraud({ n: 0, unit: 'SECONDS' }, 'FINAL', cache, false),
      {
        outputs: [rec('A', 0, 5, 50), rec('B', 0, 1, 25), rec('A', 300, 1, 310)],
        droppedRecords: 2,
      },
    );
    add(
      `fraud-raw-e-${tag}`,
      `§3.3 (e) before HAVING: GRACE PERIOD 1 MINUTE, EMIT FINAL, no HAVING, ${label}`,
      fraud({ n: 1, unit: 'MINUTES' }, 'FINAL', cache, false),
      null,
    );
    add(
      `fraud-suppress-${tag}`,
      `§3.3 suppress() row: Kafka Streams DSL aggregate + suppress(untilWindowCloses), grace 0, no HAVING, ${label} (not a ksqlDB statement)`,
      fraud({ n: 0, unit: 'SECONDS' }, 'FINAL', cache, false),
      {
        outputs: [rec('A', 0, 5, 50), rec('B', 0, 1, 25), rec('A', 300, 1, 310)],
        droppedRecords: 2,
      },
      'suppress',
    );
  }
  add(
    'fraud-e-nocache',
    '§3.3 (e): GRACE PERIOD 1 MINUTE, EMIT FINAL, cache off',
    fraud({ n: 1, unit: 'MINUTES' }, 'FINAL', 0),
    { outputs: [], droppedRecords: 1 },
  );
  add(
    'fraud-e-cache',
    '§3.3 (e′): GRACE PERIOD 1 MINUTE, EMIT FINAL, cache on',
    fraud({ n: 1, unit: 'MINUTES' }, 'FINAL', KSQL_DEFAULT_CACHE),
    { outputs: [rec('A', 0, 6, 290)], droppedRecords: 1 },
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// QTT suppress.json (confluentinc/ksql ksqldb-functional-tests): STREAM INPUT (ID STRING KEY,
// COL1 STRING), `SELECT ID, COUNT(*) as COUNT … EMIT FINAL`, cache 0 (the QTT TestExecutor's
// setting). Only the cases whose query is a plain windowed COUNT are ported.

function qttDesc(
  window: CaseDescription['window'],
  count: 'COUNT(*)' | 'COUNT(COL1)',
): CaseDescription {
  return {
    source: 'input_topic',
    sink: 'output',
    keyColumn: 'ID',
    valueColumns: [{ name: 'COL1', type: 'STRING' }],
    groupBy: 'ID',
    window,
    select: [{ fn: 'COUNT', arg: count === 'COUNT(*)' ? null : 'COL1', alias: 'COUNT' }],
    having: null,
    emit: 'FINAL',
    cacheMaxBytes: 0,
  };
}

const msD = (n: number) => ({ n, unit: 'MILLISECONDS' as const });

type QttIn = readonly [key: string | null, col1: string | null, ts: number];
type QttOut = readonly [key: string, count: number, ts: number, start: number, end: number];

function qtt(
  name: string,
  window: CaseDescription['window'],
  ins: readonly QttIn[],
  outs: readonly QttOut[],
  count: 'COUNT(*)' | 'COUNT(COL1)' = 'COUNT(*)',
): ConformanceCase {
  const inputs = ins.map(([key, col1, ts]) => ({
    topic: 'input_topic',
    key,
    value: JSON.stringify({ COL1: col1 }),
    timestampMs: ts,
  }));
  const c = makeCase(
    `qtt-suppress-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
    `ksqlDB QTT suppress.json: "${name}"`,
    qttDesc(window, count),
    inputs,
  );
  return {
    ...c,
    reference: {
      source: `confluentinc/ksql QTT suppress.json "${name}"`,
      outputs: outs.map(([key, n, ts, start, end]) => ({
        topic: 'OUTPUT',
        key,
        window: { startMs: start, endMs: end },
        value: JSON.stringify({ COUNT: n }),
        timestampMs: ts,
      })),
    },
  };
}

const tumbling = (size: number, grace: number | null): CaseDescription['window'] => ({
  kind: 'TUMBLING',
  size: msD(size),
  grace: grace === null ? null : msD(grace),
  retention: null,
});

const k1 = (...ts: number[]): QttIn[] => ts.map((t) => ['k1', 'v1', t] as const);

function qttCases(): ConformanceCase[] {
  return [
    qtt(
      'should emit final result immediately at window end if grace is specified as zero',
      tumbling(2, 0),
      k1(0, 1, 2),
      [['k1', 2, 1, 0, 2]],
    ),
    qtt(
      'should not emit final result before window end if grace is specified as zero',
      tumbling(2, 0),
      k1(0, 1),
      [],
    ),
    qtt(
      'should not emit before window end if no grace period given',
      tumbling(2, null),
      k1(0, 1),
      [],
    ),
    // EMIT FINAL without GRACE PERIOD: ksqlDB plans grace 0 (RewrittenAnalysis), not 24 h − size.
    qtt('should emit at window end if no grace period given', tumbling(2, null), k1(0, 1, 2), [
      ['k1', 2, 1, 0, 2],
    ]),
    qtt(
      'should include out of order events before window end plus grace period passes',
      tumbling(2, 1),
      k1(0, 1, 2, 1, 0, 5),
      [['k1', 1, 2, 2, 4]],
    ),
    qtt(
      'should drop out of order event after window end plus grace period passes',
      tumbling(2, 1),
      k1(0, 1, 2, 1, 0, 5, 0),
      [['k1', 1, 2, 2, 4]],
    ),
    qtt(
      'should handle null values',
      tumbling(2, 1),
      [
        ['k1', null, 0],
        ['k1', 'v1', 1],
        ['k1', null, 1],
        ['k1', 'v1', 2],
        ['k1', 'v1', 5],
      ],
      [['k1', 1, 2, 2, 4]],
      'COUNT(COL1)',
    ),
    qtt(
      'should drop events with no key',
      tumbling(2, 1),
      [
        ['k1', 'v1', 0],
        [null, 'v1', 1],
        [null, 'v1', 2],
        [null, 'v1', 1],
        [null, 'v1', 0],
        ['k1', 'v1', 5],
      ],
      [],
    ),
    qtt('should support final results for tumbling windows', tumbling(2, 1), k1(0, 1, 2, 1, 0, 5), [
      ['k1', 1, 2, 2, 4],
    ]),
    qtt(
      'should support final results for tumbling windows with large jump',
      tumbling(2, 2),
      k1(0, 1, 2, 0, 3, 0, 10, 0, 30),
      [],
    ),
    qtt(
      'should support final results for session windows',
      { kind: 'SESSION', gap: msD(5), grace: msD(6), retention: null },
      k1(0, 4, 8, 12, 14, 30, 29, 17, 42),
      [
        ['k1', 5, 14, 0, 14],
        ['k1', 2, 30, 29, 30],
      ],
    ),
    qtt(
      'should support final results for hopping windows',
      { kind: 'HOPPING', size: msD(5), advance: msD(2), grace: msD(1), retention: null },
      k1(0, 1, 2, 1, 6, 5, 10),
      [
        ['k1', 4, 2, 0, 5],
        ['k1', 2, 6, 4, 9],
      ],
    ),
    qtt(
      'should suppress multiple keys',
      tumbling(2, 1),
      [
        ['k1', 'v1', 0],
        ['k2', 'v1', 1],
        ['k1', 'v1', 2],
        ['k1', 'v1', 1],
        ['k2', 'v1', 0],
        ['k1', 'v1', 5],
        ['k1', 'v1', 0],
        ['k2', 'v1', 2],
      ],
      [['k1', 1, 2, 2, 4]],
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// §1.4: EMIT FINAL vs suppress() on AK SuppressScenarioTest#shouldSupportFinalResultsForTimeWindows'
// input (ts 0,1,2,1,0,5; size 2 ms, grace 1 ms). The model says suppress() emits [0,2)=4 and
// [2,4)=1 while EMIT FINAL loses [0,2) to the store's retention cut-off.

function retentionLossCases(): ConformanceCase[] {
  const window = tumbling(2, 1);
  const inputs = k1(0, 1, 2, 1, 0, 5).map(([key, col1, ts]) => ({
    topic: 'input_topic',
    key,
    value: JSON.stringify({ COL1: col1 }),
    timestampMs: ts,
  }));
  const ref = (outs: QttOut[]) => ({
    source: 'shared/streams-model.md §1.4 (derived)',
    outputs: outs.map(([key, n, ts, start, end]) => ({
      topic: 'OUTPUT',
      key,
      window: { startMs: start, endMs: end },
      value: JSON.stringify({ COUNT: n }),
      timestampMs: ts,
    })),
  });
  const out: ConformanceCase[] = [];
  for (const [label, cache] of caches) {
    const tag = cache === 0 ? 'nocache' : 'cache';
    const desc = { ...qttDesc(window, 'COUNT(*)'), cacheMaxBytes: cache };
    // Cache off: the model's loss. Cache on: §3.4.4 says the store's observed time then lags
    // (the put is still in the cache when the close check fetches), so nothing is lost.
    out.push({
      ...makeCase(
        `retention-loss-emit-final-${tag}`,
        `§1.4: EMIT FINAL on SuppressScenarioTest's input, ${label}`,
        desc,
        inputs,
      ),
      reference:
        cache === 0
          ? ref([['k1', 1, 2, 2, 4]])
          : {
              ...ref([
                ['k1', 4, 1, 0, 2],
                ['k1', 1, 2, 2, 4],
              ]),
              source: 'shared/streams-model.md §3.4.4 (derived)',
            },
    });
    out.push({
      ...makeCase(
        `retention-loss-suppress-${tag}`,
        `§1.4: Kafka Streams suppress(untilWindowCloses) on SuppressScenarioTest's input, ${label} (not a ksqlDB statement)`,
        desc,
        inputs,
        'suppress',
      ),
      reference: ref([
        ['k1', 4, 1, 0, 2],
        ['k1', 1, 2, 2, 4],
      ]),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Where the record cache changes TTD output (found by scripts/conformance/experiment-cache.ts).

function cacheEffectCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  const ins = (pairs: readonly (readonly [string, number])[]): InputRecord[] =>
    pairs.map(([key, s]) => ({
      topic: 'authorization_attempts',
      key,
      value: '{"amount":10,"merchant":"acme"}',
      timestampMs: s * S,
    }));
  for (const [label, cache] of caches) {
    const tag = cache === 0 ? 'nocache' : 'cache';
    // HAVING that the initializer's value passes (COUNT(*) = 0 < 2): with the cache off, the
    // first update of a window forwards Change(new, old = the initializer's aggregate)
    // (KStreamWindowAggregate: `oldAgg = initializer.apply()`), so the KTableFilter sees an old
    // row that matched and a new one that does not once the count reaches 2: a tombstone for a
    // row that matched and a new one that does not once the count reaches 2 — after a row for
    // count 1 the sink sees a tombstone. With the cache on, the flush reads the
    // old value from the store (null for a new window).
    out.push(
      makeCase(
        `cache-effect-having-initial-${tag}`,
        `HAVING COUNT(*) < 2 (the initial 0 passes), tumbling 5 minutes, EMIT CHANGES, ${label}`,
        {
          ...fraud({ n: 1, unit: 'MINUTES' }, 'CHANGES', cache, false),
          having: { fn: 'COUNT', arg: null, op: '<', literal: 2 },
        },
        ins([
          ['A', 10],
          ['A', 20],
          ['B', 30],
        ]),
      ),
    );
    // HAVING whose predicate the initializer's value passes and the first record fails: cache
    // off emits a tombstone for a window that never had a row.
    out.push(
      makeCase(
        `cache-effect-having-tombstone-${tag}`,
        `HAVING COUNT(*) = 0 (only the initial value passes), tumbling 5 minutes, EMIT CHANGES, ${label}`,
        {
          ...fraud({ n: 1, unit: 'MINUTES' }, 'CHANGES', cache, false),
          having: { fn: 'COUNT', arg: null, op: '=', literal: 0 },
        },
        ins([
          ['A', 10],
          ['B', 20],
        ]),
      ),
    );
    // Session windows: a record inside an existing session re-puts it after removing it
    // (KStreamSessionWindowAggregate: remove + forward Change(null, old), then put); with the
    // cache off both reach the sink (a tombstone, then the row, same windowed key), with the
    // cache on the remove and the put collapse into one flushed update.
    out.push(
      makeCase(
        `cache-effect-session-${tag}`,
        `session 1 minute, a record inside an existing session, no HAVING, EMIT CHANGES, ${label}`,
        {
          ...fraud({ n: 1, unit: 'MINUTES' }, 'CHANGES', cache, false),
          window: {
            kind: 'SESSION',
            gap: { n: 1, unit: 'MINUTES' },
            grace: { n: 1, unit: 'MINUTES' },
            retention: null,
          },
        },
        ins([
          ['A', 100],
          ['A', 130],
          ['A', 110],
          ['B', 400],
        ]),
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Nulls on the rekey path: a tombstone (filter(v != null)) and a null grouping value (the
// repartition's null-key filter) vanish silently — no dropped-records, no stream-time advance —
// while a null record key at a key-column aggregate is dropped and counted.

function nullCases(): ConformanceCase[] {
  const rec = (key: string | null, value: string | null, s: number): InputRecord => ({
    topic: 'authorization_attempts',
    key,
    value,
    timestampMs: s * S,
  });
  const inputs = [
    rec('A', '{"amount":1,"merchant":"acme"}', 10),
    rec('A', null, 400),
    rec('A', '{"amount":2,"merchant":null}', 500),
    rec('A', '{"amount":3}', 600),
    rec(null, '{"amount":4,"merchant":"acme"}', 20),
    rec('B', '{"amount":5,"merchant":"acme"}', 30),
  ];
  const base = fraud({ n: 0, unit: 'SECONDS' }, 'CHANGES', 0, false);
  return [
    makeCase(
      'nulls-group-by-value-column',
      'GROUP BY merchant, grace 0: a tombstone and null merchants (ts 400–600) vanish before the repartition, so ts 20 and 30 are still on time',
      { ...base, groupBy: 'merchant', select: [{ fn: 'SUM', arg: 'amount', alias: null }] },
      inputs,
    ),
    makeCase(
      'nulls-group-by-key-column',
      'GROUP BY card_number, grace 0: a null record key is dropped and counted at the aggregate',
      { ...base, select: [{ fn: 'SUM', arg: 'amount', alias: null }] },
      inputs.filter((r) => r.value !== null),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// QTT tumbling-windows.json, hopping-windows.json, session-windows.json and having.json: the
// windowed EMIT CHANGES cases (cache 0). Ported with STRING keys ('0', '1', '100' for BIGINT
// keys: EMIT CHANGES order does not depend on key bytes) and JSON values for DELIMITED ones
// (the aggregation does not depend on the value format); the expected rows are rewritten the
// same way. Inputs without a timestamp get 0, as the QTT driver gives them.

type Row = Readonly<Record<string, string | number | null>>;
type PortIn = readonly [key: string, value: Row, ts: number];
type PortOut = readonly [key: string, value: Row | null, ts: number, start: number, end: number];

function qttPort(
  file: string,
  name: string,
  desc: Omit<
    CaseDescription,
    'source' | 'sink' | 'keyColumn' | 'groupBy' | 'emit' | 'cacheMaxBytes'
  >,
  ins: readonly PortIn[],
  outs: readonly PortOut[],
): ConformanceCase {
  const full: CaseDescription = {
    ...desc,
    source: 'test_topic',
    sink: 's2',
    keyColumn: 'ID',
    groupBy: 'ID',
    emit: 'CHANGES',
    cacheMaxBytes: 0,
  };
  const c = makeCase(
    `qtt-${file.replace('.json', '')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
    `ksqlDB QTT ${file}: "${name}"`,
    full,
    ins.map(([key, value, ts]) => ({
      topic: 'test_topic',
      key,
      value: JSON.stringify(value),
      timestampMs: ts,
    })),
  );
  return {
    ...c,
    reference: {
      source: `confluentinc/ksql QTT ${file} "${name}" (STRING keys, JSON values)`,
      outputs: outs.map(([key, value, ts, start, end]) => ({
        topic: 'S2',
        key,
        window: { startMs: start, endMs: end },
        value: value === null ? null : JSON.stringify(value),
        timestampMs: ts,
      })),
    },
  };
}

function qttWindowCases(): ConformanceCase[] {
  const V = [{ name: 'VALUE', type: 'BIGINT' as const }];
  const NV = [{ name: 'NAME', type: 'STRING' as const }, ...V];
  const max = [{ fn: 'MAX' as const, arg: 'VALUE', alias: null }];
  const min = [{ fn: 'MIN' as const, arg: 'VALUE', alias: null }];
  const s30 = { n: 30, unit: 'SECONDS' as const };
  const m1 = { n: 1, unit: 'MINUTES' as const };
  const v = (n: number) => ({ VALUE: n });
  const col = (n: number | null): Row | null => (n === null ? null : { KSQL_COL_0: n });
  const outOfOrder: PortIn[] = [
    ['0', v(0), 0],
    ['0', v(1), 89999],
    ['0', v(5), 10009],
    ['0', v(0), 90000],
    ['0', v(6), 10010],
    ['1', v(100), 10009],
    ['1', v(101), 30000],
    ['1', v(200), 86412022],
    ['1', v(200), 60000],
  ];
  const o = (k: string, n: number | null, ts: number, start: number, end: number): PortOut => [
    k,
    col(n),
    ts,
    start,
    end,
  ];
  const tumbling = (grace: typeof m1 | null) => ({
    kind: 'TUMBLING' as const,
    size: s30,
    grace,
    retention: null,
  });
  const hopping = (advance: number, grace: typeof m1 | null) => ({
    kind: 'HOPPING' as const,
    size: s30,
    advance: { n: advance, unit: 'SECONDS' as const },
    grace,
    retention: null,
  });
  const session = (grace: typeof m1 | null) => ({
    kind: 'SESSION' as const,
    gap: s30,
    grace,
    retention: null,
  });
  return [
    qttPort(
      'tumbling-windows.json',
      'out of order - no grace period',
      { valueColumns: V, window: tumbling(null), select: max, having: null },
      outOfOrder,
      [
        o('0', 0, 0, 0, 30000),
        o('0', 1, 89999, 60000, 90000),
        o('0', 5, 10009, 0, 30000),
        o('0', 0, 90000, 90000, 120000),
        o('0', 6, 10010, 0, 30000),
        o('1', 100, 10009, 0, 30000),
        o('1', 101, 30000, 30000, 60000),
        o('1', 200, 86412022, 86400000, 86430000),
        o('1', 200, 60000, 60000, 90000),
      ],
    ),
    qttPort(
      'tumbling-windows.json',
      'out of order - explicit grace period',
      { valueColumns: V, window: tumbling(m1), select: max, having: null },
      outOfOrder,
      [
        o('0', 0, 0, 0, 30000),
        o('0', 1, 89999, 60000, 90000),
        o('0', 5, 10009, 0, 30000),
        o('0', 0, 90000, 90000, 120000),
        o('1', 101, 30000, 30000, 60000),
        o('1', 200, 86412022, 86400000, 86430000),
      ],
    ),
    qttPort(
      'tumbling-windows.json',
      'min tumbling',
      { valueColumns: NV, window: tumbling(null), select: min, having: null },
      [
        ['0', { NAME: 'zero', VALUE: 0 }, 0],
        ['0', { NAME: '100', VALUE: 5 }, 10000],
        ['100', { NAME: '100', VALUE: 100 }, 30000],
        ['100', { NAME: '100', VALUE: 6 }, 45000],
        ['100', { NAME: '100', VALUE: 300 }, 50000],
      ],
      [
        o('0', 0, 0, 0, 30000),
        o('0', 0, 10000, 0, 30000),
        o('100', 100, 30000, 30000, 60000),
        o('100', 6, 45000, 30000, 60000),
        o('100', 6, 50000, 30000, 60000),
      ],
    ),
    qttPort(
      'hopping-windows.json',
      'out of order - no grace period',
      { valueColumns: V, window: hopping(15, null), select: max, having: null },
      outOfOrder,
      [
        o('0', 0, 0, 0, 30000),
        o('0', 1, 89999, 60000, 90000),
        o('0', 1, 89999, 75000, 105000),
        o('0', 5, 10009, 0, 30000),
        o('0', 1, 90000, 75000, 105000),
        o('0', 0, 90000, 90000, 120000),
        o('0', 6, 10010, 0, 30000),
        o('1', 100, 10009, 0, 30000),
        o('1', 101, 30000, 15000, 45000),
        o('1', 101, 30000, 30000, 60000),
        o('1', 200, 86412022, 86385000, 86415000),
        o('1', 200, 86412022, 86400000, 86430000),
        o('1', 200, 60000, 45000, 75000),
        o('1', 200, 60000, 60000, 90000),
      ],
    ),
    qttPort(
      'hopping-windows.json',
      'out of order - explicit grace period',
      { valueColumns: V, window: hopping(15, m1), select: max, having: null },
      outOfOrder,
      [
        o('0', 0, 0, 0, 30000),
        o('0', 1, 89999, 60000, 90000),
        o('0', 1, 89999, 75000, 105000),
        o('0', 5, 10009, 0, 30000),
        o('0', 1, 90000, 75000, 105000),
        o('0', 0, 90000, 90000, 120000),
        o('1', 101, 30000, 15000, 45000),
        o('1', 101, 30000, 30000, 60000),
        o('1', 200, 86412022, 86385000, 86415000),
        o('1', 200, 86412022, 86400000, 86430000),
      ],
    ),
    qttPort(
      'hopping-windows.json',
      'min hopping',
      { valueColumns: NV, window: hopping(10, null), select: min, having: null },
      [
        ['0', { NAME: 'zero', VALUE: 0 }, 0],
        ['0', { NAME: '100', VALUE: 5 }, 10000],
        ['100', { NAME: '100', VALUE: 100 }, 30000],
      ],
      [
        o('0', 0, 0, 0, 30000),
        o('0', 0, 10000, 0, 30000),
        o('0', 5, 10000, 10000, 40000),
        o('100', 100, 30000, 10000, 40000),
        o('100', 100, 30000, 20000, 50000),
        o('100', 100, 30000, 30000, 60000),
      ],
    ),
    qttPort(
      'session-windows.json',
      'out of order - no grace period',
      { valueColumns: V, window: session(null), select: max, having: null },
      [
        ['0', v(0), 0],
        ['0', v(1), 70010],
        ['0', v(5), 10009],
        ['0', v(6), 10010],
        ['1', v(100), 10009],
        ['1', v(101), 10010],
        ['1', v(200), 86412022],
        ['1', v(200), 60000],
      ],
      [
        o('0', 0, 0, 0, 0),
        o('0', 1, 70010, 70010, 70010),
        o('0', null, 0, 0, 0),
        o('0', 5, 10009, 0, 10009),
        o('0', null, 10009, 0, 10009),
        o('0', 6, 10010, 0, 10010),
        o('1', 100, 10009, 10009, 10009),
        o('1', null, 10009, 10009, 10009),
        o('1', 101, 10010, 10009, 10010),
        o('1', 200, 86412022, 86412022, 86412022),
        o('1', 200, 60000, 60000, 60000),
      ],
    ),
    qttPort(
      'session-windows.json',
      'out of order - explicit grace period',
      { valueColumns: V, window: session(m1), select: max, having: null },
      [
        ['0', v(0), 0],
        ['0', v(1), 100010],
        ['0', v(5), 10009],
        ['0', v(6), 10010],
        ['1', v(100), 10009],
        ['1', v(101), 10010],
        ['1', v(200), 86412022],
        ['1', v(200), 60000],
      ],
      [
        o('0', 0, 0, 0, 0),
        o('0', 1, 100010, 100010, 100010),
        o('0', 6, 10010, 10010, 10010),
        o('1', 101, 10010, 10010, 10010),
        o('1', 200, 86412022, 86412022, 86412022),
      ],
    ),
    qttPort(
      'having.json',
      'table having',
      {
        valueColumns: NV,
        window: tumbling(null),
        select: [{ fn: 'SUM', arg: 'VALUE', alias: 'SUM' }],
        having: { fn: 'SUM', arg: 'VALUE', op: '>', literal: 100 },
      },
      [
        ['0', { NAME: 'zero', VALUE: 0 }, 0],
        ['1', { NAME: 'one', VALUE: 101 }, 0],
        ['1', { NAME: 'one', VALUE: -5 }, 0],
      ],
      [
        ['1', { SUM: 101 }, 0, 0, 30000],
        ['1', null, 0, 0, 30000],
      ],
    ),
  ];
}

export function handwrittenCases(): ConformanceCase[] {
  return [
    ...fraudCases(),
    ...retentionLossCases(),
    ...qttCases(),
    ...qttWindowCases(),
    ...cacheEffectCases(),
    ...nullCases(),
  ];
}
