/**
 * `kafkascope bench`'s streams row: records per wall second through the fraud query running as
 * a Kafka Streams application in the cluster (6 partitions, 2 instances, 3 brokers, RF 3), from
 * the producer to the aggregation's store, with the early and late halves compared so a cost
 * per record that grows with history shows.
 */
import { performance } from 'node:perf_hooks';
import {
  createCursor,
  createWorld,
  runWithCommands,
  type Command,
  type TimedEntry,
  type World,
} from '../engine/index.ts';
import { renderTable } from './table.ts';
import { formatCount, formatDurationMs } from './format.ts';

export const STREAMS_WORKLOAD = {
  brokers: [1, 2, 3],
  partitions: 6,
  instances: 2,
  cards: 1000,
  /** Attempts per second of virtual time. */
  ratePerSec: 20_000,
  statements: `CREATE STREAM authorization_attempts (card_number VARCHAR, amount INT)
  WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');
CREATE TABLE possible_fraud AS
  SELECT card_number, COUNT(*) AS attempts FROM authorization_attempts
  WINDOW TUMBLING (SIZE 5 MINUTES)
  GROUP BY card_number HAVING COUNT(*) > 3;`,
} as const;

export interface StreamsBenchResult {
  records: number;
  /** Records every aggregate task processed (all of them when the run finished). */
  aggregated: number;
  finished: boolean;
  wallMs: number;
  recordsPerSec: number;
  earlyRecordsPerSec: number;
  lateRecordsPerSec: number;
  events: number;
  virtualMs: number;
  /** Rows the sink topic received. */
  sinkRecords: number;
}

/** Virtual time between progress samples. */
const SLICE_MS = 50;
/** The application joins its group (3 s initial delay) before the first attempt. */
const START_MS = 5_000;
const DRAIN_LIMIT_MS = 120_000;

function attemptCommands(records: number): TimedEntry[] {
  const entries: TimedEntry[] = [];
  const { cards, ratePerSec } = STREAMS_WORKLOAD;
  for (let i = 0; i < records; i++) {
    const card = `card-${String((i * 7919) % cards).padStart(4, '0')}`;
    const command: Command = {
      type: 'produce',
      producer: 'pos',
      topic: 'authorization_attempts',
      key: null,
      value: `{"CARD_NUMBER":"${card}","AMOUNT":${i % 500}}`,
    };
    entries.push({ atMs: START_MS + Math.floor((i * 1000) / ratePerSec), command });
  }
  return entries;
}

function createStreamsWorld(): World {
  const w = STREAMS_WORKLOAD;
  return createWorld({
    seed: 1,
    brokers: [...w.brokers],
    topics: [{ name: 'authorization_attempts', partitions: w.partitions, replicationFactor: 3 }],
    producers: [{ id: 'pos', topic: 'authorization_attempts' }],
    streams: [{ id: 'fraud', statements: w.statements, instances: w.instances }],
  });
}

/** Records the aggregate tasks (sub-topology 1) have processed so far. */
function aggregated(world: World): number {
  const q = world.streams.fraud.queries[0];
  let n = 0;
  for (const id of q.taskOrder) if (q.tasks[id].subtopology === 1) n += q.tasks[id].processed;
  return n;
}

export function runStreamsBench(records: number): StreamsBenchResult {
  const world = createStreamsWorld();
  const entries = attemptCommands(records);
  const cursor = createCursor(entries);
  const lastMs = entries[entries.length - 1]?.atMs ?? 0;
  const samples: { wallMs: number; done: number }[] = [{ wallMs: 0, done: 0 }];
  const startMs = performance.now();
  let untilMs = SLICE_MS;
  for (; ; untilMs += SLICE_MS) {
    runWithCommands(world, cursor, untilMs);
    const done = aggregated(world);
    if (done > samples[samples.length - 1].done)
      samples.push({ wallMs: performance.now() - startMs, done });
    if (done >= records || untilMs > lastMs + DRAIN_LIMIT_MS) break;
  }
  const wallMs = performance.now() - startMs;
  const done = aggregated(world);
  const sink = world.topics.POSSIBLE_FRAUD.partitions.reduce(
    (n, p) => n + p.logs[p.leader].records.length,
    0,
  );
  return {
    records,
    aggregated: done,
    finished: done >= records,
    wallMs,
    recordsPerSec: done / (wallMs / 1000),
    earlyRecordsPerSec: medianRate(samples, done, 0),
    lateRecordsPerSec: medianRate(samples, done, 5),
    events: world.eventCount,
    virtualMs: world.nowMs,
    sinkRecords: sink,
  };
}

/** The median rate over five consecutive tenths of the records, from tenth `first`. */
function medianRate(
  samples: readonly { wallMs: number; done: number }[],
  total: number,
  first: number,
): number {
  const wallAt = (n: number) => {
    const i = samples.findIndex((s) => s.done >= n);
    if (i <= 0) return i === 0 ? samples[0].wallMs : samples[samples.length - 1].wallMs;
    const a = samples[i - 1];
    const b = samples[i];
    return a.wallMs + ((b.wallMs - a.wallMs) * (n - a.done)) / (b.done - a.done);
  };
  const rates = [0, 1, 2, 3, 4].map((k) => {
    const from = (total * (first + k)) / 10;
    const to = (total * (first + k + 1)) / 10;
    const seconds = (wallAt(to) - wallAt(from)) / 1000;
    return seconds > 0 ? (to - from) / seconds : 0;
  });
  return rates.sort((a, b) => a - b)[2];
}

export function streamsBenchLines(r: StreamsBenchResult): string[] {
  const w = STREAMS_WORKLOAD;
  return [
    '',
    `Stream processing: the fraud query (repartition → 5-minute tumbling COUNT → HAVING) as a Kafka Streams application, ` +
      `${w.instances} instances, ${w.partitions} partitions, ${w.brokers.length} brokers RF 3, ${formatCount(w.cards)} cards`,
    '',
    ...renderTable(
      [
        'workload',
        'records',
        'wall',
        'records/s',
        'events',
        'virtual',
        'sink rows',
        'early/s',
        'late/s',
        'late/early',
      ],
      [
        [
          r.finished ? 'fraud query' : 'fraud query (UNFINISHED)',
          formatCount(r.records),
          `${(r.wallMs / 1000).toFixed(2)} s`,
          formatCount(r.recordsPerSec),
          formatCount(r.events),
          formatDurationMs(r.virtualMs),
          formatCount(r.sinkRecords),
          formatCount(r.earlyRecordsPerSec),
          formatCount(r.lateRecordsPerSec),
          r.earlyRecordsPerSec > 0
            ? (r.lateRecordsPerSec / r.earlyRecordsPerSec).toFixed(2)
            : 'n/a',
        ],
      ],
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
    'records/s: attempts from the producer through the repartition topic into the stores, per wall second.',
  ];
}
