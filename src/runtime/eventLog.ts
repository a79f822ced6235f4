import type { TraceEvent } from '../engine';

/** Events per chunk: appending never copies more than one chunk, dropping frees one. */
export const EVENT_LOG_CHUNK = 4096;
/**
 * Most events held (128 chunks). A 10-minute run of the seek bench has ~208,000 events and
 * fits whole; a run longer than this keeps its latest events, and says so (`firstIndex`).
 * Each held event costs about 99 bytes of heap (scripts/benchEventSearch.ts), so the log
 * stays under ~50 MiB however long a run is.
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

export function createEventLog(capacity = EVENT_LOG_CAPACITY): WritableEventLog {
  const chunkCount = Math.max(1, Math.floor(capacity / EVENT_LOG_CHUNK));
  // chunks[j] holds indices base + j·CHUNK … base + (j+1)·CHUNK − 1.
  let chunks: TraceEvent[][] = [];
  let base = 0;
  let length = 0;
  const truncations: number[] = [];
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
      return chunks[Math.floor(offset / EVENT_LOG_CHUNK)][offset % EVENT_LOG_CHUNK];
    },
    replacedFrom(seenForks) {
      let from = Infinity;
      for (let i = seenForks; i < truncations.length; i++) from = Math.min(from, truncations[i]);
      return from;
    },
    record(firstIndex, events) {
      if (firstIndex > length) return;
      for (let i = length - firstIndex; i < events.length; i++) {
        let last = chunks[chunks.length - 1];
        if (last === undefined || last.length === EVENT_LOG_CHUNK) {
          if (chunks.length === chunkCount) {
            chunks.shift();
            base += EVENT_LOG_CHUNK;
          }
          last = [];
          chunks.push(last);
        }
        last.push(events[i]);
        length++;
      }
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
      chunks[keep - 1].length = offset - (keep - 1) * EVENT_LOG_CHUNK;
    },
  };
}
