import type { BaseType, Selection } from 'd3-selection';

/**
 * Sets text only where it changed: layers redraw every animation frame, and rewriting
 * unchanged text nodes would make the browser redo layout for nothing.
 */
export function setText<E extends BaseType, D>(
  selection: Selection<E, D, BaseType, unknown>,
  text: (d: D) => string,
): void {
  selection.each(function (d) {
    setTextIfChanged(this as unknown as Element, text(d));
  });
}

/** Sets an attribute only where it changed (see `setText`); null removes it. */
export function setAttr<E extends BaseType, D>(
  selection: Selection<E, D, BaseType, unknown>,
  name: string,
  value: (d: D) => string | number | null,
): void {
  selection.each(function (d) {
    const node = this as unknown as Element;
    const v = value(d);
    if (v === null) {
      if (node.hasAttribute(name)) node.removeAttribute(name);
      return;
    }
    const text = String(v);
    if (node.getAttribute(name) !== text) node.setAttribute(name, text);
  });
}

/**
 * Adds or removes a class only where that changes it: d3's `classed` writes the class
 * attribute even when the class is already there or already gone, and each write is a DOM
 * mutation the browser re-checks styles for.
 */
export function setClass<E extends BaseType, D>(
  selection: Selection<E, D, BaseType, unknown>,
  name: string,
  on: (d: D) => boolean,
): void {
  selection.each(function (d) {
    const list = (this as unknown as Element).classList;
    const want = on(d);
    if (list.contains(name) !== want) list.toggle(name, want);
  });
}

/** Classes other code adds to drawn elements (vizTarget, the scene's focus and selection). */
const KEPT_CLASSES = ['viz-target', 'focused', 'selected'] as const;

/**
 * Sets a layer's own classes (a space-separated list), keeping the classes other code adds
 * (`KEPT_CLASSES`), and writes only when that changes the attribute. Writing the layer's list
 * alone would drop them, then see them added back: two mutations a frame per element.
 */
export function setClasses<E extends BaseType, D>(
  selection: Selection<E, D, BaseType, unknown>,
  classes: (d: D) => string,
): void {
  selection.each(function (d) {
    const node = this as unknown as Element;
    let value = classes(d);
    for (const kept of KEPT_CLASSES) if (node.classList.contains(kept)) value += ` ${kept}`;
    if (node.getAttribute('class') !== value) node.setAttribute('class', value);
  });
}

/**
 * Deep equality of drawn data (plain objects, arrays, primitives), without allocating:
 * identical references are equal at once (a log's records, shared by every snapshot), other
 * objects key by key. Objects that are not plain (a Map, a Set, an element) are equal only
 * to themselves. `skip`: a key of the top-level objects left out of the comparison.
 */
export function sameData(a: unknown, b: unknown, skip?: string): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const proto = Object.getPrototypeOf(a) as unknown;
  if ((proto !== Object.prototype && proto !== null) || Object.getPrototypeOf(b) !== proto)
    return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    keys++;
    if (k === skip) continue;
    if (!Object.hasOwn(y, k) || !sameData(x[k], y[k])) return false;
  }
  for (const _k in y) keys--;
  return keys === 0;
}

/** What an element was last drawn from, and in which context (see `changedData`). */
export interface DrawnFrom {
  datum: unknown;
  context: unknown;
}

/** What each element was last drawn from (see `changedData`). */
const drawnFrom = new WeakMap<Element, DrawnFrom>();

/**
 * The elements of `selection` whose datum differs from the one they were last drawn from
 * (`same`, by default equal data), or whose `context` (what else their drawing reads: a
 * room's sizes, whether they are on screen) changed, and records the new one. Layers redraw
 * every animation frame; most rows of a busy cluster look the same from one frame to the
 * next, and checking each of their attributes (a d3 `select` per child, a `getAttribute` per
 * attribute) cost more than drawing the few that changed. Comparing the data in place costs
 * no allocation (a JSON signature of each row every frame did). A caller that draws two
 * parts of an element from different parts of its datum keeps a `memo` of its own for one.
 */
export function changedData<E extends Element, D>(
  selection: Selection<E, D, BaseType, unknown>,
  same: (last: D, now: D) => boolean = sameData,
  context: (d: D) => unknown = () => undefined,
  memo: WeakMap<Element, DrawnFrom> = drawnFrom,
): Selection<E, D, BaseType, unknown> {
  return selection.filter(function (d) {
    const el = this as unknown as Element;
    const now = context(d);
    const last = memo.get(el);
    if (last !== undefined && last.context === now && same(last.datum as D, d)) {
      // The newer datum, so the older snapshot it came from can go.
      last.datum = d;
      return false;
    }
    memo.set(el, { datum: d, context: now });
    return true;
  }) as unknown as Selection<E, D, BaseType, unknown>;
}

/**
 * An element's text, written only when it changed, and into its one text node when it has
 * one (a `characterData` change rather than a node removed and another inserted).
 */
export function setTextIfChanged(el: Element, text: string): void {
  const only = el.firstChild;
  if (only !== null && only === el.lastChild && only.nodeType === 3) {
    const node = only as Text;
    if (node.data !== text) node.data = text;
  } else if (el.textContent !== text) el.textContent = text;
}

/** One element's attribute, written only when it changes (see `setText`). */
export function setAttrIfChanged(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

export function translate(x: number, y: number): string {
  return `translate(${round(x)},${round(y)})`;
}

/** Half-pixel precision keeps strokes crisp and attribute strings short. */
export function round(n: number): number {
  return Math.round(n * 2) / 2;
}

/**
 * Puts `inOrder` (children of `g`) in that order in the DOM, moving as few as it can: those
 * outside the longest run already in order (other children stay where they are). As a log
 * moves on, the cell of its oldest record shows the newest and moves to the end; D3's
 * `order()` moved every cell before it instead (it puts each in front of the next, from the
 * last), each move making the browser take a cell out of its layout and build its boxes
 * again (13 times as many cells moved while playing bench-seek), and taking the keyboard's
 * focus from a cell a reader was on, with every record the log took.
 */
export function putInOrder(g: Element, inOrder: readonly Element[]): void {
  if (inOrder.length < 2 || inOrderAlready(g, inOrder)) return;
  const wanted = new Set<Element>(inOrder);
  const domIndex = new Map<Element, number>();
  for (const child of g.children) if (wanted.has(child)) domIndex.set(child, domIndex.size);
  const kept = longestIncreasingRun(inOrder.map((el) => domIndex.get(el) ?? -1));
  let previous: Element | null = null;
  const firstKept = inOrder[Math.min(...kept)];
  inOrder.forEach((el, i) => {
    if (!kept.has(i)) {
      if (previous === null) g.insertBefore(el, firstKept);
      else g.insertBefore(el, previous.nextSibling);
    }
    previous = el;
  });
}

/**
 * Whether `inOrder` (children of `g`) are in that order already: most draws (each frame
 * while playing, every strip), checked without building anything.
 */
function inOrderAlready(g: Element, inOrder: readonly Element[]): boolean {
  let next = 0;
  for (let child = g.firstElementChild; child !== null; child = child.nextElementSibling)
    if (child === inOrder[next] && ++next === inOrder.length) return true;
  return false;
}

/** The indices of a longest strictly increasing subsequence of `values` (patience sorting). */
export function longestIncreasingRun(values: readonly number[]): Set<number> {
  // tails[k]: the index of the smallest last value of an increasing run of length k + 1.
  const tails: number[] = [];
  const before = new Array<number>(values.length).fill(-1);
  values.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < v) lo = mid + 1;
      else hi = mid;
    }
    before[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  });
  const run = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i !== -1; i = before[i]) run.add(i);
  return run;
}
