/**
 * The engine's one source of randomness: seeded mulberry32 generators whose whole state is a
 * single uint32 each, held in the world. Mulberry32 (Tommy Ettinger, public domain) uses only
 * 32-bit integer arithmetic (`Math.imul`, shifts), so every JavaScript engine produces the
 * same sequence for the same seed: the basis of replayable runs.
 */
export interface RngState {
  /** The generator's 32-bit state, as an unsigned integer. */
  state: number;
}

/** A generator seeded from any integer seed (negative and large seeds are folded to 32 bits). */
export function createRng(seed: number): RngState {
  return { state: seedToState(seed) };
}

/**
 * The subsystems that draw random numbers, each from its own stream (see `createRngStreams`).
 * A new subsystem gets a new name here rather than drawing from an existing stream, so the
 * runs that exist today stay exactly as they are.
 */
export const RNG_STREAM_NAMES = ['network', 'placement', 'partitioner', 'keys'] as const;

export type RngStreamName = (typeof RNG_STREAM_NAMES)[number];

/**
 * One generator per subsystem, all derived from the scenario seed:
 * - `network`: the jitter of every message's delay;
 * - `placement`: Kafka's random start and shift when replicas are placed;
 * - `partitioner`: the partitioners' random choices (sticky partitions, legacy's first counter);
 * - `keys`: a producer's random pick from its key list.
 */
export type RngStreams = Record<RngStreamName, RngState>;

/**
 * Seeds each subsystem apart, as TigerBeetle's VOPR seeds cluster, network and storage apart:
 * a feature that adds network messages (more jitter draws) then leaves replica placement,
 * partition choice and key choice as they were, instead of reshuffling every later draw.
 */
export function createRngStreams(seed: number): RngStreams {
  const streams: Partial<RngStreams> = {};
  for (const name of RNG_STREAM_NAMES) streams[name] = createStreamRng(seed, name);
  return streams as RngStreams;
}

/**
 * A named stream's generator: `fmix32(fold(seed) ^ fmix32(fnv1a(name)))`, where fold is
 * `createRng`'s 64→32-bit fold, fnv1a the 32-bit FNV-1a hash of the name's UTF-16 code units
 * and fmix32 MurmurHash3's finaliser (a bijection that spreads every input bit over the
 * output). Different names give different states for the same seed, and the derivation is
 * the same in every JavaScript engine.
 */
export function createStreamRng(seed: number, name: string): RngState {
  return { state: fmix32(seedToState(seed) ^ fmix32(fnv1a32(name))) };
}

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function seedToState(seed: number): number {
  // Fold seeds beyond 32 bits instead of silently truncating them, so 2^32 + 1 ≠ 1.
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  return (low ^ Math.imul(high, 0x9e3779b9)) >>> 0;
}

/** The next 32-bit unsigned integer; advances the state. */
export function nextUint32(rng: RngState): number {
  return nextInt32(rng) >>> 0;
}

/**
 * The next output as a signed 32-bit integer (the same 32 bits as {@link nextUint32}). A caller
 * that makes it unsigned itself gets a small integer back, never a number V8 must box in a
 * fresh heap object (as it boxes a uint32 above 2^31, or a fraction, returned from a function
 * it did not inline: one allocation per key drawn in a rate tick).
 */
function nextInt32(rng: RngState): number {
  rng.state = (rng.state + 0x6d2b79f5) >>> 0;
  let t = rng.state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return t ^ (t >>> 14);
}

/** A float in [0, 1), exactly k / 2^32, so it is the same in every engine. */
export function nextFloat(rng: RngState): number {
  return (nextInt32(rng) >>> 0) / 4294967296;
}

/** An integer in [0, bound). `bound` must be a positive integer. */
export function nextInt(rng: RngState, bound: number): number {
  return Math.floor(((nextInt32(rng) >>> 0) / 4294967296) * bound);
}
