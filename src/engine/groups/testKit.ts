/**
 * Helpers shared by the group-assignment tests. Pure functions only (this file lives in the
 * engine, so it follows the engine's rules); test-framework imports stay in the *.test.ts files.
 * The checks here are written independently of the assignors so the tests are not circular.
 */
import type { Assignment, MemberSubscription, TopicPartition } from './types.ts';

/** Parses "t0:1" into a TopicPartition (the last ':' separates the partition number). */
export function tp(spec: string): TopicPartition {
  const i = spec.lastIndexOf(':');
  return { topic: spec.slice(0, i), partition: Number(spec.slice(i + 1)) };
}

/** Parses several "topic:partition" specs. */
export function tps(...specs: string[]): TopicPartition[] {
  return specs.map(tp);
}

/** Formats partitions back as "topic:partition" strings (handy for readable expectations). */
export function fmt(list: readonly TopicPartition[]): string[] {
  return list.map((x) => `${x.topic}:${x.partition}`);
}

/** Formats a whole assignment as memberId -> ["topic:partition", ...]. */
export function fmtAll(a: Assignment): Record<string, string[]> {
  return Object.fromEntries(Object.entries(a).map(([m, l]) => [m, fmt(l)]));
}

/** Builds a subscription with sensible defaults (dynamic member, nothing owned). */
export function member(
  memberId: string,
  topics: readonly string[],
  opts: { owned?: readonly TopicPartition[]; generation?: number; instanceId?: string | null } = {},
): MemberSubscription {
  return {
    memberId,
    instanceId: opts.instanceId ?? null,
    topics,
    owned: opts.owned ?? [],
    generation: opts.generation ?? (opts.owned && opts.owned.length > 0 ? 1 : -1),
  };
}

/** The next generation's subscriptions: everyone owns what `a` gave them, at `generation`. */
export function nextRound(
  members: readonly MemberSubscription[],
  a: Assignment,
  generation: number,
): MemberSubscription[] {
  return members.map((m) => ({ ...m, owned: a[m.memberId] ?? [], generation }));
}

const key = (x: TopicPartition): string => `${x.topic}\u0000${x.partition}`;

/**
 * Problems with an assignment (empty when fine): a member missing or unknown, an unsorted list,
 * a partition of a topic the member does not subscribe to, a partition that does not exist, a
 * partition given twice, and (unless `allowUnassigned`) a subscribed partition left unassigned.
 */
export function assignmentProblems(
  a: Assignment,
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
  allowUnassigned = false,
): string[] {
  const problems: string[] = [];
  const byId = new Map(members.map((m) => [m.memberId, m]));
  for (const m of members)
    if (!Object.prototype.hasOwnProperty.call(a, m.memberId))
      problems.push(`missing member ${m.memberId}`);
  const seen = new Set<string>();
  for (const [id, list] of Object.entries(a)) {
    const m = byId.get(id);
    if (m === undefined) {
      problems.push(`unknown member ${id}`);
      continue;
    }
    for (let i = 1; i < list.length; i++) {
      const p = list[i - 1];
      const q = list[i];
      const c = p.topic < q.topic ? -1 : p.topic > q.topic ? 1 : p.partition - q.partition;
      if (c >= 0) problems.push(`${id}: list not strictly sorted at ${i}`);
    }
    for (const x of list) {
      if (!m.topics.includes(x.topic))
        problems.push(`${id} got ${x.topic}:${x.partition} without subscribing`);
      const count = partitionsPerTopic[x.topic];
      if (count === undefined || x.partition < 0 || x.partition >= count)
        problems.push(`${id} got nonexistent ${x.topic}:${x.partition}`);
      if (seen.has(key(x))) problems.push(`${x.topic}:${x.partition} assigned twice`);
      seen.add(key(x));
    }
  }
  if (!allowUnassigned) {
    const subscribed = new Set(members.flatMap((m) => m.topics));
    for (const [t, n] of Object.entries(partitionsPerTopic)) {
      if (!subscribed.has(t)) continue;
      for (let p = 0; p < n; p++)
        if (!seen.has(key({ topic: t, partition: p }))) problems.push(`${t}:${p} unassigned`);
    }
  }
  return problems;
}

/** Number of partitions per member. */
export function loads(a: Assignment): number[] {
  return Object.values(a).map((l) => l.length);
}

/** max - min partitions per member (0 for an empty group). */
export function spread(a: Assignment): number {
  const l = loads(a);
  return l.length === 0 ? 0 : Math.max(...l) - Math.min(...l);
}

/**
 * Valid previous owner of each partition (key "topic\0partition" -> memberId): the unique claimer
 * with the highest generation, among claims on existing partitions of topics the claimer
 * subscribes to. A straightforward re-statement of the rule, independent of claims.ts.
 */
export function validOwners(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
): Map<string, string> {
  const best = new Map<string, { gen: number; ids: Set<string> }>();
  for (const m of members) {
    for (const x of m.owned) {
      const count = partitionsPerTopic[x.topic];
      if (count === undefined || x.partition >= count) continue;
      const b = best.get(key(x));
      if (b === undefined || m.generation > b.gen)
        best.set(key(x), { gen: m.generation, ids: new Set([m.memberId]) });
      else if (m.generation === b.gen) b.ids.add(m.memberId);
    }
  }
  const out = new Map<string, string>();
  const byId = new Map(members.map((m) => [m.memberId, m]));
  for (const [k, b] of best) {
    if (b.ids.size !== 1) continue;
    const [id] = b.ids;
    if ((byId.get(id) as MemberSubscription).topics.includes(k.split('\u0000')[0])) out.set(k, id);
  }
  return out;
}

/** How many validly-owned partitions end up with a member other than their valid owner. */
export function movedCount(
  members: readonly MemberSubscription[],
  partitionsPerTopic: Readonly<Record<string, number>>,
  a: Assignment,
): number {
  const holder = new Map<string, string>();
  for (const [id, list] of Object.entries(a)) for (const x of list) holder.set(key(x), id);
  let moved = 0;
  for (const [k, owner] of validOwners(members, partitionsPerTopic))
    if (holder.get(k) !== owner) moved++;
  return moved;
}
