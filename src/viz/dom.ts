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
