/**
 * The partitioners suite: kafkascope's murmur2, key partitioning, RoundRobinPartitioner and the
 * uniform sticky partitioner (src/engine/murmur2.ts, src/engine/partitioner.ts) against
 * kafka-clients 4.3.1: `Utils.murmur2`, `Utils.toPositive`, StringSerializer +
 * `BuiltInPartitioner.partitionForKey`, `RoundRobinPartitioner.partition` over a Cluster whose
 * offline partitions have no leader, and `RecordAccumulator.append` with the built-in
 * partitioner (see StickyProbe.java).
 */
import {
  batchHasRoomFor,
  batchIsFull,
  choosePartition,
  completeDeferredSwitch,
  currentStickyPartition,
  createPartitionerState,
  onStickyAppended,
  type PartitionerState,
} from '../../../src/engine/partitioner';
import {
  createRng,
  murmur2,
  partitionForKey,
  toPositive,
  utf8Bytes,
} from '../../../src/engine/index';
import type { SuiteOptions, SuiteResult } from '../suite';
import {
  OK,
  gen,
  randomText,
  runRulesSuite,
  type Gen,
  type RulesSuite,
  type Verdict,
} from './common';

export type PartitionerCase =
  | { readonly type: 'murmur2'; readonly hex: string }
  | { readonly type: 'key'; readonly key: string; readonly numPartitions: number }
  | {
      readonly type: 'roundRobin';
      readonly numPartitions: number;
      /** Per call, the partitions without a leader at that moment. */
      readonly unavailable: readonly (readonly number[])[];
    }
  | {
      readonly type: 'sticky';
      readonly numPartitions: number;
      readonly unavailable: readonly number[];
      readonly batchSize: number;
      /** true: every batch leaves the accumulator right after the append (a sender that keeps up). */
      readonly drain: boolean;
      /** Seeds Kafka's partition picks (java.util.Random in place of ThreadLocalRandom) and ours. */
      readonly seed: number;
      readonly valueSizes: readonly number[];
    };

export interface PartitionerAnswer {
  readonly hash?: number;
  readonly positive?: number;
  readonly hex?: string;
  readonly partition?: number;
  readonly partitions?: readonly number[];
  readonly generations?: readonly number[];
  readonly appendedBytes?: readonly number[];
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function randomBytes(g: Gen, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += g.int(0, 255).toString(16).padStart(2, '0');
  return s;
}

function partitionsFrom(g: Gen, n: number, max: number): number[] {
  const out = new Set<number>();
  const k = g.int(0, max);
  for (let i = 0; i < k; i++) out.add(g.int(0, n - 1));
  return [...out].sort((a, b) => a - b);
}

function generate(seed: number, count: number): PartitionerCase[] {
  const g = gen(seed, 1);
  const cases: PartitionerCase[] = [];
  for (let i = 0; i < count; i++) {
    const kind = g.int(0, 99);
    if (kind < 30) {
      // Lengths 0..3 exercise each tail of murmur2's switch; longer ones the 4-byte loop.
      cases.push({
        type: 'murmur2',
        hex: randomBytes(g, g.chance(0.4) ? g.int(0, 7) : g.int(8, 64)),
      });
    } else if (kind < 65) {
      const key = g.chance(0.05) ? '' : randomText(g, g.pick([4, 12, 40]), g.chance(0.2));
      cases.push({
        type: 'key',
        key,
        numPartitions: g.pick([1, 2, 3, 6, 10, 12, 50, 64, 97, 1000]),
      });
    } else if (kind < 82) {
      const n = g.int(1, 12);
      const steps = g.int(1, 40);
      const unavailable: number[][] = [];
      let current = partitionsFrom(g, n, 2);
      for (let s = 0; s < steps; s++) {
        if (g.chance(0.15))
          current = g.chance(0.05) ? [...Array(n).keys()] : partitionsFrom(g, n, 3);
        unavailable.push(current);
      }
      cases.push({ type: 'roundRobin', numPartitions: n, unavailable });
    } else {
      const n = g.int(1, 12);
      const batchSize = g.pick([100, 256, 1000, 4096, 16384]);
      const records = g.int(10, 100);
      const big = g.chance(0.1);
      const valueSizes = Array.from({ length: records }, () =>
        big && g.chance(0.2) ? g.int(batchSize, batchSize * 2) : g.int(0, Math.ceil(batchSize / 3)),
      );
      cases.push({
        type: 'sticky',
        numPartitions: n,
        unavailable: g.chance(0.05)
          ? [...Array(n).keys()]
          : partitionsFrom(g, n, Math.min(3, n - 1)),
        batchSize,
        drain: g.chance(0.75),
        seed: g.seed(),
        valueSizes,
      });
    }
  }
  return cases;
}

function available(n: number, unavailable: readonly number[]): number[] {
  return [...Array(n).keys()].filter((p) => !unavailable.includes(p));
}

function sameList(a: readonly number[], b: readonly number[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** ByteUtils.sizeOfVarint: the zigzag varint's length. */
function sizeOfVarint(n: number): number {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  let bytes = 1;
  while (v >= 0x80) {
    v >>>= 7;
    bytes++;
  }
  return bytes;
}

/**
 * `AbstractRecords.estimateSizeInBytesUpperBound` for a null-key, header-less record (v2, no
 * compression): the batch header (61), DefaultRecord.MAX_RECORD_OVERHEAD (21), the null key's
 * length, the value with its length, the header count.
 */
function batchSizeUpperBound(valueSize: number): number {
  return 61 + 21 + sizeOfVarint(-1) + sizeOfVarint(valueSize) + valueSize + sizeOfVarint(0);
}

/**
 * kafkascope's uniform sticky partitioner fed Kafka's appended byte counts: the partition of
 * each record and its sticky generation (a new generation each time the partitioner picks).
 */
export function kafkascopeSticky(
  c: Extract<PartitionerCase, { type: 'sticky' }>,
  appendedBytes: readonly number[],
  /**
   * The partition Kafka drew for each record. Which partition a switch lands on is a random
   * draw (ThreadLocalRandom) and not compared, but with an idle sender it decides when the next
   * switch comes (the partition drawn may still hold a part-filled batch, or be the one just
   * left: Kafka's BuiltInPartitioner draws from all available partitions). So each new
   * generation takes Kafka's draw, and only the timing is ours to match.
   */
  kafkaPartitions: readonly number[] = [],
): { partitions: number[]; generations: number[] } {
  const state: PartitionerState = createPartitionerState();
  const rng = createRng(c.seed >>> 0);
  const avail = available(c.numPartitions, c.unavailable);
  const partitions: number[] = [];
  const generations: number[] = [];
  let generation = 0;
  let last: unknown = undefined;
  // The accumulator's last batch of each partition (bytes, records): the only one that may be
  // incomplete. Kafka's appended bytes include the batch header for a batch's first record.
  const open = new Map<number, { bytes: number; records: number; limit: number }>();
  appendedBytes.forEach((sizeBytes, i) => {
    // tryAppend: the sticky partition's last batch without room for the record is closed for
    // appends (full); a held-back switch can then happen before the record is placed.
    const current = currentStickyPartition(state, 't');
    const tail = current === undefined ? undefined : open.get(current);
    if (
      current !== undefined &&
      tail !== undefined &&
      !batchHasRoomFor(tail.bytes, tail.records, sizeBytes, tail.limit)
    )
      open.delete(current);
    completeDeferredSwitch(state, 't', c.batchSize, (p) => !open.has(p));
    const choice = choosePartition(
      'default',
      state,
      {
        topic: 't',
        key: null,
        sizeBytes,
        numPartitions: c.numPartitions,
        available: avail,
        batchSizeBytes: c.batchSize,
        ignoreKeys: false,
      },
      rng,
    );
    if (state.sticky.t !== last) {
      generation++;
      last = state.sticky.t;
    }
    const drawn = kafkaPartitions[i];
    if (drawn !== undefined && generation !== generations[i - 1] && state.sticky.t !== undefined) {
      state.sticky.t.partition = drawn;
      choice.partition = drawn;
    }
    partitions.push(choice.partition);
    generations.push(generation);
    let batch = open.get(choice.partition);
    if (
      batch === undefined ||
      !batchHasRoomFor(batch.bytes, batch.records, sizeBytes, batch.limit)
    ) {
      // RecordAccumulator.append: the new batch's buffer is batch.size or the record's upper bound.
      const limit = Math.max(c.batchSize, batchSizeUpperBound(c.valueSizes[i]));
      open.set(choice.partition, (batch = { bytes: 0, records: 0, limit }));
    }
    batch.bytes += sizeBytes;
    batch.records++;
    if (batchIsFull(batch.bytes, batch.limit)) open.delete(choice.partition);
    const enableSwitch = !open.has(choice.partition);
    onStickyAppended(state, 't', choice.partition, sizeBytes, c.batchSize, enableSwitch);
    // drain: after the append every batch leaves for the sender (closed, so full).
    if (c.drain) open.clear();
  });
  return { partitions, generations };
}

function check(c: PartitionerCase, k: PartitionerAnswer): Verdict {
  switch (c.type) {
    case 'murmur2': {
      const bytes = Uint8Array.from(c.hex.match(/../g) ?? [], (h) => parseInt(h, 16));
      const h = murmur2(bytes);
      if (h !== k.hash || toPositive(h) !== k.positive)
        return { fail: `murmur2(${c.hex}) = ${h}/${toPositive(h)}, Kafka ${k.hash}/${k.positive}` };
      return OK;
    }
    case 'key': {
      const bytes = hex(utf8Bytes(c.key));
      if (bytes !== k.hex) return { fail: `key bytes ${bytes}, StringSerializer ${k.hex}` };
      const p = partitionForKey(c.key, c.numPartitions);
      if (p !== k.partition) return { fail: `partition ${p}, Kafka ${k.partition}` };
      return OK;
    }
    case 'roundRobin': {
      const state = createPartitionerState();
      const rng = createRng(1);
      const ours = c.unavailable.map(
        (u, i) =>
          choosePartition(
            'round-robin',
            state,
            {
              topic: 't',
              // RoundRobinPartitioner ignores keys; half the records carry one to show it.
              key: i % 2 === 0 ? null : `k${i}`,
              sizeBytes: 10,
              numPartitions: c.numPartitions,
              available: available(c.numPartitions, u),
              batchSizeBytes: 16384,
              ignoreKeys: false,
            },
            rng,
          ).partition,
      );
      if (!sameList(ours, k.partitions))
        return { fail: `round robin ${ours.join(',')}, Kafka ${k.partitions?.join(',')}` };
      return OK;
    }
    case 'sticky':
      return checkSticky(c, k);
  }
}

function checkSticky(
  c: Extract<PartitionerCase, { type: 'sticky' }>,
  k: PartitionerAnswer,
): Verdict {
  const bytes = k.appendedBytes ?? [];
  const ours = kafkascopeSticky(c, bytes, k.partitions ?? []);
  const avail = available(c.numPartitions, c.unavailable);
  const allowed = avail.length > 0 ? avail : [...Array(c.numPartitions).keys()];
  const bad = ours.partitions.find((p) => !allowed.includes(p));
  if (bad !== undefined) return { fail: `kafkascope stuck to partition ${bad}, not available` };
  const kafkaBad = (k.partitions ?? []).find((p) => !allowed.includes(p));
  if (kafkaBad !== undefined) return { fail: `Kafka stuck to partition ${kafkaBad}?` };
  if (sameList(ours.generations, k.generations)) return OK;
  return {
    fail: `switches at ${switches(ours.generations)}, Kafka at ${switches(k.generations ?? [])}`,
  };
}

/** For each switch Kafka made, the bytes produced to the partition it left, over batch.size. */
function idleSwitchRatios(
  batchSize: number,
  generations: readonly number[],
  appendedBytes: readonly number[],
): number[] {
  const ratios: number[] = [];
  let produced = 0;
  generations.forEach((g, i) => {
    if (i > 0 && g !== generations[i - 1]) {
      ratios.push(produced / batchSize);
      produced = 0;
    }
    produced += appendedBytes[i];
  });
  return ratios;
}

/** The record indices at which a new sticky partition starts. */
function switches(generations: readonly number[]): string {
  return generations
    .map((g, i) => (i > 0 && g !== generations[i - 1] ? i : -1))
    .filter((i) => i >= 0)
    .join(',');
}

export const partitionersSuite: RulesSuite<PartitionerCase, PartitionerAnswer> = {
  name: 'partitioners',
  defaultCases: 2000,
  vectorCases: 300,
  needsAdminUtils: false,
  needsGroupCoordinator: false,
  generate,
  check,
  notes: [
    'uniform sticky: compared is WHEN it switches (record indices, given the bytes Kafka appended) and that ' +
      'every sticky partition is available, not which one (Kafka draws from ThreadLocalRandom)',
    "DefaultPartitioner (legacy) and UniformStickyPartitioner were removed in Kafka 4.0; kafkascope's " +
      "'legacy' and 'sticky' partitioners stay checked against their source (2.3 / 3.2) only",
  ],
  summarize(cases, kafka) {
    let switchesChecked = 0;
    const idleRatios: number[] = [];
    cases.forEach((c, i) => {
      if (c.type !== 'sticky') return;
      const g = kafka[i].generations ?? [];
      if (c.drain) switchesChecked += g.length > 0 ? g[g.length - 1] - 1 : 0;
      else idleRatios.push(...idleSwitchRatios(c.batchSize, g, kafka[i].appendedBytes ?? []));
    });
    const lines = [`${switchesChecked} sticky switches compared with a sender keeping up`];
    if (idleRatios.length > 0) {
      idleRatios.sort((a, b) => a - b);
      const at = (q: number) => idleRatios[Math.floor(q * (idleRatios.length - 1))].toFixed(2);
      lines.push(
        `idle sender: Kafka switched after ${at(0)}-${at(1)} x batch.size (median ${at(0.5)}) ` +
          `over ${idleRatios.length} switches, compared record by record`,
      );
    }
    return lines;
  },
};

export function runPartitionersSuite(options: SuiteOptions, cases?: number): Promise<SuiteResult> {
  return runRulesSuite(partitionersSuite, options, cases);
}
