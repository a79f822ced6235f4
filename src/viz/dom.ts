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
    const node = this as unknown as Element;
    const value = text(d);
    if (node.textContent !== value) node.textContent = value;
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

export function translate(x: number, y: number): string {
  return `translate(${round(x)},${round(y)})`;
}

/** Half-pixel precision keeps strokes crisp and attribute strings short. */
export function round(n: number): number {
  return Math.round(n * 2) / 2;
}
