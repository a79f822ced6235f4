import type { TraceEvent } from '../engine';

/** Events per chunk: appending never copies more than one chunk, dropping frees one. */
export const EVENT_LOG_CHUNK = 4096;
/**
 * Most events held (128 chunks). A 10-minute run of the seek bench has ~208,000 events and
 * fits whole; a run longer than this keeps its latest events, and says so (`firstIndex`).
 * Held in columns (`Chunk`), an event costs ~35–40 bytes (typed arrays: array-buffer memory,
 * outside the JS heap's own count), so the log stays under ~20 MiB however long a run is.
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
 * has one, rarely whole) in its own float column; anything else (a fraction, a list) in the
 * chunk's `others` by position.
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
}

/** Events of one type with the same keys in the same order and the same kinds of value. */
interface Shape {
  readonly type: string;
  readonly keys: readonly string[];
  readonly kinds: readonly Kind[];
  /** Values it keeps in `ints` (all but Null, Undefined, Time and Type). */
  readonly slots: number;
}

/**
 * `EVENT_LOG_CHUNK` events, columnar: an event is its shape, its time and a few int32s
 * (~34 bytes) instead of an object with a boxed time in an array (~57 bytes in a browser's
 * heap, ~99 in Node's). Events are built again, equal, when read.
 */
interface Chunk {
  count: number;
  /** Each event's shape; `WHOLE`: the event object itself, in `others`. */
  readonly shapes: Uint16Array;
  readonly times: Float64Array;
  /** Where each event's values start in `ints`; entry `count` is where the next one's do. */
  readonly starts: Uint32Array;
  ints: Int32Array;
  others: unknown[];
}

/** The shape of an event kept whole (past 65,535 shapes, which no run comes near). */
const WHOLE = 0xffff;
const WHOLE_SHAPE: Shape = { type: '', keys: [], kinds: [], slots: 1 };
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function kindOf(key: string, value: unknown): Kind {
  if (key === 'type' && typeof value === 'string') return Kind.Type;
  if (typeof value === 'number') {
    if (key === 'atMs') return Kind.Time;
    const whole = Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX;
    return whole && !Object.is(value, -0) ? Kind.Int : Kind.Other;
  }
  if (typeof value === 'string') return Kind.Text;
  if (typeof value === 'boolean') return Kind.Bool;
  if (value === undefined) return Kind.Undefined;
  return value === null ? Kind.Null : Kind.Other;
}

function newChunk(): Chunk {
  return {
    count: 0,
    shapes: new Uint16Array(EVENT_LOG_CHUNK),
    times: new Float64Array(EVENT_LOG_CHUNK),
    starts: new Uint32Array(EVENT_LOG_CHUNK + 1),
    ints: new Int32Array(EVENT_LOG_CHUNK * 4),
    others: [],
  };
}

export function createEventLog(capacity = EVENT_LOG_CAPACITY): WritableEventLog {
  const chunkCount = Math.max(1, Math.floor(capacity / EVENT_LOG_CHUNK));
  // chunks[j] holds indices base + j·CHUNK … base + (j+1)·CHUNK − 1.
  let chunks: Chunk[] = [];
  let base = 0;
  let length = 0;
  const truncations: number[] = [];
  // Shared by every chunk: shapes by "keys kinds", strings by their number.
  const shapes: Shape[] = [];
  const shapeIds = new Map<string, number>();
  const strings: string[] = [];
  const stringIds = new Map<string, number>();

  const shapeOf = (event: Readonly<Record<string, unknown>>): number => {
    const keys = Object.keys(event);
    const kinds = keys.map((k) => kindOf(k, event[k]));
    const type = typeof event.type === 'string' ? event.type : '';
    const id = `${type} ${keys.join(',')} ${kinds.join(',')}`;
    let shape = shapeIds.get(id);
    if (shape === undefined) {
      if (shapes.length === WHOLE) return WHOLE;
      shape = shapes.length;
      const inline = [Kind.Null, Kind.Undefined, Kind.Time, Kind.Type];
      const slots = kinds.filter((k) => !inline.includes(k)).length;
      shapes.push({ type, keys, kinds, slots });
      shapeIds.set(id, shape);
    }
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
  const append = (event: TraceEvent): void => {
    let chunk = chunks[chunks.length - 1];
    if (chunk === undefined || chunk.count === EVENT_LOG_CHUNK) {
      if (chunk !== undefined) chunk.ints = chunk.ints.slice(0, chunk.starts[chunk.count]);
      if (chunks.length === chunkCount) {
        chunks.shift();
        base += EVENT_LOG_CHUNK;
      }
      chunk = newChunk();
      chunks.push(chunk);
    }
    const record = event as unknown as Readonly<Record<string, unknown>>;
    const id = shapeOf(record);
    const shape = id === WHOLE ? WHOLE_SHAPE : shapes[id];
    const i = chunk.count;
    let at = chunk.starts[i];
    if (at + shape.slots > chunk.ints.length) {
      const grown = new Int32Array(Math.max(chunk.ints.length * 2, at + shape.slots));
      grown.set(chunk.ints);
      chunk.ints = grown;
    }
    chunk.shapes[i] = id;
    if (id === WHOLE) {
      chunk.ints[at++] = chunk.others.length;
      chunk.others.push(event);
    }
    shape.keys.forEach((key, k) => {
      const value = record[key];
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
          chunk.ints[at++] = chunk.others.length;
          chunk.others.push(value);
          break;
        case Kind.Null:
        case Kind.Undefined:
        case Kind.Type:
          break;
      }
    });
    chunk.starts[i + 1] = at;
    chunk.count++;
    length++;
  };
  const read = (chunk: Chunk, i: number): TraceEvent => {
    let at = chunk.starts[i];
    if (chunk.shapes[i] === WHOLE) return chunk.others[chunk.ints[at]] as TraceEvent;
    const shape = shapes[chunk.shapes[i]];
    const event: Record<string, unknown> = {};
    shape.keys.forEach((key, k) => {
      switch (shape.kinds[k]) {
        case Kind.Time:
          event[key] = chunk.times[i];
          break;
        case Kind.Int:
          event[key] = chunk.ints[at++];
          break;
        case Kind.Text:
          event[key] = strings[chunk.ints[at++]];
          break;
        case Kind.Bool:
          event[key] = chunk.ints[at++] === 1;
          break;
        case Kind.Null:
          event[key] = null;
          break;
        case Kind.Undefined:
          event[key] = undefined;
          break;
        case Kind.Other:
          event[key] = chunk.others[chunk.ints[at++]];
          break;
        case Kind.Type:
          event[key] = shape.type;
          break;
      }
    });
    return event as unknown as TraceEvent;
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
      return read(chunks[Math.floor(offset / EVENT_LOG_CHUNK)], offset % EVENT_LOG_CHUNK);
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
      if (to <= base) {
        chunks = [];
        base = to;
        return;
      }
      const offset = to - base;
      const keep = Math.ceil(offset / EVENT_LOG_CHUNK);
      chunks.length = keep;
      // The dropped events' values stay in the chunk until overwritten (`others` too).
      chunks[keep - 1].count = offset - (keep - 1) * EVENT_LOG_CHUNK;
    },
  };
}
