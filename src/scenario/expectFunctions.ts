import type { StateReport } from '../engine';
import { didYouMean } from './suggest';

/**
 * The expectation language's functions: name → parameters and how to compute the value from
 * a state report. A new function is one entry in `FUNCTIONS`.
 */

/** What a function argument is: an expression, or a name/number written in place. */
export type Role = 'value' | 'topic' | 'consumer' | 'group' | 'member' | 'key' | 'partition';

export type Outcome =
  { ok: true; value: unknown; many?: boolean; note?: string } | { ok: false; error: string };

export interface FunctionDef {
  params: readonly Role[];
  /** Arguments that must be given; the rest are optional. */
  required: number;
  /** One line for the docs and for "unknown function" messages. */
  summary: string;
  call(args: readonly unknown[], report: StateReport): Outcome;
}

export const FUNCTIONS: Record<string, FunctionDef> = {
  count: {
    params: ['value'],
    required: 1,
    summary: 'count(list): how many items',
    call: ([list]) =>
      Array.isArray(list)
        ? ok(list.length)
        : fail(`count() needs a list, found ${formatValue(list)}`),
  },
  sum: {
    params: ['value'],
    required: 1,
    summary: 'sum(list): the total of numbers',
    call: ([list]) => numbers(list, 'sum', (xs) => xs.reduce((a, b) => a + b, 0)),
  },
  min: {
    params: ['value'],
    required: 1,
    summary: 'min(list)',
    call: ([list]) => numbers(list, 'min', (xs) => (xs.length === 0 ? null : Math.min(...xs))),
  },
  max: {
    params: ['value'],
    required: 1,
    summary: 'max(list)',
    call: ([list]) => numbers(list, 'max', (xs) => (xs.length === 0 ? null : Math.max(...xs))),
  },
  first: {
    params: ['value'],
    required: 1,
    summary: 'first(list): its first item (null if empty)',
    call: ([list]) =>
      Array.isArray(list)
        ? ok(list.length === 0 ? null : list[0])
        : fail(`first() needs a list, found ${formatValue(list)}`),
  },
  last: {
    params: ['value'],
    required: 1,
    summary: 'last(list): its last item (null if empty)',
    call: ([list]) =>
      Array.isArray(list)
        ? ok(list.length === 0 ? null : list[list.length - 1])
        : fail(`last() needs a list, found ${formatValue(list)}`),
  },
  distinct: {
    params: ['value'],
    required: 1,
    summary: 'distinct(list): the different values, sorted',
    call: ([list]) =>
      Array.isArray(list)
        ? ok(distinctSorted(list))
        : fail(`distinct() needs a list, found ${formatValue(list)}`),
  },
  records: {
    params: ['topic', 'partition'],
    required: 1,
    summary:
      'records(topic[, partition]): records in the log (log end − log start, fewer once compacted)',
    call: ([topic, partition], report) =>
      withTopic(report, topic, (t) => {
        const parts = t.partitions.filter(
          (p) => partition === undefined || p.partition === partition,
        );
        if (parts.length === 0)
          return fail(`topic "${t.name}" has no partition ${String(partition)}`);
        // The records held: a compacted log has fewer than its offsets span.
        return ok(parts.reduce((n, p) => n + p.records.length + p.recordsOmitted, 0));
      }),
  },
  partitionOf: {
    params: ['topic', 'key'],
    required: 2,
    summary:
      'partitionOf(topic, key): the partition holding records with this key (a list if several)',
    call: ([topic, key], report) =>
      withTopic(report, topic, (t) => {
        const found = partitionsWithKey(t, key as string | null);
        if (found.length === 0)
          return fail(`no record with key ${formatValue(key)} in topic "${t.name}"`);
        return ok(found.length === 1 ? found[0] : found);
      }),
  },
  partitionsOf: {
    params: ['topic', 'key'],
    required: 2,
    summary:
      'partitionsOf(topic, key): the partitions holding records with this key, always a list',
    call: ([topic, key], report) =>
      withTopic(report, topic, (t) => ok(partitionsWithKey(t, key as string | null))),
  },
  valuesOf: {
    params: ['topic', 'key'],
    required: 2,
    summary: 'valuesOf(topic, key): values of the records with this key, by partition then offset',
    call: ([topic, key], report) =>
      withTopic(report, topic, (t) =>
        ok(t.partitions.flatMap((p) => p.records.filter((r) => r.key === key).map((r) => r.value))),
      ),
  },
  keysOf: {
    params: ['topic', 'partition'],
    required: 2,
    summary: 'keysOf(topic, partition): the different keys in a partition, sorted',
    call: ([topic, partition], report) =>
      withTopic(report, topic, (t) => {
        const p = t.partitions.find((x) => x.partition === partition);
        if (p === undefined) return fail(`topic "${t.name}" has no partition ${String(partition)}`);
        return ok(distinctSorted(p.records.map((r) => r.key)));
      }),
  },
  keysInOrder: {
    params: ['topic', 'key'],
    required: 2,
    summary:
      "keysInOrder(topic, key): true if the key's records are in one partition, in the order they were sent",
    call: ([topic, key], report) =>
      withTopic(report, topic, (t) => keysInOrder(t, key as string | null)),
  },
  lag: {
    params: ['consumer', 'topic', 'partition'],
    required: 1,
    summary:
      "lag(consumer[, topic[, partition]]): high watermark − position, summed over the consumer's partitions",
    call: ([consumer, topic, partition], report) => {
      const c = report.consumers.find((x) => x.id === consumer);
      if (c === undefined)
        return fail(
          `no consumer "${String(consumer)}"${didYouMean(
            String(consumer),
            report.consumers.map((x) => x.id),
          )}`,
        );
      let lag = 0;
      for (const pos of c.positions) {
        if (
          (topic !== undefined && pos.topic !== topic) ||
          (partition !== undefined && pos.partition !== partition)
        )
          continue;
        const p = report.topics
          .find((x) => x.name === pos.topic)
          ?.partitions.find((x) => x.partition === pos.partition);
        if (p !== undefined) lag += Math.max(0, p.highWatermark - pos.position);
      }
      return ok(lag);
    },
  },
  leaderOf: {
    params: ['topic', 'partition'],
    required: 2,
    summary: "leaderOf(topic, partition): the partition's leader broker (-1: offline)",
    call: ([topic, partition], report) =>
      withPartition(report, topic, partition, (p) => ok(p.leader)),
  },
  isrOf: {
    params: ['topic', 'partition'],
    required: 2,
    summary: "isrOf(topic, partition): the partition's in-sync replicas, sorted",
    call: ([topic, partition], report) =>
      withPartition(report, topic, partition, (p) => ok([...p.isr].sort((a, b) => a - b))),
  },
  coordinatorOf: {
    params: ['group'],
    required: 1,
    summary:
      "coordinatorOf(group): the group's coordinator broker (the leader of its __consumer_offsets partition)",
    call: ([group], report) =>
      withGroup(report, group, (g) =>
        ok(g.coordinator.broker, `__consumer_offsets partition ${g.coordinator.partition}`),
      ),
  },
  ownerOf: {
    params: ['group', 'topic', 'partition'],
    required: 3,
    summary:
      'ownerOf(group, topic, partition): the member the group assigned the partition to (null: none)',
    call: ([group, topic, partition], report) =>
      withGroup(report, group, (g) => {
        const owner = g.members.find((m) =>
          m.assignment.some((tp) => tp.topic === topic && tp.partition === partition),
        );
        return ok(owner?.id ?? null);
      }),
  },
  assignment: {
    params: ['group', 'member'],
    required: 2,
    summary:
      'assignment(group, member): the partitions the group assigned the member, as "topic-partition" texts',
    call: ([group, member], report) =>
      withGroup(report, group, (g) => {
        const m = g.members.find((x) => x.id === member);
        if (m === undefined) {
          const ids = g.members.map((x) => x.id);
          return fail(
            `"${String(member)}" is not a member of group "${g.id}"${didYouMean(String(member), ids)} (members: ${ids.length === 0 ? 'none' : ids.join(', ')})`,
          );
        }
        return ok(
          [...m.assignment]
            .sort((a, b) =>
              a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
            )
            .map((tp) => `${tp.topic}-${tp.partition}`),
        );
      }),
  },
  groupLag: {
    params: ['group', 'topic'],
    required: 1,
    summary:
      "groupLag(group[, topic]): high watermark − committed offset, summed over the group's partitions that have a committed offset",
    call: ([group, topic], report) =>
      withGroup(report, group, (g) => {
        const offsets = g.offsets.filter((o) => topic === undefined || o.topic === topic);
        const uncommitted = offsets.filter((o) => o.lag === null).length;
        const lag = offsets.reduce((n, o) => n + (o.lag ?? 0), 0);
        return ok(
          lag,
          uncommitted === 0
            ? undefined
            : `${uncommitted} partition${uncommitted === 1 ? '' : 's'} without a committed offset left out`,
        );
      }),
  },
};

/** The functions, for docs and tooling: name → one-line summary. */
export const EXPECTATION_FUNCTIONS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(FUNCTIONS).map(([name, def]) => [name, def.summary]),
);

type ReportTopic = StateReport['topics'][number];

export function ok(value: unknown, note?: string): Outcome {
  return note === undefined ? { ok: true, value } : { ok: true, value, note };
}

export function fail(error: string): Outcome {
  return { ok: false, error };
}

function numbers(list: unknown, name: string, f: (xs: number[]) => unknown): Outcome {
  if (!Array.isArray(list))
    return fail(`${name}() needs a list of numbers, found ${formatValue(list)}`);
  const bad = list.find((x) => typeof x !== 'number');
  if (bad !== undefined) return fail(`${name}() needs numbers, found ${formatValue(bad)}`);
  return ok(f(list as number[]));
}

function withTopic(report: StateReport, name: unknown, f: (t: ReportTopic) => Outcome): Outcome {
  const t = report.topics.find((x) => x.name === name);
  if (t === undefined)
    return fail(
      `no topic "${String(name)}"${didYouMean(
        String(name),
        report.topics.map((x) => x.name),
      )}`,
    );
  return f(t);
}

function withPartition(
  report: StateReport,
  topic: unknown,
  partition: unknown,
  f: (p: ReportTopic['partitions'][number]) => Outcome,
): Outcome {
  return withTopic(report, topic, (t) => {
    const p = t.partitions.find((x) => x.partition === partition);
    if (p === undefined) return fail(`topic "${t.name}" has no partition ${String(partition)}`);
    return f(p);
  });
}

type ReportGroup = StateReport['groups'][number];

function withGroup(report: StateReport, id: unknown, f: (g: ReportGroup) => Outcome): Outcome {
  const g = report.groups.find((x) => x.id === id);
  if (g === undefined) {
    const ids = report.groups.map((x) => x.id);
    return fail(
      `no group "${String(id)}"${didYouMean(String(id), ids)} (groups: ${ids.length === 0 ? 'none' : ids.join(', ')})`,
    );
  }
  return f(g);
}

function partitionsWithKey(t: ReportTopic, key: string | null): number[] {
  return t.partitions.filter((p) => p.records.some((r) => r.key === key)).map((p) => p.partition);
}

function keysInOrder(t: ReportTopic, key: string | null): Outcome {
  const parts = partitionsWithKey(t, key);
  if (parts.length === 0)
    return fail(`no record with key ${formatValue(key)} in topic "${t.name}"`);
  if (parts.length > 1)
    return ok(false, `key ${formatValue(key)} is in partitions ${parts.join(', ')}`);
  const records =
    t.partitions.find((p) => p.partition === parts[0])?.records.filter((r) => r.key === key) ?? [];
  const last = new Map<string, number>();
  for (const r of records) {
    const previous = last.get(r.producer);
    if (previous !== undefined && r.sequence < previous) {
      return ok(
        false,
        `offset ${r.offset} holds ${r.producer}'s record #${r.sequence}, sent before #${previous}`,
      );
    }
    last.set(r.producer, r.sequence);
  }
  return ok(true);
}

function distinctSorted(list: readonly unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const x of list) seen.set(JSON.stringify(x) ?? 'undefined', x);
  return [...seen.values()].sort(compareValues);
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function formatValue(v: unknown, budget = 200): string {
  const text = formatInner(v, 0);
  return text.length > budget ? `${text.slice(0, budget - 1)}…` : text;
}

function formatInner(v: unknown, depth: number): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object' || v === null) return String(v);
  if (depth > 4) return '…';
  if (Array.isArray(v)) {
    const shown = v.slice(0, 50).map((x) => formatInner(x, depth + 1));
    return `[${shown.join(', ')}${v.length > 50 ? `, … (${v.length} in all)` : ''}]`;
  }
  return `{${Object.entries(v)
    .slice(0, 20)
    .map(([k, x]) => `${k}: ${formatInner(x, depth + 1)}`)
    .join(', ')}}`;
}
