/**
 * The engine's one source of randomness: a seeded mulberry32 generator whose whole
 * state is a single uint32 held in the world. Mulberry32 (Tommy Ettinger, public domain)
 * uses only 32-bit integer arithmetic (`Math.imul`, shifts), so every JavaScript engine
 * produces the same sequence for the same seed: the basis of replayable runs.
 */
export interface RngState {
  /** The generator's 32-bit state, as an unsigned integer. */
  state: number;
}

/** A generator seeded from any integer seed (negative and large seeds are folded to 32 bits). */
export function createRng(seed: number): RngState {
  return { state: seedToState(seed) };
}

function seedToState(seed: number): number {
  // Fold seeds beyond 32 bits instead of silently truncating them, so 2^32 + 1 ≠ 1.
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  return (low ^ Math.imul(high, 0x9e3779b9)) >>> 0;
}

/** The next 32-bit unsigned integer; advances the state. */
export function nextUint32(rng: RngState): number {
  rng.state = (rng.state + 0x6d2b79f5) >>> 0;
  let t = rng.state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** A float in [0, 1), exactly k / 2^32, so it is the same in every engine. */
export function nextFloat(rng: RngState): number {
  return nextUint32(rng) / 4294967296;
}

/** An integer in [0, bound). `bound` must be a positive integer. */
export function nextInt(rng: RngState, bound: number): number {
  return Math.floor(nextFloat(rng) * bound);
}
