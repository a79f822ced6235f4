/**
 * A binary min-heap of scheduled items ordered by (atMs, seq): simultaneous items run in
 * the order they were scheduled, the same way on every run and in every browser.
 */
export interface Scheduled {
  atMs: number;
  seq: number;
}

export interface EventQueue<T extends Scheduled> {
  items: T[];
}

export function createQueue<T extends Scheduled>(): EventQueue<T> {
  return { items: [] };
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

export function pushItem<T extends Scheduled>(queue: EventQueue<T>, item: T): void {
  const items = queue.items;
  items.push(item);
  let i = items.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(item, items[parent])) break;
    items[i] = items[parent];
    i = parent;
  }
  items[i] = item;
}

export function peekItem<T extends Scheduled>(queue: EventQueue<T>): T | undefined {
  return queue.items[0];
}

export function popItem<T extends Scheduled>(queue: EventQueue<T>): T | undefined {
  const items = queue.items;
  const top = items[0];
  const last = items.pop();
  if (items.length === 0 || last === undefined) return top;
  let i = 0;
  const n = items.length;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= n) break;
    const right = left + 1;
    const child = right < n && before(items[right], items[left]) ? right : left;
    if (!before(items[child], last)) break;
    items[i] = items[child];
    i = child;
  }
  items[i] = last;
  return top;
}
