/**
 * A binary min-heap of scheduled items ordered by (atMs, seq): simultaneous items run in
 * the order they were scheduled, the same way on every run and in every browser.
 */
export interface Scheduled {
  atMs: number;
  seq: number;
}

/**
 * The heap keeps each item's (atMs, seq) in two number arrays beside `items`, in the same
 * order. Comparisons read those arrays, not the items: items of many kinds have as many
 * shapes, and reading `atMs` from them was a megamorphic load that boxed the double on
 * every comparison (a busy run's queue holds thousands of request timeouts, so a pop makes
 * ~30 comparisons).
 */
export interface EventQueue<T extends Scheduled> {
  items: T[];
  /** items[i].atMs. */
  times: number[];
  /** items[i].seq. */
  seqs: number[];
}

export function createQueue<T extends Scheduled>(): EventQueue<T> {
  return { items: [], times: [], seqs: [] };
}

/** A queue holding `sorted`, already in (atMs, seq) order: a sorted array is a valid heap. */
export function queueOfSorted<T extends Scheduled>(sorted: T[]): EventQueue<T> {
  return {
    items: sorted,
    times: sorted.map((item) => item.atMs),
    seqs: sorted.map((item) => item.seq),
  };
}

export function pushItem<T extends Scheduled>(queue: EventQueue<T>, item: T): void {
  const { items, times, seqs } = queue;
  const atMs = item.atMs;
  const seq = item.seq;
  let i = items.length;
  items.push(item);
  times.push(atMs);
  seqs.push(seq);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!runsBefore(atMs, seq, times[parent], seqs[parent])) break;
    moveItem(queue, parent, i);
    i = parent;
  }
  items[i] = item;
  times[i] = atMs;
  seqs[i] = seq;
}

export function peekItem<T extends Scheduled>(queue: EventQueue<T>): T | undefined {
  return queue.items[0];
}

export function popItem<T extends Scheduled>(queue: EventQueue<T>): T | undefined {
  const { items, times, seqs } = queue;
  const top = items[0];
  const last = items.pop();
  const lastAtMs = times.pop() as number;
  const lastSeq = seqs.pop() as number;
  if (items.length === 0 || last === undefined) return top;
  let i = 0;
  const n = items.length;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= n) break;
    const right = left + 1;
    const child =
      right < n && runsBefore(times[right], seqs[right], times[left], seqs[left]) ? right : left;
    if (!runsBefore(times[child], seqs[child], lastAtMs, lastSeq)) break;
    moveItem(queue, child, i);
    i = child;
  }
  items[i] = last;
  times[i] = lastAtMs;
  seqs[i] = lastSeq;
  return top;
}

/** Whether an item at (aAtMs, aSeq) runs before one at (bAtMs, bSeq). */
function runsBefore(aAtMs: number, aSeq: number, bAtMs: number, bSeq: number): boolean {
  return aAtMs < bAtMs || (aAtMs === bAtMs && aSeq < bSeq);
}

/** Copies the item at index `from`, with its keys, to index `to`. */
function moveItem<T extends Scheduled>(queue: EventQueue<T>, from: number, to: number): void {
  queue.items[to] = queue.items[from];
  queue.times[to] = queue.times[from];
  queue.seqs[to] = queue.seqs[from];
}
