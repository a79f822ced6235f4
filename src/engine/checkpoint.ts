import type { AckedRecord, LogRecord, Partition, ReplicaLog, Topic } from './model';
import { plainClone } from './plainClone';
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
  readonly logs: GrowingArrays<LogRecord>;
  /** Each producer's acknowledged records and their count, in producer order. */
  readonly acked: GrowingArrays<AckedRecord>;
}

/**
 * Append-only arrays and how long each was at a checkpoint. `arrays` is the previous
 * checkpoint's own list when it holds the same arrays (no log was truncated or added since):
 * one list and one array of lengths a checkpoint, not an object per log (the 8×32 bench has
 * 246 logs: ~5 KiB less a checkpoint).
 */
export interface GrowingArrays<T> {
  readonly arrays: readonly T[][];
  readonly lengths: readonly number[];
}

/** `arrays` with their lengths now, the list shared with `before` when it holds the same arrays. */
function growingArrays<T>(arrays: T[][], before: GrowingArrays<T> | undefined): GrowingArrays<T> {
  const same =
    before !== undefined &&
    before.arrays.length === arrays.length &&
    arrays.every((array, i) => before.arrays[i] === array);
  return { arrays: same ? before.arrays : arrays, lengths: arrays.map((array) => array.length) };
}

/** Every replica log of the world, in a fixed order (topic order, partition, broker id). */
function replicaLogs(world: World): ReplicaLog[] {
  const out: ReplicaLog[] = [];
  for (const name of world.topicOrder) {
    // Broker ids are integer keys, which objects list in ascending order.
    for (const partition of world.topics[name].partitions)
      out.push(...Object.values(partition.logs));
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
  return beginCheckpoint(world, previous).finish();
}

/**
 * A checkpoint being taken a part at a time: `step()` freezes the next part (a partition, a
 * slice of the task queue…) and says whether parts remain; `finish()` gives the checkpoint.
 * Why: the timeline's indexer takes checkpoints while the run plays, and one structuredClone
 * of a 1,000-partition world took 30–55 ms (every such checkpoint dropped frames); in parts,
 * the indexer stops between any two of them when its time slice is up.
 *
 * The world must not change between `beginCheckpoint` and `finish` (the indexer's world is
 * its own and waits). Cloning in parts gives the same frozen world as one clone because what
 * a world holds in several places (produce requests, a streams program's parts) is always
 * inside one part (`Entangled`, the streams field whole); tested against one clone with
 * `graphDifferences`.
 */
export interface CheckpointBuild {
  /** Freezes the next part (handing it to `onPart`, e.g. to estimate its heap); false once none remain. */
  step(onPart?: (part: unknown) => void): boolean;
  /** Freezes what parts remain, then gives the checkpoint. */
  finish(): WorldCheckpoint;
}

/** Arrays, maps and objects with more entries than this are frozen in slices of this size. */
export const PART_ENTRIES = 64;

/** One part of the world to freeze: its clone, what to share it with, where it goes. */
interface Part {
  freeze(): unknown;
  /** The same part of the previous checkpoint's frozen world, or undefined. */
  previous(frozen: World): unknown;
  place(frozen: World, part: unknown): void;
}

export function beginCheckpoint(
  world: World,
  previous: WorldCheckpoint | null = null,
): CheckpointBuild {
  dropSpentTasks(world);
  const logs = replicaLogs(world);
  const producers = world.producerOrder.map((id) => world.producers[id]);
  const kept = growingArrays(
    logs.map((log) => log.records),
    previous?.logs,
  );
  const acked = growingArrays(
    producers.map((p) => p.ackedRecords),
    previous?.acked,
  );
  const atMs = world.nowMs;
  const eventCount = world.eventCount;
  const hash = traceHash(world);
  const share = previous !== null && logs.length <= SHARE_MAX_LOGS;
  // Every key in the world's order first: parts fill them in (key order is the world's).
  const frozen = Object.fromEntries(
    Object.keys(world).map((key) => [key, undefined]),
  ) as unknown as World;
  const parts = partsOf(world);
  let next = 0;
  return {
    step(onPart) {
      if (next >= parts.length) return false;
      const part = parts[next++];
      let value = part.freeze();
      if (share) {
        const before = part.previous(previous.frozen);
        if (before !== undefined) value = shareUnchanged(value as object, before as object);
      }
      part.place(frozen, value);
      onPart?.(value);
      return next < parts.length;
    },
    finish() {
      while (this.step());
      return { atMs, eventCount, traceHash: hash, frozen, logs: kept, acked };
    },
  };
}

/**
 * The part of a world whose objects are held in several places: produce requests are held by
 * their producer (queued, in flight, on the wire), by the tasks that retry or time them out
 * and by the partitions waiting to acknowledge them (`pendingAcks`). They are cloned in one
 * structuredClone, which keeps each of them one object.
 */
interface Entangled {
  queue: World['queue'];
  producers: World['producers'];
  /** Each partition's pending acknowledgements, in `partitionsInOrder` order. */
  pendingAcks: Partition['pendingAcks'][];
}

/** Every partition of the world in topic key order, then partition order. */
function partitionsInOrder(world: World): Partition[] {
  return Object.keys(world.topics).flatMap((name) => world.topics[name].partitions);
}

function entangledOf(world: World): Entangled {
  return {
    queue: world.queue,
    producers: world.producers,
    pendingAcks: partitionsInOrder(world).map((p) => p.pendingAcks),
  };
}

/** Clones the entangled part, the producers' acknowledged records (kept by reference) left out. */
function cloneEntangled(world: World): Entangled {
  const producers = world.producerOrder.map((id) => world.producers[id]);
  const acked = producers.map((p) => p.ackedRecords);
  for (const p of producers) p.ackedRecords = [];
  try {
    return structuredClone(entangledOf(world));
  } finally {
    producers.forEach((p, i) => (p.ackedRecords = acked[i]));
  }
}

/**
 * Clones a partition, leaving out its logs' records (kept by reference) and its pending acks
 * (entangled); its objects keyed by broker id are made `fitted`.
 */
function clonePartition(partition: Partition): Partition {
  const logs = Object.values(partition.logs);
  const records = logs.map((log) => log.records);
  const pendingAcks = partition.pendingAcks;
  for (const log of logs) log.records = [];
  partition.pendingAcks = [];
  let clone: Partition;
  try {
    clone = structuredClone(partition);
  } finally {
    logs.forEach((log, i) => (log.records = records[i]));
    partition.pendingAcks = pendingAcks;
  }
  clone.logs = fitted(clone.logs);
  clone.followers = fitted(clone.followers);
  clone.followerFetches = fitted(clone.followerFetches);
  return clone;
}

/** Key lists `fitted` has made an empty copy for, each the copy (at most `FITTED_MAX`). */
const fittedShells = new Map<string, object>();
const FITTED_MAX = 4096;
/** A key `fitted` copies: an array index (a broker id), below 10^9. */
const INDEX_KEY = /^(0|[1-9][0-9]{0,8})$/;

/**
 * A copy of an object keyed by broker ids whose elements hold no more slots than its largest
 * key needs. structuredClone adds the keys one by one, and V8 grows an object's elements to
 * half again the size asked plus 16 (a partition's two followers: 19 slots or more, ~56 bytes
 * more than needed), while JSON.parse sizes them to fit, and so does a spread copy of what it
 * made. A checkpoint of the 8×32 bench holds ~180 such objects (followers, their fetches).
 * The same keys, in the same order, and the same values.
 */
function fitted<T>(source: Record<number, T>): Record<number, T> {
  const keys = Object.keys(source);
  if (!keys.every((key) => INDEX_KEY.test(key))) return source;
  const id = keys.join(',');
  let shell = fittedShells.get(id);
  if (shell === undefined) {
    if (fittedShells.size >= FITTED_MAX) fittedShells.clear();
    shell = JSON.parse(`{${keys.map((key) => `"${key}":0`).join(',')}}`) as object;
    fittedShells.set(id, shell);
  }
  const copy = { ...shell } as Record<number | string, T>;
  for (const key of keys) copy[key] = (source as Record<string, T>)[key];
  return copy;
}

/** Index ranges [from, to) of `count` entries in slices of `PART_ENTRIES`. */
function slices(count: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < count; from += PART_ENTRIES)
    out.push([from, Math.min(count, from + PART_ENTRIES)]);
  return out;
}

/** How `keyedParts` reads and writes one kind of keyed container (a map, a plain object). */
interface Keyed<K> {
  keys(): K[];
  read(key: K): unknown;
  empty(): object;
  get(container: object, key: K): unknown;
  set(container: object, key: K, value: unknown): void;
}

const mapEntries = (source: Map<number, unknown>): Keyed<number> => ({
  keys: () => [...source.keys()],
  read: (k) => source.get(k),
  empty: () => new Map(),
  get: (map, k) => (map as Map<number, unknown>).get(k),
  set: (map, k, v) => void (map as Map<number, unknown>).set(k, v),
});

const objectEntries = (source: Record<string, unknown>): Keyed<string> => ({
  keys: () => Object.keys(source),
  read: (k) => source[k],
  empty: () => ({}),
  get: (object, k) =>
    Object.hasOwn(object, k) ? (object as Record<string, unknown>)[k] : undefined,
  set: (object, k, v) => void ((object as Record<string, unknown>)[k] = v),
});

/**
 * A keyed container of the world (`fetches`, `consumers`…) frozen in slices of its entries,
 * set in order (insertion order is behaviour).
 */
function keyedParts<K>(key: keyof World, entries: Keyed<K>): Part[] {
  const keys = entries.keys();
  const container = (frozen: World) => frozen[key] as unknown as object | undefined;
  const start: Part = {
    freeze: () => entries.empty(),
    previous: () => undefined,
    place: (frozen, part) => ((frozen as unknown as Record<string, unknown>)[key] = part),
  };
  return [
    start,
    ...slices(keys.length).map(([from, to]): Part => {
      const chunk = keys.slice(from, to);
      return {
        freeze: () => structuredClone(chunk.map((k) => entries.read(k))),
        previous: (frozen) => {
          const before = container(frozen);
          return chunk.map((k) => (before === undefined ? undefined : entries.get(before, k)));
        },
        place: (frozen, part) => {
          const into = container(frozen)!;
          (part as unknown[]).forEach((value, i) => entries.set(into, chunk[i], value));
        },
      };
    }),
  ];
}

/**
 * Each topic's own fields, then its partitions one by one; `pendingAcks`: each partition's,
 * frozen with the entangled part (which comes first).
 */
function topicParts(world: World, pendingAcks: () => Partition['pendingAcks'][]): Part[] {
  const out: Part[] = [
    {
      freeze: () => ({}),
      previous: () => undefined,
      place: (frozen, part) => (frozen.topics = part as World['topics']),
    },
  ];
  let index = 0;
  for (const name of Object.keys(world.topics)) {
    const topic = world.topics[name];
    out.push({
      freeze: () => structuredClone({ ...topic, partitions: [] }),
      previous: (frozen) => frozen.topics[name],
      // A fresh shell in any case (its partitions are pushed in next), sharing its fields.
      place: (frozen, part) => (frozen.topics[name] = { ...(part as Topic), partitions: [] }),
    });
    topic.partitions.forEach((partition, i) => {
      const at = index++;
      out.push({
        freeze: () => clonePartition(partition),
        previous: (frozen) => frozen.topics[name]?.partitions[i],
        place: (frozen, part) => {
          // Frozen (or shared) without its pending acks: a copy gets them, the shared one is left as it is.
          const acks = pendingAcks()[at];
          const frozenPartition = part as Partition;
          frozen.topics[name].partitions.push(
            acks.length === 0 ? frozenPartition : { ...frozenPartition, pendingAcks: acks },
          );
        },
      });
    });
  }
  return out;
}

/** The parts of the world, in the world's own key order (the frozen world keeps it). */
function partsOf(world: World): Part[] {
  let entangled: Entangled | null = null;
  const parts: Part[] = [
    {
      freeze: () => cloneEntangled(world),
      previous: (frozen) => entangledOf(frozen),
      place: (frozen, part) => {
        entangled = part as Entangled;
        frozen.queue = entangled.queue;
        frozen.producers = entangled.producers;
      },
    },
  ];
  const whole = (key: keyof World, freeze: () => unknown): Part => ({
    freeze,
    previous: (frozen) => frozen[key],
    place: (frozen, part) => ((frozen as unknown as Record<string, unknown>)[key] = part),
  });
  for (const key of Object.keys(world) as (keyof World)[]) {
    const value: unknown = world[key];
    if (key === 'queue' || key === 'producers') continue;
    if (key === 'emitted') parts.push(whole(key, () => []));
    else if (key === 'topics') parts.push(...topicParts(world, () => entangled!.pendingAcks));
    else if ((key === 'fetches' || key === 'flights') && value instanceof Map)
      parts.push(...keyedParts(key, mapEntries(value as Map<number, unknown>)));
    else if (
      (key === 'consumers' || key === 'groups') &&
      Object.keys(value as object).length > PART_ENTRIES
    )
      // Members hold nothing another member holds (streams applications do: one part).
      parts.push(...keyedParts(key, objectEntries(value as Record<string, unknown>)));
    else parts.push(whole(key, () => structuredClone(value)));
  }
  return parts;
}

/** A new, independent world in the checkpoint's state; the checkpoint can be restored again. */
export function restoreCheckpoint(checkpoint: WorldCheckpoint): World {
  // Not structuredClone: a copy in one pass took 40 % of its time (plainClone.ts), and every
  // seek restores a checkpoint.
  const world = plainClone(checkpoint.frozen);
  restoreNameKeyedRecords(world);
  const { logs, acked } = checkpoint;
  replicaLogs(world).forEach((log, i) => {
    log.records = logs.arrays[i].slice(0, logs.lengths[i]);
  });
  world.producerOrder.forEach((id, i) => {
    world.producers[id].ackedRecords = acked.arrays[i].slice(0, acked.lengths[i]);
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
