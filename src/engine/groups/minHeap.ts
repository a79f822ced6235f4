/**
 * A tiny binary min-heap of integers ordered by a caller-supplied comparator. Used by the
 * sticky assignor's general path to find "the eligible member with the fewest partitions"
 * in O(log M) instead of scanning all members for every partition.
 */
export class MinHeap {
  private readonly items: number[] = [];

  /** @param less strict "a sorts before b" over the stored integers. */
  constructor(private readonly less: (a: number, b: number) => boolean) {}

  /** Number of stored items. */
  get size(): number {
    return this.items.length;
  }

  /** Adds `x`. */
  push(x: number): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  /** Removes and returns the smallest item, or undefined when empty. */
  pop(): number | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop() as number;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
