import type { TraceEvent } from '../engine';

/** A trace event with its index in the run's trace (0-based), a stable key for lists. */
export interface EventEntry {
  readonly index: number;
  readonly event: TraceEvent;
}

/**
 * The last `capacity` trace events, for the event list. Pushing is O(1) and allocation-free;
 * `latestFirst` copies at most `capacity` entries and is called once per published frame.
 */
export interface EventRing {
  readonly capacity: number;
  push(entry: EventEntry): void;
  clear(): void;
  latestFirst(): EventEntry[];
}

export function createEventRing(capacity: number): EventRing {
  const slots: (EventEntry | undefined)[] = new Array<EventEntry | undefined>(capacity);
  let next = 0;
  let size = 0;
  return {
    capacity,
    push(entry) {
      slots[next] = entry;
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    },
    clear() {
      slots.fill(undefined);
      next = 0;
      size = 0;
    },
    latestFirst() {
      const out: EventEntry[] = [];
      for (let i = 1; i <= size; i++)
        out.push(slots[(next - i + capacity) % capacity] as EventEntry);
      return out;
    },
  };
}
