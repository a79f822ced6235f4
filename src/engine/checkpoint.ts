import type { AckedRecord, LogRecord, ReplicaLog } from './model';
import { dropSpentTasks } from './spentTasks';
import { restoreNameKeyedRecords, traceHash, type World } from './world';

/**
 * A world frozen at one moment, to come back to later (timeline seeking). Everything is
 * deep-copied except the arrays that only ever grow: the replica logs' records (append-only,
 * replaced on truncation: copy on truncate) and each producer's acknowledged records (pushed
 * to, never changed). For those, the array and its length at this moment are enough, so a
 * checkpoint costs O(partitions + pending work), not O(history).
 */
export interface WorldCheckpoint {
  readonly atMs: number;
  readonly eventCount: number;
  readonly traceHash: string;
  /** The world with every append-only array emptied. */
  readonly frozen: World;
  /** Each log's records array and its length, in `replicaLogs` order. */
  readonly logs: readonly { readonly records: LogRecord[]; readonly length: number }[];
  /** Each producer's acknowledged records and their count, in producer order. */
  readonly acked: readonly { readonly records: AckedRecord[]; readonly length: number }[];
}

/** Every replica log of the world, in a fixed order (topic order, partition, broker id). */
function replicaLogs(world: World): ReplicaLog[] {
  const out: ReplicaLog[] = [];
  for (const name of world.topicOrder) {
    for (const partition of world.topics[name].partitions) {
      const ids = Object.keys(partition.logs)
        .map(Number)
        .sort((a, b) => a - b);
      for (const id of ids) out.push(partition.logs[id]);
    }
  }
  return out;
}

/**
 * Worlds with more replica logs than this are not shared with the previous checkpoint.
 * Sharing walks and compares the whole frozen world, which made a checkpoint of the
 * 1,000-partition bench (3,000 logs) take ~2.3× as long (55 → 125 ms in Node): a pause the
 * timeline's indexer takes while the run plays. The 8×32 bench (96 logs) and the lessons keep
 * sharing, which is where the memory it saves counts (one checkpoint 312 → 222 KiB).
 */
export const SHARE_MAX_LOGS = 500;

/**
 * Freezes the world as it is now. The world itself runs on unchanged: only tasks that can no
 * longer do anything are dropped from its queue first, so checkpoints do not carry them
 * (request timeouts whose answer came were 80 % of a busy checkpoint).
 *
 * With `previous` (the checkpoint taken before this one in the same run), every part of the
 * frozen world equal to the same part of the previous one is shared with it instead of held
 * twice (see `shareUnchanged`): idle partitions, brokers, groups, configuration.
 */
export function saveCheckpoint(
  world: World,
  previous: WorldCheckpoint | null = null,
): WorldCheckpoint {
  dropSpentTasks(world);
  const logs = replicaLogs(world);
  const producers = world.producerOrder.map((id) => world.producers[id]);
  const kept = logs.map((log) => ({ records: log.records, length: log.records.length }));
  const acked = producers.map((p) => ({ records: p.ackedRecords, length: p.ackedRecords.length }));
  // Swap the growing arrays out while cloning (they are kept by reference), then back.
  for (const log of logs) log.records = [];
  for (const p of producers) p.ackedRecords = [];
  let frozen: World;
  try {
    frozen = structuredClone({ ...world, emitted: [] });
  } finally {
    logs.forEach((log, i) => (log.records = kept[i].records));
    producers.forEach((p, i) => (p.ackedRecords = acked[i].records));
  }
  if (previous !== null && logs.length <= SHARE_MAX_LOGS)
    frozen = shareUnchanged(frozen, previous.frozen);
  return {
    atMs: world.nowMs,
    eventCount: world.eventCount,
    traceHash: traceHash(world),
    frozen,
    logs: kept,
    acked,
  };
}

/** A new, independent world in the checkpoint's state; the checkpoint can be restored again. */
export function restoreCheckpoint(checkpoint: WorldCheckpoint): World {
  const world = structuredClone(checkpoint.frozen);
  restoreNameKeyedRecords(world);
  replicaLogs(world).forEach((log, i) => {
    const { records, length } = checkpoint.logs[i];
    log.records = records.slice(0, length);
  });
  world.producerOrder.forEach((id, i) => {
    const { records, length } = checkpoint.acked[i];
    world.producers[id].ackedRecords = records.slice(0, length);
  });
  return world;
}

/** What `shareUnchanged` looks into: plain objects, arrays and maps (all a world holds). */
function isPlain(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === Array.prototype || v instanceof Map;
}

/** Objects reachable from `root` more than once (structuredClone keeps such sharing). */
function aliasedIn(root: object): Set<object> {
  const seen = new Set<object>();
  const aliased = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (seen.has(v)) {
      aliased.add(v);
      continue;
    }
    seen.add(v);
    if (v instanceof Map) for (const item of v.values()) stack.push(item);
    else for (const key of Object.keys(v)) stack.push((v as Record<string, unknown>)[key]);
  }
  return aliased;
}

/**
 * `fresh` (a frozen world just cloned, owned by the caller) with each subtree that equals the
 * same subtree of `previous` (a frozen world, never mutated) replaced by that one: consecutive
 * checkpoints then hold what changed between them, not a whole world each. Equal means the
 * same kinds of container, keys in the same order (iteration order is behaviour), and
 * primitives that are `Object.is`. The object graph a restore clones stays the one the world
 * had: a subtree holding an object referenced twice in `fresh` stays fresh (the references
 * keep pointing at one object), and no object of `previous` is taken twice (two independent
 * objects must not become one); an equal subtree taken takes all of its objects.
 */
export function shareUnchanged<T extends object>(fresh: T, previous: T): T {
  const aliased = aliasedIn(fresh);
  const taken = new Set<object>();
  // The value to keep; whether it equals b; whether it must stay (it holds an aliased object).
  const merge = (a: unknown, b: unknown): [unknown, boolean, boolean] => {
    if (typeof a !== 'object' || a === null) return [a, Object.is(a, b), false];
    if (typeof b !== 'object' || b === null || !isPlain(a)) return [a, false, true];
    let pinned = aliased.has(a) || taken.has(b);
    let equal = Object.getPrototypeOf(a) === Object.getPrototypeOf(b);
    if (a instanceof Map) {
      const other = b as Map<unknown, unknown>;
      equal &&= a.size === other.size;
      const keys = equal ? [...other.keys()] : [];
      let i = 0;
      for (const [key, item] of a) {
        equal &&= Object.is(key, keys[i++]);
        const [kept, same, held] = merge(item, other.get(key));
        if (kept !== item) a.set(key, kept);
        equal &&= same;
        pinned ||= held;
      }
    } else {
      const record = a as Record<string, unknown>;
      const other = b as Record<string, unknown>;
      const keys = Object.keys(record);
      const otherKeys = Object.keys(other);
      equal &&= keys.length === otherKeys.length;
      keys.forEach((key, i) => {
        equal &&= key === otherKeys[i];
        const [kept, same, held] = merge(
          record[key],
          Object.hasOwn(other, key) ? other[key] : undefined,
        );
        if (kept !== record[key]) record[key] = kept;
        equal &&= same;
        pinned ||= held;
      });
    }
    if (!equal || pinned) return [a, equal, pinned];
    taken.add(b);
    return [b, true, false];
  };
  return merge(fresh, previous)[0] as T;
}
