import { describe, expect, it } from 'vitest';
import { plainClone } from './plainClone';
import { createRng, nextFloat, nextInt, type RngState as Rng } from './prng';
import { saveCheckpoint } from './checkpoint';
import { runChecked } from './testing';

/** Random plain data: nested objects, dicts, arrays with holes, maps, sets, shared objects. */
function randomValue(rng: Rng, depth: number, pool: object[]): unknown {
  const pick = nextInt(rng, depth <= 0 ? 4 : 10);
  switch (pick) {
    case 0:
      return nextInt(rng, 100) - 50;
    case 1:
      return nextFloat(rng) < 0.1 ? -0 : `s${nextInt(rng, 20)}`;
    case 2:
      return nextFloat(rng) < 0.5 ? null : undefined;
    case 3:
      return pool.length > 0 && nextFloat(rng) < 0.5 ? pool[nextInt(rng, pool.length)] : true;
    case 4:
    case 5: {
      const o: Record<string, unknown> = nextFloat(rng) < 0.3 ? Object.create(null) : {};
      const n = nextInt(rng, 5);
      for (let i = 0; i < n; i++) {
        const r = nextFloat(rng);
        const key =
          r < 0.1 ? '__proto__' : r < 0.3 ? String(nextInt(rng, 9)) : `k${nextInt(rng, 9)}`;
        // Defined, not assigned: "__proto__" is a key here (users' names), not the prototype.
        Object.defineProperty(o, key, {
          value: randomValue(rng, depth - 1, pool),
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
      pool.push(o);
      return o;
    }
    case 6:
    case 7: {
      const a: unknown[] = [];
      const n = nextInt(rng, 6);
      for (let i = 0; i < n; i++)
        if (nextFloat(rng) < 0.8) a[i] = randomValue(rng, depth - 1, pool);
      a.length = n;
      pool.push(a);
      return a;
    }
    case 8: {
      const m = new Map<unknown, unknown>();
      const n = nextInt(rng, 4);
      for (let i = 0; i < n; i++) m.set(nextInt(rng, 50), randomValue(rng, depth - 1, pool));
      pool.push(m);
      return m;
    }
    default: {
      const s = new Set<unknown>();
      const n = nextInt(rng, 4);
      for (let i = 0; i < n; i++) s.add(randomValue(rng, depth - 1, pool));
      pool.push(s);
      return s;
    }
  }
}

/** The value's shape, including what toEqual does not see: holes, -0, sharing, dict prototypes. */
function describeShape(root: unknown): unknown {
  const ids = new Map<object, number>();
  const walk = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null)
      return Object.is(v, -0) ? '-0' : v === undefined ? '<undefined>' : v;
    const seen = ids.get(v);
    if (seen !== undefined) return `<ref ${seen}>`;
    ids.set(v, ids.size);
    if (Array.isArray(v))
      return {
        array: Array.from({ length: v.length }, (_, i) => (i in v ? walk(v[i]) : '<hole>')),
      };
    if (v instanceof Map) return { map: [...v].map(([k, x]) => [walk(k), walk(x)]) };
    if (v instanceof Set) return { set: [...v].map(walk) };
    const dict = Object.getPrototypeOf(v) === null;
    return {
      dict,
      entries: Object.keys(v).map((k) => [k, walk((v as Record<string, unknown>)[k])]),
    };
  };
  return walk(root);
}

describe('plainClone', () => {
  it('copies random plain data as structuredClone does, sharing and holes included', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rng = createRng(seed);
      const value = randomValue(rng, 5, []);
      const copy = plainClone(value);
      const shape = describeShape(value);
      expect(describeShape(copy), `seed ${seed}`).toEqual(shape);
      // structuredClone gives dicts Object.prototype; apart from that the two agree.
      const structured = JSON.stringify(describeShape(structuredClone(value)));
      expect(JSON.stringify(shape).replaceAll('"dict":true', '"dict":false'), `seed ${seed}`).toBe(
        structured,
      );
    }
  });

  it('keeps a key named __proto__ as data, in its place, on plain objects and dicts', () => {
    const plain = JSON.parse('{"a": 1, "__proto__": {"b": 2}, "constructor": 3}') as Record<
      string,
      unknown
    >;
    const dict = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    Object.defineProperty(dict, '__proto__', {
      value: { b: 2 },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    for (const original of [plain, dict]) {
      const copy = plainClone(original);
      expect(Object.getPrototypeOf(copy)).toBe(Object.getPrototypeOf(original));
      expect(Object.keys(copy)).toEqual(Object.keys(original));
      expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ b: 2 });
      expect(describeShape(copy)).toEqual(describeShape(original));
    }
    // As structuredClone keeps it.
    expect(Object.keys(structuredClone(plain))).toEqual(Object.keys(plainClone(plain)));
  });

  it('shares nothing with the original', () => {
    const shared = { n: 1 };
    const original = { a: shared, b: [shared], m: new Map([[1, shared]]) };
    const copy = plainClone(original);
    expect(copy.a).not.toBe(shared);
    expect(copy.b[0]).toBe(copy.a);
    expect(copy.m.get(1)).toBe(copy.a);
    copy.a.n = 2;
    expect(shared.n).toBe(1);
  });

  it('copies what is not plain data with structuredClone', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const copy = plainClone({ bytes, again: bytes });
    expect(copy.bytes).toBeInstanceOf(Uint8Array);
    expect([...copy.bytes]).toEqual([1, 2, 3]);
    expect(copy.bytes).not.toBe(bytes);
    expect(copy.again).toBe(copy.bytes);
  });

  it("copies a checkpoint's frozen world as structuredClone does", () => {
    const { world } = runChecked(
      {
        seed: 5,
        brokers: [1, 2, 3],
        topics: [{ name: 'orders', partitions: 4, replicationFactor: 3 }],
        producers: [{ id: 'shop', topic: 'orders', acks: 'all' }],
        consumers: [{ id: 'c1', group: 'billing', topics: ['orders'], from: 'earliest' }],
      },
      Array.from({ length: 8 }, (_, i) => ({
        atMs: 300 + i * 250,
        command: { type: 'produce' as const, producer: 'shop', count: 20, keys: ['a', 'b', 'c'] },
      })),
      2_400,
    );
    const frozen = saveCheckpoint(world).frozen;
    const structured = JSON.stringify(describeShape(structuredClone(frozen)));
    expect(
      JSON.stringify(describeShape(plainClone(frozen))).replaceAll('"dict":true', '"dict":false'),
    ).toBe(structured);
  });
});
