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
  const seen = counted;
  const stack: unknown[] = [value];
  let bytes = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      bytes += 16 + v.length;
      continue;
    }
    if (typeof v === 'number') {
      // Its slot is counted with its holder; a number that is not a small integer is boxed.
      if (!Number.isInteger(v) || v > 2 ** 30 || v < -(2 ** 30)) bytes += 16;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      bytes += 16 + 8 * v.length;
      for (const item of v as unknown[]) if (typeof item !== 'boolean') stack.push(item);
    } else if (v instanceof Map) {
      bytes += 32 + 24 * v.size;
      for (const [key, item] of v) stack.push(key, item);
    } else if (v instanceof Set) {
      bytes += 32 + 16 * v.size;
      for (const item of v) stack.push(item);
    } else {
      const keys = Object.keys(v);
      // Objects with many keys (names → state) are hash tables: about twice the slots.
      bytes += 24 + (keys.length > 16 ? 24 : 8) * keys.length;
      for (const key of keys) stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return Math.round(bytes * CALIBRATION);
}
