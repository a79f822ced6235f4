import type { TraceEvent } from '../engine';

/** Events per chunk: appending never copies more than one chunk, dropping frees one. */
export const EVENT_LOG_CHUNK = 4096;
/**
 * Most events held (128 chunks). A 10-minute run of the seek bench has ~208,000 events and
 * fits whole; a run longer than this keeps its latest events, and says so (`firstIndex`).
 * Full chunks are held packed (`SealedChunk`): ~10.6 bytes an event on the UI bench (8
 * brokers, 32 partitions, which fills it; ~36 in plain columns before), nearly all in array
 * buffers (outside the JS heap's own count), so the log stays near ~6 MiB however long a run
 * is (plus ~140 KiB for the chunk being filled, in plain columns).
 */
export const EVENT_LOG_CAPACITY = 128 * EVENT_LOG_CHUNK;

/**
 * Every trace event of the run so far, by index, for the event list's search. Read-only to
 * views: a prefix never changes except when the run forks (a user's action in the past),
 * which `forks` counts and `replacedFrom` locates, so a view's derived index knows what to
 * drop.
 */
export interface EventLog {
  /** Events recorded (indices below this). May be ahead of the run being shown. */
  readonly length: number;
  /** The oldest index still held; above 0 only once a run outgrew `EVENT_LOG_CAPACITY`. */
  readonly firstIndex: number;
  /**
   * Cheap in order, forwards or backwards (a packed chunk's events are decoded a block of 64
   * at a time), ~1 µs out of order. Read-only: an event read again may be the same object.
   */
  at(index: number): TraceEvent | undefined;
  /** How many times events from some index on were replaced. */
  readonly forks: number;
  /** The lowest index replaced by forks after the first `seenForks` (Infinity: none). */
  replacedFrom(seenForks: number): number;
}

export interface WritableEventLog extends EventLog {
  /**
   * Records a step's events, the first at `firstIndex`. The main run and the indexer both
   * record into one log; whichever reaches an index first writes it (the run is
   * deterministic, so the other's copy is the same event). A gap is not recorded.
   */
  record(firstIndex: number, events: readonly TraceEvent[]): void;
  /** Drops events from `length` on: the run forked there and they will be recorded anew. */
  truncate(length: number): void;
}

/**
 * How a field is held: a whole number (int32) in `ints`; a string by its number in the log's
 * string table; true/false as 1/0; null and undefined by the kind alone; `atMs` (every event
 * has one, rarely whole) in its own float column; any other number (a fraction, -0, beyond
 * int32) and anything else (a list) in the chunk's `others` by position.
 */
const enum Kind {
  Int,
  Text,
  Bool,
  Null,
  Undefined,
  Time,
  Other,
  /** The event's `type`, the same for every event of a shape: held by the shape. */
  Type,
  /** A number not an int32: in `others` while open, packed inline once sealed. */
  Number,
}

/** Events of one type with the same keys in the same order and the same kinds of value. */
interface Shape {
  readonly type: string;
  readonly keys: readonly string[];
  readonly kinds: readonly Kind[];
  /** The kinds of the values it keeps in `ints` (all but Null, Undefined, Time and Type). */
  readonly slotKinds: readonly Kind[];
  /** Whether it has a time (`atMs`, a number). */
  readonly timed: boolean;
  /** Whether a value is a Number (packed in 1–3 varints or 9 bytes, not one varint). */
  readonly numbers: boolean;
}

/**
 * The chunk being filled, columnar: an event is its shape, its time and a few int32s
 * (~35 bytes) instead of an object with a boxed time in an array (~57 bytes in a browser's
 * heap, ~99 in Node's). Events are built again, equal, when read.
 */
interface OpenChunk {
  readonly sealed: false;
  count: number;
  /** Each event's shape; `WHOLE`: the event object itself, in `others`. */
  readonly shapes: Uint16Array;
  readonly times: Float64Array;
  /** Where each event's values start in `ints`; entry `count` is where the next one's do. */
  readonly starts: Uint32Array;
  ints: Int32Array;
  others: unknown[];
}

/**
 * A full chunk, packed (~10.6 bytes an event instead of ~36): each event in `bytes` as
 * varints (7 bits a byte, low first),
 *
 *   header = shape·2 + (time differs from the previous event's ? 1 : 0)  (1 byte below 64
 *     shapes, 2 below 8,192, 3 for `WHOLE`)
 *   [the time, packed (`ByteWriter.number`) near the previous one]
 *   each value of `slotKinds`: an Int zig-zagged, a Text's string number, a Bool's 0/1, an
 *   Other's position in `others`; a Number packed near the event's time.
 *
 * No per-event index: events are found from the start of their block of `BLOCK` (its byte
 * position and the time its first event has), so reaching one walks past at most 63 others.
 * `BlockCache` keeps the events of the block read last, decoded: reading in order decodes
 * each event once.
 */
interface SealedChunk {
  readonly sealed: true;
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly blocks: Uint32Array;
  readonly blockTimes: Float64Array;
  /** Only the Other values (lists, objects) and whole events, by their number in `bytes`. */
  readonly others: readonly unknown[];
}

type Chunk = OpenChunk | SealedChunk;

/** Events per block of a sealed chunk: the most `at` decodes to reach one is `BLOCK - 1`. */
const BLOCK = 64;
/** The shape of an event kept whole (past 65,535 shapes, which no run comes near). */
const WHOLE = 0xffff;
const WHOLE_SHAPE: Shape = {
  type: '',
  keys: [],
  kinds: [],
  slotKinds: [Kind.Other],
  timed: false,
  numbers: false,
};
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const TWO_32 = 2 ** 32;

function kindOf(key: string, value: unknown): Kind {
  if (key === 'type' && typeof value === 'string') return Kind.Type;
  if (typeof value === 'number') {
    if (key === 'atMs') return Kind.Time;
    const whole = Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX;
    return whole && !Object.is(value, -0) ? Kind.Int : Kind.Number;
  }
  if (typeof value === 'string') return Kind.Text;
  if (typeof value === 'boolean') return Kind.Bool;
  if (value === undefined) return Kind.Undefined;
  return value === null ? Kind.Null : Kind.Other;
}

function newChunk(): OpenChunk {
  return {
    sealed: false,
    count: 0,
    shapes: new Uint16Array(EVENT_LOG_CHUNK),
    times: new Float64Array(EVENT_LOG_CHUNK),
    starts: new Uint32Array(EVENT_LOG_CHUNK + 1),
    ints: new Int32Array(EVENT_LOG_CHUNK * 4),
    others: [],
  };
}

// ---- Packing numbers -------------------------------------------------------------------
//
// Times are sums of fractional milliseconds (276344.41599999997): a time is held as its whole
// number of microseconds K (a varint, as the difference from a nearby K) and, when K/1000 is
// not exactly it, how many units in the last place it is off (its bit pattern minus that of
// K/1000, a varint). Anything else (-0, NaN, far away, no microsecond near) is held as its 8
// bytes. Every number comes back bit for bit.

/** Scratch for a float's bits: `bits[LO]`, `bits[HI]` are its low and high 32 bits. */
const float = new Float64Array(1);
const bits = new Uint32Array(float.buffer);
const floatBytes = new Uint8Array(float.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;
/** Number modes, the low 2 bits of its tag (the rest: K's difference, zig-zagged). */
const EXACT = 0;
const NEAR = 1;
const RAW = 2;
/** The largest K difference and units-in-the-last-place offset packed (tags stay < 2^32). */
const MAX_K_STEP = 2 ** 29;
const MAX_ULPS = 2 ** 20;

/** The number's whole microseconds, if a safe integer; else 0 (any agreed value would do). */
function microsOf(x: number): number {
  const k = Math.round(x * 1000);
  return Number.isSafeInteger(k) ? k + 0 : 0;
}

const zigzag = (v: number): number => ((v << 1) ^ (v >> 31)) >>> 0;
const unzigzag = (u: number): number => (u >>> 1) ^ -(u & 1);

/** `x`'s bit pattern minus `q`'s (exact when small, which is all it is used for). */
function ulpsBetween(x: number, q: number): number {
  float[0] = x;
  const hx = bits[HI];
  const lx = bits[LO];
  float[0] = q;
  return (hx - bits[HI]) * TWO_32 + (lx - bits[LO]);
}

/** The number whose bit pattern is `q`'s plus `ulps` (|ulps| < 2^32). */
function addUlps(q: number, ulps: number): number {
  float[0] = q;
  let lo = bits[LO] + ulps;
  let hi = bits[HI];
  if (lo < 0) {
    lo += TWO_32;
    hi -= 1;
  } else if (lo >= TWO_32) {
    lo -= TWO_32;
    hi += 1;
  }
  bits[LO] = lo;
  bits[HI] = hi;
  return float[0];
}

/** A growing byte buffer the log packs chunks into (one per log, reused). */
class ByteWriter {
  bytes = new Uint8Array(EVENT_LOG_CHUNK * 16);
  pos = 0;

  /** Makes room for `n` more bytes: `uint` and `number` do not check. */
  room(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.pos + n));
    grown.set(this.bytes);
    this.bytes = grown;
  }

  /** 0 ≤ n < 2^32, in 1–5 bytes, 7 bits each, low first. */
  uint(n: number): void {
    while (n >= 128) {
      this.bytes[this.pos++] = (n & 127) | 128;
      n >>>= 7;
    }
    this.bytes[this.pos++] = n;
  }

  /** `x` near the number whose microseconds are `refK`; returns x's (`microsOf`). */
  number(x: number, refK: number): number {
    const k = microsOf(x);
    const step = k - refK;
    if (step > -MAX_K_STEP && step < MAX_K_STEP) {
      const ulps = ulpsBetween(x, k / 1000);
      if (ulps === 0) {
        this.uint(zigzag(step) * 4 + EXACT);
        return k;
      }
      if (ulps > -MAX_ULPS && ulps < MAX_ULPS) {
        this.uint(zigzag(step) * 4 + NEAR);
        this.uint(zigzag(ulps));
        return k;
      }
    }
    this.uint(RAW);
    float[0] = x;
    this.bytes.set(floatBytes, this.pos);
    this.pos += 8;
    return k;
  }
}

// The reader's cursor: the bytes being read and where. Module state, as reads never nest.
let input: Uint8Array = new Uint8Array(0);
let pos = 0;
/** The microseconds of the number `readNumber` read last. */
let lastK = 0;

function readUint(): number {
  let b = input[pos++];
  if (b < 128) return b;
  let v = b & 127;
  b = input[pos++];
  v |= (b & 127) << 7;
  if (b < 128) return v;
  b = input[pos++];
  v |= (b & 127) << 14;
  if (b < 128) return v;
  b = input[pos++];
  v |= (b & 127) << 21;
  if (b < 128) return v;
  return v + input[pos++] * 2 ** 28;
}

function readNumber(refK: number): number {
  const tag = readUint();
  const mode = tag & 3;
  if (mode === RAW) {
    for (let b = 0; b < 8; b++) floatBytes[b] = input[pos++];
    const x = float[0];
    lastK = microsOf(x);
    return x;
  }
  const k = refK + unzigzag(tag >>> 2);
  lastK = k;
  return mode === EXACT ? k / 1000 : addUlps(k / 1000, unzigzag(readUint()));
}

/** Events of one sealed block, decoded: the next `at` most often wants one of them. */
interface BlockCache {
  chunk: SealedChunk | null;
  block: number;
  /** The events decoded: `events[from]` … `events[to]` (block-relative). */
  from: number;
  to: number;
  readonly events: TraceEvent[];
  /** The event read last (chunk-relative), to tell reading in order from a random read. */
  lastChunk: SealedChunk | null;
  lastIndex: number;
}

export function createEventLog(capacity = EVENT_LOG_CAPACITY): WritableEventLog {
  const chunkCount = Math.max(1, Math.floor(capacity / EVENT_LOG_CHUNK));
  // chunks[j] holds indices base + j·CHUNK … base + (j+1)·CHUNK − 1; only the last is open.
  let chunks: Chunk[] = [];
  /** The last chunk, when open and not full. */
  let tail: OpenChunk | null = null;
  /** The columns of the chunk sealed last, for the next one. */
  let spare: OpenChunk | null = null;
  let base = 0;
  let length = 0;
  const truncations: number[] = [];
  // Shared by every chunk: shapes by "keys kinds", strings by their number.
  const shapes: Shape[] = [];
  const shapeIds = new Map<string, number>();
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const writer = new ByteWriter();
  const cache: BlockCache = {
    chunk: null,
    block: 0,
    from: 0,
    to: -1,
    events: [],
    lastChunk: null,
    lastIndex: -1,
  };

  /** Per type, the shape its last event had: the next one's, nearly always. */
  const lastShapes = new Map<string, number>();
  const fits = (
    shape: Shape,
    keys: readonly string[],
    event: Readonly<Record<string, unknown>>,
  ) => {
    if (keys.length !== shape.keys.length) return false;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (key !== shape.keys[k] || kindOf(key, event[key]) !== shape.kinds[k]) return false;
    }
    return true;
  };
  const shapeOf = (event: Readonly<Record<string, unknown>>): number => {
    const keys = Object.keys(event);
    const type = typeof event.type === 'string' ? event.type : '';
    const last = lastShapes.get(type);
    if (last !== undefined && fits(shapes[last], keys, event)) return last;
    const kinds = keys.map((k) => kindOf(k, event[k]));
    const id = `${type} ${keys.join(',')} ${kinds.join(',')}`;
    let shape = shapeIds.get(id);
    if (shape === undefined) {
      if (shapes.length === WHOLE) return WHOLE;
      shape = shapes.length;
      const inline = [Kind.Null, Kind.Undefined, Kind.Time, Kind.Type];
      const slotKinds = kinds.filter((k) => !inline.includes(k));
      const timed = kinds.includes(Kind.Time);
      shapes.push({ type, keys, kinds, slotKinds, timed, numbers: kinds.includes(Kind.Number) });
      shapeIds.set(id, shape);
    }
    lastShapes.set(type, shape);
    return shape;
  };
  const stringId = (text: string): number => {
    let id = stringIds.get(text);
    if (id === undefined) {
      id = strings.length;
      strings.push(text);
      stringIds.set(text, id);
    }
    return id;
  };
  const shapeById = (id: number): Shape => (id === WHOLE ? WHOLE_SHAPE : shapes[id]);

  const seal = (chunk: OpenChunk): SealedChunk => {
    const blocks = new Uint32Array(Math.ceil(chunk.count / BLOCK));
    const blockTimes = new Float64Array(blocks.length);
    const others: unknown[] = [];
    writer.pos = 0;
    let time = 0;
    let timeK = 0;
    for (let i = 0; i < chunk.count; i++) {
      const id = chunk.shapes[i];
      const shape = shapeById(id);
      if (i % BLOCK === 0) {
        time = shape.timed ? chunk.times[i] : 0;
        timeK = microsOf(time);
        blocks[i / BLOCK] = writer.pos;
        blockTimes[i / BLOCK] = time;
      }
      const changed = shape.timed && !Object.is(chunk.times[i], time);
      // A header, a time and the values: 5 bytes for a varint, 10 for a number at most.
      writer.room(15 + 10 * shape.slotKinds.length);
      writer.uint(id * 2 + (changed ? 1 : 0));
      if (changed) {
        time = chunk.times[i];
        timeK = writer.number(time, timeK);
      }
      let at = chunk.starts[i];
      for (let k = 0; k < shape.slotKinds.length; k++) {
        const kind = shape.slotKinds[k];
        const value = chunk.ints[at++];
        if (kind === Kind.Int) writer.uint(zigzag(value));
        else if (kind === Kind.Number) writer.number(chunk.others[value] as number, timeK);
        else if (kind === Kind.Other) {
          writer.uint(others.length);
          others.push(chunk.others[value]);
        } else writer.uint(value); // Text, Bool
      }
    }
    const bytes = writer.bytes.slice(0, writer.pos);
    return { sealed: true, count: chunk.count, bytes, blocks, blockTimes, others };
  };

  const append = (event: TraceEvent): void => {
    let chunk = tail;
    if (chunk === null) {
      if (chunks.length === chunkCount) {
        chunks.shift();
        base += EVENT_LOG_CHUNK;
      }
      chunk = spare ?? newChunk();
      spare = null;
      chunk.count = 0;
      chunk.others = [];
      chunks.push(chunk);
      tail = chunk;
    }
    const record = event as unknown as Readonly<Record<string, unknown>>;
    const id = shapeOf(record);
    const shape = shapeById(id);
    const i = chunk.count;
    let at = chunk.starts[i];
    if (at + shape.slotKinds.length > chunk.ints.length) {
      const grown = new Int32Array(Math.max(chunk.ints.length * 2, at + shape.slotKinds.length));
      grown.set(chunk.ints);
      chunk.ints = grown;
    }
    chunk.shapes[i] = id;
    if (id === WHOLE) {
      chunk.ints[at++] = chunk.others.length;
      chunk.others.push(event);
    }
    for (let k = 0; k < shape.keys.length; k++) {
      const value = record[shape.keys[k]];
      switch (shape.kinds[k]) {
        case Kind.Time:
          chunk.times[i] = value as number;
          break;
        case Kind.Int:
          chunk.ints[at++] = value as number;
          break;
        case Kind.Text:
          chunk.ints[at++] = stringId(value as string);
          break;
        case Kind.Bool:
          chunk.ints[at++] = value ? 1 : 0;
          break;
        case Kind.Other:
        case Kind.Number:
          chunk.ints[at++] = chunk.others.length;
          chunk.others.push(value);
          break;
        case Kind.Null:
        case Kind.Undefined:
        case Kind.Type:
          break;
      }
    }
    chunk.starts[i + 1] = at;
    chunk.count++;
    length++;
    if (chunk.count === EVENT_LOG_CHUNK) {
      chunks[chunks.length - 1] = seal(chunk);
      tail = null;
      spare = chunk;
    }
  };

  const readOpen = (chunk: OpenChunk, i: number): TraceEvent => {
    let at = chunk.starts[i];
    if (chunk.shapes[i] === WHOLE) return chunk.others[chunk.ints[at]] as TraceEvent;
    const shape = shapes[chunk.shapes[i]];
    const { keys, kinds } = shape;
    const event: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      switch (kinds[k]) {
        case Kind.Time:
          event[keys[k]] = chunk.times[i];
          break;
        case Kind.Int:
          event[keys[k]] = chunk.ints[at++];
          break;
        case Kind.Text:
          event[keys[k]] = strings[chunk.ints[at++]];
          break;
        case Kind.Bool:
          event[keys[k]] = chunk.ints[at++] === 1;
          break;
        case Kind.Null:
          event[keys[k]] = null;
          break;
        case Kind.Undefined:
          event[keys[k]] = undefined;
          break;
        case Kind.Other:
        case Kind.Number:
          event[keys[k]] = chunk.others[chunk.ints[at++]];
          break;
        case Kind.Type:
          event[keys[k]] = shape.type;
          break;
      }
    }
    return event as unknown as TraceEvent;
  };

  /**
   * Decodes events `from` … `to` of block `block` of `chunk` into `cache`, walking past the
   * values of those before them.
   */
  const fillCache = (chunk: SealedChunk, block: number, from: number, to: number): void => {
    const bytes = chunk.bytes;
    input = bytes;
    let at = chunk.blocks[block];
    let time = chunk.blockTimes[block];
    let timeK = microsOf(time);
    const events = cache.events;
    for (let j = 0; j <= to; j++) {
      let header = bytes[at++];
      if (header >= 128) {
        pos = at - 1;
        header = readUint();
        at = pos;
      }
      const id = header >>> 1;
      if ((header & 1) === 1) {
        // `readNumber`, its common cases inline.
        let tag = bytes[at++];
        if (tag >= 128) {
          tag = (tag & 127) | (bytes[at++] << 7);
          if (tag >= 16384) {
            pos = at - 2;
            tag = readUint();
            at = pos;
          }
        }
        const mode = tag & 3;
        if (mode === EXACT) {
          timeK += unzigzag(tag >>> 2);
          time = timeK / 1000;
        } else if (mode === NEAR) {
          timeK += unzigzag(tag >>> 2);
          let ulps = bytes[at++];
          if (ulps >= 128) {
            pos = at - 1;
            ulps = readUint();
            at = pos;
          }
          time = addUlps(timeK / 1000, unzigzag(ulps));
        } else {
          pos = at - 1;
          time = readNumber(timeK);
          at = pos;
          timeK = lastK;
        }
      }
      if (j < from) {
        const { slotKinds, numbers } = shapeById(id);
        if (!numbers) {
          // One varint each: count the bytes that end one.
          for (let left = slotKinds.length; left > 0;) if (bytes[at++] < 128) left--;
          continue;
        }
        for (let k = 0; k < slotKinds.length; k++) {
          if (slotKinds[k] !== Kind.Number) {
            while (bytes[at++] >= 128);
            continue;
          }
          pos = at;
          const mode = readUint() & 3;
          at = pos;
          if (mode === NEAR) while (bytes[at++] >= 128);
          else if (mode === RAW) at += 8;
        }
        continue;
      }
      if (id === WHOLE) {
        pos = at;
        events[j] = chunk.others[readUint()] as TraceEvent;
        at = pos;
        continue;
      }
      const shape = shapes[id];
      const { keys, kinds } = shape;
      const event: Record<string, unknown> = {};
      for (let k = 0; k < keys.length; k++) {
        const kind = kinds[k];
        if (kind === Kind.Time) event[keys[k]] = time;
        else if (kind === Kind.Type) event[keys[k]] = shape.type;
        else if (kind === Kind.Number) {
          pos = at;
          event[keys[k]] = readNumber(timeK);
          at = pos;
        } else if (kind === Kind.Null) event[keys[k]] = null;
        else if (kind === Kind.Undefined) event[keys[k]] = undefined;
        else {
          // Int, Text, Bool, Other: one varint, most often one byte.
          let u = bytes[at++];
          if (u >= 128) {
            pos = at - 1;
            u = readUint();
            at = pos;
          }
          if (kind === Kind.Int) event[keys[k]] = (u >>> 1) ^ -(u & 1);
          else if (kind === Kind.Text) event[keys[k]] = strings[u];
          else if (kind === Kind.Bool) event[keys[k]] = u === 1;
          else event[keys[k]] = chunk.others[u];
        }
      }
      events[j] = event as unknown as TraceEvent;
    }
    cache.chunk = chunk;
    cache.block = block;
    cache.from = from;
    cache.to = to;
  };

  /**
   * Event `i` of `chunk`: read next to the one read before (in order, either way), its whole
   * block is decoded for the next reads; else only it is.
   */
  const readSealed = (chunk: SealedChunk, i: number): TraceEvent => {
    const block = Math.floor(i / BLOCK);
    const j = i - block * BLOCK;
    if (cache.chunk !== chunk || cache.block !== block || j < cache.from || j > cache.to) {
      if (chunk === cache.lastChunk && Math.abs(i - cache.lastIndex) === 1) {
        fillCache(chunk, block, 0, Math.min(BLOCK, chunk.count - block * BLOCK) - 1);
      } else fillCache(chunk, block, j, j);
    }
    cache.lastChunk = chunk;
    cache.lastIndex = i;
    return cache.events[j];
  };

  return {
    get length() {
      return length;
    },
    get firstIndex() {
      return base;
    },
    get forks() {
      return truncations.length;
    },
    at(index) {
      if (index < base || index >= length) return undefined;
      const offset = index - base;
      const chunk = chunks[Math.floor(offset / EVENT_LOG_CHUNK)];
      const i = offset % EVENT_LOG_CHUNK;
      return chunk.sealed ? readSealed(chunk, i) : readOpen(chunk, i);
    },
    replacedFrom(seenForks) {
      let from = Infinity;
      for (let i = seenForks; i < truncations.length; i++) from = Math.min(from, truncations[i]);
      return from;
    },
    record(firstIndex, events) {
      if (firstIndex > length) return;
      for (let i = length - firstIndex; i < events.length; i++) append(events[i]);
    },
    truncate(to) {
      if (to >= length) return;
      truncations.push(to);
      length = to;
      // The open chunk's columns, if it goes, serve the next one.
      if (tail !== null) spare ??= tail;
      if (to <= base) {
        chunks = [];
        tail = null;
        cache.chunk = null;
        cache.lastChunk = null;
        base = to;
        return;
      }
      const offset = to - base;
      const keep = Math.ceil(offset / EVENT_LOG_CHUNK);
      chunks.length = keep;
      const last = chunks[keep - 1];
      const count = offset - (keep - 1) * EVENT_LOG_CHUNK;
      if (!last.sealed) {
        // The dropped events' values stay in the chunk until overwritten (`others` too).
        last.count = count;
        tail = last;
        if (spare === last) spare = null;
      } else if (count === EVENT_LOG_CHUNK) {
        tail = null;
      } else {
        // Into a sealed chunk: its kept events are recorded again into an open one.
        chunks.length = keep - 1;
        tail = null;
        length = to - count;
        for (let i = 0; i < count; i++) append(readSealed(last, i));
      }
      cache.chunk = null;
      cache.lastChunk = null;
    },
  };
}
