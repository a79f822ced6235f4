import type { World } from './world';

// Test support (not used by the app): checks that a checkpoint taken in parts freezes the
// world as one structuredClone would.

/**
 * Where `a` and `b` differ as object graphs: values, key and map order, and which objects are
 * one (an object reached twice in one is one object reached twice in the other). Frozen empty
 * arrays (shared `headers: []`, never written) are left out of the identity check.
 */
export function graphDifferences(a: unknown, b: unknown): string[] {
  const out: string[] = [];
  const ab = new Map<object, object>();
  const ba = new Map<object, object>();
  const visit = (x: unknown, y: unknown, path: string): void => {
    if (out.length > 5) return;
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) {
      if (!Object.is(x, y)) out.push(`${path}: ${String(x)} vs ${String(y)}`);
      return;
    }
    const emptyArray = Array.isArray(x) && x.length === 0 && Array.isArray(y) && y.length === 0;
    if (!emptyArray && (ab.has(x) || ba.has(y))) {
      if (ab.get(x) !== y || ba.get(y) !== x) out.push(`${path}: shared differently`);
      return;
    }
    ab.set(x, y);
    ba.set(y, x);
    if (x instanceof Map || y instanceof Map) {
      if (!(x instanceof Map && y instanceof Map)) return void out.push(`${path}: not both maps`);
      if ([...x.keys()].join() !== [...y.keys()].join()) out.push(`${path}: map keys`);
      for (const [k, v] of x) visit(v, y.get(k), `${path}[${String(k)}]`);
      return;
    }
    const xr = x as Record<string, unknown>;
    const yr = y as Record<string, unknown>;
    if (Object.keys(xr).join() !== Object.keys(yr).join()) out.push(`${path}: keys`);
    for (const k of Object.keys(xr)) visit(xr[k], yr[k], `${path}.${k}`);
  };
  visit(a, b, 'world');
  return out;
}

/**
 * The world frozen in one structuredClone, as checkpoints were before they were taken in parts
 * (the reference): logs' records and producers' acknowledged records left out, as slices.
 */
export function frozenWhole(world: World): World {
  const logs = world.topicOrder.flatMap((name) =>
    world.topics[name].partitions.flatMap((p) => Object.values(p.logs)),
  );
  const producers = world.producerOrder.map((id) => world.producers[id]);
  const records = logs.map((log) => log.records);
  const acked = producers.map((p) => p.ackedRecords);
  for (const log of logs) log.records = [];
  for (const p of producers) p.ackedRecords = [];
  try {
    return structuredClone({ ...world, emitted: [] });
  } finally {
    logs.forEach((log, i) => (log.records = records[i]));
    producers.forEach((p, i) => (p.ackedRecords = acked[i]));
  }
}
