/**
 * Roughly how many bytes of heap `value` holds, counting what is reachable from it once: a
 * budget's measure, not an exact figure. The weights follow V8's layout on 64-bit (a slot 8
 * bytes, an object header ~24, a boxed number 16, a one-byte string its length + 16), then
 * `CALIBRATION` brings the sum to what V8 really holds: measured on checkpoints of two
 * workloads (the 8×32 bench, 50 brokers), structuredClone copies took 1.32–1.40×
 * the raw sum (heap after GC, node --expose-gc).
 */
const CALIBRATION = 1.35;

/**
 * `counted`: objects already counted elsewhere (skipped, with what only they reach); the
 * objects counted now are added to it. Checkpoints that share parts count each part once.
 */
export function estimateHeapBytes(
  value: unknown,
  counted: { has(o: object): boolean; add(o: object): unknown } = new Set<object>(),
): number {
  const walk = createHeapWalk(counted);
  walk.add(value);
  walk.walk(Infinity);
  return walk.bytes();
}

/**
 * `estimateHeapBytes` a few values at a time: `walk(n)` visits at most `n` values and says
 * whether any are left, so a large estimate can be spread over idle moments.
 */
export interface HeapWalk {
  add(value: unknown): void;
  walk(values: number): boolean;
  /** The estimate of everything walked so far. */
  bytes(): number;
}

/**
 * One copy of each short string, for `createHeapWalk` to put in place of equal copies.
 * structuredClone copies every string it meets: each checkpoint of the 8×32 bench held its own
 * "fetchWaitExpired", "__consumer_offsets" and topic names (~20,000 copies each in the index).
 */
export interface StringTable {
  readonly strings: Map<string, string>;
}

/** Strings longer than this are left as they are (they are rarely repeated). */
const INTERN_MAX_LENGTH = 40;
/** Past this many strings the table starts over (unique strings must not pile up in it). */
const INTERN_MAX_STRINGS = 50_000;

export function createStringTable(): StringTable {
  return { strings: new Map() };
}

/**
 * `strings`: when given, every string the walk finds in an object, array or map value is
 * replaced by the table's copy (the walk must own what it walks: a checkpoint just frozen),
 * and counted only the first time the table meets it.
 */
export function createHeapWalk(
  counted: { has(o: object): boolean; add(o: object): unknown },
  strings: StringTable | null = null,
): HeapWalk {
  const stack: unknown[] = [];
  let raw = 0;
  const table = strings?.strings ?? null;
  /** The string to hold in place of `value` (the table's copy), counting it if it is new. */
  const held = (value: string): string => {
    const shared = table !== null && value.length <= INTERN_MAX_LENGTH;
    const copy = shared ? table.get(value) : undefined;
    if (copy !== undefined) return copy;
    raw += 16 + value.length;
    if (shared) {
      if (table.size >= INTERN_MAX_STRINGS) table.clear();
      table.set(value, value);
    }
    return value;
  };
  /** What a slot should hold: a string's held copy, else the value itself, left to walk. */
  const slot = (item: unknown): unknown => {
    if (typeof item === 'string') return held(item);
    stack.push(item);
    return item;
  };
  return {
    add: (value) => void stack.push(value),
    walk(values) {
      for (let n = 0; n < values && stack.length > 0; n++) {
        const v = stack.pop();
        if (typeof v === 'string') {
          held(v);
          continue;
        }
        if (typeof v === 'number') {
          // Its slot is counted with its holder; a number that is not a small integer is boxed.
          if (!Number.isInteger(v) || v > 2 ** 30 || v < -(2 ** 30)) raw += 16;
          continue;
        }
        if (typeof v !== 'object' || v === null) continue;
        if (counted.has(v)) continue;
        counted.add(v);
        if (Array.isArray(v)) {
          raw += 16 + 8 * v.length;
          const items = v as unknown[];
          items.forEach((item, i) => {
            const kept = slot(item);
            if (kept !== item) items[i] = kept;
          });
        } else if (v instanceof Map) {
          raw += 32 + 24 * v.size;
          for (const [key, item] of v) {
            stack.push(key);
            const kept = slot(item);
            if (kept !== item) v.set(key, kept);
          }
        } else if (v instanceof Set) {
          raw += 32 + 16 * v.size;
          for (const item of v) stack.push(item);
        } else {
          const record = v as Record<string, unknown>;
          const keys = Object.keys(record);
          // Objects with many keys (names → state) are hash tables: about twice the slots.
          raw += 24 + (keys.length > 16 ? 24 : 8) * keys.length;
          for (const key of keys) {
            const kept = slot(record[key]);
            if (kept !== record[key]) record[key] = kept;
          }
        }
      }
      return stack.length > 0;
    },
    bytes: () => Math.round(raw * CALIBRATION),
  };
}
